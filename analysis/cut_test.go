package analysis_test

import (
	"math/big"
	"testing"

	"parley"
	"parley/analysis"
)

// flat is a scenario of 600,000 outcomes that every party values the same, so that all of
// them tie on the frontier; the red line `a <= 1` makes 200,000 of them acceptable.
func flat() *parley.Scenario {
	s := &parley.Scenario{Issues: []*parley.Issue{
		{ID: "a", Kind: parley.KindInteger, Min: 0, Max: 5, Step: 1},
		{ID: "b", Kind: parley.KindInteger, Min: 0, Max: 99, Step: 1},
		{ID: "c", Kind: parley.KindInteger, Min: 0, Max: 999, Step: 1},
	}}
	prof := func(lines ...string) *parley.Profile {
		return &parley.Profile{Weights: map[string]float64{"b": 1},
			Values:   map[string]*parley.ValueFunc{"b": {Points: []parley.Knot{{X: 0, Y: 1}, {X: 99, Y: 1}}}},
			RedLines: lines}
	}
	s.Parties = []*parley.Party{
		{ID: "p", Role: parley.RoleParty, Profile: prof("a <= 1")},
		{ID: "q", Role: parley.RoleParty, Profile: prof()},
	}
	return s
}

func TestCountsWhenListsAreCut(t *testing.T) {
	r, err := analysis.Analyze(flat(), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := func(name string, got *big.Int, n int64) {
		t.Helper()
		if got == nil || got.Cmp(big.NewInt(n)) != 0 {
			t.Errorf("%s = %v, want %d", name, got, n)
		}
	}
	want("ParetoCount", r.ParetoCount, 600000)
	want("ParetoAcceptableCount", r.ParetoAcceptableCount, 200000)
	want("AcceptableParetoCount", r.AcceptableParetoCount, 200000)
	want("Acceptable", r.Acceptable, 200000)
	want("NashCount", r.NashCount, 200000)
	want("KalaiSmorodinskyCount", r.KalaiSmorodinskyCount, 200000)
	want("EgalitarianCount", r.EgalitarianCount, 200000)
	want("UtilitarianCount", r.UtilitarianCount, 200000)
	if !r.Truncated || len(r.Pareto) > analysis.MaxListed || len(r.Nash) > analysis.MaxListed {
		t.Errorf("Truncated %v, %d listed, %d Nash listed", r.Truncated, len(r.Pareto), len(r.Nash))
	}
	for _, pt := range r.Nash {
		if !pt.Acceptable {
			t.Fatalf("Nash point %v is not acceptable", pt.Outcome)
		}
	}
}

func TestEachPareto(t *testing.T) {
	r, err := analysis.Analyze(flat(), analysis.Options{KeepFrontier: true})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[3]int]bool{}
	acc := 0
	r.EachPareto(func(pt analysis.Point) bool {
		seen[[3]int(pt.Outcome)] = true
		if pt.Acceptable {
			acc++
		}
		return true
	})
	if len(seen) != 600000 || acc != 200000 {
		t.Errorf("streamed %d distinct outcomes, %d acceptable; want 600000 and 200000", len(seen), acc)
	}
	n := 0
	r.EachPareto(func(analysis.Point) bool { n++; return n < 10 })
	if n != 10 {
		t.Errorf("stopped after %d points, want 10", n)
	}
}
