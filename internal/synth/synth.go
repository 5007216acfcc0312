// Package synth draws random scenarios for benchmarks and property tests: option issues with
// additive profiles of random weights and value scores, and red lines over them. A draw is
// reproducible: the same generator state gives the same scenario, so a benchmark in a test
// file and a bench program that draw from the same seed analyse the same scenario.
//
// It imports only package parley.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"parley"
)

// Additive returns option issues of the given sizes (issue "i<k>" with values "v0", "v1",
// ...) and one random additive profile per party ("p<k>"), each with reservation value res.
// For each party in turn it draws the issue weights (uniform in [0.05, 1.05), then scaled to
// sum to 1), then the score of every value (uniform in [0, 1)), issue by issue; each, when
// not nil, is called with the scenario and the party's profile before the next party is
// drawn (to draw more for that party).
func Additive(rng *rand.Rand, parties int, sizes []int, res float64, each func(*parley.Scenario, *parley.Profile)) *parley.Scenario {
	s := &parley.Scenario{}
	for i, n := range sizes {
		is := &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindOptions}
		for v := 0; v < n; v++ {
			is.Options = append(is.Options, fmt.Sprintf("v%d", v))
		}
		s.Issues = append(s.Issues, is)
	}
	for p := 0; p < parties; p++ {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}, Reservation: res}
		ws := make([]float64, len(sizes))
		sum := 0.0
		for i := range ws {
			ws[i] = rng.Float64() + 0.05
			sum += ws[i]
		}
		for i, is := range s.Issues {
			pr.Weights[is.ID] = ws[i] / sum
			f := &parley.ValueFunc{Options: map[string]float64{}}
			for _, o := range is.Options {
				f.Options[o] = rng.Float64()
			}
			pr.Values[is.ID] = f
		}
		if each != nil {
			each(s, pr)
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: pr})
	}
	return s
}

// Sizes returns the sizes of n issues of v values each.
func Sizes(n, v int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// RedLines gives the parties of s, in turn, one red line `not (i<a> == v<x> and ...)` per
// entry of lines, over the issues the entry lists. Each value is drawn at random; with hit
// it is then replaced by the value the line's party scores highest on that issue, so that
// the line forbids part of that party's best outcome, which lies on the Pareto frontier:
// the lines cut the frontier.
func RedLines(rng *rand.Rand, s *parley.Scenario, lines [][]int, hit bool) {
	for x, l := range lines {
		pr := s.Parties[x%len(s.Parties)].Profile
		var atoms []string
		for _, i := range l {
			is := s.Issues[i]
			v := rng.IntN(len(is.Options))
			if hit {
				v = best(is, pr.Values[is.ID])
			}
			atoms = append(atoms, fmt.Sprintf("%s == %s", is.ID, is.Options[v]))
		}
		pr.RedLines = append(pr.RedLines, "not ("+strings.Join(atoms, " and ")+")")
	}
}

// best returns the index of the option f scores highest, the first of equals.
func best(is *parley.Issue, f *parley.ValueFunc) int {
	top := 0
	for v, o := range is.Options {
		if f.Options[o] > f.Options[is.Options[top]] {
			top = v
		}
	}
	return top
}
