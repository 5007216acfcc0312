package web

import (
	"net/http"

	"parley"
)

type matrixData struct {
	Versions []*parley.VersionSummary
	V        *parley.Version
	M        *parley.Matrix
	Parties  []*parley.Member
	Rows     []matrixRow
	WS       string
}

type matrixRow struct {
	P     *parley.PlanPoint
	Cells []*parley.Stance
}

// matrixData loads the stance matrix of the version named in ?v= (default: the current one).
func (u *ui) loadMatrix(r *http.Request, me *session) (*matrixData, error) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		return nil, err
	}
	d := &matrixData{WS: ws}
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
			d.Versions = append(d.Versions, v)
		}
	}
	id := r.URL.Query().Get("v")
	if id == "" {
		if c := current(vs); c != nil {
			id = c.ID
		}
	}
	if id == "" {
		return d, nil
	}
	if d.V, err = u.cfg.Plans.Version(ctx, ws, id); err != nil {
		return nil, err
	}
	if d.M, err = u.cfg.Stances.Matrix(ctx, ws, id); err != nil {
		return nil, err
	}
	for _, p := range d.M.Parties {
		d.Parties = append(d.Parties, memberOrID(me.Workspace, p))
	}
	byID := map[string]*parley.PlanPoint{}
	for _, p := range d.V.Points {
		byID[p.ID] = p
	}
	for i, pid := range d.M.Points {
		p := byID[pid]
		if p == nil {
			p = &parley.PlanPoint{ID: pid, Hidden: true}
		}
		d.Rows = append(d.Rows, matrixRow{P: p, Cells: d.M.Cells[i]})
	}
	return d, nil
}

// matrix serves GET /w/{ws}/matrix: points x parties, updated live.
func (u *ui) matrix(w http.ResponseWriter, r *http.Request, me *session) {
	d, err := u.loadMatrix(r, me)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.render(w, r, http.StatusOK, "matrix", &page{Title: "Stances", Me: me, Active: "matrix", Data: d})
}

// matrixTable serves GET /w/{ws}/matrix/table: the table alone, fetched by htmx when an event
// says something changed.
func (u *ui) matrixTable(w http.ResponseWriter, r *http.Request, me *session) {
	d, err := u.loadMatrix(r, me)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.renderFragment(w, r, "matrix", "matrixtable", d)
}
