package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"sync"

	"parley"
	"parley/internal/svgchart"
)

// spaceView is the utility space of two parties that share their profile with the
// mediator: the chart and, as its text alternative, a table of every marked point.
type spaceView struct {
	Chart        *chart
	XName, YName string
	Rows         []spacePoint
	Note         string // why there is no chart, or what it leaves out
}

type spacePoint struct {
	What, Outcome string
	X, Y          float64
}

// analysisSpace serves GET /w/{ws}/analysis/space: the utility-space chart alone, as the
// analysis page shows it.
func (u *ui) analysisSpace(w http.ResponseWriter, r *http.Request, me *signedIn) {
	if !me.IsMediator() {
		u.fail(w, r, me, parley.Errorf(parley.EFORBIDDEN, "only the mediator sees the utility space"))
		return
	}
	ctx := ctxFor(r.Context(), me)
	vs, err := u.cfg.Plans.Versions(ctx, me.Workspace.ID)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	var f *parley.Frontier
	if v := current(vs); v != nil {
		if f, _, err = u.frontier(ctx, me, v.ID); err != nil {
			u.fail(w, r, me, err)
			return
		}
	}
	sp, err := u.space(ctx, me, vs, f)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.renderFragment(w, r, "analysis", "space", struct {
		Me    *signedIn
		Space *spaceView
	}{me, sp})
}

// placed is a published plan version with the analytics of the parties that share.
type placed struct {
	v      *parley.VersionSummary
	shared map[string]*parley.PartyAnalytics
}

// space places each published plan version in the utility space of the first two parties
// that share their profile with the mediator, over f's frontier and bargaining points
// when f is set. The versions' analytics come from the services, which keep those of
// published versions: a page view does not recompute them.
func (u *ui) space(ctx context.Context, me *signedIn, vs []*parley.VersionSummary, f *parley.Frontier) (*spaceView, error) {
	var pub []*parley.VersionSummary
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
			pub = append(pub, v)
		}
	}
	sort.Slice(pub, func(i, j int) bool { return pub[i].Number < pub[j].Number })
	ps := make([]placed, len(pub))
	errs := make([]error, len(pub))
	var wg sync.WaitGroup
	for i, v := range pub {
		wg.Go(func() {
			a, err := u.cfg.Plans.Analytics(ctx, me.Workspace.ID, v.ID)
			ps[i], errs[i] = placed{v: v, shared: map[string]*parley.PartyAnalytics{}}, err
			if err == nil && a.Mediator != nil {
				for _, pa := range a.Mediator.Shared {
					ps[i].shared[pa.Party] = pa
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	px, py := axes(me, ps, f)
	if px == "" {
		return &spaceView{Note: "The utility space is shown when two parties share their profile with you."}, nil
	}
	return spaceOf(me, ps, f, px, py), nil
}

// axes picks the parties on the axes: the frontier's first two, else the first two that
// share with every published version's analytics.
func axes(me *signedIn, ps []placed, f *parley.Frontier) (string, string) {
	if f != nil && len(f.Parties) >= 2 {
		return f.Parties[0], f.Parties[1]
	}
	var ids []string
	for _, p := range me.Workspace.Parties() {
		ok := len(ps) > 0
		for _, pl := range ps {
			ok = ok && pl.shared[p.ID] != nil
		}
		if ok {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) < 2 {
		return "", ""
	}
	return ids[0], ids[1]
}

func spaceOf(me *signedIn, ps []placed, f *parley.Frontier, px, py string) *spaceView {
	xn, yn := me.MemberName(px), me.MemberName(py)
	sv := &spaceView{XName: xn, YName: yn}
	sp := &svgchart.Space{ID: "space", Title: "Versions in the utility space of " + xn + " and " + yn, XParty: xn, YParty: yn,
		ResX: math.NaN(), ResY: math.NaN(), Width: 960, Height: 640}
	sp.Desc = "Each published version, the Pareto frontier and the bargaining points, by the utility of " + xn + " (across) and " + yn + " (up). The table below lists the same points."
	pt := func(what string, fp *parley.FrontierPoint) []svgchart.Pt {
		if fp == nil {
			return nil
		}
		x, y := fp.Utility[px], fp.Utility[py]
		sv.Rows = append(sv.Rows, spacePoint{What: what, Outcome: outcomeText(me, fp.Outcome), X: x, Y: y})
		return []svgchart.Pt{{X: x, Y: y, Tip: what + ": " + outcomeText(me, fp.Outcome)}}
	}
	if f != nil {
		sp.ResX, sp.ResY = f.Reservation[px], f.Reservation[py]
		sp.Frontier, sp.Acceptable = frontierPts(me, f.Points, px, py), frontierPts(me, f.Best, px, py)
		sp.Nash, sp.KS = pt("Nash", f.Nash), pt("Kalai-Smorodinsky", f.KalaiSmorodinsky)
		sp.Egal, sp.Utilitarian = pt("egalitarian", f.Egalitarian), pt("utilitarian", f.Utilitarian)
		if len(f.Parties) > 2 {
			sv.Note = fmt.Sprintf("The chart shows %s and %s, two of the %d parties.", xn, yn, len(f.Parties))
		}
	} else {
		sv.Note = "The frontier and the bargaining points are shown when every party shares its profile with you."
	}
	vers := svgchart.Series{Name: "published versions, in order", Color: svgchart.ColorVersion, Marker: svgchart.Circle, Size: 5.5, Line: true, Dash: true}
	for _, pl := range ps {
		a, b := pl.shared[px], pl.shared[py]
		if a == nil || b == nil {
			continue
		}
		if f == nil && math.IsNaN(sp.ResX) {
			sp.ResX, sp.ResY = a.Reservation, b.Reservation
		}
		name := fmt.Sprintf("Version %d", pl.v.Number)
		vers.X, vers.Y = append(vers.X, a.UtilityMin), append(vers.Y, b.UtilityMin)
		vers.Labels, vers.Tips = append(vers.Labels, name), append(vers.Tips, name+": "+pl.v.Title)
		sv.Rows = append(sv.Rows, spacePoint{What: name + ": " + pl.v.Title, X: a.UtilityMin, Y: b.UtilityMin})
	}
	sp.Extra = []svgchart.Series{vers}
	sv.Chart = &chart{c: sp.Chart(), Caption: "A version's place is its value at the worst settlement of any issue it leaves open."}
	return sv
}

func frontierPts(me *signedIn, fps []parley.FrontierPoint, px, py string) []svgchart.Pt {
	out := make([]svgchart.Pt, len(fps))
	for i, fp := range fps {
		out[i] = svgchart.Pt{X: fp.Utility[px], Y: fp.Utility[py], Tip: outcomeText(me, fp.Outcome)}
	}
	return out
}

// outcomeText writes an outcome for people: "NATO: moratorium; Buffer zone: 30 km".
func outcomeText(me *signedIn, o map[string]string) string {
	s := ""
	for _, is := range me.Workspace.Issues {
		if v, ok := o[is.ID]; ok {
			if s != "" {
				s += "; "
			}
			s += me.IssueName(is.ID) + ": " + me.IssueValue(is.ID, v)
		}
	}
	return s
}
