package analysis

import (
	"fmt"
	"math/big"
	"slices"

	"parley"
)

// analyzeRects computes the frontiers with the region method, for spaces too large to
// enumerate quickly. It returns nil and no error when the method does not apply (small
// spaces, red lines over several issues) or ran out of its budget on a space that can
// still be enumerated; the caller then enumerates.
func (p *problem) analyzeRects() (*solution, error) {
	size, _ := new(big.Float).SetInt(p.s.Size()).Float64()
	if size < rectMinSize || !p.rectApplicable() {
		return nil, nil
	}
	budget := p.opt.MaxWork * rectNodeShare
	giveUp := func() (*solution, error) {
		if p.enumerable("") == nil {
			return nil, nil
		}
		return nil, noExact("the profiles have rectangle terms and the exact region search would need more than %s nodes on this space of %s outcomes, too many to enumerate as well; no exact method fits (a seeded approximation, labelled as such, can estimate the frontier)", magnitude(budget), magnitudeBig(p.s.Size()))
	}
	full := p.newRectSearch(false, budget)
	full.search()
	if full.exceeded {
		return giveUp()
	}
	used := full.nodes
	sol := &solution{full: full.front}
	if len(p.lines) == 0 {
		sol.acc = p.reaching(full.front)
	} else {
		acc := p.newRectSearch(true, budget-used)
		empty := false
		for i := range acc.dom {
			empty = empty || len(acc.dom[i]) == 0
		}
		if !empty {
			acc.accOnly = true
			acc.search()
			if acc.exceeded {
				return giveUp()
			}
			used += acc.nodes
			sol.acc = p.reaching(acc.front)
		} else {
			sol.acc = view{}
		}
	}
	sol.method = fmt.Sprintf("region search over the rectangle terms (%s nodes for %s outcomes)", magnitude(used), magnitudeBig(p.s.Size()))
	count := p.newRectSearch(true, budget-used)
	n, done := count.count()
	if done {
		sol.count = n
	} else {
		sol.countNote = "not computed: counting the acceptable outcomes region by region would exceed the work limit"
	}
	used += count.nodes
	sol.ranges = p.rectRanges(sol.acc, budget-used)
	if (sol.count == nil || sol.ranges == nil) && p.countEnumerable() {
		// The region search splits the space finely along a binding reservation value;
		// on a space this small, one pass over every outcome settles both.
		sol.count, sol.ranges = p.enumerateCount()
		sol.countNote = ""
	}
	return sol, nil
}

// enumCountLimit is the largest space whose acceptable outcomes and ranges are found by
// enumeration when the region search cannot settle them within its budget: about 2 s on
// one core.
const enumCountLimit = 1e8

// countEnumerable reports whether enumerateCount fits the limits.
func (p *problem) countEnumerable() bool {
	size, _ := new(big.Float).SetInt(p.s.Size()).Float64()
	return size <= min(enumCountLimit, p.opt.MaxWork)
}

// count returns the number of acceptable outcomes, or done=false past the budget.
func (r *rsearch) count() (*big.Int, bool) {
	total := new(big.Int)
	for i := range r.dom {
		if len(r.dom[i]) == 0 {
			return total, true
		}
	}
	var walk func()
	walk = func() {
		if r.exceeded {
			return
		}
		if r.nodes++; r.nodes > r.budget {
			r.exceeded = true
			return
		}
		all := true
		for d := range r.k {
			if r.hi(d) < r.p.res[d]-Tol {
				return
			}
			all = all && r.lo(d) >= r.p.res[d]-Tol
		}
		if all {
			n := big.NewInt(1)
			for i, vs := range r.assigned {
				if vs == nil {
					n.Mul(n, big.NewInt(int64(len(r.dom[i]))))
				} else {
					n.Mul(n, big.NewInt(int64(len(vs))))
				}
			}
			total.Add(total, n)
			return
		}
		i := r.next()
		if i < 0 {
			return // every issue fixed yet not every reservation reached
		}
		for _, vs := range r.regions(i) {
			ch := r.assign(i, vs, vs[0])
			walk()
			r.unassign(i, vs[0], ch)
		}
	}
	walk()
	return total, !r.exceeded
}

// rectRanges returns, per issue, the values found in some acceptable outcome, or nil past
// the budget. Values on the acceptable frontier are in; every other value is settled by a
// search for one acceptable outcome that takes it.
func (p *problem) rectRanges(acc frontier, budget float64) [][]bool {
	n := len(p.s.Issues)
	ranges := make([][]bool, n)
	for i := range ranges {
		ranges[i] = make([]bool, p.sizes[i])
	}
	for e := 0; e < acc.Len(); e++ {
		if f, ok := acc.(view); ok {
			if rf, ok := f.f.(*rfront); ok {
				for _, reg := range rf.es[f.idx[e]].regions {
					for i, vs := range reg {
						for _, v := range vs {
							ranges[i][v] = true
						}
					}
				}
			}
		}
	}
	r := p.newRectSearch(true, budget)
	for i := range n {
		for _, v := range r.dom[i] {
			if ranges[i][v] {
				continue
			}
			dom := r.dom[i]
			r.dom[i] = []int{v}
			found := r.feasible()
			r.dom[i] = dom
			if r.exceeded {
				return nil
			}
			ranges[i][v] = found
		}
	}
	return ranges
}

// feasible reports whether some outcome within the domains is acceptable.
func (r *rsearch) feasible() bool {
	if r.nodes++; r.nodes > r.budget {
		r.exceeded = true
		return false
	}
	all := true
	for d := range r.k {
		if r.hi(d) < r.p.res[d]-Tol {
			return false
		}
		all = all && r.lo(d) >= r.p.res[d]-Tol
	}
	if all {
		return true
	}
	i := r.next()
	if i < 0 {
		return false
	}
	for _, vs := range r.regions(i) {
		ch := r.assign(i, vs, vs[0])
		ok := r.feasible()
		r.unassign(i, vs[0], ch)
		if ok || r.exceeded {
			return ok
		}
	}
	return false
}

// RegionFrontier returns the distinct utility vectors of the Pareto frontier of s (red lines
// ignored; utilities of the deciders, as in Result), computed by the region method whatever
// the size of the space, with the number of tied outcomes of each, sorted like
// Result.Pareto. Unlike Result.Pareto it is never cut at MaxListed, which a frontier of a
// few points can reach when each point stands for millions of tied outcomes. It fails
// when the method does not apply (red lines over several issues) or needs more nodes than
// opt.MaxWork allows.
func RegionFrontier(s *parley.Scenario, opt Options) ([][]float64, []*big.Int, error) {
	p, err := newProblem(s, opt)
	if err != nil {
		return nil, nil, err
	}
	if !p.rectApplicable() {
		return nil, nil, invalid("the region method does not apply: a red line bounds several issues")
	}
	budget := p.opt.MaxWork * rectNodeShare
	r := p.newRectSearch(false, budget)
	r.search()
	if r.exceeded {
		return nil, nil, tooLarge("the region search would need more than %s nodes on this space of %s outcomes", magnitude(budget), magnitudeBig(s.Size()))
	}
	es := slices.Clone(r.front.es)
	slices.SortFunc(es, func(a, b *rentry) int { return cmpVec(a.u, b.u) })
	vecs := make([][]float64, len(es))
	counts := make([]*big.Int, len(es))
	for i, e := range es {
		vecs[i] = e.u
		for _, reg := range e.regions {
			if counts[i] == nil {
				counts[i] = new(big.Int)
			}
			counts[i].Add(counts[i], reg.size())
		}
	}
	return vecs, counts, nil
}
