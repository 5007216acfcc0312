package analysis_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"parley/analysis"
)

// TestParetoFilter compares the filter with the naive pairwise check in one to five
// dimensions, with values fine (ties rare) and coarse (ties and near-ties within Tol common).
func TestParetoFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for c := 0; c < 200; c++ {
		k := 1 + rng.IntN(5)
		n := 1 + rng.IntN(400)
		coarse := rng.IntN(2) == 0
		us := make([][]float64, n)
		for i := range us {
			for j := 0; j < k; j++ {
				x := rng.Float64()
				if coarse {
					// Multiples of 1/8, some off by rounding noise far below Tol.
					x = float64(rng.IntN(9))/8 + float64(rng.IntN(3)-1)*1e-13
				}
				us[i] = append(us[i], x)
			}
		}
		var want []int
		for i, on := range naivePareto(us) {
			if on {
				want = append(want, i)
			}
		}
		if got := analysis.ParetoFilter(us); !slices.Equal(got, want) {
			t.Errorf("case %d (k=%d, n=%d, coarse %v): ParetoFilter = %v, want %v", c, k, n, coarse, got, want)
		}
	}
	if got := analysis.ParetoFilter(nil); len(got) != 0 {
		t.Errorf("ParetoFilter(nil) = %v", got)
	}
}
