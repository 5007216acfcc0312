package web

import (
	"net/http"

	"parley"
)

// diffRow is one entry of a diff with the points' content on both sides.
type diffRow struct {
	E    *parley.DiffEntry
	From []*parley.PlanPoint
	To   []*parley.PlanPoint
}

type diffData struct {
	Versions []*parley.VersionSummary
	From, To string
	A, B     *parley.Version
	Diff     *parley.Diff
	Rows     []diffRow
}

// diff serves GET /w/{ws}/diff?from=A&to=B: version B explained against version A point by
// point, side by side.
func (u *ui) diff(w http.ResponseWriter, r *http.Request, me *session) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	d := diffData{Versions: vs, From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	if d.To == "" {
		if c := current(vs); c != nil {
			d.To = c.ID
		}
	}
	if d.From == "" && d.To != "" {
		for _, v := range vs {
			if v.ID == d.To {
				d.From = v.BasedOn
			}
		}
	}
	if d.From != "" && d.To != "" {
		if d.A, err = u.cfg.Plans.Version(ctx, ws, d.From); err == nil {
			if d.B, err = u.cfg.Plans.Version(ctx, ws, d.To); err == nil {
				d.Diff, err = u.cfg.Plans.Diff(ctx, ws, d.From, d.To)
			}
		}
		if err != nil {
			u.fail(w, r, me, err)
			return
		}
		byID := func(v *parley.Version, ids []string) []*parley.PlanPoint {
			var out []*parley.PlanPoint
			for _, id := range ids {
				for _, p := range v.Points {
					if p.ID == id {
						out = append(out, p)
					}
				}
			}
			return out
		}
		for _, e := range d.Diff.Entries {
			d.Rows = append(d.Rows, diffRow{E: e, From: byID(d.A, e.FromIDs), To: byID(d.B, e.ToIDs)})
		}
	}
	u.render(w, r, http.StatusOK, "diff", &page{Title: "Diff", Me: me, Active: "diff", Data: d})
}
