package analysis

import (
	"errors"
	"math"
	"slices"
)

// The acceptable frontier when red lines over several issues forbid boxes, in one merge
// rather than one per part of the space. Each partial sum carries the set of forbidden boxes
// it still lies in: a box is tracked from the merge of its first issue to that of its last,
// and a partial sum that takes a value outside a box leaves that box's set for good. A partial
// sum still inside a box when its last issue is merged is forbidden. A partial sum is pruned
// when another dominates it whose set is a subset of its own: every completion of the pruned
// sum completes the other too, to a better outcome. Ties are kept, each with its own set, so
// that every tied acceptable outcome is found. Sparse red lines leave few sets alive, most
// partial sums in none, so the merge costs little more than the plain one.

// maxBoxStates is the most distinct sets of boxes one level of the merge may hold; beyond, the
// red lines are dense and the space is merged part by part instead.
var maxBoxStates = 256

// errBoxStates says that the box merge does not fit: too many boxes are tracked at once.
var errBoxStates = errors.New("too many sets of forbidden boxes at once")

// boxPlan is the order and bookkeeping of a box merge: the single-issue components in merge
// order, each box's first and last position in that order, and the boxes of every issue.
type boxPlan struct {
	comps       []*comp
	first, last []int
	boxesOf     [][]int // per issue: the boxes that bound it
	words       int     // uint64 words of a set of boxes
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
	bp := &boxPlan{boxesOf: make([][]int, n), words: (len(boxes) + 63) / 64}
	for b, bx := range boxes {
		for _, i := range bx.issues {
			bp.boxesOf[i] = append(bp.boxesOf[i], b)
		}
	}
	done := make([]bool, n)
	left := make([]int, len(boxes)) // issues of each box not yet placed
	for b, bx := range boxes {
		left[b] = len(bx.issues)
	}
	var order []int
	for {
		pick, open := -1, 0
		for i := range comps {
			if done[i] || len(bp.boxesOf[i]) == 0 {
				continue
			}
			o := 0 // boxes open after placing i
			for b := range boxes {
				l := left[b]
				if slices.Contains(bp.boxesOf[i], b) {
					l--
				}
				if l > 0 && l < len(boxes[b].issues) {
					o++
				}
			}
			if pick < 0 || o < open || o == open && comps[i].n() < comps[pick].n() {
				pick, open = i, o
			}
		}
		if pick < 0 {
			break
		}
		done[pick] = true
		order = append(order, pick)
		for _, b := range bp.boxesOf[pick] {
			left[b]--
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
func (p *problem) boxGroups(c *comp, boxes []box, bp *boxPlan) (*comp, []bitset) {
	i := c.issues[0]
	tab := newStateTable()
	cls := make([]int32, c.n())
	for v := range cls {
		s := make(bitset, bp.words)
		for _, b := range bp.boxesOf[i] {
			if boxes[b].ok[slices.Index(boxes[b].issues, i)][c.vals[v]] {
				s.set(b)
			}
		}
		cls[v] = tab.id(s)
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

// boxMerge returns the frontier of the outcomes of the single-issue components comps (one per
// issue, over its allowed values) that lie in none of the boxes and reach every reservation
// value; nil when none does. It returns errBoxStates when too many sets of boxes are alive at
// once.
func (p *problem) boxMerge(comps []*comp, boxes []box, seeds *kdTree, work *float64) (*dag, error) {
	k := p.k
	bp := planBoxes(comps, boxes)
	sigs := make([][]bitset, len(bp.comps))
	for c, cm := range bp.comps {
		if cm.n() == 0 {
			return nil, nil
		}
		bp.comps[c], sigs[c] = p.boxGroups(cm, boxes, bp)
	}
	rest := restBest(bp.comps, make([]float64, k), k)
	d := &dag{p: p, k: k, comps: bp.comps}
	d.levels = append(d.levels, level{u: make([]float64, k), off: []int32{0, 0}})
	states := []int32{0} // per node of the last level: its set of boxes
	tab := newStateTable()
	tab.id(make(bitset, bp.words))
	budget := p.opt.MaxWork * mergeShare
	kept := 0.0
	for c, cm := range bp.comps {
		prev := &d.levels[c]
		cand := float64(prev.n()) * float64(len(cm.groups))
		*work += cand
		if p.stopped() {
			return nil, ErrStopped
		}
		if err := mergeLimits(k, c, len(bp.comps), prev.n(), cand, *work, budget, kept); err != nil {
			return nil, err
		}
		p.progress(float64(c), float64(len(bp.comps)))
		next := newStateTable()
		step := p.boxStep(bp, c, tab, sigs[c], next)
		u, pr, cls := p.boxCandidates(prev, states, cm, rest[c+1], cand, step, seeds)
		if len(next.sets) > maxBoxStates {
			return nil, errBoxStates
		}
		if len(pr) == 0 {
			return nil, nil
		}
		keep, starts := filterClasses(u, k, cls, next.sets, p.opt.Workers)
		var lv level
		lv.u = make([]float64, 0, (len(starts)-1)*k)
		lv.off = make([]int32, 0, len(starts))
		lv.preds = make([]pred, 0, len(keep))
		states = states[:0]
		for g := 0; g+1 < len(starts); g++ {
			first := keep[starts[g]]
			lv.u = append(lv.u, u[int(first)*k:int(first)*k+k]...)
			lv.off = append(lv.off, int32(len(lv.preds)))
			states = append(states, cls[first])
			for _, x := range keep[starts[g]:starts[g+1]] {
				lv.preds = append(lv.preds, pr[x])
			}
		}
		lv.off = append(lv.off, int32(len(lv.preds)))
		kept += float64(len(lv.off) + 2*len(lv.preds))
		d.levels = append(d.levels, lv)
		d.levels[c].u = nil // only the last level's utilities are needed
		tab = next
	}
	return d, nil
}

// boxStep returns the step of the box merge at position c: the class, in next, of a partial
// sum of class s (in tab) extended by group g of the component at c, whose boxes are sig[g];
// -1 when the extension is forbidden. Steps are computed once per class and group.
func (p *problem) boxStep(bp *boxPlan, c int, tab *stateTable, sig []bitset, next *stateTable) func(s, g int32) int32 {
	memo := make([]int32, len(tab.sets)*len(sig))
	for x := range memo {
		memo[x] = -2
	}
	i := bp.comps[c].issues[0]
	return func(s, g int32) int32 {
		x := int(s)*len(sig) + int(g)
		if memo[x] != -2 {
			return memo[x]
		}
		ns := slices.Clone(tab.sets[s])
		out := int32(0)
		for _, b := range bp.boxesOf[i] {
			inside := sig[g].has(b) && (bp.first[b] == c || ns.has(b))
			switch {
			case bp.last[b] == c && inside:
				out = -1
			case inside && bp.last[b] != c:
				ns.set(b)
			default:
				ns.clear(b)
			}
			if out < 0 {
				break
			}
		}
		if out == 0 {
			out = next.id(ns)
		}
		memo[x] = out
		return out
	}
}

// boxCandidates returns the partial sums of the level prev (node j of class states[j]) and
// the groups of cm that step allows and that can still reach every reservation value with
// the best of the components after cm (rest), with the node and group each comes from and
// its class.
func (p *problem) boxCandidates(prev *level, states []int32, cm *comp, rest []float64, cand float64, step func(s, g int32) int32, seeds *kdTree) ([]float64, []pred, []int32) {
	k := p.k
	best := make([]float64, k)
	var stack []int32
	u := make([]float64, 0, int(cand)*k)
	pr := make([]pred, 0, int(cand))
	cls := make([]int32, 0, int(cand))
	for g := range cm.groups {
		gu := cm.groups[g].u
	nodes:
		for j := 0; j < prev.n(); j++ {
			to := step(states[j], int32(g))
			if to < 0 {
				continue
			}
			from := prev.u[j*k : j*k+k]
			for i := 0; i < k; i++ {
				best[i] = from[i] + gu[i] + rest[i]
				if best[i] < p.res[i]-Tol {
					continue nodes
				}
			}
			if seeds != nil && seeds.covers(best, &stack) {
				continue
			}
			for i := 0; i < k; i++ {
				u = append(u, from[i]+gu[i])
			}
			pr = append(pr, pred{int32(j), int32(g)})
			cls = append(cls, to)
		}
	}
	return u, pr, cls
}
