package analysis

import (
	"fmt"
	"math"
	"math/big"
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
	accComps := fullComps
	if len(p.lines) > 0 {
		accComps, err = p.components(true)
		if err != nil {
			if p.enumerable("red lines link many issues") == nil {
				return p.enumerate()
			}
			return nil, err
		}
	}
	sol := &solution{full: full, method: p.methodWords(accComps)}
	empty := false
	for _, c := range accComps {
		if c.n() == 0 {
			empty = true
		}
	}
	var acc *dag
	if !empty {
		acc, err = p.merge(accComps, make([]float64, p.k), &work)
		if err != nil {
			return nil, err
		}
	}
	if acc != nil {
		sol.acc = p.reaching(acc)
	} else {
		sol.acc = view{}
	}
	if sol.acc.Len() == 0 {
		sol.count = new(big.Int)
		sol.ranges = make([][]bool, len(p.s.Issues))
		for i := range sol.ranges {
			sol.ranges[i] = make([]bool, p.sizes[i])
		}
		return sol, nil
	}
	sol.count, sol.countNote = p.countAdditive(accComps)
	sol.ranges = p.rangesAdditive(accComps, &work)
	return sol, nil
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
		s += fmt.Sprintf(" (%d issues linked by red lines merged into %d composite issues)", linked, composite)
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
	countEnumLimit = 3e7 // outcomes counted one by one
	halfLimit      = 4e6 // partial outcomes per half in meet-in-the-middle
)

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
	if size <= countEnumLimit {
		return new(big.Int).SetUint64(p.countEnum(comps)), ""
	}
	if p.k <= 2 {
		if n, ok := p.countHalves(comps); ok {
			return n, ""
		}
	}
	return nil, fmt.Sprintf("not counted: the reservation values cut a space of %s outcomes, too many to count one by one, and no exact shortcut applies to %d parties", magnitude(size), p.k)
}

// countEnum counts the outcomes of comps that reach every reservation value, one by one.
func (p *problem) countEnum(comps []*comp) uint64 {
	k := p.k
	var n uint64
	var sums []float64
	sums = make([]float64, (len(comps)+1)*k)
	var walk func(c int)
	walk = func(c int) {
		if c == len(comps) {
			if p.reaches(sums[c*k : c*k+k]) {
				n++
			}
			return
		}
		cm := comps[c]
		for v := 0; v < cm.n(); v++ {
			for i := 0; i < k; i++ {
				sums[(c+1)*k+i] = sums[c*k+i] + cm.u[v*k+i]
			}
			walk(c + 1)
		}
	}
	walk(0)
	return n
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

// countHalves counts for one or two deciders by meet in the middle: the components are split
// into two halves, every partial sum of each half is listed, and the pairs whose sums reach
// the reservation values are counted with a sort and a Fenwick tree.
func (p *problem) countHalves(comps []*comp) (*big.Int, bool) {
	k := p.k
	// Split so that both halves stay small.
	sizeA, sizeB := 1.0, 1.0
	for _, c := range comps {
		sizeB *= float64(c.n())
	}
	cut := 0
	for cut < len(comps) && sizeA*float64(comps[cut].n()) <= math.Sqrt(sizeA*sizeB) {
		sizeA *= float64(comps[cut].n())
		sizeB /= float64(comps[cut].n())
		cut++
	}
	if sizeA > halfLimit || sizeB > halfLimit {
		return nil, false
	}
	a, b := halves(comps[:cut], k), halves(comps[cut:], k)
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
	r1 := p.res[1] - Tol
	na, nb := len(a)/2, len(b)/2
	// Pairs with a0+b0 >= r0 and a1+b1 >= r1. Sweep a by a0 descending; insert the b with
	// b0 >= r0 - a0 (an ever larger set) into a Fenwick tree over the ranks of b1.
	ia := make([]int32, na)
	sortDesc(ia, a, 2, 0)
	ib := make([]int32, nb)
	sortDesc(ib, b, 2, 0)
	b1 := make([]float64, nb)
	for i := range b1 {
		b1[i] = b[i*2+1]
	}
	sort.Float64s(b1)
	tree := make([]uint32, nb+1)
	var n uint64
	inserted := 0
	t := 0
	for _, x := range ia {
		for t < nb && b[int(ib[t])*2] >= r0-a[int(x)*2] {
			r := sort.SearchFloat64s(b1, b[int(ib[t])*2+1]) + 1
			for ; r <= nb; r += r & -r {
				tree[r]++
			}
			inserted++
			t++
		}
		// Inserted b with b1 >= r1 - a1: inserted minus those with smaller b1.
		below := sort.SearchFloat64s(b1, r1-a[int(x)*2+1])
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
		rest, err := p.merge(others, best, work)
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
