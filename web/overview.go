package web

import (
	"context"
	"net/http"

	"parley"
)

// current returns the latest published plan version, or nil when none is published yet.
func current(vs []*parley.VersionSummary) *parley.VersionSummary {
	var c *parley.VersionSummary
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished && (c == nil || v.Number > c.Number) {
			c = v
		}
	}
	return c
}

// answered is how many points of the current version one party has marked.
type answered struct {
	Party  *parley.Member
	Marked int
	Of     int
}

type overviewData struct {
	Issues        []*parley.Issue
	Parties       []*parley.Member
	Observers     []*parley.Member
	Versions      []*parley.VersionSummary
	Current       *parley.VersionSummary
	Answered      []answered
	Own           *parley.PartyAnalytics
	Ratification  *parley.Ratification
	StanceSetting parley.StanceVisibility
}

// overview serves GET /w/{ws}: the workspace at a glance, as the member may see it.
func (u *ui) overview(w http.ResponseWriter, r *http.Request, me *session) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace
	d := overviewData{StanceSetting: ws.Settings.StanceVisibility}
	for _, is := range ws.Issues {
		d.Issues = append(d.Issues, is.Issue())
	}
	for _, m := range ws.Members {
		switch m.Role {
		case parley.RoleParty:
			d.Parties = append(d.Parties, m)
		case parley.RoleObserver:
			d.Observers = append(d.Observers, m)
		}
	}
	vs, err := u.cfg.Plans.Versions(ctx, ws.ID)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	d.Versions = vs
	d.Current = current(vs)
	if d.Current != nil {
		if me.IsMediator() {
			d.Answered, err = u.answered(ctx, me, d.Current)
			if err != nil {
				u.fail(w, r, me, err)
				return
			}
		}
		if me.IsParty() {
			if a, err := u.cfg.Plans.Analytics(ctx, ws.ID, d.Current.ID); err == nil {
				d.Own = a.Own
			}
		}
	}
	if rs, err := u.cfg.Ratify.Ratifications(ctx, ws.ID); err == nil && len(rs) > 0 {
		d.Ratification = rs[len(rs)-1]
	}
	u.render(w, r, http.StatusOK, "overview", &page{Title: "Overview", Me: me, Active: "overview", Data: d})
}

// answered counts, per party, the points of v it has marked.
func (u *ui) answered(ctx context.Context, me *session, v *parley.VersionSummary) ([]answered, error) {
	m, err := u.cfg.Stances.Matrix(ctx, me.Workspace.ID, v.ID)
	if err != nil {
		return nil, err
	}
	var out []answered
	for j, pid := range m.Parties {
		a := answered{Party: memberOrID(me.Workspace, pid), Of: len(m.Points)}
		for i := range m.Points {
			if m.Cells[i][j] != nil {
				a.Marked++
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// memberOrID returns the member with the given id, or a stand-in named by the id.
func memberOrID(ws *parley.Workspace, id string) *parley.Member {
	if m := ws.Member(id); m != nil {
		return m
	}
	return &parley.Member{ID: id, Name: id}
}
