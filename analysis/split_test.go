package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
)

// randomLinkedLine returns a red line over 2 to 4 issues: a forbidden combination
// `not (a and b and c)`, a forbidden box of ranges, or a mix of and, or and not.
func randomLinkedLine(rng *rand.Rand, s *parley.Scenario) string {
	m := 2 + rng.IntN(min(3, len(s.Issues)-1))
	var atoms []string
	for _, x := range rng.Perm(len(s.Issues))[:m] {
		is := s.Issues[x]
		if is.Kind == parley.KindOptions {
			atoms = append(atoms, is.ID+" == "+is.Options[rng.IntN(len(is.Options))])
			continue
		}
		v := is.Value(rng.IntN(is.Size())).String()
		atoms = append(atoms, is.ID+[]string{" == ", " <= ", " >= "}[rng.IntN(3)]+v)
	}
	switch rng.IntN(4) {
	case 0, 1:
		return "not (" + strings.Join(atoms, " and ") + ")"
	case 2:
		return strings.Join(atoms, " or ")
	}
	return "not (" + atoms[0] + ") or (" + strings.Join(atoms[1:], " and ") + ")"
}

// TestSplitMatchesBruteForce: red lines over 2 to 4 issues, 2 to 5 parties, the space split
// by the red lines, compared with enumeration.
func TestSplitMatchesBruteForce(t *testing.T) {
	defer analysis.ForceSplit()()
	rng := rand.New(rand.NewPCG(14, 15))
	split := 0
	defer func() {
		// Most cases must go the split way (the others are not additive).
		if split < 100 {
			t.Errorf("only %d of 150 cases split the space", split)
		}
	}()
	for c := 0; c < 150; {
		s := randomScenarioSized(rng, false, 3+rng.IntN(3))
		if n := s.Size().Int64(); n > 3000 {
			continue
		}
		var deciders []*parley.Party
		for _, p := range s.Parties {
			if p.Role == parley.RoleParty {
				deciders = append(deciders, p)
			}
		}
		want := 2 + rng.IntN(4)
		for len(deciders) < want {
			// Another decider: a copy of the first with values of its own.
			pr := *deciders[0].Profile
			pr.Values = map[string]*parley.ValueFunc{}
			for _, is := range s.Issues {
				f := &parley.ValueFunc{}
				if is.Kind == parley.KindOptions {
					f.Options = map[string]float64{}
					for _, o := range is.Options {
						f.Options[o] = float64(rng.IntN(5)) / 4
					}
				} else {
					f.Points = []parley.Knot{{X: is.Min, Y: rng.Float64()}, {X: is.Max, Y: rng.Float64()}}
				}
				pr.Values[is.ID] = f
			}
			p := &parley.Party{ID: fmt.Sprintf("extra%d", len(deciders)), Role: parley.RoleParty, Profile: &pr}
			s.Parties = append(s.Parties, p)
			deciders = append(deciders, p)
		}
		for _, p := range deciders {
			p.Profile.RedLines = nil
			for n := rng.IntN(3); n > 0; n-- {
				p.Profile.RedLines = append(p.Profile.RedLines, randomLinkedLine(rng, s))
			}
			if rng.IntN(3) == 0 {
				p.Profile.RedLines = append(p.Profile.RedLines, randomRedLine(rng, s))
			}
		}
		constraints := 0
		for _, p := range deciders {
			constraints += len(p.Profile.RedLines)
			if p.Profile.Reservation > 0 {
				constraints++
			}
		}
		if constraints > 12 {
			continue // checkConflicts compares with every subset
		}
		c++
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			checkAgainstBruteForce(t, s)
			r, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(r.Method, " part") {
				split++
			}
		})
	}
}
