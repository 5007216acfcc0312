package analysis_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
)

// BenchmarkCountGrid measures countGrid's bounds alone on 2 parties with random additive
// profiles of n issues x 10 values and reservation values of 0.55 (bench/scale's
// 2x100-count shape at n = 100).
func BenchmarkCountGrid(b *testing.B) {
	for _, n := range []int{20, 100} {
		s := randomAdditive(rand.New(rand.NewPCG(1, uint64(2000+n))), 2, n, 10, 0.55)
		b.Run(fmt.Sprintf("2x%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				lo, hi, ok, err := analysis.CountGrid(s, 0)
				if err != nil || !ok {
					b.Fatal(ok, err)
				}
				sinkBounds = [2]*big.Int{lo, hi}
			}
		})
	}
}

var sinkBounds [2]*big.Int

// randomAdditive returns parties x issues x values with random weights and values, every
// reservation value res. It draws each weight just before its issue's values, unlike
// synth.Additive (all weights first): the count-bound tests' tightness checks were set on
// these draws.
func randomAdditive(rng *rand.Rand, parties, issues, values int, res float64) *parley.Scenario {
	s := &parley.Scenario{}
	for i := 0; i < issues; i++ {
		is := &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindOptions}
		for v := 0; v < values; v++ {
			is.Options = append(is.Options, fmt.Sprintf("v%d", v))
		}
		s.Issues = append(s.Issues, is)
	}
	for p := 0; p < parties; p++ {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}, Reservation: res}
		sum := 0.0
		for _, is := range s.Issues {
			pr.Weights[is.ID] = rng.Float64() + 0.05
			sum += pr.Weights[is.ID]
			f := &parley.ValueFunc{Options: map[string]float64{}}
			for _, o := range is.Options {
				f.Options[o] = rng.Float64()
			}
			pr.Values[is.ID] = f
		}
		for id := range pr.Weights {
			pr.Weights[id] /= sum
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: pr})
	}
	return s
}
