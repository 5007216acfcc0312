package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPrefilterMatchesExact: on sets large enough for the grid prefilter, the same points
// survive as with the exact filter alone, with coarse values (many ties) and fine ones.
func TestPrefilterMatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{3, 4, 5} {
		for _, coarse := range []bool{false, true} {
			n := prefilterMin + rng.IntN(10000)
			u := make([]float64, n*k)
			for i := 0; i < n; i++ {
				// Points near the plane sum = k/2, as partial sums of a merge are.
				s := 0.0
				for j := 0; j < k; j++ {
					x := rng.Float64()
					if coarse {
						x = float64(rng.IntN(9)) / 8
					}
					u[i*k+j] = x
					s += x
				}
				if s > float64(k)/2+0.3 {
					for j := 0; j < k; j++ {
						u[i*k+j] *= 0.6
					}
				}
			}
			got := prefiltered(u, k, 2)
			want := filterExact(u, k, 2)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("k=%d coarse=%v: %d points kept, want %d", k, coarse, len(got), len(want))
			}
		}
	}
}

// TestFilterKMatchesKDTree: the filter beyond three dimensions keeps exactly the points that
// no other point dominates (asked of kdTree one point at a time), on sets large enough for
// its parallel build and queries, with coarse values (many ties) and fine ones, and leaves
// the caller's points as they were.
func TestFilterKMatchesKDTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, k := range []int{4, 5, 6} {
		for _, kind := range []string{"fine", "coarse", "surface"} {
			coarse := kind == "coarse"
			n := 70000 + rng.IntN(5000)
			u := make([]float64, n*k)
			for i := range u {
				u[i] = rng.Float64()
				if coarse {
					u[i] = float64(rng.IntN(9)) / 8
				}
			}
			if kind == "surface" {
				// Near a surface, as the candidates of a merge are: many survive.
				for i := 0; i < n; i++ {
					p := u[i*k : i*k+k]
					s := 0.0
					for _, x := range p {
						s += x * x
					}
					r := (1 - 0.02*rng.Float64()) / math.Sqrt(s)
					for j := range p {
						p[j] *= r
					}
				}
			}
			orig := slices.Clone(u)
			got := filterFlatW(u, k, 2)
			if !slices.Equal(u, orig) {
				t.Fatalf("k=%d %s: the points were changed", k, kind)
			}
			tree := newKDTree(u, k)
			var stack []int32
			var want []int32
			for i := 0; i < n; i++ {
				if tree.query(u[i*k:i*k+k], &stack, false) < 0 {
					want = append(want, int32(i))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("k=%d %s: %d points kept, want %d", k, kind, len(got), len(want))
			} else {
				t.Logf("k=%d %s: %d of %d points kept", k, kind, len(got), n)
			}
		}
	}
}
