package analysis

import (
	"fmt"
	"reflect"
	"slices"

	"parley"
)

// A sweep decides one decider's verdict on every package of the space at once, with as few
// linear programs as dominance allows. Package o dominates p when, on every issue, o's value
// is at least as good as p's by the stated orders of values (closed transitively): then
// U(o) >= U(p) under every consistent profile, so a certainly acceptable p makes o certainly
// acceptable, and a certainly-not o makes p certainly not. Swept from the worst packages up,
// a package the samples all accept is certain when a package one step below it is; swept
// from the best down, a package the samples all reject is certainly not when one a step above
// it is. Only the packages no neighbour settles need a linear program: in practice the
// boundary of the acceptable set, not the whole space.

// Sweep states of one package.
const (
	swOpen  int8 = iota // not decided yet
	swYes               // certainly acceptable
	swNo                // certainly not, by utility: so is every package it dominates
	swLine              // certainly not, by a red line (says nothing of the packages below)
	swSplit             // possibly acceptable: a sample or witness accepts it and one rejects it
	swLow               // not decided yet, and every sample and witness rejects it
)

// sweep is one decider's verdict on every package of the space, by rank. Certain verdicts
// stay right while statements are only added (the polytope only shrinks), so an update
// decides only the packages still open; after a withdrawal the sweep starts over (reset).
type sweep struct {
	state []int8
	// check, when not nil, marks the packages whose verdicts are compared with the truth:
	// only they get linear programs (SimOptions.Check).
	check []bool
}

func newSweep(n int, check []bool) *sweep { return &sweep{state: make([]int8, n), check: check} }

// checked reports whether the package of rank r is one whose verdict is compared.
func (sw *sweep) checked(r int) bool { return sw.check == nil || sw.check[r] }

func (sw *sweep) reset() { clear(sw.state) }

// certain reports whether the package of rank r has a certain verdict, and which.
func (sw *sweep) certain(r int) (decided, yes bool) {
	st := sw.state[r]
	return st == swYes || st == swNo || st == swLine, st == swYes
}

// rejected reports whether the package of rank r is certainly not acceptable.
func (sw *sweep) rejected(r int) bool { return sw.state[r] == swNo || sw.state[r] == swLine }

// sweepOrder is the order in which a sweep visits the values of each issue, worst first by
// the stated orders, with each value's neighbours: the values at least as bad (below) and at
// least as good (above) by those orders.
type sweepOrder struct {
	ext          [][]int   // per issue: values, a linear extension of the stated order, worst first
	below, above [][][]int // per issue and value
	stride       []int     // rank = sum o[i]*stride[i]
}

func (m *partyModel) sweepOrder(sizes []int) *sweepOrder {
	if m.geq == nil {
		m.orders()
	}
	so := &sweepOrder{stride: make([]int, len(sizes))}
	r := 1
	for i := len(sizes) - 1; i >= 0; i-- {
		so.stride[i] = r
		r *= sizes[i]
	}
	for i, n := range sizes {
		g := m.geq[i]
		// A value at least as good as more values comes later: a linear extension.
		under := make([]int, n)
		below, above := make([][]int, n), make([][]int, n)
		for a := 0; a < n && g != nil; a++ {
			for b := 0; b < n; b++ {
				if a != b && g[a][b] {
					under[a]++
					below[a] = append(below[a], b)
					above[b] = append(above[b], a)
				}
			}
		}
		ext := make([]int, n)
		for v := range ext {
			ext[v] = v
		}
		slices.SortStableFunc(ext, func(a, b int) int { return under[a] - under[b] })
		so.ext = append(so.ext, ext)
		so.below = append(so.below, below)
		so.above = append(so.above, above)
	}
	return so
}

// visit calls f on every package in the order of the linear extensions (up) or its reverse,
// with the package's rank. The outcome passed is reused.
func (so *sweepOrder) visit(up bool, f func(o parley.Outcome, r int)) {
	n := len(so.ext)
	pos := make([]int, n)
	o := make(parley.Outcome, n)
	for i := range pos {
		if len(so.ext[i]) == 0 {
			return
		}
		if !up {
			pos[i] = len(so.ext[i]) - 1
		}
	}
	for {
		r := 0
		for i, p := range pos {
			o[i] = so.ext[i][p]
			r += o[i] * so.stride[i]
		}
		f(o, r)
		i := n - 1
		for ; i >= 0; i-- {
			if up {
				if pos[i]++; pos[i] < len(so.ext[i]) {
					break
				}
				pos[i] = 0
			} else {
				if pos[i]--; pos[i] >= 0 {
					break
				}
				pos[i] = len(so.ext[i]) - 1
			}
		}
		if i < 0 {
			return
		}
	}
}

// neighbour reports whether some package one issue's value away from o (of rank r), with a
// value in nb, has state want.
func (sw *sweep) neighbour(so *sweepOrder, nb [][][]int, o parley.Outcome, r int, want int8) bool {
	for i, k := range o {
		for _, b := range nb[i][k] {
			if sw.state[r+(b-k)*so.stride[i]] == want {
				return true
			}
		}
	}
	return false
}

// translated reports, for up, whether a prefers statement "A at least as good as B" moves o
// (of rank r) to a certainly acceptable package: when o is at least as good as A, by the
// stated orders of values, on every issue where A and B differ, o with B's values there is
// at most as good as o under every consistent profile (the statement's row, translated by
// the values the two share). For !up, whether o is at most as good as B there and o with A's
// values is certainly not acceptable (by utility).
func (sw *sweep) translated(m *partyModel, so *sweepOrder, o parley.Outcome, r int, up bool) bool {
	want := swYes
	if !up {
		want = swNo
	}
	for _, st := range m.poly.stmts {
		if st.Kind != parley.StatePrefers {
			continue
		}
		from, to := st.Package, st.Other
		if !up {
			from, to = to, from
		}
		r2, ok := r, false
		for i, k := range o {
			if from[i] == to[i] {
				continue
			}
			a, b := k, from[i] // o's value must be at least as good as A's (up)
			if !up {
				a, b = b, a
			}
			if a != b && (m.geq[i] == nil || !m.geq[i][a][b]) {
				ok = false
				break
			}
			ok = true
			r2 += (to[i] - k) * so.stride[i]
		}
		if ok && sw.state[r2] == want {
			return true
		}
	}
	return false
}

// sweepMode says how far updateSweep goes.
type sweepMode struct {
	// lp decides by linear programs what the samples and dominance leave open.
	lp bool
	// all goes on after a linear program shows a package possibly acceptable; else the linear
	// programs stop there (one open package is enough to ask on; the rest can wait).
	all bool
	// others are the other deciders' sweeps: a package one of them certainly rejects needs no
	// linear program (its verdict for this decider changes no zone).
	others []*sweep
}

// needless reports whether the package of rank r is certainly rejected by another decider.
func (md *sweepMode) needless(r int) bool {
	for _, sw := range md.others {
		if sw.rejected(r) {
			return true
		}
	}
	return false
}

// updateSweep decides the packages of sw still open for decider d (see sweep): by the
// samples and witnesses, by dominance and, as md says, by a linear program for each package
// that neither settles. A package the samples all agree on and nothing settles stays
// undecided (swOpen when they accept it, swLow when they reject it). With md.all the
// packages are walked level by level and each level's programs run side by side
// (uncertain_sweep_batch.go); else one at a time, in the order of visit.
func (k *Knowledge) updateSweep(d int, sw *sweep, md sweepMode) {
	m := k.models[d]
	if m.exact != nil {
		k.exactSweep(m, sw)
		return
	}
	so := m.sweepOrder(k.sizes)
	w0 := len(m.witnesses)
	lp := func(r int) bool { return md.lp && sw.checked(r) && !md.needless(r) }
	b := &lpBatch{m: m, workers: k.workers, now: !md.all}
	flush := func() { b.flush(sw, &md) }
	var reject []bool // the samples all reject the package: decided on the way down
	so.walk(true, md.all, func(o parley.Outcome, r int) {
		if st := sw.state[r]; st != swOpen && st != swSplit && st != swLow {
			return
		}
		sw.state[r] = swOpen
		if !m.allows(o) {
			sw.state[r] = swLine
			return
		}
		yes, no := m.sampleSides(o)
		switch {
		case yes && no:
			sw.state[r] = swSplit
		case yes:
			if st, need := m.settle(sw, so, o, r, lp(r), true); need {
				b.add(sw, &md, o, r, true)
			} else {
				sw.state[r] = st
			}
		default:
			if reject == nil {
				reject = make([]bool, len(sw.state))
			}
			reject[r] = true
		}
	}, flush)
	if reject == nil {
		return
	}
	so.walk(false, md.all, func(o parley.Outcome, r int) {
		if !reject[r] {
			return
		}
		// A witness found since the samples were read may accept o.
		for _, z := range m.witnesses[w0:] {
			if m.gain(z, o) >= -VerdictTol {
				sw.state[r] = swSplit
				return
			}
		}
		if st, need := m.settle(sw, so, o, r, lp(r), false); need {
			b.add(sw, &md, o, r, false)
		} else {
			sw.state[r] = st
		}
	}, flush)
}

// settle decides package o (of rank r), which every sample accepts (up) or rejects (!up):
// certain (certainly not) when a package it dominates (that dominates it) is, else (lp) by a
// linear program that proves it or finds a witness: then it returns true, and the caller
// runs the program (lpBatch). Undecided, it gets the state sweepStates gives.
func (m *partyModel) settle(sw *sweep, so *sweepOrder, o parley.Outcome, r int, lp, up bool) (int8, bool) {
	settled, undecided := sweepStates(up)
	next := so.above
	if up {
		next = so.below
	}
	if sw.neighbour(so, next, o, r, settled) || m.dominatesAnchor(o, up) {
		return settled, false
	}
	if !lp {
		return undecided, false
	}
	// In place of a program only, so that the sweep leaves open what it did before.
	if sw.translated(m, so, o, r, up) {
		return settled, false
	}
	if b, ok := m.dominatedBound(o, uint64(r), up, true); ok {
		m.prove(uint64(r), b, up)
		return settled, false
	}
	return undecided, true
}

// sweepStates returns the sweep states of a package every sample accepts (up) or rejects:
// once it is settled (swYes, swNo), and while it is left undecided (swOpen, swLow).
func sweepStates(up bool) (settled, undecided int8) {
	if up {
		return swYes, swOpen
	}
	return swNo, swLow
}

// exactSweep decides every package of a decider whose profile is known in full.
func (k *Knowledge) exactSweep(m *partyModel, sw *sweep) {
	r := 0
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		switch {
		case sw.state[r] != swOpen:
		case !m.allows(o):
			sw.state[r] = swLine
		case m.exact.Utility(o) >= m.res-Tol:
			sw.state[r] = swYes
		default:
			sw.state[r] = swNo
		}
		r++
		return true
	})
}

// SettleVerdicts decides decider d's verdict on every package of the space at once, by a
// sweep: the verdicts Verdict gives package by package, with linear programs only where no
// neighbour settles a package by dominance (the boundary of the acceptable set, not the
// whole space). It keeps the certain verdicts, so that Verdict answers them at once
// afterwards, and returns them by the package's rank in the order of ForEachOutcome.
func (k *Knowledge) SettleVerdicts(d int) []Verdict {
	return k.SettleAfter(d, nil).Verdicts
}

// Settled is a decider's verdict on every package (by rank, as SettleVerdicts gives them)
// and what they were settled from, for SettleAfter.
type Settled struct {
	Verdicts []Verdict
	issues   []string
	profile  parley.Profile // without its statements
	stmts    map[string]int // the statements, written out, and how many times each
}

// SettleAfter is SettleVerdicts given prev, what SettleAfter settled for the same decider
// before (nil when nothing was). When prev was settled on the same issues and the same
// profile but for statements that are all still said (statements were only added, so the
// polytope only shrank), prev's certain verdicts stay certain and only the other packages
// are decided; otherwise prev is ignored. The verdicts are the same either way.
func (k *Knowledge) SettleAfter(d int, prev *Settled) *Settled {
	m := k.models[d]
	if m.exact == nil && m.cache == nil {
		m.cache = map[uint64]Verdict{}
	}
	n := product(k.sizes)
	cur := k.settledFrom(d)
	sw := newSweep(n, nil)
	if prev != nil && m.exact == nil && len(prev.Verdicts) == n && cur.follows(prev) {
		k.seed(m, sw, prev.Verdicts)
	}
	k.updateSweep(d, sw, sweepMode{lp: true, all: true})
	cur.Verdicts = make([]Verdict, n)
	for r, st := range sw.state {
		switch st {
		case swYes:
			cur.Verdicts[r] = Certainly
		case swNo, swLine:
			cur.Verdicts[r] = Never
		default:
			cur.Verdicts[r] = Possibly
			continue
		}
		if m.exact == nil {
			m.cache[uint64(r)] = cur.Verdicts[r]
		}
	}
	return cur
}

// Counts counts the packages by verdict: Counts()[v] is how many have verdict v.
func (s *Settled) Counts() [3]int64 {
	var c [3]int64
	for _, v := range s.Verdicts {
		c[v]++
	}
	return c
}

// settledFrom returns what decider d's verdicts follow from, without them.
func (k *Knowledge) settledFrom(d int) *Settled {
	m := k.models[d]
	out := &Settled{profile: *k.s.Parties[m.party].Profile, stmts: map[string]int{}}
	out.profile.Statements = nil
	for _, is := range k.s.Issues {
		out.issues = append(out.issues, is.ID+" "+is.Describe())
	}
	if m.exact == nil {
		for _, st := range m.poly.stmts {
			out.stmts[fmt.Sprintf("%+v", st)]++
		}
	}
	return out
}

// follows reports whether s was settled on the same issues and profile as prev, from every
// statement prev was and perhaps more.
func (s *Settled) follows(prev *Settled) bool {
	if !slices.Equal(s.issues, prev.issues) || !reflect.DeepEqual(s.profile, prev.profile) {
		return false
	}
	for st, c := range prev.stmts {
		if s.stmts[st] < c {
			return false
		}
	}
	return true
}

// seed writes into sw the certain verdicts of a polytope that holds m's: certainly
// acceptable, or certainly not (by a red line, or by utility).
func (k *Knowledge) seed(m *partyModel, sw *sweep, verdicts []Verdict) {
	r := 0
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		switch {
		case verdicts[r] == Certainly:
			sw.state[r] = swYes
		case verdicts[r] == Never && !m.allows(o):
			sw.state[r] = swLine
		case verdicts[r] == Never:
			sw.state[r] = swNo
		}
		r++
		return true
	})
}
