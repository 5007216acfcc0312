package web

import (
	"context"
	"math"
	"net/http"
	"sync"

	"parley"
)

type analysisData struct {
	Versions []*parley.VersionSummary
	V        *parley.VersionSummary
	A        *parley.Analytics
	Progress []*parley.ProgressPoint
	Chart    *chart // progress over versions
	WS       string
}

// analysis serves GET /w/{ws}/analysis?v=: what the services let the mediator know of a
// version (acceptable to all or not, distance to the frontier, improvements better for
// everyone, the sharing parties' assessments), and the progress over versions. A party gets
// its own assessment only: the services decide, the page shows what they return.
func (u *ui) analysis(w http.ResponseWriter, r *http.Request, me *signedIn) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	d := analysisData{WS: ws}
	d.Versions = vs
	want := r.URL.Query().Get("v")
	for _, v := range vs {
		if v.ID == want {
			d.V = v
		}
	}
	if d.V == nil {
		d.V = current(vs)
	}
	if d.V != nil {
		if d.A, err = u.cfg.Plans.Analytics(ctx, ws, d.V.ID); err != nil {
			u.fail(w, r, me, err)
			return
		}
	}
	if me.IsMediator() {
		if d.Progress, err = u.cfg.Plans.Progress(ctx, ws); err != nil {
			u.fail(w, r, me, err)
			return
		}
		d.Chart = progressChart(d.Progress)
	}
	u.render(w, r, http.StatusOK, "analysis", &page{Title: "Analysis", Me: me, Active: "analysis", Data: d})
}

// progressChart draws, per published version, the share of points accepted by every party
// and the smallest gain over reservation.
func progressChart(ps []*parley.ProgressPoint) *chart {
	if len(ps) == 0 {
		return nil
	}
	lo, hi := ps[0].Number, ps[len(ps)-1].Number
	c := newChart("Progress over versions", "version", "share / gain", float64(lo)-0.2, float64(hi)+0.2, -1, 1)
	c.ticks(1, 4, fmt0, fmt2)
	var xs, acc, gain []float64
	for _, p := range ps {
		xs = append(xs, float64(p.Number))
		share := 0.0
		if p.Points > 0 {
			share = float64(p.AcceptedByAll) / float64(p.Points)
		}
		acc = append(acc, share)
		g := math.NaN()
		if p.MinGain != nil {
			g = math.Max(-1, math.Min(1, *p.MinGain))
		}
		gain = append(gain, g)
	}
	c.xTicksAt(xs, fmt0)
	c.line("line", "points accepted by all (share)", xs, acc)
	c.line("line2", "smallest gain over reservation", xs, gain)
	for i, x := range xs {
		c.dot("ver", "accepted by all", x, acc[i], 3.5)
	}
	return c
}

// analysisSpace serves GET /w/{ws}/analysis/space: the utility-space chart, fetched by htmx
// once the analysis page has loaded, because it needs the analytics of every version.
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
	var published []*parley.VersionSummary
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
			published = append(published, v)
		}
	}
	u.renderFragment(w, r, "analysis", "space", u.spaceChart(ctx, me, published, nil))
}

// spaceChart places each published version in the utility space of the first two parties
// that share their profile with the mediator; nil when fewer than two do. The versions' analytics are computed
// in parallel (they are the costly part of the page); known, when set, is reused.
func (u *ui) spaceChart(ctx context.Context, me *signedIn, vs []*parley.VersionSummary, known *parley.Analytics) *chart {
	as := make([]*parley.Analytics, len(vs))
	var wg sync.WaitGroup
	for i, v := range vs {
		if known != nil && known.Version == v.ID {
			as[i] = known
			continue
		}
		wg.Go(func() {
			if a, err := u.cfg.Plans.Analytics(ctx, me.Workspace.ID, v.ID); err == nil {
				as[i] = a
			}
		})
	}
	wg.Wait()
	var c *chart
	var px, py string // the two parties on the axes
	for i, v := range vs {
		a := as[i]
		if a == nil || a.Mediator == nil || len(a.Mediator.Shared) < 2 {
			continue
		}
		t := a.Mediator.Shared
		if c == nil {
			px, py = t[0].Party, t[1].Party
			x, y := memberOrID(me.Workspace, px).Name, memberOrID(me.Workspace, py).Name
			c = newChart("Versions in the utility space of "+x+" and "+y, "utility of "+x, "utility of "+y, 0, 1, 0, 1)
			c.ticks(4, 4, fmt2, fmt2)
			c.Caption = "Orange: the versions. Red: the reservation values. Grey: Pareto-optimal outcomes; green: those acceptable to every party."
			// The frontier first, so the versions are drawn on top of it.
			if z := a.Mediator.Zone; z != nil {
				for _, fp := range z.Frontier {
					ux, okx := fp.Utility[px]
					uy, oky := fp.Utility[py]
					if !okx || !oky {
						continue
					}
					class := "cloud"
					if fp.Acceptable {
						class = "acc"
					}
					c.dot(class, "Pareto-optimal outcome", ux, uy, 2.5)
				}
			}
			c.dot("bp", "reservation values", t[0].Reservation, t[1].Reservation, 4)
		}
		c.dot("ver", v.Title, t[0].UtilityMin, t[1].UtilityMin, 5)
	}
	if c == nil {
		return lineSpace(me, vs, as)
	}
	return c
}

// lineSpace is the utility space when only one party shares its profile: that party's
// utility on one axis, the frontier's outcomes (acceptable ones marked) and each version on
// it; nil when no party shares.
func lineSpace(me *signedIn, vs []*parley.VersionSummary, as []*parley.Analytics) *chart {
	var c *chart
	for i, v := range vs {
		a := as[i]
		if a == nil || a.Mediator == nil || len(a.Mediator.Shared) != 1 {
			continue
		}
		t := a.Mediator.Shared[0]
		if c == nil {
			x := memberOrID(me.Workspace, t.Party).Name
			c = newChart("Versions and Pareto-optimal outcomes by the utility of "+x+", the one party that shares its profile",
				"utility of "+x, "", 0, 1, 0, 1)
			c.ticks(4, 1, fmt2, func(float64) string { return "" })
			c.Caption = "Orange: the versions. Grey: Pareto-optimal outcomes; green: those acceptable to every party."
			if z := a.Mediator.Zone; z != nil {
				for _, fp := range z.Frontier {
					if u, ok := fp.Utility[t.Party]; ok {
						class, y := "cloud", 0.35
						if fp.Acceptable {
							class, y = "acc", 0.45
						}
						c.dot(class, "Pareto-optimal outcome", u, y, 3)
					}
				}
			}
			c.line("line2", "reservation value", []float64{t.Reservation, t.Reservation}, []float64{0.05, 0.95})
		}
		c.dot("ver", v.Title, t.UtilityMin, 0.7, 6)
		c.Labels = append(c.Labels, label{X: c.px(t.UtilityMin), Y: c.py(0.7) - 10, Text: v.Title})
	}
	return c
}
