package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
)

// TestBoxCountMatchesBruteForce: with binding reservation values, the acceptable outcomes of
// a space cut by red lines over several issues counted without splitting it into parts, by
// branch and bound over the sets of boxes (exact: compared with enumeration, with every
// other result), and on the grid (the bounds must hold the enumerated count).
func TestBoxCountMatchesBruteForce(t *testing.T) {
	defer analysis.ForceSplit()()
	t.Run("Branch", func(t *testing.T) {
		defer analysis.ForceBoxCount("branch")()
		rng := rand.New(rand.NewPCG(14, 21))
		for c := 0; c < 80; c++ {
			s := linkedScenario(rng)
			t.Run(fmt.Sprint(c), func(t *testing.T) { checkAgainstBruteForce(t, s) })
		}
	})
	t.Run("Grid", func(t *testing.T) {
		defer analysis.ForceBoxCount("grid")()
		rng := rand.New(rand.NewPCG(14, 22))
		bounded := 0
		for c := 0; c < 80; c++ {
			s := linkedScenario(rng)
			if len(deciders(s)) > 3 {
				continue // the grid counts for up to three deciders
			}
			for _, p := range deciders(s) {
				p.Profile.Reservation = 0.2 + 0.4*rng.Float64() // most bind
			}
			t.Run(fmt.Sprint(c), func(t *testing.T) {
				got, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
				if err != nil {
					t.Fatal(err)
				}
				want := bruteForce(t, s).acceptable
				switch {
				case got.Acceptable != nil:
					if got.Acceptable.Int64() != int64(want) {
						t.Errorf("Acceptable = %v, want %d\n%s", got.Acceptable, want, describe(s))
					}
				case got.AcceptableAtLeast == nil || got.AcceptableAtMost == nil:
					t.Errorf("no count and no bounds (%s)\n%s", got.AcceptableNote, describe(s))
				case got.AcceptableAtLeast.Int64() > int64(want) || got.AcceptableAtMost.Int64() < int64(want):
					t.Errorf("bounds [%v, %v] miss %d\n%s", got.AcceptableAtLeast, got.AcceptableAtMost, want, describe(s))
				case !strings.Contains(got.AcceptableNote, "red lines"):
					t.Errorf("note %q", got.AcceptableNote)
				default:
					bounded++
				}
			})
		}
		if bounded < 20 {
			t.Errorf("only %d cases were bounded on the grid", bounded)
		}
	})
}

// deciders returns the parties of s that must agree.
func deciders(s *parley.Scenario) []*parley.Party {
	var out []*parley.Party
	for _, p := range s.Parties {
		if p.Role == parley.RoleParty {
			out = append(out, p)
		}
	}
	return out
}
