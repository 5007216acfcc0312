package analysis

import (
	"fmt"
	"math"
	"math/big"
	"parley"
	"slices"
	"sort"
)

// analyzeAdditive analyses a scenario whose deciders' profiles are all additive: the frontier
// by merging issue by issue, the acceptable count and ranges by the exact methods below.
func (p *problem) analyzeAdditive() (*solution, error) {
	var work float64
	fullComps, _ := p.components(false)
	parts, bs, method, enumerate, splitErr := p.acceptableParts(fullComps)
	if bs != nil {
		// The red lines over several issues cut the space: one box merge for both frontiers,
		// or, when it does not fit, the parts merged one by one.
		sol, err := p.solveBoxes(fullComps, bs, method, &work)
		if err != nil {
			if p.enumerable("the frontier is too large to merge") == nil {
				return p.enumerate()
			}
			return nil, err
		}
		if sol != nil {
			return sol, nil
		}
	}
	full, err := p.merge(fullComps, nil, &work)
	if err != nil {
		if p.enumerable("the frontier is too large to merge") == nil {
			return p.enumerate()
		}
		return nil, err
	}
	switch {
	case enumerate:
		return p.enumerate()
	case splitErr != nil:
		return nil, splitErr
	}
	sol := &solution{full: full, method: method}
	var free []*comp
	if bs != nil {
		var composite, ok bool
		parts, free, composite, ok = p.boxParts(bs)
		switch {
		case !ok && p.enumerable("red lines link many issues") == nil:
			return p.enumerate()
		case !ok:
			return nil, bs.err
		case composite:
			sol.method = p.methodWords(parts[0])
		default:
			sol.method = partsMethod(len(p.s.Issues), len(parts))
		}
	}
	accs, live, err := p.mergeParts(full, parts, free, &work)
	if err != nil {
		return nil, err
	}
	if !p.setAcc(sol, accs) {
		p.countAndRanges(sol, live, &work)
	}
	return sol, nil
}

// setAcc sets sol's acceptable frontier to the union of the frontiers accs; when it is
// empty, also the count (0) and the ranges (none), and it returns true.
func (p *problem) setAcc(sol *solution, accs []frontier) (empty bool) {
	switch len(accs) {
	case 0:
		sol.acc = view{}
	case 1:
		sol.acc = accs[0]
	default:
		sol.acc = newMulti(accs, p.k, p.opt.Workers)
	}
	if sol.acc.Len() > 0 {
		return false
	}
	sol.count = new(big.Int)
	sol.ranges = make([][]bool, len(p.s.Issues))
	for i := range sol.ranges {
		sol.ranges[i] = make([]bool, p.sizes[i])
	}
	return true
}

// acceptableParts returns the acceptable space: one part (the issues linked by red lines
// merged into composite issues), or, when the red lines link too many combinations, the
// boxes that they forbid, with the words that name the method. enumerate is true when only
// enumeration can analyse the space.
func (p *problem) acceptableParts(fullComps []*comp) (parts [][]*comp, bs *boxSplit, method string, enumerate bool, err error) {
	if len(p.lines) == 0 {
		return [][]*comp{fullComps}, nil, p.methodWords(fullComps), false, nil
	}
	size := p.linkedSize()
	composite := func() ([][]*comp, *boxSplit, string, bool, error) {
		accComps, err := p.components(true)
		if err != nil {
			return nil, nil, "", false, err
		}
		return [][]*comp{accComps}, nil, p.methodWords(accComps), false, nil
	}
	if forceSplit {
		err = invalid("split forced by a test")
	} else if size <= boxFirst || size > MaxComposite {
		// Small composite issues are cheap; beyond MaxComposite, components says which red
		// lines link too many combinations.
		if parts, _, method, _, err = composite(); err == nil {
			return parts, nil, method, false, nil
		}
	}
	bs, ok := p.splitBoxes(err)
	switch {
	case !ok && err == nil:
		return composite()
	case !ok && p.enumerable("red lines link many issues") == nil:
		return nil, nil, "", true, nil
	case !ok:
		return nil, nil, "", false, err
	}
	bs.composite = err == nil // composite issues fit, when the box merge does not
	boxes := "es"
	if len(bs.boxes) == 1 {
		boxes = ""
	}
	method = fmt.Sprintf("additive merge over %d issues, each partial outcome carrying which of the %s box%s that red lines over several issues forbid it still lies in",
		len(p.s.Issues), commas(uint64(len(bs.boxes))), boxes)
	return nil, bs, method, false, nil
}

// boxFirst is the size of the largest composite issue (the combinations of the issues that
// red lines link) beyond which the red lines are carried as boxes through the merge rather
// than merged into composite issues: building and merging a large composite issue costs
// more than carrying a few boxes.
var boxFirst = 64.0

// linkedSize returns the number of combinations of the largest group of issues that red
// lines link (0 when they link none), over the values single-issue red lines allow.
func (p *problem) linkedSize() float64 {
	allowed, multi, find := p.linkIssues(true)
	if len(multi) == 0 {
		return 0
	}
	size, members := map[int]float64{}, map[int]int{}
	for i := range p.s.Issues {
		n := 0
		for _, ok := range allowed[i] {
			if ok {
				n++
			}
		}
		r := find(i)
		if _, seen := size[r]; !seen {
			size[r] = 1
		}
		size[r] *= float64(n)
		members[r]++
	}
	most := 0.0
	for r, n := range size {
		if members[r] > 1 {
			most = max(most, n)
		}
	}
	return most
}

func partsMethod(issues, parts int) string {
	return fmt.Sprintf("additive merge over %d issues, in %s part%s that the red lines over several issues split the space into",
		issues, commas(uint64(parts)), plural(parts))
}

// solveBoxes analyses a space that the boxes of bs cut, fullComps its components one per
// issue over all their values: both frontiers by one box merge (the values that single-issue
// red lines forbid as boxes of their own), the count and ranges by boxCount when no
// reservation value binds, by the parts otherwise. It returns nil, and no error, when the box
// merge does not fit: the parts are then merged one by one.
func (p *problem) solveBoxes(fullComps []*comp, bs *boxSplit, method string, work *float64) (*solution, error) {
	if forceParts {
		return nil, nil
	}
	boxes := slices.Clone(bs.boxes)
	for i, c := range fullComps {
		if c.n() == len(bs.allowed[i]) {
			continue
		}
		b := box{issues: []int{i}, ok: [][]bool{make([]bool, p.sizes[i])}}
		for v := range b.ok[0] {
			b.ok[0][v] = true
		}
		for _, v := range bs.allowed[i] {
			b.ok[0][v] = false
		}
		boxes = append(boxes, b)
	}
	acc, full, onFull, err := p.boxMerge(fullComps, boxes, true, work)
	if err == errBoxStates {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sol := &solution{full: full, method: method}
	var accs []frontier
	if acc != nil {
		accs = append(accs, p.reaching(acc))
	}
	if p.setAcc(sol, accs) {
		return sol, nil
	}
	if onFull != nil {
		// The acceptable outcomes on the whole frontier, which the merge knows.
		v := sol.acc.(view)
		sol.paretoAcc = new(big.Int)
		for e, x := range v.idx {
			if onFull[x] {
				sol.paretoAcc.Add(sol.paretoAcc, v.Count(e))
			}
		}
	}
	if !p.binding(bs.comps) {
		n, ranges, err := p.boxCount(bs.comps, bs.boxes)
		if err == nil {
			sol.count, sol.ranges = n, ranges
			return sol, nil
		}
	}
	if !p.boxCountFits(bs.comps) && p.countBoxes(sol, bs) {
		sol.ranges = p.rangesBoxes(bs, sol.acc, work)
		return sol, nil
	}
	parts, free, composite, ok := p.boxParts(bs)
	var ranges [][]bool
	if !composite {
		ranges = p.rangesBoxes(bs, sol.acc, work)
	}
	switch {
	case !ok:
		sol.countNote = fmt.Sprintf("not counted: the red lines over several issues cut the space into more than %s parts", commas(uint64(maxParts)))
		sol.ranges = ranges
	case ranges != nil:
		p.countParts(sol, liveParts(parts, free))
		sol.ranges = ranges
	default:
		p.countAndRanges(sol, liveParts(parts, free), work)
	}
	return sol, nil
}

// rangesBoxes returns, for every issue, the values that occur in some acceptable outcome of
// the space bs cuts, acc its acceptable frontier: the values of acc's outcomes (up to
// a thousand tied outcomes an entry), and, for each issue with other allowed values, those
// that boxMarks finds, one box merge per issue. It returns nil when a merge does not fit.
func (p *problem) rangesBoxes(bs *boxSplit, acc frontier, work *float64) [][]bool {
	ranges := make([][]bool, len(p.s.Issues))
	for i := range ranges {
		ranges[i] = make([]bool, p.sizes[i])
	}
	for e := 0; e < acc.Len(); e++ {
		n := 0
		acc.Each(e, func(o parley.Outcome) bool {
			for i, v := range o {
				ranges[i][v] = true
			}
			n++
			return n < 1000
		})
	}
	q := *p
	q.opt.Progress = nil // the main merge reports progress; these are smaller
	for i, vs := range bs.allowed {
		if !slices.ContainsFunc(vs, func(v int32) bool { return !ranges[i][v] }) {
			continue
		}
		marks, err := q.boxMarks(bs.comps, bs.boxes, i, work)
		if err != nil {
			return nil
		}
		for v, ok := range marks {
			ranges[i][v] = ranges[i][v] || ok
		}
	}
	return ranges
}

// boxParts returns the acceptable space of bs as parts of components: the composite issues
// when they fit (one part; composite true), else the parts its boxes cut it into and the
// components they share (free); ok is false beyond maxParts parts.
func (p *problem) boxParts(bs *boxSplit) (parts [][]*comp, free []*comp, composite, ok bool) {
	if bs.composite {
		if comps, err := p.components(true); err == nil {
			return [][]*comp{comps}, nil, true, true
		}
	}
	free, parts, ok = p.cutParts(bs)
	return parts, free, false, ok
}

// mergeParts merges the acceptable frontier of every part (free, when not nil, shared by
// all) and returns the frontiers that reach every reservation value and the parts that are
// not empty, each with the free components first.
func (p *problem) mergeParts(full *dag, parts [][]*comp, free []*comp, work *float64) (accs []frontier, live [][]*comp, err error) {
	// When no outcome of the whole frontier crosses a red line, the frontier of the
	// acceptable outcomes is the whole frontier's part that reaches the reservation values:
	// sparse red lines that cut nothing on the frontier cost no merge.
	shortcut := len(p.lines) > 0 && p.frontierAllowed(full)
	var base *dag // with a split: the shared frontier of the free components
	if free != nil && !shortcut {
		base, err = p.merge(free, p.linkedBest(parts), work)
		if err != nil {
			return nil, nil, err
		}
		if base == nil {
			parts = nil // the free issues alone cannot reach the reservation values
		}
	}
	// Seeds: the whole frontier's entries with an acceptable outcome. Their vectors are on
	// the acceptable frontier, and the parts' merges need find only what they do not
	// dominate; the seeds' entries join the parts' frontiers.
	var seeds *kdTree
	if !shortcut && len(parts) > 1 {
		if sf, ok := p.acceptableEntries(full); ok && sf.Len() > 0 {
			var su []float64
			for e := 0; e < sf.Len(); e++ {
				su = append(su, sf.Vec(e)...)
			}
			seeds = newKDTree(su, p.k)
			accs = append(accs, sf)
		}
	}
	if shortcut {
		if v := p.reaching(full); v.Len() > 0 {
			accs = append(accs, v)
		}
	}
	for _, own := range parts {
		comps := own
		if free != nil {
			comps = append(slices.Clone(free), own...)
		}
		if slices.ContainsFunc(comps, func(c *comp) bool { return c.n() == 0 }) {
			continue
		}
		var acc *dag
		switch {
		case shortcut:
			live = append(live, comps)
			continue
		case len(p.lines) == 0 && !p.binding(comps):
			acc = full // every outcome is acceptable
		case base != nil:
			acc, err = p.mergeFrom(base, own, make([]float64, p.k), seeds, work)
		default:
			acc, err = p.mergeFrom(nil, comps, make([]float64, p.k), seeds, work)
		}
		if err != nil {
			return nil, nil, err
		}
		live = append(live, comps)
		if acc != nil {
			if v := p.reaching(acc); v.Len() > 0 {
				accs = append(accs, v)
			}
		}
	}
	return accs, live, nil
}

// liveParts returns the parts with no empty component, each with the free components first.
func liveParts(parts [][]*comp, free []*comp) [][]*comp {
	var live [][]*comp
	for _, own := range parts {
		comps := append(slices.Clone(free), own...)
		if !slices.ContainsFunc(comps, func(c *comp) bool { return c.n() == 0 }) {
			live = append(live, comps)
		}
	}
	return live
}

// forceParts, set only by tests, makes a split merge every part on its own, never the box
// merge.
var forceParts bool

// countAndRanges fills sol's count (or guaranteed bounds) and ranges over the parts live.
// The two are independent: with two workers or more, side by side.
func (p *problem) countAndRanges(sol *solution, live [][]*comp, work *float64) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.countParts(sol, live)
	}()
	if p.opt.Workers < 2 {
		<-done
	}
	for _, comps := range live {
		r := p.rangesAdditive(comps, work)
		if r == nil {
			sol.ranges = nil
			break
		}
		if sol.ranges == nil {
			sol.ranges = r
			continue
		}
		for i := range r {
			for v, ok := range r[i] {
				sol.ranges[i][v] = sol.ranges[i][v] || ok
			}
		}
	}
	<-done
}

// countParts fills sol's exact count over the parts live or, when a part has none, guaranteed
// bounds (exact where a part has its count).
func (p *problem) countParts(sol *solution, live [][]*comp) {
	sol.count = new(big.Int)
	exact := make([]*big.Int, len(live))
	for x, comps := range live {
		n, note := p.countAdditive(comps)
		if n == nil {
			sol.count, sol.countNote = nil, note
			break
		}
		exact[x] = n
		sol.count.Add(sol.count, n)
	}
	if sol.count != nil {
		return
	}
	sol.countLo, sol.countHi = new(big.Int), new(big.Int)
	for x, comps := range live {
		lo, hi := exact[x], exact[x]
		if lo == nil {
			lo, hi = p.countBounds(comps, len(live))
		}
		if lo == nil {
			sol.countLo, sol.countHi = nil, nil
			return
		}
		sol.countLo.Add(sol.countLo, lo)
		sol.countHi.Add(sol.countHi, hi)
	}
}

// acceptableEntries returns the entries of the frontier f with at least one acceptable
// outcome, each standing for its acceptable outcomes only; ok is false when f has more than
// frontierCheckLimit outcomes.
func (p *problem) acceptableEntries(f frontier) (frontier, bool) {
	seen := 0.0
	af := &afront{}
	for e := 0; e < f.Len(); e++ {
		if !p.reaches(f.Vec(e)) {
			continue
		}
		var os []parley.Outcome
		f.Each(e, func(o parley.Outcome) bool {
			seen++
			if p.allows(o) {
				os = append(os, slices.Clone(o))
			}
			return seen <= frontierCheckLimit
		})
		if seen > frontierCheckLimit {
			return nil, false
		}
		if len(os) > 0 {
			af.es = append(af.es, &aentry{u: slices.Clone(f.Vec(e)), os: os})
		}
	}
	return af, true
}

// frontierCheckLimit is the most outcomes frontierAllowed checks.
const frontierCheckLimit = 1e6

// frontierAllowed reports whether every outcome of the frontier f respects every red line;
// false also when f has more than frontierCheckLimit outcomes.
func (p *problem) frontierAllowed(f frontier) bool {
	if forceSplit {
		return false
	}
	seen := 0.0
	ok := true
	for e := 0; e < f.Len() && ok; e++ {
		f.Each(e, func(o parley.Outcome) bool {
			seen++
			ok = seen <= frontierCheckLimit && p.allows(o)
			return ok
		})
	}
	return ok
}

// forceSplit, set only by tests, makes analyzeAdditive split the space by the red lines
// over several issues whenever they split within the limits.
var forceSplit bool

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (p *problem) methodWords(comps []*comp) string {
	s := fmt.Sprintf("additive merge over %d issues", len(p.s.Issues))
	linked, composite := 0, 0
	for _, c := range comps {
		if len(c.issues) > 1 {
			linked += len(c.issues)
			composite++
		}
	}
	if composite > 0 {
		plural := "s"
		if composite == 1 {
			plural = ""
		}
		s += fmt.Sprintf(" (%d issues linked by red lines merged into %d composite issue%s)", linked, composite, plural)
	}
	return s
}

// binding reports whether some outcome of comps falls below a reservation value.
func (p *problem) binding(comps []*comp) bool {
	for i := 0; i < p.k; i++ {
		lo := 0.0
		for _, c := range comps {
			m := math.Inf(1)
			for v := 0; v < c.n(); v++ {
				m = math.Min(m, c.u[v*p.k+i])
			}
			lo += m
		}
		if lo < p.res[i]-Tol {
			return true
		}
	}
	return false
}

// rangesAdditive returns, for every issue, the values that occur in some acceptable outcome:
// for each component, the frontier of the other components is merged and each of the
// component's values is checked against it.
func (p *problem) rangesAdditive(comps []*comp, work *float64) [][]bool {
	k := p.k
	ranges := make([][]bool, len(p.s.Issues))
	for i := range ranges {
		ranges[i] = make([]bool, p.sizes[i])
	}
	mark := func(c *comp, v int) {
		for t, i := range c.issues {
			ranges[i][c.vals[v*len(c.issues)+t]] = true
		}
	}
	if !p.binding(comps) {
		for _, c := range comps {
			for v := 0; v < c.n(); v++ {
				mark(c, v)
			}
		}
		return ranges
	}
	if k == 2 && len(comps) > 2 {
		if p.rangesTwo(comps, mark, work) {
			return ranges
		}
		return nil
	}
	for x, c := range comps {
		others := make([]*comp, 0, len(comps)-1)
		others = append(others, comps[:x]...)
		others = append(others, comps[x+1:]...)
		best := make([]float64, k)
		for i := range best {
			best[i] = math.Inf(-1)
			for v := 0; v < c.n(); v++ {
				best[i] = math.Max(best[i], c.u[v*k+i])
			}
		}
		q := *p
		q.opt.Progress = nil // the main merges report progress; these are quick
		rest, err := q.merge(others, best, work)
		if err != nil {
			return nil
		}
		if rest == nil {
			continue
		}
		need := make([]float64, k)
		for v := 0; v < c.n(); v++ {
			for i := range need {
				need[i] = p.res[i] - Tol - c.u[v*k+i]
			}
			for e := 0; e < rest.Len(); e++ {
				if atLeast(rest.Vec(e), need) {
					mark(c, v)
					break
				}
			}
		}
	}
	return ranges
}

func atLeast(u, need []float64) bool {
	for i := range u {
		if u[i] < need[i] {
			return false
		}
	}
	return true
}

// rangesTwo marks the values of comps found in some outcome that reaches both reservation
// values, for two deciders: the frontiers of every prefix and every suffix of comps are
// merged once (2m merges, not m merges of m-1 components), and a value v of component c
// is in when some point p of the prefix before c and some point s of the suffix after c
// give p + s + u(v) >= the reservation values. On a two-dimensional frontier sorted by the
// first utility, the best second utility given a floor on the first is the point with the
// smallest first utility above the floor: one binary search per (v, p). It returns false
// past the work budget.
func (p *problem) rangesTwo(comps []*comp, mark func(*comp, int), work *float64) bool {
	m := len(comps)
	budget := p.opt.MaxWork * mergeShare
	// front2 merges a frontier with a component's groups; points sorted by u0 ascending.
	step := func(f []float64, c *comp) []float64 {
		cand := float64(len(f)/2) * float64(len(c.groups))
		if *work+cand > budget {
			*work += cand
			return nil
		}
		u := make([]float64, 0, len(f)*len(c.groups))
		for x := 0; x < len(f); x += 2 {
			for _, g := range c.groups {
				u = append(u, f[x]+g.u[0], f[x+1]+g.u[1])
			}
		}
		*work += float64(len(u) / 2)
		keep := filter2(u) // highest u0 first
		out := make([]float64, 0, 2*len(keep))
		for x := len(keep) - 1; x >= 0; x-- {
			i := keep[x]
			if n := len(out); n > 0 && tieKey(out[n-2]) == tieKey(u[2*i]) && tieKey(out[n-1]) == tieKey(u[2*i+1]) {
				continue // a tie: one point is enough to say what can be reached
			}
			out = append(out, u[2*i], u[2*i+1])
		}
		return out
	}
	prefix := make([][]float64, m+1)
	suffix := make([][]float64, m+1)
	prefix[0], suffix[m] = []float64{0, 0}, []float64{0, 0}
	for c := 0; c < m; c++ {
		prefix[c+1] = step(prefix[c], comps[c])
		if *work > budget {
			return false
		}
	}
	for c := m - 1; c >= 0; c-- {
		suffix[c] = step(suffix[c+1], comps[c])
		if *work > budget {
			return false
		}
	}
	r0, r1 := p.res[0]-Tol, p.res[1]-Tol
	for c, cm := range comps {
		pre, suf := prefix[c], suffix[c+1]
		ns := len(suf) / 2
		*work += float64(cm.n() * len(pre) / 2)
		if *work > budget {
			return false
		}
		for v := 0; v < cm.n(); v++ {
			a, b := cm.u[2*v], cm.u[2*v+1]
			for x := 0; x < len(pre); x += 2 {
				floor := r0 - a - pre[x]
				// The first suffix point with u0 >= floor (ascending u0; u1 descending).
				j := sort.Search(ns, func(j int) bool { return suf[2*j] >= floor })
				if j < ns && suf[2*j+1]+b+pre[x+1] >= r1 {
					mark(cm, v)
					break
				}
			}
		}
	}
	return true
}
