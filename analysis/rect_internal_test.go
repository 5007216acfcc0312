package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"parley"
)

// randomRectScenario returns two or three parties whose profiles are rectangle terms over
// n integer issues of m values, plus, when additive, an additive part clamped with them.
func randomRectScenario(rng *rand.Rand, n, m, rects, parties int, additive, redLine bool) *parley.Scenario {
	s := &parley.Scenario{}
	for i := 0; i < n; i++ {
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprint("i", i), Kind: parley.KindInteger, Min: 0, Max: float64(m - 1), Step: 1})
	}
	for p := 0; p < parties; p++ {
		pr := &parley.Profile{Reservation: float64(rng.IntN(3)) / 10}
		for r := 0; r < rects; r++ {
			var rc parley.Rectangle
			rc.Utility = float64(rng.IntN(100)-10) / float64(rects*50)
			for _, i := range rng.Perm(n)[:1+rng.IntN(3)] {
				a, b := rng.IntN(m), rng.IntN(m)
				rc.Bounds = append(rc.Bounds, parley.Bound{Issue: fmt.Sprint("i", i), Min: float64(min(a, b)), Max: float64(max(a, b))})
			}
			pr.Rectangles = append(pr.Rectangles, rc)
		}
		if additive {
			pr.Weights = map[string]float64{"i0": 0.3, "i1": 0.2}
			pr.Values = map[string]*parley.ValueFunc{
				"i0": {Points: []parley.Knot{{X: 0, Y: rng.Float64()}, {X: float64(m - 1), Y: rng.Float64()}}},
				"i1": {Points: []parley.Knot{{X: 0, Y: rng.Float64()}, {X: float64(m - 1), Y: rng.Float64()}}},
			}
		}
		if redLine && p == 0 {
			pr.RedLines = []string{"i2 >= 1"}
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprint("p", p), Role: parley.RoleParty, Profile: pr})
	}
	return s
}

// TestRectVsEnumeration checks the region method against enumeration on random scenarios:
// the same frontier (every outcome), counts, bargaining points and ranges.
func TestRectVsEnumeration(t *testing.T) {
	defer func(v float64) { rectMinSize = v }(rectMinSize)
	rng := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 120; it++ {
		parties := 2 + it%2
		s := randomRectScenario(rng, 6, 5, 10+it%20, parties, it%3 == 0, it%4 == 1)
		rectMinSize = 1e18
		want, err := Analyze(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		rectMinSize = 0
		got, err := Analyze(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		fail := func(what string, g, w any) {
			t.Fatalf("scenario %d (%d parties): %s: region method %v, enumeration %v (%s)", it, parties, what, g, w, got.Method)
		}
		if got.ParetoCount.Cmp(want.ParetoCount) != 0 {
			fail("frontier size", got.ParetoCount, want.ParetoCount)
		}
		if fmt.Sprint(got.Acceptable) != fmt.Sprint(want.Acceptable) {
			fail("acceptable", got.Acceptable, want.Acceptable)
		}
		for name, pair := range map[string][2][]Point{
			"pareto": {got.Pareto, want.Pareto}, "nash": {got.Nash, want.Nash},
			"kalai-smorodinsky": {got.KalaiSmorodinsky, want.KalaiSmorodinsky},
			"egalitarian":       {got.Egalitarian, want.Egalitarian}, "utilitarian": {got.Utilitarian, want.Utilitarian},
		} {
			g, w := pair[0], pair[1]
			if len(g) != len(w) {
				fail(name+" points", len(g), len(w))
			}
			for i := range g {
				if fmt.Sprint(g[i].Outcome) != fmt.Sprint(w[i].Outcome) || !Equal(g[i].Utility, w[i].Utility) || g[i].Acceptable != w[i].Acceptable {
					fail(fmt.Sprintf("%s[%d]", name, i), g[i], w[i])
				}
			}
		}
		if fmt.Sprint(got.Ranges) != fmt.Sprint(want.Ranges) {
			fail("ranges", got.Ranges, want.Ranges)
		}
	}
}

func TestRegionFrontierRedLines(t *testing.T) {
	s := randomRectScenario(rand.New(rand.NewPCG(3, 4)), 4, 3, 5, 2, false, false)
	s.Parties[0].Profile.RedLines = []string{"i0 == 1 or i1 == 2"}
	if _, _, err := RegionFrontier(s, Options{}); err == nil {
		t.Error("a red line over two issues: want an error")
	}
}
