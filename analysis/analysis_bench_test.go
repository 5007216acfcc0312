package analysis_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/analysis"
	"parley/internal/synth"
)

var sink *analysis.Result

// synthetic builds a scenario of option issues of the given sizes and random additive
// profiles for the given number of parties; rects adds that many random rectangle terms to
// each profile.
func synthetic(seed uint64, parties int, sizes []int, rects int) *parley.Scenario {
	rng := rand.New(rand.NewPCG(seed, 7))
	return synth.Additive(rng, parties, sizes, 0, func(s *parley.Scenario, pr *parley.Profile) {
		for r := 0; r < rects; r++ {
			var bs []parley.Bound
			for _, i := range rng.Perm(len(sizes))[:2] {
				is := s.Issues[i]
				bs = append(bs, parley.Bound{Issue: is.ID, Options: is.Options[:1+rng.IntN(len(is.Options))]})
			}
			pr.Rectangles = append(pr.Rectangles, parley.Rectangle{Bounds: bs, Utility: (rng.Float64() - 0.5) / 10})
		}
	})
}

// opposed makes the second party want what the first does not, up to noise, so that the
// frontier is large.
func opposed(s *parley.Scenario, noise float64, seed uint64) *parley.Scenario {
	rng := rand.New(rand.NewPCG(seed, 9))
	a, b := s.Parties[0].Profile, s.Parties[1].Profile
	for _, is := range s.Issues {
		b.Weights[is.ID] = a.Weights[is.ID]
		for _, o := range is.Options {
			v := a.Values[is.ID].Options[o]
			b.Values[is.ID].Options[o] = math.Max(0, math.Min(1, 1-v+noise*(rng.Float64()-0.5)))
		}
	}
	return s
}

func BenchmarkAnalyzeAdditive(b *testing.B) {
	for _, bc := range []struct {
		name    string
		parties int
		sizes   []int
	}{
		{"2parties_10x10", 2, synth.Sizes(10, 10)},
		{"2parties_AMPOvsCity_1.9M", 2, []int{6, 5, 6, 5, 3, 4, 3, 6, 2, 5}},
		{"3parties_8x7", 3, synth.Sizes(8, 7)},
		{"4parties_6x6", 4, synth.Sizes(6, 6)},
		{"2parties_10x10_opposed", 2, synth.Sizes(10, 10)},
		{"2parties_20x10_opposed", 2, synth.Sizes(20, 10)},
	} {
		s := synthetic(1, bc.parties, bc.sizes, 0)
		if strings.HasSuffix(bc.name, "opposed") {
			s = opposed(s, 0.2, 1)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := analysis.Analyze(s, analysis.Options{})
				if err != nil {
					b.Fatal(err)
				}
				sink = r
			}
			b.ReportMetric(float64(sink.ParetoCount.Int64()), "pareto")
		})
	}
}

func BenchmarkAnalyzeReservations(b *testing.B) {
	for _, bc := range []struct {
		name    string
		parties int
		sizes   []int
	}{
		{"2parties_10x10", 2, synth.Sizes(10, 10)},
		{"3parties_8x7", 3, synth.Sizes(8, 7)},
		{"3parties_10x10", 3, synth.Sizes(10, 10)},
	} {
		s := synthetic(1, bc.parties, bc.sizes, 0)
		for _, p := range s.Parties {
			p.Profile.Reservation = 0.5
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := analysis.Analyze(s, analysis.Options{})
				if err != nil {
					b.Fatal(err)
				}
				sink = r
			}
		})
	}
}

// BenchmarkEnumerate measures the enumeration of non-additive spaces, in outcomes a second.
func BenchmarkEnumerate(b *testing.B) {
	defer analysis.ForceEnumeration()()
	for _, bc := range []struct {
		name    string
		parties int
		sizes   []int
	}{
		{"2parties_10^6", 2, synth.Sizes(6, 10)},
		{"2parties_10^7", 2, synth.Sizes(7, 10)},
		{"3parties_10^7", 3, synth.Sizes(7, 10)},
	} {
		s := synthetic(2, bc.parties, bc.sizes, 5)
		n := float64(s.Size().Int64())
		for _, w := range []int{1, 0} {
			b.Run(fmt.Sprintf("%s/workers=%d", bc.name, w), func(b *testing.B) {
				b.ReportAllocs()
				start, cpu := time.Now(), cpuTime()
				for b.Loop() {
					r, err := analysis.Analyze(s, analysis.Options{Workers: w, SkipConflicts: true})
					if err != nil {
						b.Fatal(err)
					}
					sink = r
				}
				b.ReportMetric(n*float64(b.N)/time.Since(start).Seconds(), "outcomes/s")
				// Per second of CPU: the speed of one core, whatever else the machine runs.
				if c := cpuTime() - cpu; c > 0 {
					b.ReportMetric(n*float64(b.N)/c.Seconds(), "outcomes/cpu-s")
				}
			})
		}
	}
}
