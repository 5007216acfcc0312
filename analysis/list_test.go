package analysis_test

import (
	"fmt"
	"testing"

	"parley"
	"parley/analysis"
)

// TestListKeepsEveryVector checks that when ties push the frontier past the listing limit,
// the cut drops tied outcomes and never a whole utility vector.
func TestListKeepsEveryVector(t *testing.T) {
	s := &parley.Scenario{Issues: []*parley.Issue{{ID: "x", Kind: parley.KindInteger, Min: 0, Max: 4, Step: 1}}}
	for i := 0; i < 6; i++ { // issues nobody cares about: 10^6 tied outcomes per vector
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("d%d", i), Kind: parley.KindInteger, Min: 0, Max: 9, Step: 1})
	}
	for p, ys := range [][2]float64{{0, 1}, {1, 0}} {
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: &parley.Profile{
			Weights: map[string]float64{"x": 1},
			Values:  map[string]*parley.ValueFunc{"x": {Points: []parley.Knot{{X: 0, Y: ys[0]}, {X: 4, Y: ys[1]}}}},
		}})
	}
	res, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated {
		t.Fatalf("listing not truncated: %d points", len(res.Pareto))
	}
	if got, want := res.ParetoCount.String(), "5000000"; got != want {
		t.Errorf("ParetoCount = %s, want %s", got, want)
	}
	vectors := map[float64]bool{}
	seen := map[string]bool{}
	for _, pt := range res.Pareto {
		vectors[pt.Utility[0]] = true
		key := fmt.Sprint(pt.Outcome)
		if seen[key] {
			t.Fatalf("outcome %v listed twice", pt.Outcome)
		}
		seen[key] = true
	}
	if got, want := len(vectors), 5; got != want {
		t.Errorf("listed %d distinct utility vectors, want all %d", got, want)
	}
}
