package analysis

import (
	"cmp"
	"math"
	"math/big"
	"slices"
	"sync"
)

// Limits of countGrid: cell additions of the whole dynamic programme (shared by the parts
// of a space split by red lines), cells of the grid at any step (two grids of float64 are
// kept).
const (
	gridWork  = 1.2e9
	gridCells = 4e6
	gridDims  = 3 // the most deciders countGrid handles
)

// countGrid returns guaranteed bounds on the number of outcomes of comps that reach the
// reservation values of the deciders (beyond three, see countGridMany), for when no exact
// count fits, within budget cell additions.
//
// Each decider's utility term of each component is written as its least value, plus a
// whole number q of grid steps delta (rounded to nearest), plus a rounding error e of at
// most delta/2. Dynamic programming over the grid, one component at a time, gives the
// exact share of outcomes for every tuple of rounded sums Q (partial sums that cannot reach
// the reservation values are dropped, those that reach them whatever follows are kept in a
// last cell). An outcome's utility is base + Q*delta + E, E the sum of its rounding errors,
// whose mean mu over the outcomes is known. Where |E - mu| <= t for each decider, Q*delta >=
// need - mu + t implies acceptable and acceptable implies Q*delta >= need - mu - t; the
// outcomes with |E - mu| > t are at most a share given by the Chernoff bound of a sum of
// independent terms (the outcomes of a product space, each component's values equally
// weighted, are such a sum): the count lies between the first share less that bound and
// the second plus it. The bounds are the best over a range of t, down to t = 0 and up to
// the largest |E - mu| any outcome can reach (where the Chernoff share is zero). Shares are
// carried in float64 and widened by far more than their rounding error.
func (p *problem) countGrid(comps []*comp, budget float64) (lo, hi *big.Int, ok bool) {
	if len(comps) == 0 {
		return nil, nil, false
	}
	if p.k > gridDims {
		return p.countGridMany(comps, budget)
	}
	g := p.newGrid(comps, budget)
	if g == nil {
		return nil, nil, false
	}
	if g.none {
		return new(big.Int), new(big.Int), true
	}
	h := g.run(comps, max(1, p.opt.Workers))
	loShare, hiShare := g.shares(h)
	lo = roundBound(scaleShare(g.total, loShare, false), g.total, false)
	hi = roundBound(scaleShare(g.total, hiShare, true), g.total, true)
	return lo, hi, true
}

// countGridMany is countGrid for more than three deciders. The three most binding (the
// least upper bounds on the outcomes that reach each one's reservation value alone, by
// countOne) go through the grid together (countGridThree); every decider goes through one
// coarser grid (countGridAll), whose lower bound needs no union bound and so stays above 0
// when every decider refuses much of the space. The tighter of their bounds are kept, and
// countOne's bounds for all deciders (countBounds' older ones) where they are tighter still.
func (p *problem) countGridMany(comps []*comp, budget float64) (lo, hi *big.Int, ok bool) {
	total := big.NewInt(1)
	for _, c := range comps {
		total.Mul(total, big.NewInt(int64(c.n())))
	}
	ftotal, _ := new(big.Float).SetInt(total).Float64()
	if math.IsInf(ftotal, 0) {
		return nil, nil, false // countOne counts in float64
	}
	los, his := make([]float64, p.k), make([]float64, p.k)
	for i := range p.k {
		los[i], his[i] = p.countOne(comps, i)
	}
	lo, hi = new(big.Int), new(big.Int).Set(total)
	if tLo, tHi, tok := p.countGridThree(comps, los, his, total, budget); tok {
		lo, hi, ok = tLo, tHi, true
	}
	// A grid never needs more work than about enumerating the space would.
	if aLo, aHi, aok := p.countGridAll(comps, math.Min(budget, math.Max(1e4, 10*ftotal))); aok {
		ok = true
		if aLo.Cmp(lo) > 0 {
			lo = aLo
		}
		if aHi.Cmp(hi) < 0 {
			hi = aHi
		}
	}
	if !ok {
		return nil, nil, false
	}
	// countBounds' older bounds, computed as it computes them.
	sumLo, minHi := 0.0, ftotal
	for i := range p.k {
		sumLo += los[i]
		minHi = math.Min(minHi, his[i])
	}
	if old := bigOfFloat(math.Floor(math.Max(0, sumLo-float64(p.k-1)*ftotal) * (1 - 1e-9))); old.Cmp(lo) > 0 {
		lo = old
	}
	if old := bigOfFloat(math.Ceil(math.Min(ftotal, minHi*(1+1e-9)))); old.Cmp(hi) < 0 {
		hi = old
	}
	if lo.Sign() < 0 {
		lo.SetInt64(0)
	}
	if hi.Cmp(total) > 0 {
		hi.Set(total)
	}
	return roundBound(lo, total, false), roundBound(hi, total, true), true
}

// countGridThree returns bounds from the grid over the three most binding deciders (the
// least his, countOne's upper bounds): an outcome acceptable to all is acceptable to them
// (the upper bound), and an outcome acceptable to them and not to all misses another
// decider's reservation value, which at most total less that decider's lower bound (los)
// do (the lower bound, which may be below 0).
func (p *problem) countGridThree(comps []*comp, los, his []float64, total *big.Int, budget float64) (lo, hi *big.Int, ok bool) {
	order := make([]int, p.k)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(his[a], his[b]) })
	sub := order[:gridDims]
	slices.Sort(sub)
	q := *p
	q.k, q.res = gridDims, make([]float64, gridDims)
	in := make([]bool, p.k)
	for j, i := range sub {
		q.res[j], in[i] = p.res[i], true
	}
	qcomps := make([]*comp, len(comps))
	for x, c := range comps {
		u := make([]float64, 0, c.n()*gridDims)
		for v := range c.n() {
			for _, i := range sub {
				u = append(u, c.u[v*p.k+i])
			}
		}
		qcomps[x] = &comp{issues: c.issues, vals: c.vals, u: u}
	}
	lo, hi, ok = q.countGrid(qcomps, budget)
	if !ok {
		return nil, nil, false
	}
	lo = new(big.Int).Set(lo)
	for i := range p.k {
		if !in[i] {
			lo.Sub(lo, new(big.Int).Sub(total, bigOfFloat(math.Floor(los[i]*(1-1e-9)))))
		}
	}
	return lo, hi, true
}

// bigOfFloat returns the whole number x.
func bigOfFloat(x float64) *big.Int {
	n, _ := new(big.Float).SetFloat64(x).Int(nil)
	return n
}

// scaleShare returns share*total rounded down (up: rounded up), widened by far more than
// the share's rounding error, within [0, total].
func scaleShare(total *big.Int, share float64, up bool) *big.Int {
	f := new(big.Float).SetInt(total)
	if !up {
		f.Mul(f, big.NewFloat(math.Max(0, share*(1-1e-9))))
		n, _ := f.Int(nil)
		return n
	}
	f.Mul(f, big.NewFloat(math.Min(1, share*(1+1e-9)+1e-300)))
	n, _ := f.Int(nil)
	n.Add(n, big.NewInt(1))
	if n.Cmp(total) > 0 {
		n.Set(total)
	}
	return n
}

// roundBound rounds a bound of many digits to its first four, down for a lower bound and
// up (within total) for an upper one, so that it shows no digits it does not know (and
// FormatCount writes it as 4.806×10^28 rather than in 29 digits).
func roundBound(n, total *big.Int, up bool) *big.Int {
	digits := len(n.String())
	if digits <= 4 {
		return n
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits-4)), nil)
	q, r := new(big.Int).QuoRem(n, p, new(big.Int))
	if up && r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	q.Mul(q, p)
	if q.Cmp(total) > 0 {
		return new(big.Int).Set(total)
	}
	return q
}

// gridDim is one decider's side of countGrid.
type gridDim struct {
	free    bool        // every outcome reaches the reservation value: the dimension is flat
	step    float64     // the grid step delta
	need    float64     // what the sum of the terms above their least values must reach
	mu      float64     // the mean of the sum of rounding errors
	worst   float64     // the largest |E - mu| of any outcome
	q       [][]int     // per component and value: grid steps above the least value
	dev     [][]float64 // per component and value: rounding error less its component's mean
	cap     int         // sums at or beyond cap are kept in cap: they reach any threshold used
	floor   int         // sums that cannot reach floor are dropped: they reach no threshold used
	hiSuf   []int       // per component: the most steps the components from it on can add
	hiPre   []int       // per component: the most steps the components up to it can add
	logMGF  []float64   // per lambda of lambdas: sum over components of log E[exp(lambda dev)]
	logMGFn []float64   // the same for -dev
	errMGF  []float64   // per lambda: a bound on the rounding error of logMGF and logMGFn
	slack   float64     // a bound on the rounding error of a sum of terms, in utility
}

// grid is the set-up of countGrid.
type grid struct {
	delta float64
	d     [gridDims]*gridDim // the deciders that need no grid first, so that the last is binding
	total *big.Int
	none  bool // some decider's reservation value is out of reach: nothing is acceptable
}

// gridLambdas are the Chernoff parameters tried, in units of 1/delta.
var gridLambdas = func() []float64 {
	var ls []float64
	for j := -8; j <= 40; j++ {
		ls = append(ls, math.Pow(10, float64(j)/8))
	}
	return ls
}()

// newGrid chooses the grid step within the limits and quantises every term; nil when the
// grid would be too coarse to say anything (no step fits the limits).
func (p *problem) newGrid(comps []*comp, budget float64) *grid {
	g := &grid{total: big.NewInt(1)}
	m := len(comps)
	mins := make([][gridDims]float64, m)
	spans := make([][gridDims]float64, m)
	for x, c := range comps {
		g.total.Mul(g.total, big.NewInt(int64(c.n())))
		for i := 0; i < p.k; i++ {
			lo, hi := math.Inf(1), math.Inf(-1)
			for v := 0; v < c.n(); v++ {
				lo, hi = math.Min(lo, c.u[v*p.k+i]), math.Max(hi, c.u[v*p.k+i])
			}
			mins[x][i], spans[x][i] = lo, hi-lo
		}
	}
	var need [gridDims]float64
	var free [gridDims]bool
	for i := range free {
		free[i] = true
	}
	for i := 0; i < p.k; i++ {
		base, span := 0.0, 0.0
		for x := range comps {
			base += mins[x][i]
			span += spans[x][i]
		}
		need[i] = p.res[i] - Tol - base
		free[i] = need[i] <= 0
		if need[i] > span*(1+1e-12)+1e-12 {
			g.none = true
			return g
		}
	}
	dec, dneed, dfree, dspans := gridOrder(need, free, spans)
	// A grid never needs more work than about enumerating the space would.
	size, _ := new(big.Float).SetInt(g.total).Float64()
	g.delta = gridStep(comps, dspans, dneed, dfree, math.Min(budget, math.Max(1e4, 10*size)))
	if g.delta == 0 {
		return nil
	}
	for j, i := range dec {
		col := make([]float64, m)
		for x := range mins {
			col[x] = mins[x][i]
		}
		g.d[j] = quantise(comps, p.k, i, col, g.delta, dneed[j], dfree[j])
		if !dfree[j] {
			g.d[j].chernoff(g.delta)
		}
	}
	return g
}

// gridOrder returns the order of the deciders in the grid and their needs, freedoms and
// spans in that order. The grid's rows are the first dimensions, its columns the last: the
// deciders that need no grid go first, so that the columns, which the programme runs
// through in one loop, are a binding decider's.
func gridOrder(need [gridDims]float64, free [gridDims]bool, spans [][gridDims]float64) (dec []int, dneed [gridDims]float64, dfree [gridDims]bool, dspans [][gridDims]float64) {
	for _, want := range []bool{true, false} {
		for i := range free {
			if free[i] == want {
				dec = append(dec, i)
			}
		}
	}
	dspans = make([][gridDims]float64, len(spans))
	for j, i := range dec {
		dneed[j], dfree[j] = need[i], free[i]
		for x := range spans {
			dspans[x][j] = spans[x][i]
		}
	}
	return dec, dneed, dfree, dspans
}

// gridStep returns about the smallest step delta whose programme stays within budget cell
// additions and gridCells cells, from the widths of the windows each step keeps (the
// worst-case rounding error taken as m*delta); 0 when no step does.
func gridStep(comps []*comp, spans [][gridDims]float64, need [gridDims]float64, free [gridDims]bool, budget float64) float64 {
	m := len(comps)
	pre := make([][gridDims]float64, m+1)
	for x := range comps {
		for i := 0; i < gridDims; i++ {
			pre[x+1][i] = pre[x][i] + spans[x][i]
		}
	}
	cost := func(delta float64) (work, cells float64) {
		tw := float64(m) * delta
		for x := 0; x < m; x++ {
			var n [gridDims]float64
			for i := 0; i < gridDims; i++ {
				n[i] = 1
				if !free[i] {
					suf := pre[m][i] - pre[x+1][i]
					w := math.Min(pre[x+1][i], need[i]+tw) - math.Max(0, need[i]-tw-suf)
					n[i] = math.Max(0, w)/delta + 3
				}
			}
			rows := n[0] * n[1]
			cells = math.Max(cells, rows*n[2])
			if x+1 < m {
				// Each row costs about as much as 16 cells of its own.
				work += (rows*n[2] + 16*rows) * float64(comps[x+1].n())
			}
		}
		return work, cells
	}
	lo, hi := 1e-12, 1.0
	if w, c := cost(hi); w > budget || c > gridCells {
		return 0
	}
	for range 60 {
		mid := math.Sqrt(lo * hi)
		if w, c := cost(mid); w > budget || c > gridCells {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// quantise writes decider i's terms on the grid of step delta, mins[x] being the least of
// them in component x; its Chernoff bounds are left to chernoff.
func quantise(comps []*comp, k, i int, mins []float64, delta, need float64, free bool) *gridDim {
	m := len(comps)
	d := &gridDim{free: free, step: delta, need: need, q: make([][]int, m), dev: make([][]float64, m)}
	d.hiSuf, d.hiPre = make([]int, m+1), make([]int, m+1)
	for x, c := range comps {
		d.q[x], d.dev[x] = make([]int, c.n()), make([]float64, c.n())
		if free {
			continue
		}
		for v := 0; v < c.n(); v++ {
			d.dev[x][v] = c.u[v*k+i] - mins[x]
		}
		roundTerms(d.q[x], d.dev[x], delta)
		mean, top := 0.0, 0
		for v := range d.dev[x] {
			mean += d.dev[x][v]
			top = max(top, d.q[x][v])
		}
		mean /= float64(c.n())
		worst := 0.0
		for v := range d.dev[x] {
			d.dev[x][v] -= mean
			worst = math.Max(worst, math.Abs(d.dev[x][v]))
		}
		d.mu += mean
		d.worst += worst
		d.hiPre[x+1] = d.hiPre[x] + top
	}
	for x := m - 1; x >= 0; x-- {
		d.hiSuf[x] = d.hiSuf[x+1] + d.hiPre[x+1] - d.hiPre[x]
	}
	if free {
		return d
	}
	// The terms, their sum, need and mu are each within a few ulps of 1 of their values.
	d.slack = float64(m+4) * 0x1p-48
	d.worst = d.worst*(1+1e-9) + d.slack
	d.cap = d.threshold(d.worst, true)
	d.floor = d.threshold(d.worst, false)
	return d
}

// roundTerms writes into q the grid steps of the terms a (at least 0) and replaces a by
// the rounding errors, a[v] - q[v]*delta. Each term is rounded to the nearest step after a
// shift of the component's terms by a fraction of a step, the shift among roundShifts that
// leaves the errors the least variance: the Chernoff bounds, and the threshold that no
// outcome's deviation passes, shrink with it. Any whole q gives valid bounds, since the
// errors are computed from it.
func roundTerms(q []int, a []float64, delta float64) {
	best, bestVar := 0.0, math.Inf(1)
	for _, o := range roundShifts {
		s, s2 := 0.0, 0.0
		for _, x := range a {
			e := x - float64(max(0, int(math.Round(x/delta-o))))*delta
			s += e
			s2 += e * e
		}
		if v := s2 - s*s/float64(len(a)); v < bestVar*(1-1e-9) {
			best, bestVar = o, v
		}
	}
	for v, x := range a {
		q[v] = max(0, int(math.Round(x/delta-best)))
		a[v] = x - float64(q[v])*delta
	}
}

// roundShifts are the shifts roundTerms tries, in steps; no shift first.
var roundShifts = []float64{0, -0.375, -0.25, -0.125, 0.125, 0.25, 0.375, 0.5}

// threshold returns the least number of steps a rounded sum needs to count for the lower
// bound (strict) or the upper bound (not strict) at deviation t, with a margin far above the
// rounding error of the sums.
func (d *gridDim) threshold(t float64, strict bool) int {
	if d.free {
		return 0
	}
	x, delta := d.need-d.mu, d.step
	if strict {
		return max(0, int(math.Ceil((x+t+d.slack)/delta+1e-9)))
	}
	return max(0, int(math.Ceil((x-t-d.slack)/delta-1e-9)))
}

// chernoff fills the logarithms of the moment-generating functions of the sum of deviations
// at each lambda of gridLambdas, for the deviation and its opposite.
func (d *gridDim) chernoff(delta float64) {
	n := len(gridLambdas)
	d.logMGF, d.logMGFn, d.errMGF = make([]float64, n), make([]float64, n), make([]float64, n)
	for j, l := range gridLambdas {
		lambda := l / delta
		size := 0.0 // the sum of the magnitudes of what is added, for the error bound
		for _, devs := range d.dev {
			a, ma := logMeanExp(devs, lambda)
			b, mb := logMeanExp(devs, -lambda)
			d.logMGF[j] += a
			d.logMGFn[j] += b
			size += max(ma, mb) + float64(len(devs))
		}
		// Each term's rounding error is a few ulps of what it adds, and the sum adds one
		// ulp of the running total per term: a generous bound.
		d.errMGF[j] = size * float64(len(d.dev)+8) * 0x1p-50
	}
}

// logMeanExp returns log(mean over xs of exp(lambda x)), without overflow, and the
// magnitude of the numbers it adds (for error bounds).
func logMeanExp(xs []float64, lambda float64) (float64, float64) {
	top := math.Inf(-1)
	for _, x := range xs {
		top = math.Max(top, lambda*x)
	}
	s := 0.0
	for _, x := range xs {
		s += math.Exp(lambda*x - top)
	}
	l := math.Log(s / float64(len(xs)))
	return top + l, math.Abs(top) + math.Abs(l)
}

// tail returns a bound on the share of outcomes whose deviation E - mu exceeds t (up) or
// falls below -t (not up): 0 when t is the largest deviation, 1 at most.
func (d *gridDim) tail(t float64, up bool) float64 {
	if d.free || t >= d.worst {
		return 0
	}
	mgf := d.logMGFn
	if up {
		mgf = d.logMGF
	}
	best := 1.0
	for j, l := range gridLambdas {
		lt := l / d.step * t
		best = math.Min(best, math.Exp(-lt+mgf[j]+d.errMGF[j]+lt*0x1p-50))
	}
	return math.Min(1, best*(1+1e-9))
}

// box returns the least and most rounded sums kept after the first x components.
func (d *gridDim) box(x int) (lo, top int) {
	if d.free {
		return 0, 0
	}
	return max(0, d.floor-d.hiSuf[x]), min(d.hiPre[x], d.cap)
}

// run performs the dynamic programme and returns the final grid: rows the first two
// dimensions' rounded sums from their boxes' least (the first the slower), columns the
// last's; the share of outcomes in each cell.
func (g *grid) run(comps []*comp, workers int) []float64 {
	most := 1
	for x := range comps {
		most = max(most, g.cells(x+1))
	}
	h, next := make([]float64, 1, most), make([]float64, 0, most)
	h[0] = 1
	for x, c := range comps {
		next = next[:g.cells(x+1)]
		clear(next)
		n := c.n()
		w := 1 / float64(n)
		for j := range h {
			h[j] *= w
		}
		rows := len(next) / g.width(x+1, 2)
		vs := make([]int32, n)
		for v := range vs {
			vs[v] = int32(v)
		}
		inChunks(rows, workers, func(a, b int) { g.step(x, vs, h, next, a, b) })
		h, next = next, h
	}
	return h
}

// width returns the number of rounded sums of dimension i kept after x components.
func (g *grid) width(x, i int) int {
	lo, top := g.d[i].box(x)
	return top - lo + 1
}

// cells returns the number of cells of the grid after x components.
func (g *grid) cells(x int) int {
	return g.width(x, 0) * g.width(x, 1) * g.width(x, 2)
}

// step adds the values vs of component x into the rows a to b of next, from h.
func (g *grid) step(x int, vs []int32, h, next []float64, a, b int) {
	d0, d1, d2 := g.d[0], g.d[1], g.d[2]
	slo0, _ := d0.box(x)
	slo1, _ := d1.box(x)
	slo2, _ := d2.box(x)
	dlo0, _ := d0.box(x + 1)
	dlo1, _ := d1.box(x + 1)
	dlo2, _ := d2.box(x + 1)
	sw1, sw := g.width(x, 1), g.width(x, 2)
	dw1, dw := g.width(x+1, 1), g.width(x+1, 2)
	srows := len(h) / sw
	// Row by row of the source, every value in turn, so that the source row and the few
	// destination rows it feeds stay in the cache.
	for sr := 0; sr < srows; sr++ {
		r0, r1 := sr/sw1, sr%sw1
		for _, v := range vs {
			e0 := min(slo0+r0+d0.q[x][v], d0.cap) - dlo0
			e1 := min(slo1+r1+d1.q[x][v], d1.cap) - dlo1
			if e0 < 0 || e1 < 0 {
				continue
			}
			dr := e0*dw1 + e1
			if dr < a || dr >= b {
				continue
			}
			addRow(next[dr*dw:(dr+1)*dw], h[sr*sw:(sr+1)*sw], slo2+d2.q[x][v]-dlo2, d2.cap-dlo2)
		}
	}
}

// addRow adds src into dst, src's column j going to column j+off of dst, and every column
// at or beyond capCol (dst's last) to capCol; columns before dst's first are dropped.
func addRow(dst, src []float64, off, capCol int) {
	j := max(0, -off)
	end := min(len(src), capCol-off)
	if j < end {
		d := dst[j+off : end+off]
		s := src[j:end]
		s = s[:len(d)]
		x := 0
		for ; x+4 <= len(d); x += 4 {
			d4, s4 := d[x:x+4:x+4], s[x:x+4:x+4]
			d4[0] += s4[0]
			d4[1] += s4[1]
			d4[2] += s4[2]
			d4[3] += s4[3]
		}
		for ; x < len(d); x++ {
			d[x] += s[x]
		}
	}
	acc := 0.0
	for _, v := range src[min(len(src), max(j, end)):] {
		acc += v
	}
	if acc != 0 {
		dst[capCol] += acc
	}
}

// shares returns the bounds on the share of acceptable outcomes from the final grid h.
func (g *grid) shares(h []float64) (lo, hi float64) {
	m := len(g.d[0].q)
	var lows [gridDims]int
	var n [gridDims]int
	for i, d := range g.d {
		lows[i], _ = d.box(m)
		n[i] = g.width(m, i)
	}
	suf := suffixSums(h, n[:])
	at := func(t [gridDims]int) float64 { return cellAt(suf, lows[:], n[:], t[:]) }
	// Relative rounding error of the shares: each step adds at most n+1 non-negative terms
	// into a cell, the sums above add n[0]+n[1]+n[2] more.
	steps := float64(n[0] + n[1] + n[2] + 8)
	for _, c := range g.d[0].q {
		steps += float64(len(c) + 2)
	}
	return g.best(at, steps*0x1p-52)
}

// best returns the best bounds over the deviations t tried in each dimension, the shares
// at or beyond thresholds given by at with a relative error of at most eps.
func (g *grid) best(at func([gridDims]int) float64, eps float64) (lo, hi float64) {
	var strict, loose [gridDims][]int
	var tailLo, tailHi [gridDims][]float64
	for i, d := range g.d {
		for j := 0; j <= 64; j++ {
			t := d.worst * float64(j) / 64
			strict[i] = append(strict[i], d.threshold(t, true))
			loose[i] = append(loose[i], d.threshold(t, false))
			tailLo[i] = append(tailLo[i], d.tail(t, false))
			tailHi[i] = append(tailHi[i], d.tail(t, true))
			if d.free {
				break
			}
		}
	}
	lo, hi = 0, 1
	// An outcome counted by the lower bound and not acceptable has a deviation below -t
	// in some dimension; one acceptable and not counted by the upper bound, above t.
	for a := range strict[0] {
		for b := range strict[1] {
			for c := range strict[2] {
				tail := (tailLo[0][a] + tailLo[1][b] + tailLo[2][c]) * (1 + eps)
				lo = math.Max(lo, at([gridDims]int{strict[0][a], strict[1][b], strict[2][c]})*(1-eps)-tail)
				tail = (tailHi[0][a] + tailHi[1][b] + tailHi[2][c]) * (1 + eps)
				hi = math.Min(hi, at([gridDims]int{loose[0][a], loose[1][b], loose[2][c]})*(1+eps)+tail)
			}
		}
	}
	return lo, hi
}

// inChunks calls f on rows [a, b) split into one range per worker, in parallel, and returns
// when every call has.
func inChunks(rows, workers int, f func(a, b int)) {
	var wg sync.WaitGroup
	chunk := max(1, (rows+workers-1)/workers)
	for a := 0; a < rows; a += chunk {
		wg.Add(1)
		go func(a, b int) {
			defer wg.Done()
			f(a, b)
		}(a, min(rows, a+chunk))
	}
	wg.Wait()
}
