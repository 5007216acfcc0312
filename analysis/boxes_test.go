package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
)

// linkedScenario returns a random scenario of 3 to 5 issues (at most 3,000 outcomes) with 2
// to 5 deciders, each with up to two red lines over 2 to 4 issues and now and then one of
// any kind, and at most 12 constraints in all (conflicts are checked against every subset).
func linkedScenario(rng *rand.Rand) *parley.Scenario {
	for {
		s := randomScenarioSized(rng, false, 3+rng.IntN(3))
		if s.Size().Int64() > 3000 {
			continue
		}
		var deciders []*parley.Party
		for _, p := range s.Parties {
			if p.Role == parley.RoleParty {
				deciders = append(deciders, p)
			}
		}
		for want := 2 + rng.IntN(4); len(deciders) < want; {
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
		constraints := 0
		for _, p := range deciders {
			p.Profile.RedLines = nil
			for n := rng.IntN(3); n > 0; n-- {
				p.Profile.RedLines = append(p.Profile.RedLines, randomLinkedLine(rng, s))
			}
			if rng.IntN(3) == 0 {
				p.Profile.RedLines = append(p.Profile.RedLines, randomRedLine(rng, s))
			}
			constraints += len(p.Profile.RedLines)
			if p.Profile.Reservation > 0 {
				constraints++
			}
		}
		if constraints <= 12 {
			return s
		}
	}
}

// TestBoxesMatchBruteForce: red lines over 2 to 4 issues, 2 to 5 parties, the space cut by
// the boxes the red lines forbid and compared with enumeration, by each way the split is
// solved: the box merge (with and without reservation values, so that the count and ranges
// come from the sets of boxes or from the parts), the parts merged one by one, and the box
// merge giving up for too many sets of boxes.
func TestBoxesMatchBruteForce(t *testing.T) {
	defer analysis.ForceSplit()()
	for _, mode := range []struct {
		name   string
		force  func() func()
		noRes  bool
		method string // in Analyze's method words
	}{
		{"Boxes", nil, false, "partial outcome carrying"},
		{"BoxesCount", nil, true, "partial outcome carrying"},
		{"Parts", analysis.ForceParts, false, "that the red lines over several issues split the space into"},
		{"TooManySets", func() func() { return analysis.LimitBoxStates(1) }, false, ""},
	} {
		t.Run(mode.name, func(t *testing.T) {
			if mode.force != nil {
				defer mode.force()()
			}
			rng := rand.New(rand.NewPCG(14, 2))
			hits := 0
			for c := 0; c < 100; c++ {
				s := linkedScenario(rng)
				if mode.noRes {
					for _, p := range s.Parties {
						if p.Profile != nil {
							p.Profile.Reservation = 0
						}
					}
				}
				t.Run(fmt.Sprint(c), func(t *testing.T) {
					checkAgainstBruteForce(t, s)
					r, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
					if err != nil {
						t.Fatal(err)
					}
					if mode.method != "" && strings.Contains(r.Method, mode.method) {
						hits++
					}
				})
			}
			// Most cases must go the way under test (the others have no red line over
			// several issues).
			if mode.method != "" && hits < 60 {
				t.Errorf("only %d of 100 cases were solved with %q", hits, mode.method)
			}
		})
	}
}

// TestBoxesWithoutParts: when the count with binding reservation values would need more parts
// than the limit, the box merge still gives both frontiers (compared with enumeration), and
// the count says why it is missing.
func TestBoxesWithoutParts(t *testing.T) {
	defer analysis.ForceSplit()()
	defer analysis.LimitParts(1)()
	rng := rand.New(rand.NewPCG(14, 3))
	noted := 0
	for c := 0; c < 60; c++ {
		s := linkedScenario(rng)
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			got, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got.Method, "partial outcome carrying") {
				return // no red line over several issues, or not additive
			}
			want := bruteForce(t, s)
			if g := pointKeys(got.Pareto); !sameKeys(g, want.pareto) {
				t.Errorf("Pareto = %v, want %v\n%s", g, want.pareto, describe(s))
			}
			switch {
			case got.Acceptable != nil:
				if got.Acceptable.Int64() != int64(want.acceptable) {
					t.Errorf("Acceptable = %v, want %d\n%s", got.Acceptable, want.acceptable, describe(s))
				}
			case strings.Contains(got.AcceptableNote, "more than 1 parts"):
				noted++
			default:
				t.Errorf("Acceptable = nil, note %q", got.AcceptableNote)
			}
		})
	}
	if noted < 10 {
		t.Errorf("only %d of 60 cases needed the parts for the count", noted)
	}
}

// TestBoxesOrComposites: red lines over several issues carried as boxes even when they link
// few combinations, and, when the box merge gives up, merged into composite issues instead;
// both compared with enumeration.
func TestBoxesOrComposites(t *testing.T) {
	defer analysis.PreferBoxes()()
	for _, mode := range []struct {
		name, method string
		limit        int
	}{
		{"Boxes", "partial outcome carrying", 256},
		{"Composites", "composite issue", 1},
	} {
		t.Run(mode.name, func(t *testing.T) {
			defer analysis.LimitBoxStates(mode.limit)()
			rng := rand.New(rand.NewPCG(14, 4))
			hits := 0
			for c := 0; c < 60; c++ {
				s := linkedScenario(rng)
				t.Run(fmt.Sprint(c), func(t *testing.T) {
					checkAgainstBruteForce(t, s)
					r, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
					if err != nil {
						t.Fatal(err)
					}
					if strings.Contains(r.Method, mode.method) {
						hits++
					}
				})
			}
			if hits < 20 {
				t.Errorf("only %d of 60 cases were solved with %q", hits, mode.method)
			}
		})
	}
}
