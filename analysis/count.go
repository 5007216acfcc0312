package analysis

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
)

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
	// For one or two deciders beyond meet in the middle, countBounds' tight bounds follow:
	// branch and bound gets a tenth of its budget, enough where the reservation values
	// decide most partial outcomes early.
	limit := countBranchLimit
	if p.k <= 2 && size > countBranchLimit {
		limit /= 10
	}
	if n, ok := p.countBranch(comps, limit); ok {
		return n, ""
	}
	return nil, fmt.Sprintf("not counted: the reservation values cut a space of %s outcomes along a boundary too long to count exactly (more than %s partial outcomes)", magnitude(size), magnitude(limit))
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
		// Random utilities hardly ever tie: when this component multiplied the sums
		// alive almost by its size and the next would pass the limit at that rate, give up
		// now rather than at the limit.
		if c+1 < m && float64(len(next)) >= 0.9*float64(len(states)*cm.n()) && 0.9*float64(len(next)*comps[c+1].n()) > float64(limit) {
			return nil, false
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
		out, all := p.decided(sums, hi, lo, c)
		if out {
			return true
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

// decided tells, for the partial sums of the first c components (sums[c*k:], k = p.k)
// with hi and lo the greatest and least sums the remaining components can add, whether no
// completion is acceptable (out) or every one is (all).
func (p *problem) decided(sums, hi, lo []float64, c int) (out, all bool) {
	k := p.k
	all = true
	for i := 0; i < k; i++ {
		x := sums[c*k+i]
		if x+hi[c*k+i] < p.res[i]-Tol {
			return true, false
		}
		if x+lo[c*k+i] < p.res[i]-Tol {
			all = false
		}
	}
	return false, all
}
