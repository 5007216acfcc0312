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
			n := 70000 + rng.IntN(5000)
			u := randomPoints(rng, n, k, kind == "coarse", kind == "surface")
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

// TestTakeKGridMatchesTree: the dominance grids leave the answer of takeK exactly as the
// tree alone gives it (the same indices, the same coordinates), on sets large enough to be
// thinned: fine and coarse values, points near a surface, and points within a few Tol of
// each other, where domination within Tol is not transitive.
func TestTakeKGridMatchesTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, k := range []int{4, 5, 6} {
		for _, kind := range []string{"fine", "coarse", "surface", "tol"} {
			n := thinMin + rng.IntN(40000)
			u := randomPoints(rng, n, k, kind == "coarse", kind == "surface" || kind == "tol")
			if kind == "tol" {
				// Every other point is a copy of its neighbour moved by up to 2 Tol.
				for i := 1; i < n; i += 2 {
					for j := 0; j < k; j++ {
						u[i*k+j] = u[(i-1)*k+j] + (rng.Float64()*4-2)*Tol
					}
				}
			}
			gotU, gotIdx := takeK(slices.Clone(u), k, 2)
			wantU, wantIdx := takeTree(slices.Clone(u), k, 2)
			if !slices.Equal(gotIdx, wantIdx) || !slices.Equal(gotU, wantU) {
				t.Errorf("k=%d %s: %d points kept, want %d", k, kind, len(gotIdx), len(wantIdx))
			}
		}
	}
}

// TestGridThinBeats: every point gridThin leaves out is beaten by a point of the set: at
// least as high in every coordinate (exactly, not within Tol) and higher by more than Tol
// in one; the points kept stay in their order at the front of u.
func TestGridThinBeats(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const k, n = 4, 6000
	u := make([]float64, n*k)
	for i := range u {
		// Few values, each moved by less than Tol: many pairs within Tol of each other.
		u[i] = float64(rng.IntN(40))/39 + (rng.Float64()-0.5)*Tol
	}
	orig := slices.Clone(u)
	pos := make([]int32, n)
	for i := range pos {
		pos[i] = int32(i)
	}
	kept := gridThin(u, k, 2, pos)
	if len(kept) == n || len(kept) == 0 {
		t.Fatalf("%d of %d points kept: the grid proves nothing or everything", len(kept), n)
	}
	in := make([]bool, n)
	for x, i := range kept {
		in[i] = true
		if !slices.Equal(u[x*k:x*k+k], orig[int(i)*k:int(i)*k+k]) {
			t.Fatalf("kept point %d is not at position %d", i, x)
		}
		if x > 0 && kept[x-1] >= i {
			t.Fatalf("kept points out of order at %d", x)
		}
	}
	for i := 0; i < n; i++ {
		if in[i] {
			continue
		}
		p := orig[i*k : i*k+k]
		beaten := false
		for j := 0; j < n && !beaten; j++ {
			q := orig[j*k : j*k+k]
			above, strict := true, false
			for c := range p {
				above = above && q[c] >= p[c]
				strict = strict || q[c] > p[c]+Tol
			}
			beaten = above && strict
		}
		if !beaten {
			t.Fatalf("point %d left out, but no point beats it", i)
		}
	}
}

// randomPoints draws n points of k coordinates in [0, 1): on a grid of ninths when coarse;
// with surface, each then moved near the unit sphere, as the candidates of a merge are
// (many survive the filter).
func randomPoints(rng *rand.Rand, n, k int, coarse, surface bool) []float64 {
	u := make([]float64, n*k)
	for i := range u {
		u[i] = rng.Float64()
		if coarse {
			u[i] = float64(rng.IntN(9)) / 8
		}
	}
	if surface {
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
	return u
}
