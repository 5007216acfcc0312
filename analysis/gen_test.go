package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"parley"
)

// randomScenario builds a small scenario: 2 to 4 deciders, sometimes a mediator with a profile
// and an observer, option and number issues, reservation values, red lines over one or two
// issues, and, when nonAdditive, rectangle terms.
func randomScenario(rng *rand.Rand, nonAdditive bool) *parley.Scenario {
	return randomScenarioSized(rng, nonAdditive, 1+rng.IntN(4))
}

// randomScenarioSized is randomScenario with nIssues issues.
func randomScenarioSized(rng *rand.Rand, nonAdditive bool, nIssues int) *parley.Scenario {
	s := &parley.Scenario{Name: "random"}
	for i := 0; i < nIssues; i++ {
		id := fmt.Sprintf("i%d", i)
		if rng.IntN(2) == 0 {
			n := 2 + rng.IntN(3)
			var opts []string
			for k := 0; k < n; k++ {
				opts = append(opts, fmt.Sprintf("o%d", k))
			}
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindOptions, Options: opts, Ordered: rng.IntN(2) == 0})
		} else {
			step := float64(1 + rng.IntN(5))
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindInteger, Min: 0, Max: step * float64(1+rng.IntN(4)), Step: step})
		}
	}
	// Coarse values make exact ties common; fine ones make them rare.
	coarse := rng.IntN(2) == 0
	val := func() float64 {
		if coarse {
			return float64(rng.IntN(5)) / 4
		}
		return rng.Float64()
	}
	profile := func() *parley.Profile {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
		ws := make([]float64, nIssues)
		sum := 0.0
		for i := range ws {
			if rng.IntN(6) > 0 {
				ws[i] = float64(1 + rng.IntN(4))
				if !coarse {
					ws[i] = rng.Float64() + 0.1
				}
			}
			sum += ws[i]
		}
		// Now and then weights sum above 1, so that clamping to [0, 1] matters.
		if rng.IntN(8) == 0 {
			sum /= 1.4
		}
		for i, is := range s.Issues {
			if sum > 0 {
				pr.Weights[is.ID] = ws[i] / sum
			}
			f := &parley.ValueFunc{}
			if is.Kind == parley.KindOptions {
				f.Options = map[string]float64{}
				for _, o := range is.Options {
					f.Options[o] = val()
				}
			} else {
				f.Points = []parley.Knot{{X: is.Min, Y: val()}, {X: is.Max, Y: val()}}
			}
			pr.Values[is.ID] = f
		}
		if rng.IntN(2) == 0 {
			pr.Reservation = float64(rng.IntN(8)) / 10
		}
		for n := rng.IntN(3); n > 0; n-- {
			pr.RedLines = append(pr.RedLines, randomRedLine(rng, s))
		}
		if nonAdditive {
			for n := 1 + rng.IntN(3); n > 0; n-- {
				is := s.Issues[rng.IntN(nIssues)]
				b := parley.Bound{Issue: is.ID}
				if is.Kind == parley.KindOptions {
					b.Options = []string{is.Options[rng.IntN(len(is.Options))]}
				} else {
					b.Min, b.Max = is.Min, is.Min+is.Step*float64(rng.IntN(3))
				}
				pr.Rectangles = append(pr.Rectangles, parley.Rectangle{Bounds: []parley.Bound{b}, Utility: val() - 0.5})
			}
		}
		return pr
	}
	nParties := 1 + rng.IntN(4)
	for i := 0; i < nParties; i++ {
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Party %d", i), Role: parley.RoleParty, Profile: profile()})
	}
	if rng.IntN(2) == 0 {
		med := &parley.Party{ID: "med", Role: parley.RoleMediator, Profile: profile()}
		s.Parties = slices.Insert(s.Parties, rng.IntN(len(s.Parties)+1), med)
	}
	if rng.IntN(3) == 0 {
		s.Parties = append(s.Parties, &parley.Party{ID: "obs", Role: parley.RoleObserver})
	}
	return s
}

func randomRedLine(rng *rand.Rand, s *parley.Scenario) string {
	atom := func() string {
		is := s.Issues[rng.IntN(len(s.Issues))]
		if is.Kind == parley.KindOptions {
			o := is.Options[rng.IntN(len(is.Options))]
			if rng.IntN(2) == 0 {
				return is.ID + " != " + o
			}
			return is.ID + " == " + o
		}
		x := is.Value(rng.IntN(is.Size())).String()
		return is.ID + []string{" <= ", " >= ", " != "}[rng.IntN(3)] + x
	}
	if rng.IntN(3) == 0 {
		return atom() + []string{" or ", " and "}[rng.IntN(2)] + atom()
	}
	return atom()
}
