package analysis

import (
	"math"
	"math/big"
)

// boundCells is the size of the grid countBounds counts sums on.
const boundCells = 50000

// countBounds returns guaranteed bounds on the number of outcomes of comps that reach every
// reservation value, for when no exact count fits: for each decider, the number of outcomes
// whose sum reaches its reservation value is bounded from below and above by counting
// sums of utilities rounded down and up onto a grid (dynamic programming over the grid's
// cells, one component at a time); the count for all deciders together lies between
// max(0, sum of the lower bounds - (k-1) * all outcomes) and the least upper bound. Counts
// are carried in float64 and widened by far more than their rounding error.
//
// countGrid's bounds, far tighter (for more than three deciders, from the three most
// binding, and never looser than these), are given instead, with a parts-th of its work
// limit (comps being one of parts parts of the space).
func (p *problem) countBounds(comps []*comp, parts int) (lo, hi *big.Int) {
	if lo, hi, ok := p.countGrid(comps, gridWork/float64(max(1, parts))); ok {
		return lo, hi
	}
	total := 1.0
	for _, c := range comps {
		total *= float64(c.n())
	}
	if math.IsInf(total, 0) || total == 0 {
		return nil, nil
	}
	sumLo, minHi := 0.0, total
	for i := 0; i < p.k; i++ {
		l, h := p.countOne(comps, i)
		sumLo += l
		minHi = math.Min(minHi, h)
	}
	low := math.Max(0, sumLo-float64(p.k-1)*total) * (1 - 1e-9)
	high := math.Min(total, minHi*(1+1e-9))
	lo, _ = new(big.Float).SetFloat64(math.Floor(low)).Int(nil)
	hi, _ = new(big.Float).SetFloat64(math.Ceil(high)).Int(nil)
	return lo, hi
}

// countOne bounds the number of outcomes of comps whose utility for decider i reaches its
// reservation value.
func (p *problem) countOne(comps []*comp, i int) (lo, hi float64) {
	k := p.k
	base, span := 0.0, 0.0
	mins := make([]float64, len(comps))
	for x, c := range comps {
		mn, mx := math.Inf(1), math.Inf(-1)
		for v := 0; v < c.n(); v++ {
			mn, mx = math.Min(mn, c.u[v*k+i]), math.Max(mx, c.u[v*k+i])
		}
		mins[x] = mn
		base += mn
		span += mx - mn
	}
	need := p.res[i] - Tol - base
	if need <= 0 {
		n := 1.0
		for _, c := range comps {
			n *= float64(c.n())
		}
		return n, n
	}
	if need > span+1e-12 {
		return 0, 0
	}
	delta := span / boundCells
	if delta == 0 {
		delta = 1
	}
	// Rounding noise in the divisions only ever moves a sum one cell the safe way.
	const eps = 1e-6
	count := func(round func(float64) float64, r float64) float64 {
		cells := int(r) + 1 // sums at or beyond r are kept in the last cell
		dp := make([]float64, cells)
		next := make([]float64, cells)
		dp[0] = 1
		for x, c := range comps {
			for j := range next {
				next[j] = 0
			}
			for v := 0; v < c.n(); v++ {
				q := max(0, int(round((c.u[v*k+i]-mins[x])/delta)))
				for j, n := range dp {
					if n != 0 {
						next[min(cells-1, j+q)] += n
					}
				}
			}
			dp, next = next, dp
		}
		return dp[cells-1]
	}
	lo = count(func(x float64) float64 { return math.Floor(x - eps) }, math.Ceil(need/delta+eps))
	hi = count(func(x float64) float64 { return math.Ceil(x + eps) }, math.Max(0, math.Ceil(need/delta-eps)))
	return lo, hi
}
