package analysis

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"parley"
)

// comp is a component of the outcome space for the additive method: one issue, or several
// issues linked by red lines merged into one composite issue. Its values are the allowed
// combinations of its issues' values.
type comp struct {
	issues []int
	vals   []int32   // len(issues) value indices per composite value
	u      []float64 // k utilities per composite value (the deciders' additive terms)
	groups []group   // the component's own frontier, ties grouped
}

// group is a set of composite values with the same utility vector.
type group struct {
	u    []float64
	vals []int32 // indices of composite values
}

func (c *comp) n() int { return len(c.vals) / max(1, len(c.issues)) }

// value writes composite value v of c into o.
func (c *comp) value(o parley.Outcome, v int32) {
	m := len(c.issues)
	for t, i := range c.issues {
		o[i] = int(c.vals[int(v)*m+t])
	}
}

// tooLarge is the error of a space beyond every method: ErrNoExactMethod, so that an
// approximation can be offered.
func tooLarge(format string, args ...any) error { return noExact(format, args...) }

// components splits the issues into components. With redLines, single-issue red lines restrict
// their issue's values and issues linked by a red line form one composite component holding
// only the combinations that respect the red lines among them.
func (p *problem) components(redLines bool) ([]*comp, error) {
	allowed, multi, find := p.linkIssues(redLines)
	members := map[int][]int{}
	var roots []int
	for i := range p.s.Issues {
		r := find(i)
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	var comps []*comp
	for _, r := range roots {
		c := &comp{issues: members[r]}
		size := 1.0
		var av [][]int32
		for _, i := range c.issues {
			var vs []int32
			for v, ok := range allowed[i] {
				if ok {
					vs = append(vs, int32(v))
				}
			}
			av = append(av, vs)
			size *= float64(len(vs))
		}
		if size > MaxComposite {
			return nil, p.compositeError(c.issues, multi, size)
		}
		var inside []line
		for _, l := range multi {
			if find(l.rl.Issues[0]) == r {
				inside = append(inside, l)
			}
		}
		p.fillComp(c, av, inside)
		c.group(p.k)
		comps = append(comps, c)
	}
	return comps, nil
}

// linkIssues returns the values of each issue that its single-issue red lines allow (with
// redLines; all of them otherwise), the red lines over several issues, and find, which maps
// an issue to the representative of the issues such red lines link it to.
func (p *problem) linkIssues(redLines bool) (allowed [][]bool, multi []line, find func(int) int) {
	n := len(p.s.Issues)
	allowed = make([][]bool, n)
	for i := range allowed {
		allowed[i] = make([]bool, p.sizes[i])
		for v := range allowed[i] {
			allowed[i][v] = true
		}
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	if !redLines {
		return allowed, nil, find
	}
	for _, l := range p.lines {
		switch len(l.rl.Issues) {
		case 0:
		case 1:
			a := l.rl.Allowed(p.s)
			i := l.rl.Issues[0]
			for v := range a {
				allowed[i][v] = allowed[i][v] && a[v]
			}
		default:
			multi = append(multi, l)
			for _, i := range l.rl.Issues[1:] {
				parent[find(i)] = find(l.rl.Issues[0])
			}
		}
	}
	return allowed, multi, find
}

// fillComp fills c's values and utilities: the combinations of the values av of its issues
// (one list per issue) that respect the red lines inside, visited as an odometer.
func (p *problem) fillComp(c *comp, av [][]int32, inside []line) {
	for _, vs := range av {
		if len(vs) == 0 {
			return
		}
	}
	o := make(parley.Outcome, len(p.s.Issues))
	digit := make([]int, len(c.issues))
	for {
		for t, i := range c.issues {
			o[i] = int(av[t][digit[t]])
		}
		ok := true
		for _, l := range inside {
			if !l.rl.Allows(o) {
				ok = false
				break
			}
		}
		if ok {
			for _, i := range c.issues {
				c.vals = append(c.vals, int32(o[i]))
			}
			for _, f := range p.funcs {
				s := 0.0
				for _, i := range c.issues {
					s += f.Tables[i][o[i]]
				}
				c.u = append(c.u, s)
			}
		}
		t := len(digit) - 1
		for ; t >= 0; t-- {
			digit[t]++
			if digit[t] < len(av[t]) {
				break
			}
			digit[t] = 0
		}
		if t < 0 {
			return
		}
	}
}

// compositeError says which red lines link too many issues.
func (p *problem) compositeError(issues []int, multi []line, size float64) error {
	in := map[int]bool{}
	for _, i := range issues {
		in[i] = true
	}
	var lines []string
	for _, l := range multi {
		if in[l.rl.Issues[0]] {
			lines = append(lines, fmt.Sprintf("`%s` of %s", l.rl.Text, p.s.Parties[p.parties[l.decider]].DisplayName()))
		}
	}
	return tooLarge("red line %s links %d issues (%s combinations of their values); parley can analyse issues linked by red lines only up to %s combinations, or by enumerating a space of at most %s outcomes (this one has %s)",
		strings.Join(lines, " and "), len(issues), magnitude(size), magnitude(MaxComposite), magnitude(p.opt.MaxWork), magnitudeBig(p.s.Size()))
}

// group fills c.groups with the component's own frontier, values with equal vectors together.
func (c *comp) group(k int) {
	keep := filterFlat(c.u, k)
	starts := clusterTies(c.u, k, keep)
	c.groups = c.groups[:0]
	for g := 0; g+1 < len(starts); g++ {
		first := keep[starts[g]]
		gr := group{u: c.u[int(first)*k : int(first)*k+k]}
		gr.vals = append(gr.vals, keep[starts[g]:starts[g+1]]...)
		slices.Sort(gr.vals)
		c.groups = append(c.groups, gr)
	}
}

// dag is a Pareto frontier built by merging components: level c+1 holds the frontier of the
// sums over the first c+1 components, each node pointing back at the nodes and value groups
// it came from, so ties never multiply the stored points.
type dag struct {
	p      *problem
	k      int
	comps  []*comp
	levels []level
	counts []*big.Int // outcomes per final node, computed on demand
}

type level struct {
	u     []float64 // k per node
	off   []int32   // node i's predecessors are preds[off[i]:off[i+1]]
	preds []pred
}

type pred struct{ parent, group int32 }

func (l *level) n() int { return len(l.off) - 1 }

// Limits of the merge: the share of Options.MaxWork it may spend in candidates (each costs
// far more than an outcome evaluation) and the number of back-pointer words it may keep
// (4 bytes each).
const (
	mergeShare = 1.0 / 20
	maxKept    = 5e7
)

// merge computes the frontier of the components' sum. With extra not nil, partial sums that
// cannot reach every reservation value even with the best of the remaining components plus
// extra are pruned. It returns nil when no outcome reaches the reservation values.
func (p *problem) merge(comps []*comp, extra []float64, work *float64) (*dag, error) {
	return p.mergeFrom(nil, comps, extra, nil, work)
}

// mergeFrom is merge continued from the frontier base (nil: from nothing): the result's
// outcomes take base's issues from base. base is not changed and may be shared. With seeds
// (utility vectors of outcomes known to be acceptable) not nil, a partial sum whose best
// completion a seed dominates or ties is pruned: the result is then the part of the frontier
// that no seed dominates or ties.
func (p *problem) mergeFrom(base *dag, comps []*comp, extra []float64, seeds *kdTree, work *float64) (*dag, error) {
	k := p.k
	comps = slices.Clone(comps)
	slices.SortStableFunc(comps, func(a, b *comp) int { return len(a.groups) - len(b.groups) })
	reach := extra != nil
	rest := restBest(comps, extra, k)
	d := &dag{p: p, k: k}
	off := 0
	if base != nil {
		off = len(base.comps)
		d.comps = append(slices.Clone(base.comps), comps...)
		d.levels = slices.Clone(base.levels)
	} else {
		d.comps = comps
		d.levels = append(d.levels, level{u: make([]float64, k), off: []int32{0, 0}})
	}
	budget := p.opt.MaxWork * mergeShare
	kept := 0.0         // back-pointers kept for all levels
	var sizes []float64 // frontier size after each merge of comps
	best := make([]float64, k)
	var stack []int32
	for ci, cm := range comps {
		c := off + ci
		prev := &d.levels[c]
		cand := float64(prev.n()) * float64(len(cm.groups))
		*work += cand
		if p.stopped() {
			return nil, ErrStopped
		}
		if err := mergeLimits(k, c, len(d.comps), prev.n(), cand, *work, budget, kept); err != nil {
			return nil, err
		}
		p.progress(float64(c), float64(len(d.comps)))
		// admit reports whether partial sum from+gu can still matter.
		admit := func(from, gu []float64) bool {
			if reach {
				for i := 0; i < k; i++ {
					if from[i]+gu[i]+rest[ci+1][i] < p.res[i]-Tol {
						return false
					}
				}
			}
			if seeds != nil {
				for i := 0; i < k; i++ {
					best[i] = from[i] + gu[i] + rest[ci+1][i]
				}
				if seeds.covers(best, &stack) {
					return false
				}
			}
			return true
		}
		u, pr := mergeCandidates(prev, cm, k, cand, admit)
		if len(pr) == 0 {
			return nil, nil
		}
		lv := p.filterLevel(u, pr)
		kept += float64(len(lv.off) + 2*len(lv.preds))
		sizes = append(sizes, float64(lv.n()))
		need := predictMerge(sizes, comps[:ci+1], comps[ci+1:])
		if *work+need > 2*budget {
			// Refuse now rather than after the long merges that would end in a refusal.
			err := tooLarge("the Pareto frontier is too large to compute: after merging %d of %d issues it has %s points and grows so that the remaining merges would weigh about %s candidates (limit %s, about %s)",
				c+1, len(d.comps), commas(uint64(lv.n())), magnitude(need), magnitude(budget), duration(budget/mergeRate))
			if total := (*work + need) / mergeShare; total <= maxUsefulWork {
				err.(*noExactError).need = total
			}
			return nil, err
		}
		d.levels = append(d.levels, lv)
		// Only the last level's utilities are needed: the others rebuild outcomes.
		d.levels[c].u = nil
	}
	if reach && len(d.comps) == 0 && !p.reaches(extra) {
		return nil, nil
	}
	return d, nil
}

// restBest returns rest, where rest[c][i] is the best decider i can still gain from
// components c, c+1, ... of comps, plus extra (none when extra is nil).
func restBest(comps []*comp, extra []float64, k int) [][]float64 {
	rest := make([][]float64, len(comps)+1)
	rest[len(comps)] = make([]float64, k)
	if extra != nil {
		copy(rest[len(comps)], extra)
	}
	for c := len(comps) - 1; c >= 0; c-- {
		rest[c] = slices.Clone(rest[c+1])
		for i := 0; i < k; i++ {
			best := math.Inf(-1)
			for _, g := range comps[c].groups {
				best = math.Max(best, g.u[i])
			}
			rest[c][i] += best
		}
	}
	return rest
}

// mergeLimits refuses the merge of component c of n (k deciders), onto a frontier of size points, that
// would weigh cand candidates, when it passes a limit: the candidates of one merge, the work
// of all (done so far, against budget) or the back-pointers kept.
func mergeLimits(k, c, n, size int, cand, work, budget, kept float64) error {
	maxStep := 3e8 / float64(8*k+48) // bytes per candidate, filter included: peak well under 1 GiB
	switch {
	case cand > maxStep:
		return tooLarge("the Pareto frontier is too large to compute: after merging %d of %d issues it has %s points, and the next merge would weigh %s candidates (limit %s)",
			c, n, commas(uint64(size)), magnitude(cand), magnitude(maxStep))
	case work > budget:
		return tooLarge("the Pareto frontier is too large to compute: after merging %d of %d issues it has %s points, and the merges have weighed %s candidates (limit %s)",
			c, n, commas(uint64(size)), magnitude(work), magnitude(budget))
	case kept > maxKept:
		return tooLarge("the Pareto frontier is too large to keep: after merging %d of %d issues it has %s points, and %s partial points are kept to rebuild the outcomes (limit %s)",
			c, n, commas(uint64(size)), magnitude(kept), magnitude(maxKept))
	}
	return nil
}

// mergeCandidates returns the partial sums of the frontier prev and the groups of cm that
// admit lets through, with the node and group each comes from, group by group.
func mergeCandidates(prev *level, cm *comp, k int, cand float64, admit func(from, gu []float64) bool) ([]float64, []pred) {
	u := make([]float64, 0, int(cand)*k)
	var pr []pred
	for g := range cm.groups {
		gu := cm.groups[g].u
		for j := 0; j < prev.n(); j++ {
			from := prev.u[j*k : j*k+k]
			if !admit(from, gu) {
				continue
			}
			for i := 0; i < k; i++ {
				u = append(u, from[i]+gu[i])
			}
			pr = append(pr, pred{int32(j), int32(g)})
		}
	}
	return u, pr
}

// filterLevel returns the level of the non-dominated candidates u (k per candidate, from
// pr), ties grouped into one node. It may reorder u.
func (p *problem) filterLevel(u []float64, pr []pred) level {
	k := p.k
	var keep []int32
	var starts []int
	if k == 2 {
		// Kept in order of the first utility, where ties are neighbours.
		keep = filter2(u)
		starts = adjacentTies(u, k, keep)
	} else {
		// From here u and pr hold the survivors alone, in their order in u, so that ties
		// are ordered as before.
		var idx []int32
		u, idx = filterTake(u, k, p.opt.Workers)
		keep = make([]int32, len(idx))
		for i := range keep {
			keep[i] = int32(i)
		}
		starts = clusterTies(u, k, keep)
		kpr := make([]pred, len(idx))
		for i, x := range idx {
			kpr[i] = pr[x]
		}
		pr = kpr
	}
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

// mergeRate is about how many candidates a second the merge weighs on one core.
const mergeRate = 2e6

// predictMerge estimates the candidates the merges of comps will weigh, from the sizes of
// the frontier after each merge so far (done lists the merged components): it grows like a
// power of the number of merges that can grow it (components of two groups or more),
// fitted over the last doubling of that number, as the frontier of a sum of independent
// terms does. It returns 0 before four such merges, when the fit would be noise.
func predictMerge(sizes []float64, done, comps []*comp) float64 {
	// x[c]: merges of two groups or more among the first c+1.
	x := make([]int, len(sizes))
	n := 0
	for c := range sizes {
		if len(done[c].groups) > 1 {
			n++
		}
		x[c] = n
	}
	if n < 4 || len(comps) == 0 {
		return 0
	}
	// The last size at half the effective merges.
	h := 0
	for h < len(x)-1 && x[h] < (n+1)/2 {
		h++
	}
	a, b := sizes[len(sizes)-1], sizes[h]
	alpha := 0.0
	if a > b && b > 0 && x[h] < n {
		alpha = math.Log(a/b) / math.Log(float64(n)/float64(x[h]))
	}
	need := 0.0
	f, m := a, n
	for _, cm := range comps {
		need += f * float64(len(cm.groups))
		if len(cm.groups) > 1 {
			m++
			f = a * math.Pow(float64(m)/float64(n), alpha)
		}
	}
	return need
}

// Len returns the number of distinct utility vectors on the frontier.
func (d *dag) Len() int { return d.levels[len(d.levels)-1].n() }

// Vec returns the utility vector of frontier node i.
func (d *dag) Vec(i int) []float64 {
	return d.levels[len(d.levels)-1].u[i*d.k : i*d.k+d.k]
}

// Count returns the number of outcomes of node i.
func (d *dag) Count(i int) *big.Int {
	if d.counts == nil {
		d.count()
	}
	return d.counts[i]
}

// count computes the outcomes of every final node, in uint64 when nothing overflows.
func (d *dag) count() {
	prev := []uint64{1}
	overflow := false
	for c := 1; c < len(d.levels) && !overflow; c++ {
		lv := &d.levels[c]
		cur := make([]uint64, lv.n())
		for i := range cur {
			var s uint64
			for _, q := range lv.preds[lv.off[i]:lv.off[i+1]] {
				hi, lo := bits.Mul64(prev[q.parent], uint64(len(d.comps[c-1].groups[q.group].vals)))
				var carry uint64
				s, carry = bits.Add64(s, lo, 0)
				if hi != 0 || carry != 0 {
					overflow = true
				}
			}
			cur[i] = s
		}
		prev = cur
	}
	if !overflow {
		d.counts = make([]*big.Int, len(prev))
		for i, x := range prev {
			d.counts[i] = new(big.Int).SetUint64(x)
		}
		return
	}
	bprev := []*big.Int{big.NewInt(1)}
	for c := 1; c < len(d.levels); c++ {
		lv := &d.levels[c]
		cur := make([]*big.Int, lv.n())
		t := new(big.Int)
		for i := range cur {
			s := new(big.Int)
			for _, q := range lv.preds[lv.off[i]:lv.off[i+1]] {
				t.SetInt64(int64(len(d.comps[c-1].groups[q.group].vals)))
				s.Add(s, t.Mul(t, bprev[q.parent]))
			}
			cur[i] = s
		}
		bprev = cur
	}
	d.counts = bprev
}

// Each calls f with every outcome of node i (the same slice, overwritten) until f returns
// false.
func (d *dag) Each(i int, f func(parley.Outcome) bool) {
	o := make(parley.Outcome, len(d.p.s.Issues))
	var walk func(c, node int) bool
	walk = func(c, node int) bool {
		if c == 0 {
			return f(o)
		}
		lv := &d.levels[c]
		cm := d.comps[c-1]
		for _, q := range lv.preds[lv.off[node]:lv.off[node+1]] {
			for _, v := range cm.groups[q.group].vals {
				cm.value(o, v)
				if !walk(c-1, int(q.parent)) {
					return false
				}
			}
		}
		return true
	}
	walk(len(d.levels)-1, i)
}
