package analysis

import (
	"math"
	"math/big"
	"slices"
	"strconv"

	"parley"
)

// The region method for profiles made of rectangle terms (GENIUS hyper-rectangles,
// GeniusWeb groups) and additive tables, clamped to [0, 1].
//
// A branch and bound over the issues: at each node the next issue is the one most alive
// rectangles bound, and its values are grouped into regions of values that no alive
// rectangle and no table tells apart, so a branch stands for every value of its region at
// once and an issue no rectangle bounds any more is one branch. Each node carries, per
// decider, the utility already certain and the most (and least) the open rectangles and
// unassigned issues can still add; a node whose best case is dominated by a point already
// found is cut. Leaves are regions of tied outcomes (a product of value sets), so the
// frontier is exact without enumerating the space.

// rectMinSize is the smallest space the region method takes over from enumeration (a
// variable so that tests can compare the two on small spaces).
var rectMinSize = 5e6

// rectNodeShare is the share of Options.MaxWork the region method may spend, in nodes: a
// node costs about as much as a thousand outcome evaluations, so the default budget of
// 250,000 nodes takes about a second at most (the 10^10 ANAC 2014 domains need under 1,000).
const rectNodeShare = 1.0 / 16000

// rterm is one rectangle of one decider.
type rterm struct {
	decider int
	util    float64
	bounds  int // number of issues it bounds
}

// rbound is the bound of term on one issue: ok[v] for each value v.
type rbound struct {
	term int
	ok   []bool
}

// rregion is a product of value sets, one per issue.
type rregion [][]int

// rentry is one point of the region frontier: a utility vector and its tied regions.
type rentry struct {
	u       []float64
	regions []rregion
}

// rfront is a frontier found by the region method; it implements frontier.
type rfront struct{ es []*rentry }

func (f *rfront) Len() int            { return len(f.es) }
func (f *rfront) Vec(i int) []float64 { return f.es[i].u }
func (f *rfront) Count(i int) *big.Int {
	n := new(big.Int)
	for _, r := range f.es[i].regions {
		n.Add(n, r.size())
	}
	return n
}

func (f *rfront) Each(i int, fn func(parley.Outcome) bool) {
	for _, r := range f.es[i].regions {
		if !r.each(fn) {
			return
		}
	}
}

func (r rregion) size() *big.Int {
	n := big.NewInt(1)
	for _, s := range r {
		n.Mul(n, big.NewInt(int64(len(s))))
	}
	return n
}

// each calls fn with every outcome of r, in odometer order, until fn returns false.
func (r rregion) each(fn func(parley.Outcome) bool) bool {
	pos := make([]int, len(r))
	o := make(parley.Outcome, len(r))
	for {
		for i, s := range r {
			o[i] = s[pos[i]]
		}
		if !fn(o) {
			return false
		}
		i := len(r) - 1
		for ; i >= 0; i-- {
			if pos[i]++; pos[i] < len(r[i]) {
				break
			}
			pos[i] = 0
		}
		if i < 0 {
			return true
		}
	}
}

// rsearch is the state of one region search.
type rsearch struct {
	p       *problem
	k, n    int
	terms   []rterm
	byIssue [][]rbound
	tables  [][][]float64 // [decider][issue][value]
	dom     [][]int       // allowed values per issue
	// node state, updated on the way down and undone on the way up
	assigned [][]int // the region chosen per issue, nil when open
	left     []int   // per term: bounds not yet checked; -1 once dead
	sure     []float64
	hiOpen   []float64 // per decider: the most open terms and issues can add
	loOpen   []float64 // per decider: the least
	hiTab    [][]float64
	loTab    [][]float64
	nodes    float64
	budget   float64
	exceeded bool
	front    *rfront
	accOnly  bool // cut nodes that cannot reach every reservation value
}

// rectApplicable reports whether the region method applies: every decider's and
// mediator's profile compiles (done), and red lines, if any, bound one issue each.
func (p *problem) rectApplicable() bool {
	for _, l := range p.lines {
		if len(l.rl.Issues) > 1 {
			return false
		}
	}
	return true
}

func (p *problem) newRectSearch(redLines bool, budget float64) *rsearch {
	n := len(p.s.Issues)
	r := &rsearch{p: p, k: p.k, n: n, byIssue: make([][]rbound, n), budget: budget}
	r.dom = make([][]int, n)
	for i := range r.dom {
		ok := make([]bool, p.sizes[i])
		for v := range ok {
			ok[v] = true
		}
		if redLines {
			for _, l := range p.lines {
				if len(l.rl.Issues) == 1 && l.rl.Issues[0] == i {
					a := l.rl.Allowed(p.s)
					for v := range ok {
						ok[v] = ok[v] && a[v]
					}
				}
			}
		}
		for v, yes := range ok {
			if yes {
				r.dom[i] = append(r.dom[i], v)
			}
		}
	}
	r.tables = make([][][]float64, p.k)
	r.hiTab, r.loTab = make([][]float64, p.k), make([][]float64, p.k)
	r.sure, r.hiOpen, r.loOpen = make([]float64, p.k), make([]float64, p.k), make([]float64, p.k)
	for d, f := range p.funcs {
		r.tables[d] = f.Tables
		r.hiTab[d], r.loTab[d] = make([]float64, n), make([]float64, n)
		for i := range n {
			hi, lo := math.Inf(-1), math.Inf(1)
			for _, v := range r.dom[i] {
				hi, lo = math.Max(hi, f.Tables[i][v]), math.Min(lo, f.Tables[i][v])
			}
			if len(r.dom[i]) == 0 {
				hi, lo = 0, 0
			}
			r.hiTab[d][i], r.loTab[d][i] = hi, lo
			r.hiOpen[d] += hi
			r.loOpen[d] += lo
		}
		for _, c := range f.Rects {
			t := len(r.terms)
			r.terms = append(r.terms, rterm{decider: d, util: c.Utility, bounds: len(c.Issues)})
			for j, i := range c.Issues {
				ok := c.Allowed[j]
				if ok == nil {
					ok = make([]bool, p.sizes[i])
					for v := c.Lo[j]; v <= c.Hi[j] && v < len(ok); v++ {
						ok[v] = true
					}
				}
				r.byIssue[i] = append(r.byIssue[i], rbound{term: t, ok: ok})
			}
			if len(c.Issues) == 0 {
				r.sure[d] += c.Utility
			} else if c.Utility > 0 {
				r.hiOpen[d] += c.Utility
			} else {
				r.loOpen[d] += c.Utility
			}
		}
	}
	r.left = make([]int, len(r.terms))
	for t, tm := range r.terms {
		r.left[t] = tm.bounds
	}
	r.assigned = make([][]int, n)
	r.front = &rfront{}
	return r
}

// hi returns the best case of decider d at the current node, clamped like utilities.
func (r *rsearch) hi(d int) float64 { return parley.Clamp01(r.sure[d] + r.hiOpen[d]) }
func (r *rsearch) lo(d int) float64 { return parley.Clamp01(r.sure[d] + r.loOpen[d]) }

// change is what assigning one region did, to be undone.
type change struct {
	dead, done []int
}

// assign fixes issue i to the values of region vs (v its representative).
func (r *rsearch) assign(i int, vs []int, v int) change {
	var ch change
	r.assigned[i] = vs
	for _, b := range r.byIssue[i] {
		if r.left[b.term] < 0 {
			continue
		}
		tm := r.terms[b.term]
		if !b.ok[v] {
			r.left[b.term] = -r.left[b.term] - 1 // dead; keeps the count for undo
			r.open(tm, -1)
			ch.dead = append(ch.dead, b.term)
			continue
		}
		if r.left[b.term]--; r.left[b.term] == 0 {
			r.open(tm, -1)
			r.sure[tm.decider] += tm.util
			ch.done = append(ch.done, b.term)
		}
	}
	for d := range r.k {
		r.sure[d] += r.tables[d][i][v]
		r.hiOpen[d] -= r.hiTab[d][i]
		r.loOpen[d] -= r.loTab[d][i]
	}
	return ch
}

// open adds sign times the term's utility to its decider's open bounds.
func (r *rsearch) open(tm rterm, sign float64) {
	if tm.util > 0 {
		r.hiOpen[tm.decider] += sign * tm.util
	} else {
		r.loOpen[tm.decider] += sign * tm.util
	}
}

func (r *rsearch) unassign(i int, v int, ch change) {
	for d := range r.k {
		r.sure[d] -= r.tables[d][i][v]
		r.hiOpen[d] += r.hiTab[d][i]
		r.loOpen[d] += r.loTab[d][i]
	}
	for _, t := range ch.done {
		tm := r.terms[t]
		r.sure[tm.decider] -= tm.util
		r.open(tm, 1)
	}
	for _, b := range r.byIssue[i] {
		if l := r.left[b.term]; l >= 0 {
			r.left[b.term]++
		}
	}
	for _, t := range ch.dead {
		r.left[t] = -r.left[t] - 1
		r.open(r.terms[t], 1)
	}
	r.assigned[i] = nil
}

// next returns the open issue most alive terms bound, or -1 when every issue is assigned.
func (r *rsearch) next() int {
	best, bestN := -1, -1
	for i := range r.n {
		if r.assigned[i] != nil {
			continue
		}
		c := 0
		for _, b := range r.byIssue[i] {
			if r.left[b.term] > 0 {
				c++
			}
		}
		if c > bestN {
			best, bestN = i, c
		}
	}
	return best
}

// regions splits the allowed values of issue i into groups that no alive term bounding i
// and no decider's table tells apart.
func (r *rsearch) regions(i int) [][]int {
	var alive []rbound
	for _, b := range r.byIssue[i] {
		if r.left[b.term] > 0 {
			alive = append(alive, b)
		}
	}
	index := map[string]int{}
	var out [][]int
	key := make([]byte, 0, len(alive)+8*r.k)
	for _, v := range r.dom[i] {
		key = key[:0]
		for _, b := range alive {
			if b.ok[v] {
				key = append(key, 1)
			} else {
				key = append(key, 0)
			}
		}
		for d := range r.k {
			key = strconv.AppendUint(key, math.Float64bits(r.tables[d][i][v]), 36)
			key = append(key, ',')
		}
		g, ok := index[string(key)]
		if !ok {
			g = len(out)
			index[string(key)] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], v)
	}
	return out
}

// dominated reports whether a point already found dominates the best case u.
func (r *rsearch) dominated(u []float64) bool {
	for _, e := range r.front.es {
		if Dominates(e.u, u) {
			return true
		}
	}
	return false
}

// cut reports whether the current node can be left out.
func (r *rsearch) cut(u []float64) bool {
	if r.accOnly {
		for d, x := range u {
			if x < r.p.res[d]-Tol {
				return true
			}
		}
	}
	return r.dominated(u)
}

// add records a leaf: the current assignment is a region of outcomes worth u.
func (r *rsearch) add(u []float64) {
	reg := make(rregion, r.n)
	copy(reg, r.assigned)
	es := r.front.es[:0]
	var same *rentry
	for _, e := range r.front.es {
		switch {
		case Equal(e.u, u):
			same = e
		case Dominates(u, e.u):
			continue
		}
		es = append(es, e)
	}
	r.front.es = es
	if same != nil {
		same.regions = append(same.regions, reg)
		return
	}
	r.front.es = append(r.front.es, &rentry{u: append([]float64(nil), u...), regions: []rregion{reg}})
}

// search explores the node where the assigned issues are fixed.
func (r *rsearch) search() {
	if r.exceeded {
		return
	}
	if r.nodes++; r.nodes > r.budget {
		r.exceeded = true
		return
	}
	u := make([]float64, r.k)
	i := r.next()
	if i < 0 {
		for d := range u {
			u[d] = parley.Clamp01(r.sure[d])
		}
		if !r.cut(u) {
			r.add(u)
		}
		return
	}
	type child struct {
		vs    []int
		score float64
	}
	regs := r.regions(i)
	kids := make([]child, 0, len(regs))
	for _, vs := range regs {
		ch := r.assign(i, vs, vs[0])
		score := 0.0
		cut := false
		for d := range u {
			u[d] = r.hi(d)
			score += u[d]
		}
		cut = r.cut(u)
		r.unassign(i, vs[0], ch)
		if !cut {
			kids = append(kids, child{vs, score})
		}
	}
	slices.SortStableFunc(kids, func(a, b child) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	for _, c := range kids {
		ch := r.assign(i, c.vs, c.vs[0])
		for d := range u {
			u[d] = r.hi(d)
		}
		if !r.cut(u) { // points found among earlier siblings may cut it now
			r.search()
		}
		r.unassign(i, c.vs[0], ch)
	}
}
