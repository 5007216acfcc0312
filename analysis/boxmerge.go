package analysis

import (
	"errors"
	"math"
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

// planBoxes orders the issues for a box merge: the issues some box bounds first, each next
// one the issue that leaves the fewest boxes open (then the fewest values), so that few boxes
// are tracked at once; then the other issues, fewest groups first, as merge orders them.
// comps[i] is issue i's component over its allowed values.
func planBoxes(comps []*comp, boxes []box) *boxPlan {
	n := len(comps)
	bp := &boxPlan{boxes: boxes, boxesOf: make([][]int, n), words: (len(boxes) + 64) / 64}
	for b, bx := range boxes {
		for _, i := range bx.issues {
			bp.boxesOf[i] = append(bp.boxesOf[i], b)
		}
	}
	// share[b][t]: the share of issue t's allowed values inside box b; frac[b]: the share of
	// the partial outcomes still inside box b, over its placed issues.
	share := make([][]float64, len(boxes))
	frac := make([]float64, len(boxes))
	left := make([]int, len(boxes)) // issues of each box not yet placed
	for b, bx := range boxes {
		left[b], frac[b] = len(bx.issues), 1
		for t, i := range bx.issues {
			in := 0
			for _, v := range comps[i].vals {
				if bx.ok[t][v] {
					in++
				}
			}
			share[b] = append(share[b], float64(in)/float64(max(1, comps[i].n())))
		}
	}
	done := make([]bool, n)
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
	i := c.issues[0]
	tab := newStateTable()
	cls := make([]int32, c.n())
	for v := range cls {
		cls[v] = tab.id(bp.sig(i, c.vals[v]))
	}
	keep, starts := filterClasses(c.u, p.k, cls, tab.sets, 1)
	out := &comp{issues: c.issues, vals: c.vals, u: c.u}
	sigs := make([]bitset, 0, len(starts))
	for g := 0; g+1 < len(starts); g++ {
		first := keep[starts[g]]
		gr := group{u: c.u[int(first)*p.k : int(first)*p.k+p.k]}
		gr.vals = append(gr.vals, keep[starts[g]:starts[g+1]]...)
		slices.Sort(gr.vals)
		out.groups = append(out.groups, gr)
		sigs = append(sigs, tab.sets[cls[first]])
	}
	return out, sigs
}

// filterClasses returns the points of u (k coordinates each) that no point dominates whose
// class's set is a subset of their class's set (cls[x] is point x's class, sets[c] class c's
// set), grouped: points of one class with the same vector are neighbours, and starts gives
// the start of each group in keep (plus len(keep)).
func filterClasses(u []float64, k int, cls []int32, sets []bitset, workers int) (keep []int32, starts []int) {
	members := make([][]int32, len(sets))
	for x, c := range cls {
		members[c] = append(members[c], int32(x))
	}
	if len(sets) == 1 {
		keep = filterFlatW(u, k, workers)
		return keep, clusterTies(u, k, keep)
	}
	// Each class's own frontier first.
	kept := make([][]int32, len(sets))
	for c, ms := range members {
		if len(ms) == 0 {
			continue
		}
		sub := make([]float64, 0, len(ms)*k)
		for _, x := range ms {
			sub = append(sub, u[int(x)*k:int(x)*k+k]...)
		}
		for _, y := range filterFlatW(sub, k, workers) {
			kept[c] = append(kept[c], ms[y])
		}
	}
	// Then the points that a point of a class with a smaller set dominates. The class's own
	// frontier is enough to ask: a point it drops is dominated by one it keeps.
	trees := make([]*kdTree, len(sets))
	tree := func(c int) *kdTree {
		if trees[c] == nil {
			sub := make([]float64, 0, len(kept[c])*k)
			for _, x := range kept[c] {
				sub = append(sub, u[int(x)*k:int(x)*k+k]...)
			}
			trees[c] = newKDTree(sub, k)
		}
		return trees[c]
	}
	var stack []int32
	for c := range sets {
		var smaller []int
		for d := range sets {
			if d != c && len(kept[d]) > 0 && sets[d].subset(sets[c]) {
				smaller = append(smaller, d)
			}
		}
		var alive []int32
		for _, x := range kept[c] {
			pt := u[int(x)*k : int(x)*k+k]
			if !slices.ContainsFunc(smaller, func(d int) bool { return tree(d).query(pt, &stack, false) >= 0 }) {
				alive = append(alive, x)
			}
		}
		if len(alive) == 0 {
			continue
		}
		for _, s := range clusterTies(u, k, alive) {
			if s < len(alive) {
				starts = append(starts, len(keep)+s)
			}
		}
		keep = append(keep, alive...)
	}
	return keep, append(starts, len(keep))
}

// boxMerge merges the single-issue components comps (one per issue, by issue) past the
// boxes. With whole, it returns the frontier of the acceptable outcomes (acc) and of all
// outcomes (full), the forbidden partial sums kept in their class; without, only acc, the
// forbidden sums dropped and the sums that cannot reach every reservation value pruned.
// acc is nil when no outcome is acceptable (and, without whole, reaches the reservation
// values). It returns errBoxStates when too many sets of boxes are alive at once.
func (p *problem) boxMerge(comps []*comp, boxes []box, whole bool, work *float64) (acc, full *dag, err error) {
	k := p.k
	bp := planBoxes(comps, boxes)
	sigs := make([][]bitset, len(bp.comps))
	for c, cm := range bp.comps {
		if cm.n() == 0 {
			return nil, nil, nil
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
	for c, cm := range bp.comps {
		prev := &levels[c]
		cand := float64(prev.n()) * float64(len(cm.groups))
		*work += cand
		if p.stopped() {
			return nil, nil, ErrStopped
		}
		if err := mergeLimits(k, c, m, prev.n(), cand, *work, budget, kept); err != nil {
			return nil, nil, err
		}
		p.progress(float64(c), float64(m))
		next := newStateTable()
		st := p.boxStep(bp, c, tab, sigs[c], cm, whole, next)
		var r []float64
		if rest != nil {
			r = rest[c+1]
		}
		u, pr, cls := p.boxCandidates(prev, states, cm, r, cand, st)
		if len(next.sets) > maxBoxStates {
			return nil, nil, errBoxStates
		}
		if len(pr) == 0 {
			return nil, nil, nil
		}
		if c == m-1 {
			return p.lastLevels(bp, levels, u, pr, cls, next, whole)
		}
		keep, starts := filterClasses(u, k, cls, next.sets, p.opt.Workers)
		lv := levelOf(u, k, pr, keep, starts)
		states = states[:0]
		for g := 0; g+1 < len(starts); g++ {
			states = append(states, cls[keep[starts[g]]])
		}
		kept += float64(len(lv.off) + 2*len(lv.preds))
		levels = append(levels, lv)
		levels[c].u = nil // only the last level's utilities are needed
		tab = next
	}
	// No components: one empty outcome, acceptable.
	d := &dag{p: p, k: k, levels: levels}
	return d, d, nil
}

// lastLevels returns the frontiers the last level's candidates u (from pr, of classes cls in
// tab, every box closed) end: the acceptable one from the candidates in no box, and with
// whole the frontier of all of them, ties across classes together.
func (p *problem) lastLevels(bp *boxPlan, levels []level, u []float64, pr []pred, cls []int32, tab *stateTable, whole bool) (acc, full *dag, err error) {
	k := p.k
	none := tab.id(make(bitset, bp.words))
	var idx []int32
	var au []float64
	for x, c := range cls {
		if c == none {
			idx = append(idx, int32(x))
			au = append(au, u[x*k:x*k+k]...)
		}
	}
	n := len(levels)
	if len(idx) > 0 {
		keep := filterFlatW(au, k, p.opt.Workers)
		starts := clusterTies(au, k, keep)
		for x, y := range keep {
			keep[x] = idx[y]
		}
		acc = &dag{p: p, k: k, comps: bp.comps, levels: append(levels[:n:n], levelOf(u, k, pr, keep, starts))}
	}
	if whole {
		keep := filterFlatW(u, k, p.opt.Workers)
		starts := clusterTies(u, k, keep)
		full = &dag{p: p, k: k, comps: bp.comps, levels: append(levels[:n:n], levelOf(u, k, pr, keep, starts))}
	}
	levels[n-1].u = nil
	return acc, full, nil
}

// levelOf returns the level of the candidates keep (indices into u, k utilities each, and
// pr), grouped into nodes as starts says.
func levelOf(u []float64, k int, pr []pred, keep []int32, starts []int) level {
	var lv level
	lv.u = make([]float64, 0, (len(starts)-1)*k)
	lv.off = make([]int32, 0, len(starts))
	lv.preds = make([]pred, 0, len(keep))
	for g := 0; g+1 < len(starts); g++ {
		first := keep[starts[g]]
		lv.u = append(lv.u, u[int(first)*k:int(first)*k+k]...)
		lv.off = append(lv.off, int32(len(lv.preds)))
		for _, x := range keep[starts[g]:starts[g+1]] {
			lv.preds = append(lv.preds, pr[x])
		}
	}
	lv.off = append(lv.off, int32(len(lv.preds)))
	return lv
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

// boxCandidates returns the partial sums of the level prev (node j of class states[j]) and
// the usable groups of cm that st does not drop, with the node and group each comes from
// and its class. With rest (the best of the components after cm) not nil, a sum that cannot
// reach every reservation value with it is dropped too.
func (p *problem) boxCandidates(prev *level, states []int32, cm *comp, rest []float64, cand float64, st *stepper) ([]float64, []pred, []int32) {
	k := p.k
	u := make([]float64, 0, int(cand)*k)
	pr := make([]pred, 0, int(cand))
	cls := make([]int32, 0, int(cand))
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
				u = append(u, from[i]+gu[i])
			}
			pr = append(pr, pred{int32(j), g})
			cls = append(cls, to)
		}
	}
	return u, pr, cls
}
