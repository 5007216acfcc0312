package analysis_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"parley/analysis"
)

// TestCountGridAllBrute: for four and five deciders whose reservation values bind hard
// (each refuses much of the space, few outcomes suit all), the bounds of the grid over
// every decider, and countGrid's, which take the better of it and of the grid over the
// three most binding, hold the exact count, on coarse grids and with the default budget.
func TestCountGridAllBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	used, positive := 0, 0
	for c := 0; c < 120; c++ {
		s := randomAdditive(rng, 4+rng.IntN(2), 4+rng.IntN(3), 3+rng.IntN(3), 0.45+0.2*rng.Float64())
		if s.Size().Int64() > 8000 {
			continue
		}
		want := big.NewInt(bruteCount(t, s))
		for _, work := range []float64{300, 5000, 1e6} {
			for _, count := range []func(s any, work float64) (*big.Int, *big.Int, bool, error){
				func(any, float64) (*big.Int, *big.Int, bool, error) { return analysis.CountGridAll(s, work) },
				func(any, float64) (*big.Int, *big.Int, bool, error) { return analysis.CountGrid(s, work) },
			} {
				lo, hi, ok, err := count(s, work)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					continue
				}
				used++
				if lo.Sign() > 0 {
					positive++
				}
				if lo.Cmp(want) > 0 || hi.Cmp(want) < 0 {
					t.Errorf("case %d, work %g: bounds [%v, %v] miss the count %v", c, work, lo, hi, want)
				}
			}
		}
	}
	t.Logf("%d bounds, %d with a lower bound above 0", used, positive)
	if used < 150 || positive < 20 {
		t.Errorf("%d bounds, %d with a lower bound above 0", used, positive)
	}
}

// TestCountGridAllTight: on 4 parties x 7 issues x 8 values and 5 parties x 6 issues x 9
// values with random weights and values and reservation values that bind hard (counted
// exactly), countGrid's lower bound, where the three most binding deciders less a union
// bound on the others gave 0, comes from the grid over every decider: above 0, within a
// factor 8 of the count (2.5, 3.4 and 6.5 when written), and never above it.
func TestCountGridAllTight(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for _, c := range []struct {
		parties, issues, values int
		res                     float64
	}{{4, 7, 8, 0.55}, {5, 6, 9, 0.5}, {5, 7, 6, 0.5}} {
		s := randomAdditive(rng, c.parties, c.issues, c.values, c.res)
		res, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
		if err != nil || res.Acceptable == nil {
			t.Fatalf("exact count: %v %v", err, res)
		}
		want := res.Acceptable
		lo, hi, ok, err := analysis.CountGrid(s, 0)
		if err != nil || !ok {
			t.Fatalf("grid: ok %v, %v", ok, err)
		}
		aLo, aHi, ok, err := analysis.CountGridAll(s, 3e8)
		if err != nil || !ok {
			t.Fatalf("grid over every decider: ok %v, %v", ok, err)
		}
		t.Logf("%d x %d x %d: bounds [%v, %v] around %v (of %v outcomes); the grid over every decider alone [%v, %v]", c.parties, c.issues, c.values, lo, hi, want, s.Size(), aLo, aHi)
		if lo.Cmp(want) > 0 || hi.Cmp(want) < 0 || aLo.Cmp(want) > 0 || aHi.Cmp(want) < 0 {
			t.Errorf("bounds [%v, %v], [%v, %v] miss the count %v", lo, hi, aLo, aHi, want)
		}
		if eight := new(big.Int).Mul(aLo, big.NewInt(8)); aLo.Sign() == 0 || eight.Cmp(want) < 0 {
			t.Errorf("lower bound %v: more than a factor 8 below the count %v", aLo, want)
		}
	}
}
