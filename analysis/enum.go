package analysis

import (
	"fmt"
	"math/big"
	"slices"
	"sync"
	"sync/atomic"

	"parley"
)

// analyzeNonAdditive analyses a scenario whose profiles are not plain sums of per-issue terms.
// It is the one place that chooses a method for them; today the only one is enumeration.
func (p *problem) analyzeNonAdditive() (*solution, error) {
	if !forceEnumeration {
		if sol, err := p.analyzeRects(); sol != nil || err != nil {
			return sol, err
		}
	}
	if err := p.enumerable("some profiles are not additive (rectangle terms, or sums clamped to [0, 1])"); err != nil {
		return nil, err
	}
	return p.enumerate()
}

// forceEnumeration, set only by tests and benchmarks, makes analyzeNonAdditive enumerate.
var forceEnumeration bool

// enumerable returns an error saying why the space is too large to enumerate, if it is.
func (p *problem) enumerable(why string) error {
	size := p.s.Size()
	if f, _ := new(big.Float).SetInt(size).Float64(); f > p.opt.MaxWork {
		err := tooLarge("%s, so parley enumerates the outcomes; this space has %s outcomes and parley enumerates at most %s (about %s at 40 million a second); enumerating them all would take about %s",
			why, magnitudeBig(size), magnitude(p.opt.MaxWork), duration(p.opt.MaxWork/4e7), duration(f/4e7))
		if f <= maxUsefulWork {
			err.(*noExactError).need = f
		}
		return err
	}
	return nil
}

// enumerate visits every outcome, in parallel, and collects both frontiers, the acceptable
// count and the ranges exactly.
func (p *problem) enumerate() (*solution, error) { return p.enumerateWith(false) }

// enumerateCount visits every outcome, in parallel, for the acceptable count and the ranges
// only.
func (p *problem) enumerateCount() (*big.Int, [][]bool) {
	sol, _ := p.enumerateWith(true)
	return sol.count, sol.ranges
}

// enumerateWith enumerates the space; countOnly leaves the frontiers out.
func (p *problem) enumerateWith(countOnly bool) (*solution, error) {
	n := len(p.s.Issues)
	total := p.s.Size().Uint64()
	// perm: the order of the odometer, the largest issue innermost.
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int { return p.sizes[a] - p.sizes[b] })
	// Chunks: the first d issues of perm, enough for the workers to share the load.
	d, chunks := 0, uint64(1)
	for d < n-1 && chunks < uint64(64*p.opt.Workers) {
		chunks *= uint64(p.sizes[perm[d]])
		d++
	}
	workers := min(p.opt.Workers, int(chunks))
	ws := make([]*enumWorker, workers)
	var rects [][]innerRect
	if n > 0 {
		rects = p.innerRects(perm[n-1])
	}
	var next, done atomic.Uint64
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := range ws {
		ws[w] = p.newEnumWorker(perm)
		ws[w].countOnly = countOnly
		ws[w].rects = rects
		wg.Add(1)
		go func(ew *enumWorker) {
			defer wg.Done()
			for {
				c := next.Add(1) - 1
				if c >= chunks || p.stopped() {
					return
				}
				ew.chunk(c, d)
				nd := done.Add(1)
				if p.opt.Progress != nil && (nd%max(1, chunks/100) == 0) {
					mu.Lock()
					p.progress(float64(nd)/float64(chunks)*float64(total), float64(total))
					mu.Unlock()
				}
			}
		}(ws[w])
	}
	wg.Wait()
	// Combine the workers' findings.
	full, acc := newStream(p.k, n), newStream(p.k, n)
	count := new(big.Int)
	ranges := make([][]bool, n)
	for i := range ranges {
		ranges[i] = make([]bool, p.sizes[i])
	}
	for _, w := range ws {
		full.absorb(w.full)
		acc.absorb(w.acc)
		count.Add(count, new(big.Int).SetUint64(w.count))
		for i := range ranges {
			for v, ok := range w.ranges[i] {
				ranges[i][v] = ranges[i][v] || ok
			}
		}
	}
	accF := acc.frontier()
	if p.everything() {
		accF = full.frontier()
	}
	return &solution{
		method: fmt.Sprintf("enumeration of %s outcomes", magnitudeBig(p.s.Size())),
		full:   full.frontier(),
		acc:    accF,
		count:  count,
		ranges: ranges,
	}, nil
}

// everything reports whether every outcome is acceptable: no red lines, and no reservation
// value above 0, the least a clamped utility can be.
func (p *problem) everything() bool {
	if len(p.lines) > 0 {
		return false
	}
	for _, r := range p.res {
		if r > Tol {
			return false
		}
	}
	return true
}

// enumWorker enumerates chunks of the space with its own state.
type enumWorker struct {
	p      *problem
	perm   []int
	o      parley.Outcome
	full   *stream
	acc    *stream
	count  uint64
	ranges [][]bool
	// countOnly: no frontier, only the count and the ranges
	countOnly bool
	ok        [][]bool // per issue: values allowed by the single-issue red lines
	multi     []line   // red lines over several issues
	sums      []float64
	u         []float64
	inner     []float64 // per decider, per value of the innermost issue
	rects     [][]innerRect
}

func (p *problem) newEnumWorker(perm []int) *enumWorker {
	n := len(p.s.Issues)
	w := &enumWorker{p: p, perm: perm, o: make(parley.Outcome, n),
		full: newStream(p.k, n), acc: newStream(p.k, n), u: make([]float64, p.k)}
	w.ranges = make([][]bool, n)
	w.ok = make([][]bool, n)
	for i := range w.ranges {
		w.ranges[i] = make([]bool, p.sizes[i])
		w.ok[i] = make([]bool, p.sizes[i])
		for v := range w.ok[i] {
			w.ok[i][v] = true
		}
	}
	for _, l := range p.lines {
		if len(l.rl.Issues) == 1 {
			a := l.rl.Allowed(p.s)
			i := l.rl.Issues[0]
			for v := range a {
				w.ok[i][v] = w.ok[i][v] && a[v]
			}
		} else if len(l.rl.Issues) > 1 {
			w.multi = append(w.multi, l)
		}
	}
	w.sums = make([]float64, (n+1)*p.k)
	if n > 0 {
		w.inner = make([]float64, p.k*p.sizes[perm[n-1]])
	}
	return w
}

// chunk enumerates every outcome whose first d issues (in perm order) spell c.
func (w *enumWorker) chunk(c uint64, d int) {
	p, perm, o, k := w.p, w.perm, w.o, w.p.k
	n := len(perm)
	if n == 0 {
		w.visit(o, nil, true)
		return
	}
	for t := d - 1; t >= 0; t-- {
		sz := uint64(p.sizes[perm[t]])
		o[perm[t]] = int(c % sz)
		c /= sz
	}
	for t := d; t < n; t++ {
		o[perm[t]] = 0
	}
	last := perm[n-1]
	nl := p.sizes[last]
	from := 0 // first position whose partial sums are stale
	for {
		// Partial sums of positions 0..n-2.
		for t := from; t < n-1; t++ {
			i := perm[t]
			for j := 0; j < k; j++ {
				w.sums[(t+1)*k+j] = w.sums[t*k+j] + p.funcs[j].Tables[i][o[i]]
			}
		}
		w.innerTerms(last)
		prefixOK := true
		for t := 0; t < n-1 && prefixOK; t++ {
			prefixOK = w.ok[perm[t]][o[perm[t]]]
		}
		base := w.sums[(n-1)*k : n*k]
		before := w.count
		for v := 0; v < nl; v++ {
			o[last] = v
			for j := 0; j < k; j++ {
				x := base[j] + w.inner[j*nl+v]
				if x < 0 {
					x = 0
				} else if x > 1 {
					x = 1
				}
				w.u[j] = x
			}
			w.visit(o, w.u, prefixOK && w.ok[last][v])
		}
		if w.count > before {
			for t := 0; t < n-1; t++ {
				w.ranges[perm[t]][o[perm[t]]] = true
			}
		}
		// Advance the middle of the odometer.
		t := n - 2
		for ; t >= d; t-- {
			i := perm[t]
			o[i]++
			if o[i] < p.sizes[i] {
				break
			}
			o[i] = 0
		}
		if t < d {
			return
		}
		from = t
	}
}

// innerRect is a rectangle term prepared for enumeration: its bounds on the other issues as
// value masks, and what it adds for each value of the innermost issue.
type innerRect struct {
	issues []int
	ok     [][]bool
	add    []float64 // per value of the innermost issue
}

// innerRects prepares every decider's rectangles for an odometer whose innermost issue is
// last.
func (p *problem) innerRects(last int) [][]innerRect {
	out := make([][]innerRect, p.k)
	nl := p.sizes[last]
	for j, f := range p.funcs {
		for r := range f.Rects {
			rc := &f.Rects[r]
			ir := innerRect{add: make([]float64, nl)}
			for v := range ir.add {
				ir.add[v] = rc.Utility
			}
			for x, i := range rc.Issues {
				ok := make([]bool, p.sizes[i])
				for v := range ok {
					if a := rc.Allowed[x]; a != nil {
						ok[v] = a[v]
					} else {
						ok[v] = v >= rc.Lo[x] && v <= rc.Hi[x]
					}
				}
				if i == last {
					for v := range ir.add {
						if !ok[v] {
							ir.add[v] = 0
						}
					}
					continue
				}
				ir.issues = append(ir.issues, i)
				ir.ok = append(ir.ok, ok)
			}
			out[j] = append(out[j], ir)
		}
	}
	return out
}

// innerTerms fills w.inner with each decider's terms for the values of the innermost issue,
// rectangles included, given the other issues' values in w.o.
func (w *enumWorker) innerTerms(last int) {
	p, o := w.p, w.o
	nl := p.sizes[last]
	for j, f := range p.funcs {
		in := w.inner[j*nl : j*nl+nl]
		copy(in, f.Tables[last])
	rects:
		for _, ir := range w.rects[j] {
			for x, i := range ir.issues {
				if !ir.ok[x][o[i]] {
					continue rects
				}
			}
			for v, a := range ir.add {
				in[v] += a
			}
		}
	}
}

// visit records outcome o with utilities u; single says whether o respects every
// single-issue red line.
func (w *enumWorker) visit(o parley.Outcome, u []float64, single bool) {
	if u == nil {
		u = w.p.utility(w.u, o)
	}
	if !w.countOnly {
		w.full.insert(u, o)
	}
	if !single || !w.p.reaches(u) {
		return
	}
	for _, l := range w.multi {
		if !l.rl.Allows(o) {
			return
		}
	}
	w.count++
	if len(o) > 0 {
		// The caller marks the other issues' values once for the whole inner loop.
		last := w.perm[len(o)-1]
		w.ranges[last][o[last]] = true
	}
	if !w.countOnly && !w.p.everything() {
		w.acc.insert(u, o)
	}
}
