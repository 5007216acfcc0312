package analysis

import (
	"errors"
	"math"
	"math/bits"
	"slices"
)

// The frontiers of the whole space and of its acceptable outcomes when red lines over several
// issues forbid boxes, in one merge rather than one per part of the space. Each partial sum
// carries the set of forbidden boxes it still lies in: a box is tracked from the merge of its
// first issue to that of its last, and a partial sum that takes a value outside a box leaves
// that box's set for good. A partial sum still inside a box when its last issue is merged is
// forbidden: it joins the class of forbidden sums (which only the whole frontier needs),
// whose set holds every box. A partial sum is pruned when another dominates it whose set is
// a subset of its own: every completion of the pruned sum completes the other too, to a
// better outcome. Ties are kept, each with its own set, so that every tied outcome is found.
// Sparse red lines leave few sets alive, most partial sums in none, so the merge costs little
// more than the plain one.

// maxBoxStates is the most distinct sets of boxes one level of the merge may hold; beyond, the
// red lines are dense and the space is merged part by part instead.
var maxBoxStates = 256

// errBoxStates says that the box merge does not fit: too many boxes are tracked at once.
var errBoxStates = errors.New("too many sets of forbidden boxes at once")

// boxPlan is the order and bookkeeping of a box merge: the single-issue components in merge
// order, each box's first and last position in that order, and the boxes of every issue.
type boxPlan struct {
	boxes       []box
	comps       []*comp
	first, last []int
	boxesOf     [][]int // per issue: the boxes that bound it
	words       int     // uint64 words of a set of boxes, with one bit more: forbidden
	// final is the issue merged last whose values a merge for the ranges marks (all of
	// them kept, none dropped for another), -1 for none.
	final int
}

// forbidden returns the set of the forbidden class: every box, and the bit past them.
func (bp *boxPlan) forbidden() bitset {
	s := make(bitset, bp.words)
	for b := 0; b <= len(bp.boxes); b++ {
		s.set(b)
	}
	return s
}

// sig returns the boxes that value v of issue i lies in.
func (bp *boxPlan) sig(i int, v int32) bitset {
	s := make(bitset, bp.words)
	for _, b := range bp.boxesOf[i] {
		if bp.boxes[b].ok[slices.Index(bp.boxes[b].issues, i)][v] {
			s.set(b)
		}
	}
	return s
}

// bitset is a set of boxes.
type bitset []uint64

func (s bitset) has(b int) bool { return s[b/64]&(1<<(b%64)) != 0 }
func (s bitset) set(b int)      { s[b/64] |= 1 << (b % 64) }
func (s bitset) clear(b int)    { s[b/64] &^= 1 << (b % 64) }

// count returns the number of boxes in s.
func (s bitset) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// subset reports whether s is a subset of t.
func (s bitset) subset(t bitset) bool {
	for w := range s {
		if s[w]&^t[w] != 0 {
			return false
		}
	}
	return true
}

// stateTable interns the sets of boxes of one level.
type stateTable struct {
	ids  map[string]int32
	sets []bitset
}

func newStateTable() *stateTable { return &stateTable{ids: map[string]int32{}} }

func (t *stateTable) id(s bitset) int32 {
	key := make([]byte, 0, 8*len(s))
	for _, w := range s {
		for x := 0; x < 64; x += 8 {
			key = append(key, byte(w>>x))
		}
	}
	if id, ok := t.ids[string(key)]; ok {
		return id
	}
	id := int32(len(t.sets))
	t.ids[string(key)] = id
	t.sets = append(t.sets, slices.Clone(s))
	return id
}

// planBoxes orders the issues for a box merge: the issues that a box over several issues
// bounds first, each next one the issue after which the open boxes (started, not finished)
// hold the least expected share of the frontier's partial outcomes (then the one with the
// fewest groups), so that the sets of boxes alive at once are few and small; then the other issues,
// fewest groups first, as merge orders them; final (-1: none) after all. comps[i] is issue
// i's component.
func planBoxes(comps []*comp, boxes []box, final int) *boxPlan {
	n := len(comps)
	bp := &boxPlan{boxes: boxes, boxesOf: make([][]int, n), words: (len(boxes) + 64) / 64, final: final}
	for b, bx := range boxes {
		for _, i := range bx.issues {
			bp.boxesOf[i] = append(bp.boxesOf[i], b)
		}
	}
	// share[b][t]: the share of the vectors on issue t's own frontier (the values no other
	// value of it dominates, ties together) that a value inside box b holds; frac[b]: their
	// product over b's placed issues. A set of boxes keeps the partial sums that the sums
	// outside its boxes do not dominate: few when its values are dominated on their issues,
	// many when they are on the issues' frontiers (as the share of the values inside would
	// not tell).
	share := make([][]float64, len(boxes))
	frac := make([]float64, len(boxes))
	left := make([]int, len(boxes)) // issues of each box not yet placed
	for b, bx := range boxes {
		left[b], frac[b] = len(bx.issues), 1
		for t, i := range bx.issues {
			in := 0
			for _, g := range comps[i].groups {
				if slices.ContainsFunc(g.vals, func(v int32) bool { return bx.ok[t][comps[i].vals[v]] }) {
					in++
				}
			}
			share[b] = append(share[b], float64(in)/float64(max(1, len(comps[i].groups))))
		}
	}
	done := make([]bool, n)
	if final >= 0 {
		done[final] = true
	}
	var order []int
	for {
		pick, best := -1, 0.0
		for i := range comps {
			if done[i] || !slices.ContainsFunc(bp.boxesOf[i], func(b int) bool { return len(boxes[b].issues) > 1 }) {
				continue
			}
			// The expected share of partial outcomes in each box left open after i.
			open := 0.0
			for b := range boxes {
				l, f := left[b], frac[b]
				if t := slices.Index(boxes[b].issues, i); t >= 0 {
					l, f = l-1, f*share[b][t]
				}
				if l > 0 && l < len(boxes[b].issues) {
					open += f
				}
			}
			if pick < 0 || open < best-1e-12 || open <= best+1e-12 && len(comps[i].groups) < len(comps[pick].groups) {
				pick, best = i, open
			}
		}
		if pick < 0 {
			break
		}
		done[pick] = true
		order = append(order, pick)
		for _, b := range bp.boxesOf[pick] {
			left[b]--
			frac[b] *= share[b][slices.Index(boxes[b].issues, pick)]
		}
	}
	var free []int
	for i := range comps {
		if !done[i] {
			free = append(free, i)
		}
	}
	slices.SortStableFunc(free, func(a, b int) int { return len(comps[a].groups) - len(comps[b].groups) })
	order = append(order, free...)
	if final >= 0 {
		order = append(order, final)
	}
	bp.first, bp.last = make([]int, len(boxes)), make([]int, len(boxes))
	for b := range boxes {
		bp.first[b] = math.MaxInt
	}
	for c, i := range order {
		bp.comps = append(bp.comps, comps[i])
		for _, b := range bp.boxesOf[i] {
			bp.first[b] = min(bp.first[b], c)
			bp.last[b] = max(bp.last[b], c)
		}
	}
	return bp
}

// boxGroups regroups the values of c (one issue, i) for the box merge: values with the same
// vector and the same boxes among boxesOf[i] together, a value dropped only when another
// dominates it that lies in a subset of its boxes. It returns the component with those
// groups and, per group, its boxes (a set over all boxes).
func (p *problem) boxGroups(c *comp, bp *boxPlan) (*comp, []bitset) {
	k, i := p.k, c.issues[0]
	tab := newStateTable()
	var members [][]int32 // per class: its values
	var cu [][]float64
	for v := 0; v < c.n(); v++ {
		x := tab.id(bp.sig(i, c.vals[v]))
		if int(x) == len(members) {
			members, cu = append(members, nil), append(cu, nil)
		}
		members[x] = append(members[x], int32(v))
		cu[x] = append(cu[x], c.u[v*k:v*k+k]...)
	}
	var keep [][]int32
	var starts [][]int
	if i == bp.final {
		keep, starts = make([][]int32, len(cu)), make([][]int, len(cu))
		for x := range cu {
			for y := 0; y < len(cu[x])/k; y++ {
				keep[x] = append(keep[x], int32(y))
			}
			starts[x] = clusterTies(cu[x], k, keep[x])
		}
	} else {
		keep, starts = filterClasses(cu, k, tab.sets, 1)
	}
	out := &comp{issues: c.issues, vals: c.vals, u: c.u}
	var sigs []bitset
	for x := range keep {
		for g := 0; g+1 < len(starts[x]); g++ {
			var gr group
			for _, y := range keep[x][starts[x][g]:starts[x][g+1]] {
				gr.vals = append(gr.vals, members[x][y])
			}
			gr.u = c.u[int(gr.vals[0])*k : int(gr.vals[0])*k+k]
			slices.Sort(gr.vals)
			out.groups = append(out.groups, gr)
			sigs = append(sigs, tab.sets[x])
		}
	}
	return out, sigs
}

// filterClasses returns, per class x (of set sets[x], its points cu[x], k coordinates each),
// the indices of its points that no point dominates whose class's set is a subset of x's,
// grouped: points with the same vector are neighbours, and starts[x] gives the start of each
// group in keep[x] (plus len(keep[x])).
func filterClasses(cu [][]float64, k int, sets []bitset, workers int) (keep [][]int32, starts [][]int) {
	keep, starts, _ = filterClassTrees(cu, k, sets, workers)
	return keep, starts
}

// classTrees holds, per class, its kept points and a k-d tree over them, built when first
// asked for: a class that no other asks (the forbidden one, whose set holds every other)
// builds none.
type classTrees struct {
	k   int
	sub [][]float64
	t   []*kdTree
}

// has reports whether class x keeps points.
func (ct *classTrees) has(x int) bool { return len(ct.sub[x]) > 0 }

// tree returns the k-d tree over the kept points of class x (nil for a class with none).
func (ct *classTrees) tree(x int) *kdTree {
	if ct.t[x] == nil && ct.has(x) {
		ct.t[x] = newKDTree(ct.sub[x], ct.k)
	}
	return ct.t[x]
}

// filterClassTrees is filterClasses that also returns, per class, its kept points, with a
// k-d tree over them on demand.
func filterClassTrees(cu [][]float64, k int, sets []bitset, workers int) (keep [][]int32, starts [][]int, trees *classTrees) {
	// Smaller sets first: a class's points are first asked whether a point kept in a class
	// with a subset of its set dominates them (most are, when the set holds boxes), and only
	// the others filtered among themselves. A point a class drops is dominated by one it
	// keeps, so its kept points are enough to ask.
	order := make([]int, len(sets))
	for x := range order {
		order[x] = x
	}
	slices.SortStableFunc(order, func(a, b int) int { return sets[a].count() - sets[b].count() })
	keep, starts = make([][]int32, len(sets)), make([][]int, len(sets))
	trees = &classTrees{k: k, sub: make([][]float64, len(sets)), t: make([]*kdTree, len(sets))}
	var stack []int32
	for _, x := range order {
		if x >= len(cu) || len(cu[x]) == 0 {
			continue
		}
		var smaller []*kdTree
		for d := range sets {
			if d != x && trees.has(d) && sets[d].subset(sets[x]) {
				smaller = append(smaller, trees.tree(d))
			}
		}
		u, idx := cu[x], []int32(nil)
		if len(smaller) > 0 {
			u = nil
			for y := 0; y < len(cu[x])/k; y++ {
				pt := cu[x][y*k : y*k+k]
				if !slices.ContainsFunc(smaller, func(t *kdTree) bool { return t.query(pt, &stack, false) >= 0 }) {
					u, idx = append(u, pt...), append(idx, int32(y))
				}
			}
		}
		if len(u) == 0 {
			continue
		}
		sub, kept := filterKeep(u, k, workers)
		trees.sub[x] = sub
		if idx != nil {
			for z, y := range kept {
				kept[z] = idx[y]
			}
		}
		keep[x], starts[x] = kept, clusterTies(cu[x], k, kept)
	}
	return keep, starts, trees
}

// filterKeep returns the indices, ascending, of the points of u (k coordinates each) that no
// other dominates, and their coordinates in that order; u is left as it is. Beyond three
// deciders it is the merge's own filter (filterTake, which may reorder what it is given).
func filterKeep(u []float64, k, workers int) (kept []float64, idx []int32) {
	if k < 4 {
		idx = filterFlatW(u, k, workers)
		kept = make([]float64, 0, len(idx)*k)
		for _, y := range idx {
			kept = append(kept, u[int(y)*k:int(y)*k+k]...)
		}
		return kept, idx
	}
	return filterTake(slices.Clone(u), k, workers)
}

// boxMerge merges the single-issue components comps (one per issue, by issue) past the
// boxes. With whole, it returns the frontier of the acceptable outcomes (acc) and of all
// outcomes (full), the forbidden partial sums kept in their class; without, only acc, the
// forbidden sums dropped and the sums that cannot reach every reservation value pruned.
// acc is nil when no outcome is acceptable (and, without whole, reaches the reservation
// values). onFull, when not nil, tells per entry of acc whether it is on full too (no point
// of full dominates it); nil when full is acc or not built. It returns errBoxStates when too
// many sets of boxes are alive at once.
func (p *problem) boxMerge(comps []*comp, boxes []box, whole bool, work *float64) (acc, full *dag, onFull []bool, err error) {
	return p.boxMergeRun(planBoxes(comps, boxes, -1), whole, nil, work)
}

// boxMarks returns the values of issue i (by value of the issue) that occur in some outcome
// of comps outside every box that reaches every reservation value: one box merge, i merged
// last and every value of it tried against the partial sums before it. A partial sum is
// dropped only for another, in a subset of its boxes, that dominates it: the other reaches
// with each value with which it reaches, so no value goes unmarked.
func (p *problem) boxMarks(comps []*comp, boxes []box, i int, work *float64) ([]bool, error) {
	marks := make([]bool, p.sizes[i])
	_, _, _, err := p.boxMergeRun(planBoxes(comps, boxes, i), false, marks, work)
	return marks, err
}

// boxMergeRun is boxMerge over the plan bp; with marks not nil (bp.final set, whole false),
// it marks the values of bp.final that end a candidate of the last level instead of
// building the frontier, and returns no frontier.
func (p *problem) boxMergeRun(bp *boxPlan, whole bool, marks []bool, work *float64) (acc, full *dag, onFull []bool, err error) {
	k := p.k
	sigs := make([][]bitset, len(bp.comps))
	for c, cm := range bp.comps {
		if cm.n() == 0 {
			return nil, nil, nil, nil
		}
		bp.comps[c], sigs[c] = p.boxGroups(cm, bp)
	}
	var rest [][]float64
	if !whole {
		rest = restBest(bp.comps, make([]float64, k), k)
	}
	levels := []level{{u: make([]float64, k), off: []int32{0, 0}}}
	states := []int32{0} // per node of the last level: its class
	tab := newStateTable()
	tab.id(make(bitset, bp.words))
	budget := p.opt.MaxWork * mergeShare
	kept := 0.0
	m := len(bp.comps)
	var buf candBuf
	for c, cm := range bp.comps {
		prev := &levels[c]
		cand := float64(prev.n()) * float64(len(cm.groups))
		*work += cand
		if p.stopped() {
			return nil, nil, nil, ErrStopped
		}
		if err := mergeLimits(k, c, m, prev.n(), cand, *work, budget, kept); err != nil {
			return nil, nil, nil, err
		}
		p.progress(float64(c), float64(m))
		next := newStateTable()
		prune := cm
		if marks != nil && c == m-1 {
			prune = nil // every value is tried
		}
		st := p.boxStep(bp, c, tab, sigs[c], prune, whole, next)
		var r []float64
		if rest != nil {
			r = rest[c+1]
		}
		cu, cpr := p.boxCandidates(prev, states, cm, r, st, &buf)
		if len(next.sets) > maxBoxStates {
			return nil, nil, nil, errBoxStates
		}
		if len(cu) == 0 {
			return nil, nil, nil, nil
		}
		if c == m-1 && marks != nil {
			for _, prs := range cpr {
				for _, q := range prs {
					for _, v := range cm.groups[q.group].vals {
						marks[cm.vals[v]] = true
					}
				}
			}
			return nil, nil, nil, nil
		}
		if c == m-1 {
			return p.lastLevels(bp, levels, cu, cpr, next, whole)
		}
		keep, starts, trees := filterClassTrees(cu, k, next.sets, p.opt.Workers)
		p.escapePrune(bp, c, cu, next.sets, keep, starts, trees)
		var lv level
		lv, states = levelOf(cu, cpr, k, keep, starts)

		kept += float64(len(lv.off) + 2*len(lv.preds))
		levels = append(levels, lv)
		levels[c].u = nil // only the last level's utilities are needed
		tab = next
	}
	// No components: one empty outcome, acceptable.
	d := &dag{p: p, k: k, levels: levels}
	return d, d, nil, nil
}

// lastLevels returns the frontiers that the last level's candidates (cu and cpr by class in
// tab; every box closed, so in no box or forbidden) end: the acceptable one from the
// candidates in no box, and with whole the frontier of all of them, ties across the two
// classes together, and which entries of the acceptable one are on it (onFull, as boxMerge
// says).
func (p *problem) lastLevels(bp *boxPlan, levels []level, cu [][]float64, cpr [][]pred, tab *stateTable, whole bool) (acc, full *dag, onFull []bool, err error) {
	k, n := p.k, len(levels)
	defer func() { levels[n-1].u = nil }()
	none, forb := int(tab.id(make(bitset, bp.words))), -1
	if whole {
		forb = int(tab.id(bp.forbidden()))
	}
	for x := range cu {
		if x != none && x != forb && len(cu[x]) > 0 {
			panic("analysis: a box is open after the last issue")
		}
	}
	// final returns the frontier of the points keep of u (from pr), ties grouped, and where
	// each entry's points start in keep (which it reorders).
	final := func(u []float64, pr []pred, keep []int32) (*dag, []int) {
		starts := clusterTies(u, k, keep)
		lv, _ := levelOf([][]float64{u}, [][]pred{pr}, k, [][]int32{keep}, [][]int{starts})
		return &dag{p: p, k: k, comps: bp.comps, levels: append(levels[:n:n], lv)}, starts
	}
	var au []float64
	var apr []pred
	var akeep []int32
	var astarts []int
	if none < len(cu) && len(cu[none]) > 0 {
		au, apr = cu[none], cpr[none]
		_, akeep = filterKeep(au, k, p.opt.Workers)
		acc, astarts = final(au, apr, akeep)
	}
	if !whole {
		return acc, nil, nil, nil
	}
	if forb >= len(cu) || len(cu[forb]) == 0 {
		return acc, acc, nil, nil
	}
	// The whole frontier: the forbidden candidates that no point of the acceptable frontier
	// dominates, filtered among themselves (most are dominated, and asking a tree is far
	// cheaper than filtering), and the points of the acceptable frontier that none of those
	// dominates. Ties across the two stay, to be grouped into one entry.
	var stack []int32
	var fu []float64
	var fpr []pred
	var at *kdTree
	if len(akeep) > 0 {
		su := make([]float64, 0, len(akeep)*k)
		for _, y := range akeep {
			su = append(su, au[int(y)*k:int(y)*k+k]...)
		}
		at = newKDTree(su, k)
	}
	for y := 0; y < len(cu[forb])/k; y++ {
		pt := cu[forb][y*k : y*k+k]
		if at == nil || at.query(pt, &stack, false) < 0 {
			fu, fpr = append(fu, pt...), append(fpr, cpr[forb][y])
		}
	}
	var u []float64
	var pr []pred
	_, fkeep := filterKeep(fu, k, p.opt.Workers)
	for _, y := range fkeep {
		u, pr = append(u, fu[int(y)*k:int(y)*k+k]...), append(pr, fpr[y])
	}
	// An entry of the acceptable frontier is on the whole one unless a forbidden point of it
	// dominates it (no acceptable point does): its first point, whose vector is the entry's,
	// is asked once, for both.
	ft := newKDTree(slices.Clone(u), k)
	on := make([]bool, len(au)/k) // per acceptable candidate: on the whole frontier
	for _, y := range akeep {
		pt := au[int(y)*k : int(y)*k+k]
		if ft == nil || ft.query(pt, &stack, false) < 0 {
			u, pr = append(u, pt...), append(pr, apr[y])
			on[y] = true
		}
	}
	keep := make([]int32, len(pr))
	for x := range keep {
		keep[x] = int32(x)
	}
	if acc != nil {
		onFull = make([]bool, acc.Len())
		for e := range onFull {
			onFull[e] = on[akeep[astarts[e]]]
		}
	}
	full, _ = final(u, pr, keep)
	return acc, full, onFull, nil
}

// levelOf returns the level of the candidates keep[x] of each class x (indices into cu[x], k
// utilities each, and cpr[x]), grouped into nodes as starts[x] says, and each node's class.
func levelOf(cu [][]float64, cpr [][]pred, k int, keep [][]int32, starts [][]int) (level, []int32) {
	nodes, kept := 0, 0
	for x := range keep {
		nodes, kept = nodes+max(0, len(starts[x])-1), kept+len(keep[x])
	}
	lv := level{u: make([]float64, 0, nodes*k), off: make([]int32, 0, nodes+1), preds: make([]pred, 0, kept)}
	states := make([]int32, 0, nodes)
	for x := range keep {
		for g := 0; g+1 < len(starts[x]); g++ {
			first := keep[x][starts[x][g]]
			lv.u = append(lv.u, cu[x][int(first)*k:int(first)*k+k]...)
			lv.off = append(lv.off, int32(len(lv.preds)))
			states = append(states, int32(x))
			for _, y := range keep[x][starts[x][g]:starts[x][g+1]] {
				lv.preds = append(lv.preds, cpr[x][y])
			}
		}
	}
	lv.off = append(lv.off, int32(len(lv.preds)))
	return lv, states
}

// stepper is the step of the box merge at one position c: from a partial sum of class s (in
// tab) by group g of the component at c, whose boxes are sig[g], to a class in next.
type stepper struct {
	bp       *boxPlan
	c        int
	tab      *stateTable
	sig      []bitset
	cm       *comp // the component at c (nil: no pruning of groups)
	fset     bitset
	whole    bool // a forbidden step goes to the forbidden class (else it is dropped)
	next     *stateTable
	memo     []int32
	usableOf [][]int32
}

// boxStep returns the stepper at position c. cm, when not nil, is the component at c, for
// usable.
func (p *problem) boxStep(bp *boxPlan, c int, tab *stateTable, sig []bitset, cm *comp, whole bool, next *stateTable) *stepper {
	st := &stepper{bp: bp, c: c, tab: tab, sig: sig, cm: cm, fset: bp.forbidden(), whole: whole, next: next,
		memo: make([]int32, len(tab.sets)*len(sig)), usableOf: make([][]int32, len(tab.sets))}
	for x := range st.memo {
		st.memo[x] = -2
	}
	return st
}

// step returns the class of a partial sum of class s extended by group g: the forbidden class
// (with whole) or -1 (without) when the extension lies in a box whose last issue is at c.
// Computed once per class and group.
func (st *stepper) step(s, g int32) int32 {
	x := int(s)*len(st.sig) + int(g)
	if st.memo[x] != -2 {
		return st.memo[x]
	}
	bp, c := st.bp, st.c
	ns := slices.Clone(st.tab.sets[s])
	forbidden := ns.has(len(bp.boxes)) // forbidden stays forbidden
	for _, b := range bp.boxesOf[bp.comps[c].issues[0]] {
		if forbidden {
			break
		}
		inside := st.sig[g].has(b) && (bp.first[b] == c || ns.has(b))
		switch {
		case bp.last[b] == c && inside:
			forbidden = true
		case inside:
			ns.set(b)
		default:
			ns.clear(b)
		}
	}
	var out int32
	switch {
	case !forbidden:
		out = st.next.id(ns)
	case st.whole:
		out = st.next.id(st.fset)
	default:
		out = -1
	}
	st.memo[x] = out
	return out
}

// usable returns the groups worth adding to a partial sum of class s: a group is left out
// when another dominates it that lies in a subset of its boxes among those still alive for
// s (the boxes that start at c and those of s; the boxes s has left no longer matter, and
// none matters to a forbidden sum).
func (st *stepper) usable(s int32) []int32 {
	if u := st.usableOf[s]; u != nil {
		return u
	}
	bp, c := st.bp, st.c
	live := make(bitset, bp.words)
	set := st.tab.sets[s]
	if !set.has(len(bp.boxes)) {
		for _, b := range bp.boxesOf[bp.comps[c].issues[0]] {
			if bp.first[b] == c || set.has(b) {
				live.set(b)
			}
		}
	}
	eff := make([]bitset, len(st.sig))
	for g, sg := range st.sig {
		eff[g] = make(bitset, bp.words)
		for w := range sg {
			eff[g][w] = sg[w] & live[w]
		}
	}
	out := []int32{}
	for g := range st.sig {
		if st.cm == nil || !st.dominated(g, eff) {
			out = append(out, int32(g))
		}
	}
	st.usableOf[s] = out
	return out
}

// dominated reports whether some group other than g, in a subset of g's boxes eff[g],
// dominates it.
func (st *stepper) dominated(g int, eff []bitset) bool {
	for h := range st.sig {
		if h != g && eff[h].subset(eff[g]) && Dominates(st.cm.groups[h].u, st.cm.groups[g].u) {
			return true
		}
	}
	return false
}

// candBuf holds the candidates of one level of the box merge by class, their utilities (k
// each) and where each comes from. Its slices are reused from level to level: a level keeps
// copies of what it needs.
type candBuf struct {
	cu  [][]float64
	cpr [][]pred
	n   []int
}

// boxCandidates returns the partial sums of the level prev (node j of class states[j]) and
// the usable groups of cm that st does not drop, by class (k utilities each), with the node
// and group each comes from, in buf's slices (nil when there are none). With rest (the best
// of the components after cm) not nil, a sum that cannot reach every reservation value with
// it is dropped too.
func (p *problem) boxCandidates(prev *level, states []int32, cm *comp, rest []float64, st *stepper, buf *candBuf) (cu [][]float64, cpr [][]pred) {
	k := p.k
	// Count first, so that each class's slices are allocated once at their size.
	buf.n = buf.n[:0]
	for j := 0; j < prev.n(); j++ {
		for _, g := range st.usable(states[j]) {
			if to := st.step(states[j], g); to >= 0 {
				for int(to) >= len(buf.n) {
					buf.n = append(buf.n, 0)
				}
				buf.n[to]++
			}
		}
	}
	for x, n := range buf.n {
		if x == len(buf.cu) {
			buf.cu, buf.cpr = append(buf.cu, nil), append(buf.cpr, nil)
		}
		if cap(buf.cu[x]) < n*k {
			buf.cu[x], buf.cpr[x] = make([]float64, 0, n*k), make([]pred, 0, n)
		}
		buf.cu[x], buf.cpr[x] = buf.cu[x][:0], buf.cpr[x][:0]
	}
	top := -1
	for j := 0; j < prev.n(); j++ {
		from := prev.u[j*k : j*k+k]
	groups:
		for _, g := range st.usable(states[j]) {
			to := st.step(states[j], g)
			if to < 0 {
				continue
			}
			gu := cm.groups[g].u
			if rest != nil {
				for i := 0; i < k; i++ {
					if from[i]+gu[i]+rest[i] < p.res[i]-Tol {
						continue groups
					}
				}
			}
			for i := 0; i < k; i++ {
				buf.cu[to] = append(buf.cu[to], from[i]+gu[i])
			}
			buf.cpr[to] = append(buf.cpr[to], pred{int32(j), g})
			top = max(top, int(to))
		}
	}
	return buf.cu[:top+1], buf.cpr[:top+1]
}
