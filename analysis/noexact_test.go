package analysis_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
)

// TestNoExactMethod checks that a rectangle space too large for the region search and for
// enumeration gives an EINVALID error that callers recognise as ErrNoExactMethod, and that
// Approximate then gives a result labelled as an approximation.
func TestNoExactMethod(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	s := &parley.Scenario{}
	for i := 0; i < 30; i++ {
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindInteger, Min: 0, Max: 9, Step: 1})
	}
	for p := 0; p < 2; p++ {
		prof := &parley.Profile{}
		for r := 0; r < 200; r++ {
			var bs []parley.Bound
			for _, i := range rng.Perm(30)[:3] {
				lo := float64(rng.IntN(8))
				bs = append(bs, parley.Bound{Issue: fmt.Sprintf("i%d", i), Min: lo, Max: lo + 2})
			}
			prof.Rectangles = append(prof.Rectangles, parley.Rectangle{Bounds: bs, Utility: rng.Float64() / 50})
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: prof})
	}
	opt := analysis.Options{MaxWork: 1e4}
	_, err := analysis.Analyze(s, opt)
	if !errors.Is(err, analysis.ErrNoExactMethod) || parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("Analyze = %v, want an EINVALID error matching ErrNoExactMethod", err)
	}
	res, err := analysis.Approximate(s, opt, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Approximate || len(res.Pareto) == 0 {
		t.Errorf("Approximate: approximate %v, %d frontier points; want a labelled, non-empty result", res.Approximate, len(res.Pareto))
	}
}
