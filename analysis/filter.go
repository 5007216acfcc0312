package analysis

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// filterFlat returns the indices, ascending, of the non-dominated points among the n = len(u)/k
// points stored row by row in u. Up to three dimensions it answers, for each point, the exact
// question "does any other point dominate it" in O(n log n); beyond, it compares each point
// with the points kept so far in order of decreasing sum.
func filterFlat(u []float64, k int) []int32 { return filterFlatW(u, k, 1) }

// filterFlatW is filterFlat with up to workers goroutines where the work is large.
func filterFlatW(u []float64, k, workers int) []int32 {
	n := len(u) / k
	if n == 0 {
		return nil
	}
	if k == 2 {
		keep := filter2(u)
		slices.Sort(keep)
		return keep
	}
	if k == 3 && n >= prefilterMin {
		return prefiltered(u, k, workers)
	}
	dominated := make([]bool, n)
	switch k {
	case 1:
		best := math.Inf(-1)
		for _, x := range u {
			best = math.Max(best, x)
		}
		for i, x := range u {
			dominated[i] = x < best-Tol
		}
	case 3:
		filter3(u, dominated, workers)
	default:
		filterK(u, k, dominated, workers)
	}
	keep := make([]int32, 0, n/2+1)
	for i, d := range dominated {
		if !d {
			keep = append(keep, int32(i))
		}
	}
	return keep
}

// filterTake is filterFlatW for a caller that has no further use for u: it returns the
// indices, ascending, of the non-dominated points and their coordinates in that order, and
// may leave u reordered.
func filterTake(u []float64, k, workers int) (kept []float64, idx []int32) {
	if k >= 4 && len(u) > 0 {
		return takeK(u, k, workers)
	}
	idx = filterFlatW(u, k, workers)
	kept = make([]float64, 0, len(idx)*k)
	for _, i := range idx {
		kept = append(kept, u[int(i)*k:int(i)*k+k]...)
	}
	return kept, idx
}

// prefilterMin is the smallest set that prefiltered thins before the exact filter.
const prefilterMin = 32768

// prefiltered is filterFlatW for large sets in three dimensions or more: a grid over a
// sample of the points (stream's grid: for each cell, the best last utility of the points
// in cells above it in every other utility) proves most points dominated in O(1) each; the
// exact filter then runs on the rest.
func prefiltered(u []float64, k, workers int) []int32 {
	n := len(u) / k
	g := newStream(k, 0)
	if g.grid == nil {
		return filterExact(u, k, workers)
	}
	// A sample spread over the set, the points with the highest sums first, so that the grid
	// learns the strong dominators before the weak ones.
	step := max(1, n/8192)
	type scored struct {
		s float64
		i int32
	}
	sample := make([]scored, 0, n/step+1)
	for i := 0; i < n; i += step {
		s := 0.0
		for _, x := range u[i*k : i*k+k] {
			s += x
		}
		sample = append(sample, scored{s, int32(i)})
	}
	slices.SortFunc(sample, func(a, b scored) int { return cmp.Compare(b.s, a.s) })
	for _, x := range sample {
		g.gridAdd(u[int(x.i)*k : int(x.i)*k+k])
	}
	var alive []int32
	var au []float64
	for i := 0; i < n; i++ {
		v := u[i*k : i*k+k]
		if !g.gridDominated(v) {
			alive = append(alive, int32(i))
			au = append(au, v...)
		}
	}
	keep := filterExact(au, k, workers)
	for x, i := range keep {
		keep[x] = alive[i]
	}
	return keep
}

// filterExact is filterFlatW without the prefilter.
func filterExact(u []float64, k, workers int) []int32 {
	n := len(u) / k
	dominated := make([]bool, n)
	if k == 3 {
		filter3(u, dominated, workers)
	} else {
		filterK(u, k, dominated, workers)
	}
	keep := make([]int32, 0, n/2+1)
	for i, d := range dominated {
		if !d {
			keep = append(keep, int32(i))
		}
	}
	return keep
}

// filter2 returns the non-dominated points of a two-dimensional set, highest first
// coordinate first. After one sort by the first coordinate, p is dominated when some q has
// q_0 > p_0 + Tol and q_1 >= p_1 - Tol, or q_0 >= p_0 - Tol and q_1 > p_1 + Tol: both ask
// for the largest q_1 over a prefix of the order, and the prefixes only grow.
func filter2(u []float64) []int32 {
	const k = 2
	n := len(u) / k
	order := make([]int32, n)
	sortDesc(order, u, k, 0)
	// best[i]: the largest second coordinate among order[:i].
	best := make([]float64, n+1)
	best[0] = math.Inf(-1)
	for i, q := range order {
		best[i+1] = math.Max(best[i], u[int(q)*k+1])
	}
	keep := make([]int32, 0, n/2+1)
	a, b := 0, 0 // ends of the prefixes with q_0 > p_0 + Tol and q_0 >= p_0 - Tol
	for _, pi := range order {
		p0, p1 := u[int(pi)*k], u[int(pi)*k+1]
		for a < n && u[int(order[a])*k] > p0+Tol {
			a++
		}
		for b < n && u[int(order[b])*k] >= p0-Tol {
			b++
		}
		if best[a] >= p1-Tol || best[b] > p1+Tol {
			continue
		}
		keep = append(keep, pi)
	}
	return keep
}

// sortDesc fills order with 0..n-1 sorted by coordinate j, highest first, ties by index.
func sortDesc(order []int32, u []float64, k, j int) {
	type keyed struct {
		x float64
		i int32
	}
	ks := make([]keyed, len(order))
	for i := range ks {
		ks[i] = keyed{u[i*k+j], int32(i)}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		switch {
		case a.x > b.x:
			return -1
		case a.x < b.x:
			return 1
		}
		return int(a.i) - int(b.i)
	})
	for i, x := range ks {
		order[i] = x.i
	}
}

// filter3 marks the dominated points of a three-dimensional set. For each coordinate j it asks
// whether some q has q_j > p_j + Tol and q_a >= p_a - Tol and q_b >= p_b - Tol for the other
// two coordinates a and b: a sweep over j, highest first, with a Fenwick tree over the ranks
// of a holding the maximum b.
func filter3(u []float64, dominated []bool, workers int) {
	const k = 3
	n := len(dominated)
	par := workers > 1 && n >= 20000
	var ord [3][]int32
	run := func(f func(j int)) {
		if !par {
			for j := 0; j < 3; j++ {
				f(j)
			}
			return
		}
		var wg sync.WaitGroup
		for j := 0; j < 3; j++ {
			wg.Add(1)
			go func(j int) {
				defer wg.Done()
				f(j)
			}(j)
		}
		wg.Wait()
	}
	run(func(j int) {
		ord[j] = make([]int32, n)
		sortDesc(ord[j], u, k, j)
	})
	var dom [3][]bool
	run(func(j int) {
		a, b := (j+1)%3, (j+2)%3
		d := make([]bool, n)
		dom[j] = d
		rank := make([]int32, n)
		as := make([]float64, 0, n)
		for _, i := range ord[a] {
			x := u[int(i)*k+a]
			if len(as) == 0 || x != as[len(as)-1] {
				as = append(as, x)
			}
			rank[i] = int32(len(as)) // 1-based rank among distinct values, highest first
		}
		// reach[i]: the number of distinct a values >= p_a - Tol for point i, a prefix of
		// as. Along ord[a] the limit falls, so the prefix only grows.
		reach := make([]int32, n)
		m := 0
		for _, i := range ord[a] {
			lim := u[int(i)*k+a] - Tol
			for m < len(as) && as[m] >= lim {
				m++
			}
			reach[i] = int32(m)
		}
		tree := make([]float64, len(as)+1)
		for i := range tree {
			tree[i] = math.Inf(-1)
		}
		order := ord[j]
		t := 0
		for _, pi := range order {
			pj := u[int(pi)*k+j]
			for t < n && u[int(order[t])*k+j] > pj+Tol {
				q := order[t]
				v := u[int(q)*k+b]
				for r := int(rank[q]); r <= len(as); r += r & -r {
					if v > tree[r] {
						tree[r] = v
					}
				}
				t++
			}
			m := int(reach[pi])
			need := u[int(pi)*k+b] - Tol
			for r := m; r > 0; r -= r & -r {
				if tree[r] >= need {
					d[pi] = true
					break
				}
			}
		}
	})
	for i := range dominated {
		dominated[i] = dom[0][i] || dom[1][i] || dom[2][i]
	}
}

// newKDTree builds a k-d tree over the points of u (k coordinates each); nil when u is empty.
func newKDTree(u []float64, k int) *kdTree {
	n := len(u) / k
	if n == 0 {
		return nil
	}
	t := &kdTree{u: u, k: k, idx: make([]int32, n)}
	for i := range t.idx {
		t.idx[i] = int32(i)
	}
	t.build(0, n, 0)
	return t
}

// kdTree is a static k-d tree over points with the coordinate-wise maximum of each subtree.
type kdTree struct {
	u     []float64
	k     int
	idx   []int32
	nodes []kdNode
	maxes []float64 // k per node
}

type kdNode struct {
	lo, hi      int32 // the node's points are idx[lo:hi]
	left, right int32 // children, -1 for a leaf
}

const kdLeaf = 16

// build makes the subtree over idx[lo:hi], split on coordinate depth mod k, and returns its
// node index. Each node's maxima come from its children's.
func (t *kdTree) build(lo, hi, depth int) int32 {
	k := t.k
	x := int32(len(t.nodes))
	t.nodes = append(t.nodes, kdNode{lo: int32(lo), hi: int32(hi), left: -1, right: -1})
	t.maxes = append(t.maxes, make([]float64, k)...)
	mx := t.maxes[int(x)*k : int(x)*k+k]
	if hi-lo <= kdLeaf {
		for j := range mx {
			mx[j] = math.Inf(-1)
		}
		for _, i := range t.idx[lo:hi] {
			for j, v := range t.u[int(i)*k : int(i)*k+k] {
				if v > mx[j] {
					mx[j] = v
				}
			}
		}
		return x
	}
	d := depth % k
	mid := (lo + hi) / 2
	t.selectMid(t.idx[lo:hi], mid-lo, d)
	l := t.build(lo, mid, depth+1)
	r := t.build(mid, hi, depth+1)
	t.nodes[x].left, t.nodes[x].right = l, r
	mx = t.maxes[int(x)*k : int(x)*k+k] // t.maxes may have moved
	lm, rm := t.maxes[int(l)*k:int(l)*k+k], t.maxes[int(r)*k:int(r)*k+k]
	for j := range mx {
		mx[j] = max(lm[j], rm[j])
	}
	return x
}

// selectMid reorders part so that its first m points have coordinate d at least as high as
// the others (quickselect).
func (t *kdTree) selectMid(part []int32, m, d int) {
	k := t.k
	val := func(i int32) float64 { return t.u[int(i)*k+d] }
	lo, hi := 0, len(part)-1
	for lo < hi {
		pivot := val(part[(lo+hi)/2])
		i, j := lo, hi
		for i <= j {
			for val(part[i]) > pivot {
				i++
			}
			for val(part[j]) < pivot {
				j--
			}
			if i <= j {
				part[i], part[j] = part[j], part[i]
				i++
				j--
			}
		}
		switch {
		case m <= j:
			hi = j
		case m >= i:
			lo = i
		default:
			return
		}
	}
}

// covers reports whether some point of the tree is at least p in every coordinate, within
// Tol: it dominates p or ties with it.
func (t *kdTree) covers(p []float64, stack *[]int32) bool { return t.query(p, stack, true) >= 0 }

// query returns the index of a point of the tree that dominates p (or, weak, covers it),
// -1 when none does.
func (t *kdTree) query(p []float64, stack *[]int32, weak bool) int32 {
	k := t.k
	st := append((*stack)[:0], 0)
	defer func() { *stack = st }()
	for len(st) > 0 {
		x := st[len(st)-1]
		st = st[:len(st)-1]
		mx := t.maxes[int(x)*k : int(x)*k+k]
		reach, strict := true, weak
		for j := 0; j < k; j++ {
			if mx[j] < p[j]-Tol {
				reach = false
				break
			}
			if mx[j] > p[j]+Tol {
				strict = true
			}
		}
		if !reach || !strict {
			continue
		}
		nd := t.nodes[x]
		if nd.left < 0 {
			for _, i := range t.idx[nd.lo:nd.hi] {
				q := t.u[int(i)*k : int(i)*k+k]
				if weak && atLeastTol(q, p) || !weak && Dominates(q, p) {
					return i
				}
			}
			continue
		}
		// The first half holds the higher values of the split coordinate: try it first.
		st = append(st, nd.right, nd.left)
	}
	return -1
}

// atLeastTol reports whether q >= p - Tol in every coordinate.
func atLeastTol(q, p []float64) bool {
	for j := range p {
		if q[j] < p[j]-Tol {
			return false
		}
	}
	return true
}

// tieKey quantizes a utility to group outcomes whose utilities agree up to rounding noise.
// Grouping only keeps tie groups compact; a tie split in two groups is still reported whole.
func tieKey(x float64) int64 { return int64(math.Round(x * 1e11)) }

// clusterTies orders idx (indices of points in u with k coordinates) so that points with the
// same quantized vector are adjacent, and returns the start of each group (plus len(idx)).
func clusterTies(u []float64, k int, idx []int32) []int {
	slices.SortFunc(idx, func(a, b int32) int {
		for j := 0; j < k; j++ {
			x, y := tieKey(u[int(a)*k+j]), tieKey(u[int(b)*k+j])
			if x != y {
				if x > y {
					return -1
				}
				return 1
			}
		}
		return int(a) - int(b)
	})
	return adjacentTies(u, k, idx)
}

// adjacentTies returns the start of each run of neighbours in idx with the same quantized
// vector (plus len(idx)).
func adjacentTies(u []float64, k int, idx []int32) []int {
	var starts []int
	for i := range idx {
		if i == 0 || !sameKey(u, k, idx[i-1], idx[i]) {
			starts = append(starts, i)
		}
	}
	return append(starts, len(idx))
}

func sameKey(u []float64, k int, a, b int32) bool {
	for j := 0; j < k; j++ {
		if tieKey(u[int(a)*k+j]) != tieKey(u[int(b)*k+j]) {
			return false
		}
	}
	return true
}
