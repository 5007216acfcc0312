package analysis

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// skyTree is a static k-d tree for the Pareto filter. Unlike kdTree it reorders the points
// themselves into its leaf order, so that a leaf is a contiguous run of coordinates and the
// filter, which queries the points in that order, reads neighbours from memory together;
// restore puts them back. The tree is implicit and complete: node x has children 2x+1 and
// 2x+2, every leaf lies at depth depth, and subtrees are built in parallel into disjoint
// parts of the arrays.
type skyTree struct {
	k      int
	pts    []float64 // k per point, in leaf order
	ids    []int32   // the caller's index of each point
	lo, hi []int32   // node x holds the points from lo[x] up to, not including, hi[x]
	// k per node: the largest value of each coordinate below it, rounded up to a float32
	// (half the memory the queries read; a box is only ever made larger by rounding, so
	// no node that holds a dominator is skipped).
	maxes []float32
	depth int
}

// skyLeaf is the largest leaf of a skyTree.
const skyLeaf = 8

// newSkyTree builds the tree over the n = len(u)/k points of u with up to workers
// goroutines. It reorders u: nothing may read u until restore.
func newSkyTree(u []float64, k, workers int) *skyTree {
	n := len(u) / k
	t := &skyTree{k: k, pts: u, ids: make([]int32, n)}
	for i := range t.ids {
		t.ids[i] = int32(i)
	}
	for size := n; size > skyLeaf; size = (size + 1) / 2 {
		t.depth++
	}
	nodes := 1<<(t.depth+1) - 1
	t.lo, t.hi = make([]int32, nodes), make([]int32, nodes)
	t.maxes = make([]float32, nodes*k)
	par := 0 // levels built in parallel: 2^par subtrees, one goroutine each
	for workers > 1<<par && n>>par >= 1<<15 {
		par++
	}
	t.build(0, 0, n, 0, par)
	return t
}

// build makes node x over points lo to hi at depth d, splitting the first par levels
// among goroutines.
func (t *skyTree) build(x, lo, hi, d, par int) {
	k := t.k
	t.lo[x], t.hi[x] = int32(lo), int32(hi)
	mx := t.maxes[x*k : x*k+k]
	if d == t.depth {
		for j := range mx {
			m := math.Inf(-1)
			for i := lo; i < hi; i++ {
				m = max(m, t.pts[i*k+j])
			}
			mx[j] = roundUp32(m)
		}
		return
	}
	mid := t.split(lo, hi, d%k)
	l, r := 2*x+1, 2*x+2
	if par > 0 {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.build(l, lo, mid, d+1, par-1)
		}()
		t.build(r, mid, hi, d+1, par-1)
		wg.Wait()
	} else {
		t.build(l, lo, mid, d+1, 0)
		t.build(r, mid, hi, d+1, 0)
	}
	lm, rm := t.maxes[l*k:l*k+k], t.maxes[r*k:r*k+k]
	for j := range mx {
		mx[j] = max(lm[j], rm[j])
	}
}

// roundUp32 returns the least float32 at least x.
func roundUp32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// restore puts the points back in the caller's order; the tree is unusable after.
func (t *skyTree) restore() {
	k := t.k
	tmp := make([]float64, k)
	for s, d := range t.ids {
		if d < 0 || int(d) == s {
			continue
		}
		// Follow the cycle from s: carry each point to its place, picking up the one there.
		copy(tmp, t.pts[s*k:s*k+k])
		t.ids[s] = ^d
		for int(d) != s {
			for j, v := range t.pts[int(d)*k : int(d)*k+k] {
				t.pts[int(d)*k+j], tmp[j] = tmp[j], v
			}
			next := t.ids[d]
			t.ids[d] = ^next
			d = next
		}
		copy(t.pts[s*k:s*k+k], tmp)
	}
}

// swap exchanges points a and b.
func (t *skyTree) swap(a, b int) {
	k := t.k
	pa, pb := t.pts[a*k:a*k+k], t.pts[b*k:b*k+k]
	for j := range pa {
		pa[j], pb[j] = pb[j], pa[j]
	}
	t.ids[a], t.ids[b] = t.ids[b], t.ids[a]
}

// splitSample is the number of points whose median splits a large node (and splitExact the
// largest node split at its exact median instead).
const (
	splitSample = 63
	splitExact  = 512
)

// split reorders points lo to hi so that those before the returned position have
// coordinate c at least as high as those after, and returns it: the middle for small
// nodes; for large ones, the median of a sample, reached in one pass instead of the
// several passes an exact median takes. The halves then differ by a few percent, which
// costs the queries little and saves most of the build.
func (t *skyTree) split(lo, hi, c int) int {
	n := hi - lo
	if n <= splitExact {
		mid := (lo + hi) / 2
		t.selectMid(lo, hi, mid, c)
		return mid
	}
	k := t.k
	var sample [splitSample]float64
	for s := range sample {
		sample[s] = t.pts[(lo+s*(n-1)/(splitSample-1))*k+c]
	}
	slices.Sort(sample[:])
	pivot := sample[splitSample/2]
	// Hoare's partition: higher values first, values equal to the pivot on either side.
	i, j := lo, hi-1
	for {
		for i <= j && t.pts[i*k+c] > pivot {
			i++
		}
		for i <= j && t.pts[j*k+c] < pivot {
			j--
		}
		if i >= j {
			break
		}
		t.swap(i, j)
		i++
		j--
	}
	return min(max(i, lo+1), hi-1)
}

// selectMid reorders points lo to hi so that those before mid have coordinate c at least
// as high as those after (quickselect).
func (t *skyTree) selectMid(lo, hi, mid, c int) {
	k := t.k
	hi--
	for lo < hi {
		pivot := t.pts[((lo+hi)/2)*k+c]
		i, j := lo, hi
		for i <= j {
			for t.pts[i*k+c] > pivot {
				i++
			}
			for t.pts[j*k+c] < pivot {
				j--
			}
			if i <= j {
				t.swap(i, j)
				i++
				j--
			}
		}
		switch {
		case mid <= j:
			hi = j
		case mid >= i:
			lo = i
		default:
			return
		}
	}
}

// skyQuery is one worker's scratch for dominator: the bounds a dominator of the point
// asked about must pass, computed once per point as Dominates computes them, and a stack.
type skyQuery struct {
	lim   []float64 // p_j - Tol: a dominator is at least this in every coordinate
	above []float64 // p_j + Tol: and beyond this in one
	// lim rounded down to float32, for the nodes' boxes: a box that reaches lim reaches
	// lim32, so no node that holds a dominator is skipped.
	lim32 []float32
	stack []int32
}

func newSkyQuery(k int) *skyQuery {
	return &skyQuery{lim: make([]float64, k), above: make([]float64, k), lim32: make([]float32, k)}
}

// set makes p the point asked about.
func (q *skyQuery) set(p []float64) {
	for j, v := range p {
		q.lim[j], q.above[j] = v-Tol, v+Tol
		q.lim32[j] = roundDown32(v - Tol)
	}
}

// roundDown32 returns the greatest float32 at most x.
func roundDown32(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

// dominator returns the position (in leaf order) of a point that dominates the query's
// point, a point of leaf leaf, -1 when none does. It searches p's own leaf first, then the siblings of its
// ancestors from the lowest up: the points nearest p, which dominate it most often, come
// first, and the ancestors themselves, whose boxes hold p, are never tested.
func (t *skyTree) dominator(leaf int32, q *skyQuery) int {
	if d := t.scan(leaf, q); d >= 0 {
		return d
	}
	for y := leaf; y > 0; y = (y - 1) / 2 {
		sib := y + 1
		if y%2 == 0 {
			sib = y - 1
		}
		if t.reaches(sib, q) {
			if d := t.search(sib, q); d >= 0 {
				return d
			}
		}
	}
	return -1
}

// reaches reports whether node x's box reaches q.lim32 in every coordinate.
func (t *skyTree) reaches(x int32, q *skyQuery) bool {
	k := t.k
	mx := t.maxes[int(x)*k : int(x)*k+k]
	for j, l := range q.lim32[:len(mx)] {
		if mx[j] < l {
			return false
		}
	}
	return true
}

// scan returns the position of a point of leaf x that dominates the query's point, -1 when
// none does.
func (t *skyTree) scan(x int32, q *skyQuery) int {
	k := t.k
	for i := int(t.lo[x]); i < int(t.hi[x]); i++ {
		if q.dominatedBy(t.pts[i*k : i*k+k]) {
			return i
		}
	}
	return -1
}

// dominatedBy reports whether pt dominates the query's point: Dominates(pt, p), with the
// bounds computed once.
func (q *skyQuery) dominatedBy(pt []float64) bool {
	lim, above := q.lim[:len(pt)], q.above[:len(pt)]
	strict := false
	for j, v := range pt {
		if v < lim[j] {
			return false
		}
		if v > above[j] {
			strict = true
		}
	}
	return strict
}

// search returns the position of a point below node x, whose box reaches the query's
// bounds, that dominates the query's point, -1 when none does. Only nodes whose boxes
// reach go on the stack.
func (t *skyTree) search(x int32, q *skyQuery) int {
	firstLeaf := int32(1<<t.depth - 1)
	st := append(q.stack[:0], x)
	defer func() { q.stack = st }()
	for len(st) > 0 {
		x := st[len(st)-1]
		st = st[:len(st)-1]
		if x >= firstLeaf {
			if d := t.scan(x, q); d >= 0 {
				return d
			}
			continue
		}
		// The first child holds the higher values of the split coordinate: try it first.
		if l, r := 2*x+1, 2*x+2; t.reaches(l, q) {
			if t.reaches(r, q) {
				st = append(st, r)
			}
			st = append(st, l)
		} else if t.reaches(r, q) {
			st = append(st, r)
		}
	}
	return -1
}

// filterK marks dominated points in any dimension. u is reordered while it runs and
// restored before it returns.
func filterK(u []float64, k int, dominated []bool, workers int) {
	t, dom := skyFilter(u, k, workers)
	for i, d := range dom {
		dominated[t.ids[i]] = d
	}
	t.restore()
}

// takeK returns the points of u (k coordinates each) that no other point dominates: their
// indices in u, ascending, and their coordinates in that order. It leaves u in an order of
// its own: the caller must not read u after. Large sets are thinned by dominance grids
// first (gridThin), which leave out most dominated points at a few passes over u.
func takeK(u []float64, k, workers int) (kept []float64, idx []int32) {
	n := len(u) / k
	if n < thinMin {
		return takeTree(u, k, workers)
	}
	pos := make([]int32, n)
	for i := range pos {
		pos[i] = int32(i)
	}
	pos = gridThin(u, k, k-1, pos)
	kept, idx = takeTree(u[:len(pos)*k], k, workers)
	for x, i := range idx {
		idx[x] = pos[i]
	}
	return kept, idx
}

// takeTree is takeK without the grids.
func takeTree(u []float64, k, workers int) (kept []float64, idx []int32) {
	t, dom := skyFilter(u, k, workers)
	type at struct{ id, pos int32 }
	var live []at
	for i, d := range dom {
		if !d {
			live = append(live, at{t.ids[i], int32(i)})
		}
	}
	slices.SortFunc(live, func(a, b at) int { return int(a.id) - int(b.id) })
	kept = make([]float64, 0, len(live)*k)
	idx = make([]int32, len(live))
	for x, l := range live {
		idx[x] = l.id
		kept = append(kept, t.pts[int(l.pos)*k:int(l.pos)*k+k]...)
	}
	return kept, idx
}

// skyFilter builds a skyTree over u (reordering it) and asks, for each point in the tree's
// leaf order (contiguous chunks, one per worker), whether some point dominates it: dom[i]
// answers for the point at position i of that order.
func skyFilter(u []float64, k, workers int) (*skyTree, []bool) {
	n := len(u) / k
	dom := make([]bool, n)
	workers = max(1, min(workers, n/4096))
	t := newSkyTree(u, k, workers)
	if workers == 1 {
		t.filterRange(dom, 0, n)
		return t, dom
	}
	// Blocks of the leaf order taken in turn, so that the workers finish together even
	// when the dominated points gather in one part of the order.
	const block = 16384
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from := int(next.Add(block)) - block
				if from >= n {
					return
				}
				t.filterRange(dom, from, min(n, from+block))
			}
		}()
	}
	wg.Wait()
	return t, dom
}

// skyCache is the number of recent dominators a query tries before the tree.
const skyCache = 8

// filterRange marks in dom the dominated points among positions from to to. The points
// that dominated the last ones, neighbours, are tried first, the most recent first: one of
// them often dominates this one too (in the last merge at 5 x 12, the last one alone
// catches 70% of the dominated points, the last eight 90%).
func (t *skyTree) filterRange(dom []bool, from, to int) {
	k := t.k
	q := newSkyQuery(k)
	var recent [skyCache]int
	m := 0
	// leaf: the leaf of position i. The leaves are the last level, left to right.
	leaf := int32(0)
	for leaf < int32(1<<t.depth-1) {
		if int32(from) < t.hi[2*leaf+1] {
			leaf = 2*leaf + 1
		} else {
			leaf = 2*leaf + 2
		}
	}
	for i := from; i < to; i++ {
		for int32(i) >= t.hi[leaf] {
			leaf++
		}
		q.set(t.pts[i*k : i*k+k])
		hit := false
		for x, r := range recent[:m] {
			if q.dominatedBy(t.pts[r*k : r*k+k]) {
				copy(recent[1:x+1], recent[:x])
				recent[0], hit = r, true
				break
			}
		}
		if hit {
			dom[i] = true
			continue
		}
		if d := t.dominator(leaf, q); d >= 0 {
			dom[i] = true
			m = min(m+1, skyCache)
			copy(recent[1:m], recent[:m-1])
			recent[0] = d
		}
	}
}
