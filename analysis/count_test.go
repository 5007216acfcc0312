package analysis_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
)

// TestCountReservations checks the exact count of acceptable outcomes against enumeration
// on additive scenarios where both parties' reservation values bind, the case that the
// meet-in-the-middle count serves. Opposed preferences make the boundary long.
func TestCountReservations(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for c := 0; c < 200; c++ {
		nIssues := 2 + rng.IntN(4)
		s := &parley.Scenario{}
		for i := 0; i < nIssues; i++ {
			s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindInteger, Min: 0, Max: float64(1 + rng.IntN(6)), Step: 1})
		}
		for p := 0; p < 1+rng.IntN(2); p++ {
			prof := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}, Reservation: 0.2 + 0.6*rng.Float64()}
			for _, is := range s.Issues {
				prof.Weights[is.ID] = 1 / float64(nIssues)
				lo, hi := 0.0, 1.0
				if (p == 1) != (rng.IntN(4) == 0) {
					lo, hi = 1, 0
				}
				prof.Values[is.ID] = &parley.ValueFunc{Points: []parley.Knot{{X: is.Min, Y: lo}, {X: is.Max, Y: hi}}}
			}
			s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: prof})
		}
		res, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
		if err != nil {
			t.Fatal(err)
		}
		want := bruteCount(t, s)
		if res.Acceptable == nil {
			t.Fatalf("case %d: acceptable not counted (%s), want %d", c, res.AcceptableNote, want)
		}
		if got := res.Acceptable.Int64(); got != want {
			t.Fatalf("case %d (%d parties, %d issues): acceptable = %d, want %d", c, len(s.Parties), nIssues, got, want)
		}
	}
}

func bruteCount(t *testing.T, s *parley.Scenario) int64 {
	t.Helper()
	var us []*parley.UtilityFunc
	for _, p := range s.Parties {
		u, err := s.Compile(p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		us = append(us, u)
	}
	o := make(parley.Outcome, len(s.Issues))
	var n int64
	var walk func(i int)
	walk = func(i int) {
		if i == len(o) {
			for k, u := range us {
				if u.Utility(o) < s.Parties[k].Profile.Reservation-analysis.Tol {
					return
				}
			}
			n++
			return
		}
		for v := 0; v < s.Issues[i].Size(); v++ {
			o[i] = v
			walk(i + 1)
		}
	}
	walk(0)
	return n
}

// TestCountBounds: the guaranteed bounds hold the exact count, on random additive scenarios.
func TestCountBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for c := 0; c < 120; {
		s := randomScenarioSized(rng, false, 2+rng.IntN(4))
		if s.Size().Int64() > 3000 {
			continue
		}
		lo, hi, err := analysis.CountBounds(s)
		if err != nil || lo == nil {
			continue // not additive in range, or linked beyond a composite
		}
		c++
		want := big.NewInt(int64(bruteForce(t, s).acceptable))
		if lo.Cmp(want) > 0 || hi.Cmp(want) < 0 {
			t.Errorf("bounds [%v, %v] miss the count %v\n%s", lo, hi, want, describe(s))
		}
	}
}
