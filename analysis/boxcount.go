package analysis

import (
	"fmt"
	"math/big"
)

// boxStage is one position of a box plan as the counts see it: the sets of boxes alive
// before it (tab), each value's class of boxes (cls, per value of the component), the values
// of each class (vals) and the step from a set by a class (steps; forbidden steps dropped).
type boxStage struct {
	tab   *stateTable
	cls   []int32
	sigs  []bitset
	vals  [][]int32
	steps *stepper
}

// boxStages returns the stages of the plan bp, one per position and one past the last
// (only its tab set), every step from every set alive computed. It returns errBoxStates
// when too many sets are alive at once.
func (p *problem) boxStages(bp *boxPlan) ([]boxStage, error) {
	m := len(bp.comps)
	st := make([]boxStage, m+1)
	st[0].tab = newStateTable()
	st[0].tab.id(make(bitset, bp.words))
	for c, cm := range bp.comps {
		i := cm.issues[0]
		sg := &st[c]
		classes := newStateTable()
		for v := 0; v < cm.n(); v++ {
			id := classes.id(bp.sig(i, cm.vals[v]))
			sg.cls = append(sg.cls, id)
			if int(id) == len(sg.vals) {
				sg.vals = append(sg.vals, nil)
			}
			sg.vals[id] = append(sg.vals[id], int32(v))
		}
		sg.sigs = classes.sets
		next := newStateTable()
		sg.steps = p.boxStep(bp, c, sg.tab, sg.sigs, nil, false, next)
		for s := range sg.tab.sets {
			for g := range sg.sigs {
				sg.steps.step(int32(s), int32(g))
			}
		}
		if len(next.sets) > maxBoxStates {
			return nil, errBoxStates
		}
		st[c+1].tab = next
	}
	return st, nil
}

// boxCount counts the outcomes of comps (one single-issue component per issue, over its
// allowed values) that lie in none of the boxes, and finds the values that occur in such an
// outcome, per issue: dynamic programming over the sets of boxes the partial outcomes lie in,
// forward for the counts, backward for the sets from which some completion leaves every box.
// Reservation values play no part: the caller uses it when no outcome falls below one. It
// returns errBoxStates when too many sets are alive at once.
func (p *problem) boxCount(comps []*comp, boxes []box) (*big.Int, [][]bool, error) {
	bp := planBoxes(comps, boxes, -1)
	st, err := p.boxStages(bp)
	if err != nil {
		return nil, nil, err
	}
	m := len(bp.comps)
	count := []*big.Int{big.NewInt(1)}
	t := new(big.Int)
	for c := range bp.comps {
		sg := &st[c]
		next := make([]*big.Int, len(st[c+1].tab.sets))
		for x := range next {
			next[x] = new(big.Int)
		}
		for s, n := range count {
			for g, vs := range sg.vals {
				if to := sg.steps.step(int32(s), int32(g)); to >= 0 {
					next[to].Add(next[to], t.Mul(n, big.NewInt(int64(len(vs)))))
				}
			}
		}
		count = next
	}
	total := new(big.Int)
	for _, n := range count {
		total.Add(total, n)
	}
	// alive[s] at stage c: some completion from set s leaves every box.
	alive := make([]bool, len(st[m].tab.sets))
	for s := range alive {
		alive[s] = true
	}
	ranges := make([][]bool, len(p.s.Issues))
	for i := range ranges {
		ranges[i] = make([]bool, p.sizes[i])
	}
	for c := m - 1; c >= 0; c-- {
		sg := &st[c]
		ok := make([]bool, len(sg.sigs)) // per class: in some acceptable outcome
		was := make([]bool, len(sg.tab.sets))
		for s := range was {
			for g := range sg.sigs {
				if to := sg.steps.step(int32(s), int32(g)); to >= 0 && alive[to] {
					ok[g], was[s] = true, true
				}
			}
		}
		cm := bp.comps[c]
		for v, g := range sg.cls {
			if ok[g] {
				ranges[cm.issues[0]][cm.vals[v]] = true
			}
		}
		alive = was
	}
	return total, ranges, nil
}

// boxWays returns, per stage c and set s alive before it, the number of completions from
// c on that leave every box (the stages' last holds 1 for every set).
func boxWays(bp *boxPlan, st []boxStage) [][]*big.Int {
	m := len(bp.comps)
	ways := make([][]*big.Int, m+1)
	for range st[m].tab.sets {
		ways[m] = append(ways[m], big.NewInt(1))
	}
	t := new(big.Int)
	for c := m - 1; c >= 0; c-- {
		sg := &st[c]
		for s := range sg.tab.sets {
			n := new(big.Int)
			for g, vs := range sg.vals {
				if to := sg.steps.step(int32(s), int32(g)); to >= 0 {
					n.Add(n, t.Mul(ways[c+1][to], big.NewInt(int64(len(vs)))))
				}
			}
			ways[c] = append(ways[c], n)
		}
	}
	return ways
}

// countBoxesBranch counts the outcomes of bs's space (red lines respected) that reach every
// reservation value, by branch and bound as countBranch does, each partial outcome carrying
// its set of boxes: one that has lost every completion leaving the boxes, or cannot reach a
// reservation value, is dropped; one that reaches them all whatever follows counts its
// completions that leave every box. It gives up after visiting limit partial outcomes.
func (p *problem) countBoxesBranch(bp *boxPlan, st []boxStage, limit float64) (*big.Int, bool) {
	k, m := p.k, len(bp.comps)
	hi, lo, _ := bounds(bp.comps, k)
	ways := boxWays(bp, st)
	total := new(big.Int)
	sums := make([]float64, (m+1)*k)
	visited := 0.0
	var walk func(c int, s int32) bool
	walk = func(c int, s int32) bool {
		if ways[c][s].Sign() == 0 {
			return true
		}
		out, all := p.decided(sums, hi, lo, c)
		if out {
			return true
		}
		if all {
			total.Add(total, ways[c][s])
			return true
		}
		cm, sg := bp.comps[c], &st[c]
		visited += float64(cm.n())
		if visited > limit {
			return false
		}
		for v := 0; v < cm.n(); v++ {
			to := sg.steps.step(s, sg.cls[v])
			if to < 0 {
				continue
			}
			for i := 0; i < k; i++ {
				sums[(c+1)*k+i] = sums[c*k+i] + cm.u[v*k+i]
			}
			if !walk(c+1, to) {
				return false
			}
		}
		return true
	}
	if !walk(0, 0) {
		return nil, false
	}
	return total, true
}

// countBoxesGrid returns countGrid's guaranteed bounds for bs's space (red lines
// respected): the programme runs over the grid once per set of boxes alive, on a grid
// coarse enough that all of them together weigh at most twice countGrid's one programme
// over the space (within budget). An outcome of the grid's lower
// bound that is not acceptable, or an acceptable one beyond its upper bound, deviates from
// its rounded sum by more than the threshold; the share of such outcomes among the whole
// product space, red lines or not, bounds their share among the outcomes that respect the
// red lines, so countGrid's bounds hold as they are.
func (p *problem) countBoxesGrid(bp *boxPlan, st []boxStage, budget float64) (lo, hi *big.Int, ok bool) {
	if p.k > gridDims || len(bp.comps) == 0 {
		return nil, nil, false
	}
	g := p.boxGrid(bp, st, budget)
	if g == nil {
		return nil, nil, false
	}
	if g.none {
		return new(big.Int), new(big.Int), true
	}
	most := 0
	for x := range bp.comps {
		most = max(most, g.cells(x+1))
	}
	var pool [][]float64 // grids no longer in use
	take := func(n int) []float64 {
		if len(pool) == 0 {
			return make([]float64, n, most)
		}
		a := pool[len(pool)-1][:n]
		pool = pool[:len(pool)-1]
		clear(a)
		return a
	}
	h := [][]float64{{1}}
	for x, c := range bp.comps {
		next := make([][]float64, len(st[x+1].tab.sets))
		w := 1 / float64(c.n())
		for s := range h {
			if h[s] == nil {
				continue
			}
			for j := range h[s] {
				h[s][j] *= w
			}
			for cl, vs := range st[x].vals {
				to := st[x].steps.step(int32(s), int32(cl))
				if to < 0 {
					continue
				}
				if next[to] == nil {
					next[to] = take(g.cells(x + 1))
				}
				g.step(x, vs, h[s], next[to], 0, len(next[to])/g.width(x+1, 2))
			}
		}
		for _, a := range h {
			if a != nil && cap(a) == most {
				pool = append(pool, a)
			}
		}
		h = next
	}
	final := make([]float64, g.cells(len(bp.comps)))
	for _, hs := range h {
		for j, v := range hs {
			final[j] += v
		}
	}
	loShare, hiShare := g.shares(final)
	lo = roundBound(scaleShare(g.total, loShare, false), g.total, false)
	hi = roundBound(scaleShare(g.total, hiShare, true), g.total, true)
	return lo, hi, true
}

// boxGrid returns the grid for countBoxesGrid: countGrid's for the space within budget, made
// coarser (its budget halved) until the programme over every set of boxes alive weighs at
// most twice that one, and its grids alive at once hold at most four times gridCells cells
// (twice the memory of countGrid's two grids); nil when none fits.
func (p *problem) boxGrid(bp *boxPlan, st []boxStage, budget float64) *grid {
	g := p.newGrid(bp.comps, budget)
	if g == nil || g.none {
		return g
	}
	// weigh returns the cell additions of g's programme with sets of boxes per stage alive
	// (1 each without boxes) and the most cells alive at once.
	weigh := func(g *grid, alive func(x int) int) (work, cells float64) {
		for x, c := range bp.comps {
			work += float64(alive(x)*g.cells(x)) * float64(c.n())
			cells = max(cells, float64(alive(x)*g.cells(x)+alive(x+1)*g.cells(x+1)))
		}
		return work, cells
	}
	plain, _ := weigh(g, func(int) int { return 1 })
	for range 40 {
		work, cells := weigh(g, func(x int) int { return len(st[x].tab.sets) })
		if work <= 2*plain && cells <= 4*gridCells {
			return g
		}
		budget /= 2
		if g = p.newGrid(bp.comps, budget); g == nil || g.none {
			return g
		}
	}
	return nil
}

// forceBoxCount, set only by tests, makes solveBoxes count with binding reservation values
// by the sets of boxes ("halves" first, "branch" first, or "grid" for the bounds alone)
// whatever the space's size.
var forceBoxCount string

// boxCountFits reports whether the parts of a space of comps count exactly, and at little
// cost, by countAdditive's methods (then they are used): the space is small enough for
// branch and bound to visit it all.
func (p *problem) boxCountFits(comps []*comp) bool {
	if forceBoxCount != "" {
		return false
	}
	size := 1.0
	for _, c := range comps {
		size *= float64(c.n())
	}
	return size <= countBranchLimit
}

// countBoxes fills sol's count of the acceptable outcomes of bs's space, with binding
// reservation values, without splitting it into parts: exact by branch and bound over the
// sets of boxes, else guaranteed bounds from the grid. It returns false when neither fits.
func (p *problem) countBoxes(sol *solution, bs *boxSplit) bool {
	bp := planBoxes(bs.comps, bs.boxes, -1)
	st, err := p.boxStages(bp)
	if err != nil {
		return false
	}
	if forceBoxCount == "" || forceBoxCount == "halves" {
		if n, ok := p.countBoxesHalves(bp, st); ok {
			sol.count = n
			return true
		}
	}
	limit := float64(countBranchLimit)
	if forceBoxCount == "grid" {
		limit = 0
	}
	if n, ok := p.countBoxesBranch(bp, st, limit); ok {
		sol.count = n
		return true
	}
	lo, hi, ok := p.countBoxesGrid(bp, st, gridWork)
	if !ok {
		return false
	}
	size := 1.0
	for _, c := range bs.comps {
		size *= float64(c.n())
	}
	sol.countLo, sol.countHi = lo, hi
	sol.countNote = fmt.Sprintf("not counted exactly: the reservation values and the red lines cut a space of %s outcomes along a boundary too long to count (more than %s partial outcomes)",
		magnitude(size), magnitude(countBranchLimit))
	return true
}
