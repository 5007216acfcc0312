package analysis

import (
	"cmp"
	"math"
	"math/big"
	"slices"

	"parley"
)

// frontier is a Pareto frontier stored compactly: one entry per distinct utility vector,
// each standing for one or more tied outcomes.
type frontier interface {
	Len() int
	Vec(i int) []float64
	Count(i int) *big.Int
	Each(i int, f func(parley.Outcome) bool)
}

// view is the part of a frontier whose entries are listed in idx.
type view struct {
	f   frontier
	idx []int
}

func (v view) Len() int                                { return len(v.idx) }
func (v view) Vec(i int) []float64                     { return v.f.Vec(v.idx[i]) }
func (v view) Count(i int) *big.Int                    { return v.f.Count(v.idx[i]) }
func (v view) Each(i int, f func(parley.Outcome) bool) { v.f.Each(v.idx[i], f) }

// reaching returns the entries of f that meet every reservation value.
func (p *problem) reaching(f frontier) frontier {
	if f == nil {
		return view{}
	}
	var idx []int
	for i := 0; i < f.Len(); i++ {
		if p.reaches(f.Vec(i)) {
			idx = append(idx, i)
		}
	}
	return view{f, idx}
}

// solution is what a method computed, before it is turned into a Result.
type solution struct {
	method    string
	full      frontier // frontier of the whole space
	acc       frontier // frontier of the acceptable outcomes (all of its entries acceptable)
	count     *big.Int // acceptable outcomes, nil if unknown
	countNote string
	// When count is nil: guaranteed bounds on it, nil if unknown.
	countLo, countHi *big.Int
	ranges           [][]bool // per issue, per value: in some acceptable outcome
	// paretoAcc is the number of acceptable outcomes on the whole frontier when the method
	// knows it (nil: finish computes it from the two frontiers).
	paretoAcc *big.Int
}

// finish fills r from sol.
func (p *problem) finish(r *Result, sol *solution) {
	r.Method = sol.method
	r.Acceptable, r.AcceptableNote = sol.count, sol.countNote
	if sol.count == nil && sol.countLo != nil && sol.countHi != nil {
		r.AcceptableAtLeast, r.AcceptableAtMost = sol.countLo, sol.countHi
	}
	total := new(big.Int)
	r.Pareto = p.list(sol.full, allEntries(sol.full), total)
	r.ParetoCount = total
	r.Truncated = total.Cmp(big.NewInt(int64(len(r.Pareto)))) > 0
	for i, a := range sol.ranges {
		r.Ranges = append(r.Ranges, Range{Issue: i, Allowed: a})
	}
	if sol.ranges == nil {
		r.RangesNote = "not computed: finding each issue's range would exceed the work limit"
	}
	acc := sol.acc
	if acc == nil {
		acc = view{}
	}
	accTotal := new(big.Int)
	r.AcceptablePareto = p.list(acc, allEntries(acc), accTotal)
	r.AcceptableParetoCount = accTotal
	r.ParetoAcceptableCount = sol.paretoAcc
	if r.ParetoAcceptableCount == nil {
		r.ParetoAcceptableCount = p.paretoAcceptable(sol.full, acc)
	}
	r.Best = make([]float64, p.k)
	for i := range r.Best {
		r.Best[i] = math.NaN()
		for e := 0; e < acc.Len(); e++ {
			if x := acc.Vec(e)[i]; math.IsNaN(r.Best[i]) || x > r.Best[i] {
				r.Best[i] = x
			}
		}
	}
	d := p.res
	r.Nash, r.NashCount = p.bargain(acc, func(u []float64) float64 {
		v := 1.0
		for i := range u {
			if u[i] <= d[i]+Tol {
				return math.NaN()
			}
			v *= u[i] - d[i]
		}
		return v
	})
	r.KalaiSmorodinsky, r.KalaiSmorodinskyCount = p.bargain(acc, func(u []float64) float64 {
		v := math.Inf(1)
		for i := range u {
			x := 1.0
			if span := r.Best[i] - d[i]; span > Tol {
				x = (u[i] - d[i]) / span
			}
			v = math.Min(v, x)
		}
		return v
	})
	r.Egalitarian, r.EgalitarianCount = p.bargain(acc, func(u []float64) float64 {
		v := math.Inf(1)
		for i := range u {
			v = math.Min(v, u[i]-d[i])
		}
		return v
	})
	r.Utilitarian, r.UtilitarianCount = p.bargain(acc, func(u []float64) float64 {
		v := 0.0
		for _, x := range u {
			v += x
		}
		return v
	})
}

func allEntries(f frontier) []int {
	idx := make([]int, f.Len())
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// bargain returns the outcomes of acc whose value under val is within tolerance of the best.
// val returns NaN for an outcome that does not qualify.
func (p *problem) bargain(acc frontier, val func([]float64) float64) ([]Point, *big.Int) {
	best := math.Inf(-1)
	vals := make([]float64, acc.Len())
	for e := range vals {
		vals[e] = val(acc.Vec(e))
		if !math.IsNaN(vals[e]) && vals[e] > best {
			best = vals[e]
		}
	}
	if math.IsInf(best, -1) {
		return nil, new(big.Int)
	}
	tol := Tol * math.Max(1, math.Abs(best))
	var idx []int
	for e, v := range vals {
		if v >= best-tol {
			idx = append(idx, e)
		}
	}
	total := new(big.Int)
	return p.list(acc, idx, total), total
}

// paretoAcceptable returns the number of outcomes on the frontier full that are acceptable:
// those of the acceptable frontier acc whose vectors no point of full dominates (an
// acceptable outcome on the whole frontier is on the acceptable one too).
func (p *problem) paretoAcceptable(full, acc frontier) *big.Int {
	total := new(big.Int)
	if full == nil || acc == nil {
		return total
	}
	if _, isView := full.(view); isView {
		panic("analysis: the whole frontier is never a view")
	}
	if v, ok := acc.(view); acc == full || ok && v.f == full {
		for e := 0; e < acc.Len(); e++ {
			total.Add(total, acc.Count(e))
		}
		return total
	}
	k, nf := p.k, full.Len()
	u := make([]float64, 0, (nf+acc.Len())*k)
	for e := 0; e < nf; e++ {
		u = append(u, full.Vec(e)...)
	}
	for e := 0; e < acc.Len(); e++ {
		u = append(u, acc.Vec(e)...)
	}
	for _, x := range filterFlatW(u, k, p.opt.Workers) {
		if int(x) >= nf {
			total.Add(total, acc.Count(int(x)-nf))
		}
	}
	return total
}

// listLimit is the number of outcomes list returns at most: MaxListed, fewer when outcomes
// are long, so that each list stays within about 40 MB (the analysis of any input within
// 300 MiB).
func (p *problem) listLimit() int {
	per := 8 * (len(p.s.Issues) + p.k + len(p.mediators) + 8)
	return max(1, min(MaxListed, 40<<20/per))
}

// list returns the points of the entries idx of f, sorted, at most listLimit; it adds the
// number of outcomes of those entries to total when total is not nil.
func (p *problem) list(f frontier, idx []int, total *big.Int) []Point {
	slices.SortStableFunc(idx, func(a, b int) int { return cmpVec(f.Vec(a), f.Vec(b)) })
	var pts []Point
	limit := p.listLimit()
	// One outcome of every distinct utility vector first, so that a cut drops tied
	// outcomes, never a vector; then the other tied outcomes while there is room.
	for _, e := range idx {
		if total != nil {
			total.Add(total, f.Count(e))
		}
		if len(pts) < limit {
			f.Each(e, func(o parley.Outcome) bool {
				pts = append(pts, p.point(o))
				return false
			})
		}
	}
	for _, e := range idx {
		if len(pts) >= limit {
			break
		}
		if f.Count(e).Cmp(big.NewInt(1)) <= 0 {
			continue
		}
		first := true
		f.Each(e, func(o parley.Outcome) bool {
			if first {
				first = false
				return true
			}
			pts = append(pts, p.point(o))
			return len(pts) < limit
		})
	}
	slices.SortFunc(pts, func(a, b Point) int {
		if c := cmpVec(a.Utility, b.Utility); c != 0 {
			return c
		}
		return slices.Compare(a.Outcome, b.Outcome)
	})
	return pts
}

// cmpVec orders utility vectors by the first decider's utility, highest first, then the next.
func cmpVec(a, b []float64) int {
	for i := range a {
		if c := cmp.Compare(b[i], a[i]); c != 0 {
			return c
		}
	}
	return 0
}

// eachFunc returns a function that streams every outcome of f, entries sorted like a list.
func (p *problem) eachFunc(f frontier) func(func(Point) bool) {
	return func(fn func(Point) bool) {
		idx := allEntries(f)
		slices.SortStableFunc(idx, func(a, b int) int { return cmpVec(f.Vec(a), f.Vec(b)) })
		for _, e := range idx {
			more := true
			f.Each(e, func(o parley.Outcome) bool {
				more = fn(p.point(o))
				return more
			})
			if !more {
				return
			}
		}
	}
}
