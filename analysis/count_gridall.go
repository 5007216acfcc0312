package analysis

import (
	"math"
	"math/big"
	"slices"
)

// gridAllCombos bounds the combinations of deviations countGridAll tries, one per decider.
const gridAllCombos = 200000

// countGridAll returns guaranteed bounds on the number of outcomes of comps that reach the
// reservation values of all deciders, for more than three of them: countGrid's method on one
// grid of one dimension per decider, coarser than countGrid's (the cells of every dimension
// multiply), within budget cell additions and gridCells cells. Where countGridMany's lower
// bound, from three deciders and a union bound on the others, falls to 0 once every decider
// refuses much of the space, this one counts the outcomes that clear every decider's line
// at once: an outcome counted by it and not acceptable deviates from its rounded sums by
// more than the threshold for some decider, which the Chernoff bound of each decider's
// deviation bounds, as in countGrid.
func (p *problem) countGridAll(comps []*comp, budget float64) (lo, hi *big.Int, ok bool) {
	if len(comps) == 0 {
		return nil, nil, false
	}
	g := p.newGridAll(comps, budget)
	if g == nil {
		return nil, nil, false
	}
	if g.none {
		return new(big.Int), new(big.Int), true
	}
	h, eps := g.run(comps, max(1, p.opt.Workers))
	loShare, hiShare := g.shares(h, eps)
	lo = roundBound(scaleShare(g.total, loShare, false), g.total, false)
	hi = roundBound(scaleShare(g.total, hiShare, true), g.total, true)
	return lo, hi, true
}

// gridAll is the set-up of countGridAll: one gridDim per decider, those that need no grid
// first (their dimension is flat), so that the last, which the programme runs through in
// one loop, is a binding decider's.
type gridAll struct {
	d     []*gridDim
	total *big.Int
	none  bool
}

// newGridAll chooses the grid step within the limits and quantises every term; nil when no
// step fits them.
func (p *problem) newGridAll(comps []*comp, budget float64) *gridAll {
	g := &gridAll{total: big.NewInt(1)}
	m := len(comps)
	mins, spans := make([][]float64, p.k), make([][]float64, p.k)
	need, free := make([]float64, p.k), make([]bool, p.k)
	for _, c := range comps {
		g.total.Mul(g.total, big.NewInt(int64(c.n())))
	}
	for i := range p.k {
		mins[i], spans[i] = make([]float64, m), make([]float64, m)
		base, span := 0.0, 0.0
		for x, c := range comps {
			lo, hi := math.Inf(1), math.Inf(-1)
			for v := range c.n() {
				lo, hi = math.Min(lo, c.u[v*p.k+i]), math.Max(hi, c.u[v*p.k+i])
			}
			mins[i][x], spans[i][x] = lo, hi-lo
			base += lo
			span += hi - lo
		}
		need[i] = p.res[i] - Tol - base
		free[i] = need[i] <= 0
		if need[i] > span*(1+1e-12)+1e-12 {
			g.none = true
			return g
		}
	}
	order := make([]int, 0, p.k)
	for _, want := range []bool{true, false} {
		for i := range p.k {
			if free[i] == want {
				order = append(order, i)
			}
		}
	}
	quantiseAll := func(delta float64) *gridAll {
		q := &gridAll{total: g.total}
		for _, i := range order {
			q.d = append(q.d, quantise(comps, p.k, i, mins[i], delta, need[i], free[i]))
		}
		return q
	}
	// The least step (found by bisection) whose programme fits, weighed on the grid itself.
	lo, hi := 1e-9, 1.0
	if hg := quantiseAll(hi); !hg.fits(comps, budget) {
		return nil
	}
	for range 40 {
		mid := math.Sqrt(lo * hi)
		if quantiseAll(mid).fits(comps, budget) {
			hi = mid
		} else {
			lo = mid
		}
		if hi < lo*1.02 {
			break
		}
	}
	g = quantiseAll(hi)
	for _, d := range g.d {
		if !d.free {
			d.chernoff(hi)
		}
	}
	return g
}

// fits reports whether g's programme stays within budget cell additions and gridCells
// cells; false too when some box is empty (the floor of a dimension beyond its most steps,
// by rounding: the grid says nothing then).
func (g *gridAll) fits(comps []*comp, budget float64) bool {
	work := 0.0
	for x, c := range comps {
		cells := 1.0
		for i := range g.d {
			lo, top := g.d[i].box(x + 1)
			if top < lo {
				return false
			}
			cells *= float64(top - lo + 1)
		}
		if cells > gridCells {
			return false
		}
		rows := cells / float64(g.widths(x + 1)[len(g.d)-1])
		// Each row costs about as much as 16 cells of its own, and a few more for finding
		// its destination in every dimension.
		prev := float64(product(g.widths(x)))
		work += (prev + float64(16+len(g.d))*rows) * float64(c.n())
	}
	return work <= budget
}

// widths returns the number of rounded sums of every dimension kept after x components.
func (g *gridAll) widths(x int) []int {
	w := make([]int, len(g.d))
	for i, d := range g.d {
		lo, top := d.box(x)
		w[i] = top - lo + 1
	}
	return w
}

func product(ns []int) int {
	n := 1
	for _, v := range ns {
		n *= v
	}
	return n
}

// run performs the dynamic programme and returns the final grid, row-major over the
// dimensions from their boxes' least (the last dimension's sums contiguous), the share of
// outcomes in each cell, and a bound on the relative rounding error of those shares: every
// share is a sum of non-negative terms, at each step at most a value's share of every cell
// of the grid before it.
func (g *gridAll) run(comps []*comp, workers int) (h []float64, eps float64) {
	most := 1
	for x := range comps {
		most = max(most, product(g.widths(x+1)))
	}
	h, next := make([]float64, 1, most), make([]float64, 0, most)
	h[0] = 1
	terms := 0.0
	for x, c := range comps {
		terms += float64(c.n()*len(h)) + 1
		next = next[:product(g.widths(x+1))]
		clear(next)
		n := c.n()
		w := 1 / float64(n)
		for j := range h {
			h[j] *= w
		}
		dw := g.widths(x + 1)
		rows := len(next) / dw[len(dw)-1]
		inChunks(rows, workers, func(a, b int) { g.step(x, n, h, next, a, b) })
		h, next = next, h
	}
	return h, (terms + float64(len(h)*len(g.d)) + 8) * 0x1p-52
}

// step adds the n values of component x into the rows a to b of next, from h.
func (g *gridAll) step(x, n int, h, next []float64, a, b int) {
	k := len(g.d)
	sw, dw := g.widths(x), g.widths(x+1)
	slo, dlo := make([]int, k), make([]int, k)
	for i, d := range g.d {
		slo[i], _ = d.box(x)
		dlo[i], _ = d.box(x + 1)
	}
	r := make([]int, k-1) // the source row's rounded sums, less slo, but the last dimension's
	last := g.d[k-1]
	for sr := 0; sr < len(h)/sw[k-1]; sr++ {
		src := h[sr*sw[k-1] : (sr+1)*sw[k-1]]
		for v := range n {
			dr := 0
			for i := range k - 1 {
				d := g.d[i]
				e := min(slo[i]+r[i]+d.q[x][v], d.cap) - dlo[i]
				if e < 0 {
					dr = -1
					break
				}
				dr = dr*dw[i] + e
			}
			if dr < a || dr >= b {
				continue
			}
			addRow(next[dr*dw[k-1]:(dr+1)*dw[k-1]], src, slo[k-1]+last.q[x][v]-dlo[k-1], last.cap-dlo[k-1])
		}
		for i := k - 2; i >= 0; i-- { // the next source row
			if r[i]++; r[i] < sw[i] {
				break
			}
			r[i] = 0
		}
	}
}

// shares returns the bounds on the share of acceptable outcomes from the final grid h,
// whose shares are within a relative error eps.
func (g *gridAll) shares(h []float64, eps float64) (lo, hi float64) {
	m := len(g.d[0].q)
	n := g.widths(m)
	k := len(n)
	lows := make([]int, k)
	for i, d := range g.d {
		lows[i], _ = d.box(m)
	}
	suf := suffixSums(h, n)
	eps += float64(product(n)+k) * 0x1p-52
	at := func(t []int) float64 { return cellAt(suf, lows, n, t) }
	return g.best(at, eps)
}

// suffixSums returns, for every cell of the grid h of widths n (row-major), the share with
// every rounded sum at or beyond the cell's: sums of non-negative shares only (no
// differences, whose rounding would swamp small shares), one dimension after another, so
// that each cell gets one addition per dimension.
func suffixSums(h []float64, n []int) []float64 {
	suf := slices.Clone(h)
	stride := 1
	for i := len(n) - 1; i >= 0; i-- {
		for j := len(suf) - 1; j >= 0; j-- {
			if (j/stride)%n[i] < n[i]-1 {
				suf[j] += suf[j+stride]
			}
		}
		stride *= n[i]
	}
	return suf
}

// cellAt returns the suffix sum at thresholds t of a grid whose cells start at lows and
// span widths n: thresholds below a grid's first cell read the first, beyond its last 0.
func cellAt(suf []float64, lows, n, t []int) float64 {
	x := 0
	for i := range t {
		r := max(0, t[i]-lows[i])
		if r >= n[i] {
			return 0
		}
		x = x*n[i] + r
	}
	return suf[x]
}

// best returns the best bounds over the deviations t tried in each dimension, from the
// shares at or beyond thresholds given by at with a relative error of at most eps. In each
// dimension it tries, for every threshold between those of t = 0 and t = worst, the largest
// t that gives it (the least Chernoff share); when those combinations exceed gridAllCombos,
// every other one of the longest list, until they do not.
func (g *gridAll) best(at func([]int) float64, eps float64) (lo, hi float64) {
	lo = g.bestSide(at, eps, true)
	hi = 1 - g.bestSide(at, eps, false)
	return lo, hi
}

// bestSide returns the lower bound (strict) or 1 less the upper bound (not strict).
func (g *gridAll) bestSide(at func([]int) float64, eps float64, strict bool) float64 {
	k := len(g.d)
	ts := make([][]float64, k)
	for i, d := range g.d {
		ts[i] = d.candidates(strict)
	}
	for {
		n, longest := 1.0, 0
		for i := range ts {
			n *= float64(len(ts[i]))
			if len(ts[i]) > len(ts[longest]) {
				longest = i
			}
		}
		if n <= gridAllCombos {
			break
		}
		var thin []float64
		for j, t := range ts[longest] {
			if j%2 == 0 || j == len(ts[longest])-1 {
				thin = append(thin, t)
			}
		}
		ts[longest] = thin
	}
	thr, tails := make([][]int, k), make([][]float64, k)
	for i, d := range g.d {
		for _, t := range ts[i] {
			thr[i] = append(thr[i], d.threshold(t, strict))
			tails[i] = append(tails[i], d.tail(t, !strict))
		}
	}
	best := 0.0
	idx, th := make([]int, k), make([]int, k)
	for {
		sum := 0.0
		for i, j := range idx {
			th[i] = thr[i][j]
			sum += tails[i][j]
		}
		if strict {
			best = math.Max(best, at(th)*(1-eps)-sum*(1+eps))
		} else {
			best = math.Max(best, 1-at(th)*(1+eps)-sum*(1+eps))
		}
		i := k - 1
		for ; i >= 0; i-- {
			if idx[i]++; idx[i] < len(thr[i]) {
				break
			}
			idx[i] = 0
		}
		if i < 0 {
			return best
		}
	}
}

// candidates returns the deviations t worth trying for d: 0, d.worst, and between them, for
// every threshold (strict or not) some t gives, about the largest t that gives it. Any t
// gives valid bounds (its threshold and its Chernoff share go together); these give the
// best.
func (d *gridDim) candidates(strict bool) []float64 {
	if d.free {
		return []float64{0}
	}
	ts := []float64{0}
	x := d.need - d.mu
	a, b := d.threshold(0, strict), d.threshold(d.worst, strict)
	for T := min(a, b); T <= max(a, b); T++ {
		var t float64
		if strict {
			t = (float64(T)-2e-9)*d.step - x - d.slack
		} else {
			t = x - d.slack - (float64(T)-1+2e-9)*d.step
		}
		if t > 0 && t < d.worst {
			ts = append(ts, t)
		}
	}
	ts = append(ts, d.worst)
	slices.Sort(ts)
	return slices.Compact(ts)
}
