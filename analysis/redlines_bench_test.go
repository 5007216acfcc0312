package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"parley"
	"parley/analysis"
	"parley/internal/synth"
)

// scaleShapeSeed builds the scenario bench/scale builds for a shape of issue 14 (the same
// seeds and draws; seed is added to the generator's seed, as bench/scale's seed field does,
// 0 for the shape's usual draw): parties x issues option issues of 10 values, random
// additive profiles, and one `not (a and b and c)` red line per entry of lines, given in
// turn to the parties. With hit, each line forbids the values of its party's best outcome,
// so that it cuts the frontier.
func scaleShapeSeed(seed uint64, parties, issues int, lines [][]int, hit bool) *parley.Scenario {
	rng := rand.New(rand.NewPCG(1+seed, uint64(parties*1000+issues)))
	s := synth.Additive(rng, parties, synth.Sizes(issues, 10), 0, nil)
	synth.RedLines(rng, s, lines, hit)
	return s
}

// BenchmarkRedLines measures issue 14's red-line shapes beside their plain cases: three
// 3-issue lines chaining 7 of 10 issues, two chaining 5, six chaining all 12 in a ring; "hit"
// lines cut the frontier; "s2", "s3" are other draws of the same shapes, "res" gives every
// party a reservation value of 0.4 (binding: the count is exact by meet in the middle at
// 3 x 10, bounded on a grid at 3 x 12).
func BenchmarkRedLines(b *testing.B) {
	three := [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}
	six := [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}, {6, 7, 8}, {8, 9, 10}, {10, 11, 0}}
	for _, bc := range []struct {
		name   string
		issues int
		lines  [][]int
		hit    bool
		seed   uint64
		res    float64
	}{
		{"3x10-plain", 10, nil, false, 0, 0},
		{"3x10-3lines", 10, three, false, 0, 0},
		{"3x10-3lines-hit", 10, three, true, 0, 0},
		{"3x10-2lines", 10, three[:2], false, 0, 0}, // 10^5 combinations: small enough for a composite issue
		{"3x10-2lines-hit", 10, three[:2], true, 0, 0},
		{"3x12-plain", 12, nil, false, 0, 0},
		{"3x12-6lines", 12, six, false, 0, 0},
		{"3x12-6lines-hit", 12, six, true, 0, 0},
		{"3x10-plain-s2", 10, nil, false, 2, 0},
		{"3x10-3lines-hit-s2", 10, three, true, 2, 0},
		{"3x12-plain-s2", 12, nil, false, 2, 0},
		{"3x12-6lines-hit-s2", 12, six, true, 2, 0},
		{"3x12-plain-s3", 12, nil, false, 3, 0},
		{"3x12-6lines-hit-s3", 12, six, true, 3, 0},
		{"3x10-plain-res", 10, nil, false, 0, 0.4},
		{"3x10-3lines-hit-res", 10, three, true, 0, 0.4},
		{"3x12-plain-res", 12, nil, false, 0, 0.4},
		{"3x12-6lines-hit-res", 12, six, true, 0, 0.4},
	} {
		s := scaleShapeSeed(bc.seed, 3, bc.issues, bc.lines, bc.hit)
		for _, p := range s.Parties {
			p.Profile.Reservation = bc.res
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				r, err := analysis.Analyze(s, analysis.Options{Workers: 1})
				if err != nil {
					b.Fatal(err)
				}
				sink = r
			}
			// CPU time (garbage collection included) is steadier than wall time on a
			// machine shared with other work.
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// randomLines draws n red lines over 2 to 4 distinct issues each, of issues issues.
func randomLines(seed uint64, n, issues int) [][]int {
	rng := rand.New(rand.NewPCG(seed, 14))
	lines := make([][]int, n)
	for x := range lines {
		lines[x] = rng.Perm(issues)[:2+rng.IntN(3)]
	}
	return lines
}

// BenchmarkRedLinesSpread measures red lines against the plain case over a spread of draws,
// not one: per shape (parties x issues) and seed, 3 to 6 random `not (a and b ...)` lines
// over 2 to 4 issues each that cut the frontier. Each iteration analyses the plain scenario
// and the one with red lines in turn, so that both see the same load; it reports the CPU
// time of each and their ratio (x-plain).
func BenchmarkRedLinesSpread(b *testing.B) {
	for _, sh := range []struct{ parties, issues int }{{3, 10}, {3, 12}, {4, 10}} {
		for seed := uint64(1); seed <= 4; seed++ {
			lines := randomLines(seed, 3+int(seed+uint64(sh.issues))%4, sh.issues)
			plain := scaleShapeSeed(10+seed, sh.parties, sh.issues, nil, true)
			red := scaleShapeSeed(10+seed, sh.parties, sh.issues, lines, true)
			b.Run(fmt.Sprintf("%dx%d-s%d-%dlines", sh.parties, sh.issues, seed, len(lines)), func(b *testing.B) {
				b.ReportAllocs()
				var cp, cr time.Duration
				for b.Loop() {
					for _, s := range []*parley.Scenario{plain, red} {
						t := cpuTime()
						r, err := analysis.Analyze(s, analysis.Options{Workers: 1})
						if err != nil {
							b.Fatal(err)
						}
						sink = r
						if s == plain {
							cp += cpuTime() - t
						} else {
							cr += cpuTime() - t
						}
					}
				}
				b.ReportMetric(float64(cp.Microseconds())/1000/float64(b.N), "plain-cpu-ms/op")
				b.ReportMetric(float64(cr.Microseconds())/1000/float64(b.N), "lines-cpu-ms/op")
				if cp > 0 {
					b.ReportMetric(float64(cr)/float64(cp), "x-plain")
				}
			})
		}
	}
}
