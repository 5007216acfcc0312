package analysis

import (
	"cmp"
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
	full, err := p.merge(fullComps, nil, &work)
	if err != nil {
		if p.enumerable("the frontier is too large to merge") == nil {
			return p.enumerate()
		}
		return nil, err
	}
	// The acceptable space: one part (the issues linked by red lines merged into composite
	// issues), or, when the red lines link too many combinations, the parts they split it
	// into.
	parts := [][]*comp{fullComps}
	var free []*comp // with a split: the components every part shares
	method := ""
	if len(p.lines) > 0 {
		accComps, err := p.components(true)
		if forceSplit && err == nil {
			err = invalid("split forced by a test")
		}
		switch {
		case err == nil:
			parts = [][]*comp{accComps}
			method = p.methodWords(accComps)
		default:
			f, split, ok := p.splitParts()
			if !ok {
				if p.enumerable("red lines link many issues") == nil {
					return p.enumerate()
				}
				return nil, err
			}
			free, parts = f, split
			method = fmt.Sprintf("additive merge over %d issues, in %s part%s that the red lines over several issues split the space into",
				len(p.s.Issues), commas(uint64(len(parts))), plural(len(parts)))
		}
	} else {
		method = p.methodWords(fullComps)
	}
	sol := &solution{full: full, method: method}
	shortcutPossible := len(p.lines) > 0 && p.frontierAllowed(full)
	var base *dag // with a split: the shared frontier of the free components
	if free != nil && !shortcutPossible {
		base, err = p.merge(free, p.linkedBest(parts), &work)
		if err != nil {
			return nil, err
		}
		if base == nil {
			parts = nil // the free issues alone cannot reach the reservation values
		}
	}
	// When no outcome of the whole frontier crosses a red line, the frontier of the
	// acceptable outcomes is the whole frontier's part that reaches the reservation values:
	// sparse red lines that cut nothing on the frontier cost no merge.
	shortcut := shortcutPossible
	var accs []frontier
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
	var live [][]*comp
	for _, own := range parts {
		comps := own
		if free != nil {
			comps = append(slices.Clone(free), own...)
		}
		empty := false
		for _, c := range comps {
			if c.n() == 0 {
				empty = true
			}
		}
		var acc *dag
		switch {
		case empty:
			continue
		case shortcut:
			live = append(live, comps)
			continue
		case len(p.lines) == 0 && !p.binding(comps):
			acc = full // every outcome is acceptable
		case base != nil:
			acc, err = p.mergeFrom(base, own, make([]float64, p.k), seeds, &work)
		default:
			acc, err = p.mergeFrom(nil, comps, make([]float64, p.k), seeds, &work)
		}
		if err != nil {
			return nil, err
		}
		live = append(live, comps)
		if acc != nil {
			if v := p.reaching(acc); v.Len() > 0 {
				accs = append(accs, v)
			}
		}
	}
	switch len(accs) {
	case 0:
		sol.acc = view{}
	case 1:
		sol.acc = accs[0]
	default:
		sol.acc = newMulti(accs, p.k, p.opt.Workers)
	}
	if sol.acc.Len() == 0 {
		sol.count = new(big.Int)
		sol.ranges = make([][]bool, len(p.s.Issues))
		for i := range sol.ranges {
			sol.ranges[i] = make([]bool, p.sizes[i])
		}
		return sol, nil
	}
	// The count and the ranges are independent: with two workers or more, side by side.
	done := make(chan struct{})
	go func() {
		defer close(done)
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
		// Guaranteed bounds instead, part by part.
		sol.countLo, sol.countHi = new(big.Int), new(big.Int)
		for x, comps := range live {
			lo, hi := exact[x], exact[x]
			if lo == nil {
				lo, hi = p.countBounds(comps)
			}
			if lo == nil {
				sol.countLo, sol.countHi = nil, nil
				return
			}
			sol.countLo.Add(sol.countLo, lo)
			sol.countHi.Add(sol.countHi, hi)
		}
	}()
	if p.opt.Workers < 2 {
		<-done
	}
	for _, comps := range live {
		r := p.rangesAdditive(comps, &work)
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
	return sol, nil
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

// Limits of the exact counting methods.
const (
	countBranchLimit = 3e7 // partial outcomes visited by branch and bound
	distinctLimit    = 5e5 // distinct partial sums kept by countDistinct (about 200 bytes each)
	halfLimit        = 4e6 // partial outcomes per half in meet-in-the-middle (about 80 bytes each)
)

// forceCount, set only by tests, names the one counting method countAdditive uses.
var forceCount string

// countAdditive counts the acceptable outcomes exactly when a method applies.
func (p *problem) countAdditive(comps []*comp) (*big.Int, string) {
	total := big.NewInt(1)
	size := 1.0
	for _, c := range comps {
		total.Mul(total, big.NewInt(int64(c.n())))
		size *= float64(c.n())
	}
	if !p.binding(comps) {
		return total, ""
	}
	if forceCount != "" {
		// Tests pick one method to compare it with brute force on small spaces.
		var n *big.Int
		ok := false
		switch forceCount {
		case "halves":
			n, ok = p.countHalves(comps)
		case "distinct":
			n, ok = p.countDistinct(comps, distinctLimit)
		case "branch":
			n, ok = p.countBranch(comps, countBranchLimit)
		}
		if ok {
			return n, ""
		}
		return nil, "not counted: the forced method " + forceCount + " does not apply"
	}
	if p.k <= 3 {
		if n, ok := p.countHalves(comps); ok {
			return n, ""
		}
	}
	// Branch and bound visits at most about the whole space: when that is small enough it
	// always finishes. Beyond, distinct sums first, which win when utilities often tie.
	if size > countBranchLimit {
		if n, ok := p.countDistinct(comps, distinctLimit); ok {
			return n, ""
		}
	}
	if n, ok := p.countBranch(comps, countBranchLimit); ok {
		return n, ""
	}
	return nil, fmt.Sprintf("not counted: the reservation values cut a space of %s outcomes along a boundary too long to count exactly (more than %s partial outcomes)", magnitude(size), magnitude(countBranchLimit))
}

// countDistinct counts the outcomes of comps that reach every reservation value by dynamic
// programming over the distinct partial sums (ties merged, with their numbers of partial
// outcomes): partial sums that cannot reach a reservation value are dropped, those that reach
// all of them whatever follows are counted whole. It gives up when more than limit distinct
// sums are alive, as happens when utilities rarely tie.
func (p *problem) countDistinct(comps []*comp, limit int) (*big.Int, bool) {
	k, m := p.k, len(comps)
	if k > maxKey {
		return nil, false
	}
	hi, lo, suffix := bounds(comps, k)
	type state struct {
		u   [maxKey]float64
		cnt big.Int
	}
	states := []*state{{}}
	states[0].cnt.SetInt64(1)
	total := new(big.Int)
	t := new(big.Int)
	for c := 0; c < m; c++ {
		cm := comps[c]
		index := map[[maxKey]int64]int{}
		var next []*state
		for _, st := range states {
		values:
			for v := 0; v < cm.n(); v++ {
				var u [maxKey]float64
				var key [maxKey]int64
				all := true
				for i := 0; i < k; i++ {
					u[i] = st.u[i] + cm.u[v*k+i]
					if u[i]+hi[(c+1)*k+i] < p.res[i]-Tol {
						continue values
					}
					if u[i]+lo[(c+1)*k+i] < p.res[i]-Tol {
						all = false
					}
					key[i] = tieKey(u[i])
				}
				if all {
					total.Add(total, t.Mul(&st.cnt, suffix[c+1]))
					continue
				}
				x, ok := index[key]
				if !ok {
					if len(next) >= limit {
						return nil, false
					}
					x = len(next)
					index[key] = x
					next = append(next, &state{u: u})
				}
				next[x].cnt.Add(&next[x].cnt, &st.cnt)
			}
		}
		states = next
	}
	return total, true
}

// maxKey is the largest number of deciders countDistinct handles.
const maxKey = 6

// bounds returns, for each c, the highest and lowest sums each decider can get from
// components c, c+1, ... (k per c) and the number of their combinations.
func bounds(comps []*comp, k int) (hi, lo []float64, suffix []*big.Int) {
	m := len(comps)
	hi = make([]float64, (m+1)*k)
	lo = make([]float64, (m+1)*k)
	suffix = make([]*big.Int, m+1)
	suffix[m] = big.NewInt(1)
	for c := m - 1; c >= 0; c-- {
		suffix[c] = new(big.Int).Mul(suffix[c+1], big.NewInt(int64(comps[c].n())))
		for i := 0; i < k; i++ {
			mn, mx := math.Inf(1), math.Inf(-1)
			for v := 0; v < comps[c].n(); v++ {
				mn, mx = math.Min(mn, comps[c].u[v*k+i]), math.Max(mx, comps[c].u[v*k+i])
			}
			hi[c*k+i] = hi[(c+1)*k+i] + mx
			lo[c*k+i] = lo[(c+1)*k+i] + mn
		}
	}
	return hi, lo, suffix
}

// countBranch counts the outcomes of comps that reach every reservation value by branch and
// bound: a partial outcome that cannot reach some reservation value even with the best of
// the remaining components is dropped, one that reaches all of them even with the worst is
// counted whole. It gives up after visiting limit partial outcomes.
func (p *problem) countBranch(comps []*comp, limit float64) (*big.Int, bool) {
	k, m := p.k, len(comps)
	comps = slices.Clone(comps)
	spread := func(c *comp) float64 {
		s := 0.0
		for i := 0; i < k; i++ {
			lo, hi := math.Inf(1), math.Inf(-1)
			for v := 0; v < c.n(); v++ {
				lo, hi = math.Min(lo, c.u[v*k+i]), math.Max(hi, c.u[v*k+i])
			}
			s += hi - lo
		}
		return s
	}
	slices.SortStableFunc(comps, func(a, b *comp) int { return cmp.Compare(spread(b), spread(a)) })
	hi, lo, suffix := bounds(comps, k)
	total := new(big.Int)
	sums := make([]float64, (m+1)*k)
	visited := 0.0
	var walk func(c int) bool
	walk = func(c int) bool {
		all := true
		for i := 0; i < k; i++ {
			x := sums[c*k+i]
			if x+hi[c*k+i] < p.res[i]-Tol {
				return true
			}
			if x+lo[c*k+i] < p.res[i]-Tol {
				all = false
			}
		}
		if all {
			total.Add(total, suffix[c])
			return true
		}
		cm := comps[c]
		visited += float64(cm.n())
		if visited > limit {
			return false
		}
		for v := 0; v < cm.n(); v++ {
			for i := 0; i < k; i++ {
				sums[(c+1)*k+i] = sums[c*k+i] + cm.u[v*k+i]
			}
			if !walk(c + 1) {
				return false
			}
		}
		return true
	}
	if !walk(0) {
		return nil, false
	}
	return total, true
}

// halves lists every partial sum over comps, k per entry.
func halves(comps []*comp, k int) []float64 {
	out := make([]float64, k)
	for _, c := range comps {
		next := make([]float64, 0, len(out)*c.n())
		for x := 0; x < len(out); x += k {
			for v := 0; v < c.n(); v++ {
				for i := 0; i < k; i++ {
					next = append(next, out[x+i]+c.u[v*k+i])
				}
			}
		}
		out = next
	}
	return out
}

// countHalves counts for up to three deciders by meet in the middle: the components are split
// into two halves, every partial sum of each half is listed, and the pairs whose sums reach
// the reservation values are counted with a sort and a Fenwick tree.
func (p *problem) countHalves(comps []*comp) (*big.Int, bool) {
	k := p.k
	if k > 3 {
		return nil, false
	}
	// Split so that both halves stay small: largest components first, each to the half
	// with fewer partial sums so far.
	sorted := slices.Clone(comps)
	slices.SortStableFunc(sorted, func(x, y *comp) int { return y.n() - x.n() })
	var partA, partB []*comp
	sizeA, sizeB := 1.0, 1.0
	for _, c := range sorted {
		if sizeA <= sizeB {
			partA, sizeA = append(partA, c), sizeA*float64(c.n())
		} else {
			partB, sizeB = append(partB, c), sizeB*float64(c.n())
		}
	}
	limit := halfLimit
	if k == 3 {
		limit /= 8 // the three-party count is O(n log² n) and needs twice the memory
	}
	if sizeA > limit || sizeB > limit {
		return nil, false
	}
	a, b := halves(partA, k), halves(partB, k)
	r0 := p.res[0] - Tol
	if k == 1 {
		bs := append([]float64(nil), b...)
		sort.Float64s(bs)
		var n uint64
		for _, x := range a {
			n += uint64(len(bs) - sort.SearchFloat64s(bs, r0-x))
		}
		return new(big.Int).SetUint64(n), true
	}
	if k == 3 {
		return new(big.Int).SetUint64(countPairs3(a, b, p.res)), true
	}
	r1 := p.res[1] - Tol
	type pt struct{ x, y float64 }
	bounds := func(v []float64) (lo, hi pt) {
		lo, hi = pt{math.Inf(1), math.Inf(1)}, pt{math.Inf(-1), math.Inf(-1)}
		for i := 0; i < len(v); i += 2 {
			lo.x, lo.y = math.Min(lo.x, v[i]), math.Min(lo.y, v[i+1])
			hi.x, hi.y = math.Max(hi.x, v[i]), math.Max(hi.y, v[i+1])
		}
		return lo, hi
	}
	_, hiA := bounds(a)
	loB, hiB := bounds(b)
	// Drop the partial sums that cannot reach the reservation values whatever the other
	// half adds; count at once the a that reach them whatever b adds.
	var n uint64
	var as, bs []pt
	for i := 0; i < len(b); i += 2 {
		if b[i]+hiA.x >= r0 && b[i+1]+hiA.y >= r1 {
			bs = append(bs, pt{b[i], b[i+1]})
		}
	}
	nb := len(bs)
	for i := 0; i < len(a); i += 2 {
		switch {
		case a[i]+hiB.x < r0 || a[i+1]+hiB.y < r1:
		case a[i]+loB.x >= r0 && a[i+1]+loB.y >= r1:
			n += uint64(nb)
		default:
			as = append(as, pt{a[i], a[i+1]})
		}
	}
	// Pairs with a.x+b.x >= r0 and a.y+b.y >= r1. Sweep a by x ascending, so that r0 - a.x
	// falls and the b with b.x >= r0 - a.x form an ever larger set; insert them into a
	// Fenwick tree over the ranks of b.y.
	slices.SortFunc(as, func(p, q pt) int { return cmp.Compare(p.x, q.x) })
	slices.SortFunc(bs, func(p, q pt) int { return cmp.Compare(q.x, p.x) })
	ys := make([]float64, nb)
	for i, q := range bs {
		ys[i] = q.y
	}
	slices.Sort(ys)
	tree := make([]uint32, nb+1)
	inserted := 0
	for _, q := range as {
		for inserted < nb && bs[inserted].x >= r0-q.x {
			r, _ := slices.BinarySearch(ys, bs[inserted].y)
			for r++; r <= nb; r += r & -r {
				tree[r]++
			}
			inserted++
		}
		// Inserted b with b.y >= r1 - a.y: inserted minus those with smaller b.y.
		below, _ := slices.BinarySearch(ys, r1-q.y)
		var c uint64
		for r := below; r > 0; r -= r & -r {
			c += uint64(tree[r])
		}
		n += uint64(inserted) - c
	}
	return new(big.Int).SetUint64(n), true
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
