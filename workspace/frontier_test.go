package workspace_test

import (
	"strconv"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

func TestFrontier(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{
		add("NATO", "moratorium", map[string]string{"nato": "moratorium"}),
		add("Buffer", "50 km", map[string]string{"buffer_km": "50"}),
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		// east keeps its profile private: nobody gets the frontier, the mediator included.
		for _, who := range []string{"med", "east", "west", "obs"} {
			if _, err := e.Service.Frontier(e.As(who), e.WS.ID, v.ID); code(err) != parley.EFORBIDDEN {
				t.Errorf("%s: err %v, want EFORBIDDEN", who, err)
			}
		}
	})
	setUse(t, e, "east", parley.UseShared)
	defer setUse(t, e, "east", parley.UsePrivate)
	t.Run("PartiesStillForbidden", func(t *testing.T) {
		for _, who := range []string{"east", "west", "obs"} {
			if _, err := e.Service.Frontier(e.As(who), e.WS.ID, ""); code(err) != parley.EFORBIDDEN {
				t.Errorf("%s: err %v, want EFORBIDDEN", who, err)
			}
		}
	})
	t.Run("OK", func(t *testing.T) {
		f, err := e.Service.Frontier(e.As("med"), e.WS.ID, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Parties) != 2 || f.Reservation["east"] != 0.4 || f.Reservation["west"] != 0.3 {
			t.Errorf("parties %v reservation %v", f.Parties, f.Reservation)
		}
		acc := 0
		for _, p := range f.Points {
			if p.Acceptable {
				acc++
			}
			if len(p.Utility) != 2 || len(p.Outcome) != 2 {
				t.Errorf("point %+v", p)
			}
		}
		if f.Truncated || f.Count != strconv.Itoa(len(f.Points)) || f.AcceptableCount != strconv.Itoa(acc) || f.BestCount != strconv.Itoa(len(f.Best)) {
			t.Errorf("counts %s/%s/%s for %d points (%d acceptable), %d best", f.Count, f.AcceptableCount, f.BestCount, len(f.Points), acc, len(f.Best))
		}
		for _, p := range f.Best {
			if !p.Acceptable {
				t.Errorf("a best package is not acceptable: %+v", p)
			}
		}
		if f.Nash == nil || f.KalaiSmorodinsky == nil || f.Egalitarian == nil || f.Utilitarian == nil || !f.Nash.Acceptable {
			t.Errorf("bargaining points %+v %+v %+v %+v", f.Nash, f.KalaiSmorodinsky, f.Egalitarian, f.Utilitarian)
		}
		// The ranges are the zone's (see TestAnalytics); the version's 50 km lies outside.
		want := map[string]parley.IssueRange{
			"nato":      {Issue: "nato", Range: "moratorium, renounce", Value: "moratorium"},
			"buffer_km": {Issue: "buffer_km", Range: "0-40", Value: "50"},
		}
		inside := map[string]bool{"nato": true, "buffer_km": false}
		for _, r := range f.Ranges {
			w := want[r.Issue]
			if r.Range != w.Range || r.Value != w.Value || r.Inside == nil || *r.Inside != inside[r.Issue] {
				t.Errorf("range %+v (inside %v), want %+v inside %v", r, r.Inside, w, inside[r.Issue])
			}
		}
		// Without a version: the ranges alone.
		f, err = e.Service.Frontier(e.As("med"), e.WS.ID, "")
		if err != nil || len(f.Ranges) != 2 || f.Ranges[0].Value != "" || f.Ranges[0].Inside != nil {
			t.Errorf("frontier without a version: ranges %+v, %v", f.Ranges, err)
		}
		if _, err := e.Service.Frontier(e.As("med"), e.WS.ID, "nope"); code(err) != parley.ENOTFOUND {
			t.Errorf("unknown version: %v", err)
		}
	})
}
