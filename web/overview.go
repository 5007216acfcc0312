package web

import (
	"context"
	"net/http"
	"sort"

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
	History       []ownPoint // the party's own value per published plan version
	HistoryChart  *chart
	Ratification  *parley.Ratification
	Agreed        *parley.VersionSummary // the version every party signed
	StanceSetting parley.StanceVisibility
	Suggestion    *parley.Suggestion    // the mediator's only (see suggestion)
	UncertainZone *parley.UncertainZone // the mediator's: the zone under uncertainty (elicit.go)
	Desk          *deskView             // the mediator's only
}

// deskView is the desk as the overview presents it: the counts by state, for the template.
type deskView struct {
	*parley.Desk
	Accepted, Blocked, Unanswered int
	NoZone                        bool // joint results say no outcome is acceptable to all
}

// overview serves GET /w/{ws}: the workspace at a glance, as the member may see it.
func (u *ui) overview(w http.ResponseWriter, r *http.Request, me *signedIn) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace
	d := overviewData{StanceSetting: ws.Settings.StanceVisibility}
	d.Issues = append(d.Issues, ws.Issues...)
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
	for _, v := range vs {
		if v.Agreed {
			d.Agreed = v
		}
	}
	if me.IsMediator() {
		if err := u.desk(ctx, me, &d); err != nil {
			u.fail(w, r, me, err)
			return
		}
	}
	if d.Current != nil {
		if me.IsParty() {
			d.History, d.HistoryChart = u.ownHistory(ctx, me, vs)
			for _, h := range d.History {
				if h.V.ID == d.Current.ID {
					d.Own = h.Own
				}
			}
		}
	}
	d.Suggestion = u.suggestion(ctx, me)
	if rs, err := u.cfg.Ratify.Ratifications(ctx, ws.ID); err == nil && len(rs) > 0 {
		d.Ratification = rs[len(rs)-1]
	}
	if me.IsMediator() {
		d.UncertainZone = u.uncertainZone(r, me)
	}
	u.render(w, r, http.StatusOK, "overview", &page{Title: "Overview", Me: me, Active: "overview", Data: d})
}

// desk reads the mediator's desk (when the services offer one) and counts from it, per
// party, the points of the current version it has marked.
func (u *ui) desk(ctx context.Context, me *signedIn, d *overviewData) error {
	if u.cfg.Desk == nil {
		return nil
	}
	desk, err := u.cfg.Desk.Desk(ctx, me.Workspace.ID)
	if err != nil {
		return err
	}
	d.Desk = &deskView{Desk: desk, Accepted: desk.Counts[parley.PointAccepted],
		Blocked: desk.Counts[parley.PointBlocked], Unanswered: desk.Counts[parley.PointUnanswered],
		NoZone: desk.ZoneExists != nil && !*desk.ZoneExists}
	if desk.Version == nil {
		return nil
	}
	for _, p := range desk.Parties {
		d.Answered = append(d.Answered, answered{Party: memberOrID(me.Workspace, p.Party),
			Marked: p.Accepted + p.Blocked + p.Reserved, Of: len(desk.Points)})
	}
	return nil
}

// memberOrID returns the member with the given id, or a stand-in named by the id.
func memberOrID(ws *parley.Workspace, id string) *parley.Member {
	if m := ws.Member(id); m != nil {
		return m
	}
	return &parley.Member{ID: id, Name: id}
}

// ownPoint is what one published version is worth to the signed-in party.
type ownPoint struct {
	V   *parley.VersionSummary
	Own *parley.PartyAnalytics
}

// ownHistory returns the party's own value of each published plan version, oldest first,
// and its chart (nil with fewer than two versions or no profile).
func (u *ui) ownHistory(ctx context.Context, me *signedIn, vs []*parley.VersionSummary) ([]ownPoint, *chart) {
	var out []ownPoint
	for _, v := range vs {
		if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished {
			continue
		}
		if a, err := u.cfg.Plans.Analytics(ctx, me.Workspace.ID, v.ID); err == nil && a.Own != nil {
			out = append(out, ownPoint{V: v, Own: a.Own})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].V.Number < out[j].V.Number })
	if len(out) < 2 {
		return out, nil
	}
	lo, hi := out[0].V.Number, out[len(out)-1].V.Number
	c := newChart("What each version is worth to you", "version", "value", float64(lo)-0.2, float64(hi)+0.2, 0, 1)
	c.ticks(1, 4, fmt0, fmt2)
	var xs, ys, rs []float64
	for _, p := range out {
		xs = append(xs, float64(p.V.Number))
		ys = append(ys, p.Own.UtilityMin) // the worst settlement of any open issue
		rs = append(rs, p.Own.Reservation)
	}
	c.xTicksAt(xs, fmt0)
	c.line("line", "your value (at worst, where issues are open)", xs, ys)
	c.line("line2", "your reservation value", xs, rs)
	for i := range xs {
		c.dot("ver", out[i].V.Title, xs[i], ys[i], 3.5)
	}
	return out, c
}
