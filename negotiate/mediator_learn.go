package negotiate

import (
	"math"

	"parley"
)

// Learn is a mediator that learns from the votes what each party could live with. It first
// asks the parties for their positions, then keeps a model of each party of its own: an
// additive estimate of the party's utility (a value table per issue) and of its threshold,
// what it asks at least when it votes. Everything it learns comes from the protocol:
//
//   - a party's first position is taken as its best text: the prior gives each issue's value
//     there the top score, and, on a number issue or ordered options, lower scores the
//     farther a value lies from it; values the party's amendments repeat score more;
//   - a party that rejects a text and amends it prefers its amendment to the text; one that
//     accepts a text likes it at least as much as its next amendment (parties concede with
//     time, so each amendment is worth no more to it than the one before), and, until that
//     next amendment, about as much as its latest (it concedes little in a round);
//   - a party that does not prefer a text to the draft it amends likes the draft better.
//
// Each round it fits the tables to these comparisons (a perceptron with a margin, from the
// prior; when they do not all fit, a few more passes over the latest). A party's threshold
// is the estimated value of its latest amendment less its last concession (it concedes
// about as much again by the time it votes), no more than any text it accepted; from nine
// tenths of the time on, also no more than a time-dependent concession curve fitted to its
// amendments predicts (late conceders fall fastest at the end). A party's floor, the
// disagreement point of the estimated Nash product, is its worst text; from half the time
// on, what that curve predicts at the deadline (never above its threshold).
//
// Then it tables, of the texts the model deems best for some weighting of the parties (and
// their improvements issue by issue) and the parties' latest amendments, the one it predicts
// every party accepts with a margin, with the largest estimated Nash product (gains over each
// party's floor); when it predicts none is, or in the last round, the one most surely
// acceptable to all (the largest smallest margin, each party's margin relative to its estimated
// range; in the last round searched two issues at a time as well, then over the whole outcome
// space when it has at most MaxEnumerated outcomes, see search). In the last tenth of the time
// it searches two issues at a time whenever it predicts no text acceptable, and scores each
// text under a second model, fitted to the same comparisons from a flat prior, taking the
// lesser score (see endgame). The talks end at the first text every party accepts, so it holds
// out: it tables only texts whose estimated Nash product reaches an aspiration, 98% of the
// largest it estimates until half the time, then falling to nothing at the deadline (see
// setAim); the parties, conceding with time, come to accept a text near the Nash point
// rather than the first on which their thresholds meet. It probes when it predicts no text
// is acceptable to all: in the first tenth of the time, it tables instead the best scored
// party's opening position, once, as SAOP's first offer asks the other party; once a party
// that still asks for its opening position has accepted, in the first tenth, a text the
// model chose (it accepts less than it asks from the start: a discount for time, where the
// first text all accept is the agreement and the model knows little yet), until half the
// time, the earliest of the parties' last eight amendments it has not tabled yet (a party
// that concedes accepts its earlier amendments too, and the first the others accept is the
// best for it of those they accept, as under SAOP). With Probe, in the first tenth
// it tables instead the best of the parties' latest amendments it has not tabled yet, to
// hear whether the others could live with it. At the desk (Observe), where a person tables the texts and no deadline
// drives the parties' concessions, it neither probes nor holds out. It never tables again
// a text of the last three rounds while another will do. The draft it tables each text
// against is the text before, so every round also tells it which of two texts each party
// prefers. A mediator with a profile of its own (MediatorSetup.Own) takes, of the texts it
// predicts every party accepts, the best for itself, and does not hold out.
type Learn struct {
	// Probe turns on the probing of the first tenth of the time (the probe=1 parameter):
	// see untriedAmendment.
	Probe bool

	s    *MediatorSetup
	n, k int
	t    float64
	// tab[p][i][v] is the estimated weighted value of value v of issue i for party p: the
	// prior plus delta[p][i][v], what the comparisons taught. count[p][i][v] is how often
	// the party's amendments held the value; open[p] indexes its first amendment in outs.
	tab, delta, count [][][]float64
	open              []int
	// outs holds every outcome the model refers to, k ints each; cons[p] the comparisons
	// learnt about party p.
	outs []int
	cons [][]comparison
	// pos[p] indexes party p's latest amendment in outs, -1 before its first; accepted[p]
	// are the texts it accepted since, waiting for its next amendment; ever[p] every text
	// it accepted.
	pos            []int
	prev           []int       // the amendment before pos, or -1
	amends         [][]int     // every amendment of each party
	when           [][]float64 // the time of each of them
	accepted, ever [][]int
	// observed is set once the strategy observed a round someone else led (Observe).
	observed bool
	// agreed[p] and rejected[p] are the texts party p accepted and rejected in rounds
	// someone else led (Observe).
	agreed, rejected [][]int
	// text is the text tabled this round (index into outs), last the one before (-1).
	text, last int
	recent     []int // texts tabled in the last rounds, most recent last
	opened     bool
	// tried are the amendments tabled as they were (see untriedAmendment).
	tried []int
	// early is set once a party accepted, in the first tenth of the time, a text the model
	// chose: from then on, while the model predicts no text acceptable to all, the
	// mediator tables the parties' untried amendments (see untriedAmendment).
	early bool
	fresh []bool
	// aim is the least estimated Nash product of a text the mediator tables now (see
	// setAim); cands the texts it considers this round, k ints each.
	aim   float64
	cands []int
	tmp   []comparison
	// Buffers.
	x, y, best parley.Outcome
	lo, rng    []float64
	tau        []float64
	// floor[p] is what the mediator estimates party p would concede down to by the
	// deadline (see floorFrom): the disagreement point of its estimated Nash product.
	floor []float64
	// prim is the model described above (tab to floor are its own while it is in use);
	// alt the model of a flat prior fitted to the same comparisons; cur the one in use
	// (see use and the endgame).
	prim, alt learnModel
	cur       *learnModel
}

// comparison says that outcome a (an index into Learn.outs) is worth at least as much as
// outcome b to a party, strictly more when strict.
type comparison struct {
	a, b   int32
	strict bool
}

// Init implements Mediator.
func (m *Learn) Init(s *MediatorSetup) error {
	m.s, m.n, m.k = s, len(s.Parties), len(s.Sizes)
	m.t, m.outs, m.text, m.last, m.recent, m.opened = 0, m.outs[:0], -1, -1, m.recent[:0], false
	m.observed = false
	if len(m.tab) != m.n || len(m.x) != m.k {
		m.tab, m.delta, m.count = tables(m.n, s.Sizes), tables(m.n, s.Sizes), tables(m.n, s.Sizes)
		m.open, m.prev = make([]int, m.n), make([]int, m.n)
		m.amends = make([][]int, m.n)
		m.when = make([][]float64, m.n)
		m.cons = make([][]comparison, m.n)
		m.pos = make([]int, m.n)
		m.accepted = make([][]int, m.n)
		m.ever = make([][]int, m.n)
		m.agreed, m.rejected = make([][]int, m.n), make([][]int, m.n)
		m.fresh = make([]bool, m.n)
		m.x, m.y, m.best = make(parley.Outcome, m.k), make(parley.Outcome, m.k), make(parley.Outcome, m.k)
		m.lo, m.rng, m.tau = make([]float64, m.n), make([]float64, m.n), make([]float64, m.n)
		m.floor = make([]float64, m.n)
		m.prim = learnModel{tab: m.tab, delta: m.delta, lo: m.lo, rng: m.rng, tau: m.tau, floor: m.floor}
		m.alt = newLearnModel(m.n, s.Sizes)
	}
	m.cur = &m.prim
	for p := range m.n {
		for i := range m.k {
			for v := range m.tab[p][i] {
				m.tab[p][i][v] = 0.5 / float64(m.k)
			}
			clear(m.delta[p][i])
			clear(m.count[p][i])
			clear(m.alt.delta[p][i])
		}
		m.cons[p] = m.cons[p][:0]
		m.pos[p], m.open[p], m.prev[p] = -1, -1, -1
		m.amends[p] = m.amends[p][:0]
		m.when[p] = m.when[p][:0]
		m.accepted[p] = m.accepted[p][:0]
		m.ever[p] = m.ever[p][:0]
		m.agreed[p], m.rejected[p] = m.agreed[p][:0], m.rejected[p][:0]
		m.fresh[p] = false
	}
	m.tried, m.early = m.tried[:0], false
	return nil
}

// store appends o to outs and returns its index.
func (m *Learn) store(o parley.Outcome) int {
	m.outs = append(m.outs, o...)
	return len(m.outs)/m.k - 1
}

func (m *Learn) out(j int) parley.Outcome {
	return parley.Outcome(m.outs[j*m.k : (j+1)*m.k : (j+1)*m.k])
}

// utility returns party p's estimated utility of o.
func (m *Learn) utility(p int, o parley.Outcome) float64 {
	u := 0.0
	for i, v := range o {
		u += m.tab[p][i][v]
	}
	return u
}

// tables returns zeroed tables, one per party, issue and value.
func tables(n int, sizes []int) [][][]float64 {
	t := make([][][]float64, n)
	for p := range t {
		t[p] = make([][]float64, len(sizes))
		for i, size := range sizes {
			t[p][i] = make([]float64, size)
		}
	}
	return t
}

// prior sets party p's tables to the prior plus what the comparisons taught. The prior
// takes the party's first amendment as its best text: each issue's value there scores 1;
// on a number issue or ordered options, other values score less the farther they lie from
// it, half of their score, and the other half is how often the party's amendments held
// them (relative to the most frequent value); on unordered options, a value scores 0.2
// plus 0.8 times that frequency. Issues weigh the same.
func (m *Learn) prior(p int) {
	if m.open[p] < 0 {
		return
	}
	best := m.out(m.open[p])
	w := 1 / float64(m.k)
	for i, is := range m.s.Issues {
		size := m.s.Sizes[i]
		ordered := is.Kind != parley.KindOptions || is.Ordered
		most := 0.0
		for _, c := range m.count[p][i] {
			most = max(most, c)
		}
		for v := range size {
			freq := m.count[p][i][v] / max(most, 1)
			score := 0.2 + 0.8*freq
			switch {
			case m.cur.flat:
				score = 0.5
			case v == best[i]:
				score = 1
			case ordered && size > 1:
				score = 0.5*(1-math.Abs(float64(v-best[i]))/float64(size-1)) + 0.5*freq
			}
			m.tab[p][i][v] = min(1, max(0, w*score+m.delta[p][i][v]))
		}
	}
}

// Propose implements Mediator.
func (m *Learn) Propose(t float64) (text, draft parley.Outcome) {
	m.t = t
	m.last = m.text
	if !m.opened {
		// Nothing heard yet: the parties state their positions.
		m.opened = true
		return nil, nil
	}
	m.fit()
	m.choose()
	m.text = m.store(m.best)
	m.recent = append(m.recent, m.text)
	if len(m.recent) > 3 {
		m.recent = m.recent[1:]
	}
	if m.last < 0 {
		return m.out(m.text), nil
	}
	return m.out(m.text), m.out(m.last)
}

// Hear implements Mediator.
func (m *Learn) Hear(votes []Vote) {
	for p, v := range votes {
		if v.Abstain {
			continue
		}
		add := func(a, b int, strict bool) {
			m.cons[p] = append(m.cons[p], comparison{int32(a), int32(b), strict})
			m.fresh[p] = true
		}
		if v.Accept && m.text >= 0 {
			// A party that accepts, in the first tenth of the time, a text that is not
			// some party's own amendment, while it still asks for its opening position,
			// accepts less than it asks from the start (a discount for time).
			m.early = m.early || (m.t < tryAmendmentsUntil && !m.triedAmendment(m.out(m.text)) && m.asksItsPosition(p))
			m.accepted[p] = append(m.accepted[p], m.text)
			m.ever[p] = append(m.ever[p], m.text)
			m.fresh[p] = true
		} else if v.Amend != nil {
			a := m.store(v.Amend)
			if m.pos[p] < 0 {
				m.open[p] = a
			} else {
				add(m.pos[p], a, false)
			}
			for i, x := range v.Amend {
				m.count[p][i][x]++
			}
			m.fresh[p] = true
			if m.text >= 0 {
				add(a, m.text, true)
			}
			for _, j := range m.accepted[p] {
				add(j, a, false)
			}
			m.accepted[p] = m.accepted[p][:0]
			m.prev[p], m.pos[p] = m.pos[p], a
			m.when[p] = append(m.when[p], m.t)
			m.amends[p] = append(m.amends[p], a)
		}
		if m.last >= 0 && !v.Prefer {
			add(m.last, m.text, true)
		} else if m.last >= 0 && !v.Accept {
			add(m.text, m.last, false)
		}
	}
}

// margin is the least estimated difference a strict comparison must show, relative to a
// party's estimated range.
const margin = 0.01

// fitPasses bounds the passes of the fit over all of a party's comparisons; recentPasses
// are the passes that follow, over its latest recentComparisons only, when the comparisons
// are not all satisfied: parties' answers need not fit an additive model (red lines,
// reservation values, issues that interact), and then the latest answers, made nearest to
// the thresholds the parties vote with now, count more.
const (
	fitPasses         = 20
	recentPasses      = 5
	recentComparisons = 32
)

// fit adjusts each party's tables until they satisfy its comparisons (or for a bounded
// number of passes, then a few over the latest comparisons alone).
func (m *Learn) fit() {
	for p := range m.n {
		if !m.fresh[p] {
			continue
		}
		m.fresh[p] = false
		m.fitParty(p)
		m.use(&m.alt)
		m.fitParty(p)
		m.use(&m.prim)
	}
}

// fitParty fits party p's tables of the model in use to its comparisons.
func (m *Learn) fitParty(p int) {
	m.prior(p)
	// A text the party accepted since its latest amendment is worth about as much to it as
	// that amendment (it concedes little in a round): the comparison holds until its next
	// amendment, which replaces it (see Hear).
	all := m.cons[p]
	if m.pos[p] >= 0 && len(m.accepted[p]) > 0 {
		m.tmp = append(m.tmp[:0], m.cons[p]...)
		for _, j := range m.accepted[p] {
			m.tmp = append(m.tmp, comparison{int32(j), int32(m.pos[p]), false})
		}
		all = m.tmp
	}
	for pass := range fitPasses + recentPasses {
		cs := all
		if pass >= fitPasses {
			cs = cs[max(0, len(cs)-recentComparisons):]
		}
		if m.fitPass(p, cs) == 0 {
			break
		}
	}
}

// fitPass moves party p's tables, once through cs, towards satisfying every comparison (a
// perceptron step with a margin for each it violates) and returns how many it violated.
func (m *Learn) fitPass(p int, cs []comparison) (wrong int) {
	tab, delta := m.tab[p], m.delta[p]
	for _, c := range cs {
		a, b := m.out(int(c.a)), m.out(int(c.b))
		d, diff := 0.0, 0
		for i := range a {
			if a[i] != b[i] {
				d += tab[i][a[i]] - tab[i][b[i]]
				diff++
			}
		}
		want := 0.0
		if c.strict {
			want = margin
		}
		if diff == 0 || d >= want {
			continue
		}
		wrong++
		step := (want - d + margin) / float64(2*diff)
		for i := range a {
			if a[i] != b[i] {
				x, y := min(1, tab[i][a[i]]+step), max(0, tab[i][b[i]]-step)
				delta[i][a[i]] += x - tab[i][a[i]]
				delta[i][b[i]] += y - tab[i][b[i]]
				tab[i][a[i]], tab[i][b[i]] = x, y
			}
		}
	}
	return wrong
}

// choose sets m.best to the text to table: of the texts the model deems best for some
// weighting of the parties and the parties' latest amendments, the best scored (see score)
// that was not tabled lately, then improved issue by issue.
func (m *Learn) choose() {
	m.thresholds()
	if m.endgame() {
		m.use(&m.alt)
		m.thresholds()
		m.use(&m.prim)
	}
	bestScore, found := math.Inf(-1), false
	try := func(o parley.Outcome) bool {
		if s := m.score(o); s > bestScore && !m.tabled(o) {
			bestScore, found = s, true
			copy(m.best, o)
			return true
		}
		return false
	}
	m.candidates()
	m.setAim()
	if m.endgame() {
		m.use(&m.alt)
		m.setAim()
		m.use(&m.prim)
	}
	for j := range len(m.cands) / m.k {
		try(parley.Outcome(m.cands[j*m.k : (j+1)*m.k]))
	}
	if !found && m.observed {
		// Rounds someone else led (Observe): the nearest text not tabled lately.
		found = m.neighbours(try)
	}
	if !found {
		// Everything was tabled lately: table again the best.
		copy(m.best, m.x)
		bestScore = m.score(m.best)
	}
	m.search()
	if m.score(m.best) < 2 && !m.observed {
		m.probe()
	}
}

// probe replaces m.best, when the model predicts no text acceptable to all, by a party's
// own amendment as it was (see untriedAmendment): with Probe, the latest, in the first
// tenth of the time; once a party accepted early (Learn.early), the earliest untried, until
// half the time; otherwise one opening position, in the first tenth.
func (m *Learn) probe() {
	early := m.t < tryAmendmentsUntil
	switch {
	case m.Probe && early:
		m.untriedAmendment(false, false)
	case m.early && m.t < aimFrom:
		m.untriedAmendment(true, false)
	case early && len(m.tried) == 0:
		m.untriedAmendment(false, true)
	}
}

// tryAmendmentsUntil is the time until which the mediator tables an opening position, or
// with Probe a party's latest amendment, instead of a text it predicts no one accepts (see
// probe), and until which a party that accepts a text it did not ask for shows that it
// accepts less than it asks from the start (Learn.early).
const tryAmendmentsUntil = 0.1

// untriedAmendment sets m.best, when there is one, to the best scored of the parties'
// amendments (each party's latest, or with first its opening position only; with all, the
// earliest of its last eight) that was never tabled as it was, leaving out those that cross
// a red line a party stated, and records it as tabled. Early on, the model knows little more than the
// parties' positions; a party's own amendment is what it asks now, and only the others'
// votes on it tell whether they could live with it. In domains where parties accept much
// from the start (a discount for time), that vote is the most informative the mediator can
// ask; a party that concedes with time accepts its earlier amendments too, and the one the
// others like best may be an earlier one.
func (m *Learn) untriedAmendment(all, first bool) {
	bs, bj := math.Inf(-1), -1
	for p := range m.n {
		as := m.amends[p]
		switch {
		case len(as) == 0:
			continue
		case first:
			as = as[:1]
		case all:
			as = as[max(0, len(as)-8):]
		default:
			as = as[len(as)-1:]
		}
		for _, j := range as {
			o := m.out(j)
			if m.triedAmendment(o) || (m.s.RedLines != nil && m.crossed(o) > 0) {
				continue
			}
			s := m.score(o)
			if all {
				// The earliest first, as the parties made them: the first a party
				// accepts is, of those it accepts, the best for the party that made it,
				// where SAOP would have agreed.
				s = -float64(j)
			}
			if s > bs {
				bs, bj = s, j
			}
		}
	}
	if bj >= 0 {
		copy(m.best, m.out(bj))
		m.tried = append(m.tried, bj)
	}
}

// asksItsPosition reports whether every amendment of party p so far is its opening position.
func (m *Learn) asksItsPosition(p int) bool {
	if m.open[p] < 0 {
		return false
	}
	first := m.out(m.open[p])
	for _, j := range m.amends[p] {
		if !equalOutcome(m.out(j), first) {
			return false
		}
	}
	return true
}

// triedAmendment reports whether o was tabled by untriedAmendment.
func (m *Learn) triedAmendment(o parley.Outcome) bool {
	for _, j := range m.tried {
		if equalOutcome(m.out(j), o) {
			return true
		}
	}
	return false
}

// thresholds sets each party's estimated range (m.lo, m.rng) and threshold (m.tau), what it
// asks at least when it votes now.
func (m *Learn) thresholds() {
	for p := range m.n {
		lo, hi := 0.0, 0.0
		for _, t := range m.tab[p] {
			a, b := t[0], t[0]
			for _, x := range t {
				a, b = min(a, x), max(b, x)
			}
			lo, hi = lo+a, hi+b
		}
		m.lo[p], m.rng[p] = lo, max(hi-lo, 1e-9)
		m.floor[p] = lo
		// The party's threshold only falls: it is at most what its latest amendment and
		// every text it accepted are worth to it.
		m.tau[p] = hi
		if m.pos[p] >= 0 {
			m.tau[p] = m.utility(p, m.out(m.pos[p]))
			if m.prev[p] >= 0 {
				// It falls by about as much again by the time it votes.
				m.tau[p] -= max(0, m.utility(p, m.out(m.prev[p]))-m.tau[p])
			}
			if m.t >= curveFrom {
				if f, _, ok := m.concession(p); ok {
					m.tau[p] = min(m.tau[p], f)
				}
			}
			if m.t >= floorFrom && !m.observed {
				if _, f, ok := m.concession(p); ok {
					m.floor[p] = max(lo, f)
				}
			}
		}
		for _, j := range m.ever[p] {
			m.tau[p] = min(m.tau[p], m.utility(p, m.out(j)))
		}
		if m.pos[p] < 0 && len(m.ever[p]) == 0 {
			m.tau[p] = lo
		}
		// In rounds someone else led, it asks more than every text it rejected.
		for _, j := range m.rejected[p] {
			m.tau[p] = max(m.tau[p], m.utility(p, m.out(j))+margin*m.rng[p])
		}
		m.floor[p] = min(m.floor[p], m.tau[p])
	}
}

// weighted calls try with the texts the model deems best for some weighting of the parties
// (each issue's value with the largest weighted sum of estimated values, each party's
// relative to its range): evenly spaced weightings for two parties, random ones for more.
// The last is left in m.x.
func (m *Learn) weighted(try func(parley.Outcome) bool) {
	lambda := make([]float64, m.n)
	weightings := 21
	if m.n > 2 {
		weightings = 48
	}
	for j := range weightings {
		if m.n == 2 {
			lambda[0] = float64(j) / float64(weightings-1)
			lambda[1] = 1 - lambda[0]
		} else {
			sum := 0.0
			for p := range lambda {
				lambda[p] = -math.Log(1 - m.s.Rand.Float64())
				sum += lambda[p]
			}
			for p := range lambda {
				lambda[p] /= sum
			}
		}
		for i := range m.k {
			bv, bu := 0, math.Inf(-1)
			for v := range m.s.Sizes[i] {
				u := 0.0
				for p := range m.n {
					u += lambda[p] * m.tab[p][i][v] / m.rng[p]
				}
				if u > bu || (m.observed && u >= bu-Tol && v == m.out(m.text)[i]) {
					bv, bu = v, u
				}
			}
			m.x[i] = bv
		}
		try(m.x)
	}
}

// improve changes m.best one issue at a time while that raises its score above bestScore
// (at most four passes), never to a text tabled lately. In the last round, and in the last
// tenth of the time whenever the score says no text is predicted acceptable to all (see
// endgame), it also tries two issues at once when no single change helps: a change of one
// issue trades one party against another, so from a text the model deems efficient it
// lowers the smallest margin, and the text with the largest smallest margin (where the
// parties' estimated margins are equal) is seldom one the model deems best for some
// weighting of the parties. Earlier the search stays as it is: a text with a larger
// smallest margin there is often less efficient (measured: a larger Pareto distance on
// Travel and SupermarketA), and in the last tenth a text scores under two models (see
// endgame), so the wider search cannot exploit the errors of one.
func (m *Learn) improve(bestScore float64) {
	for range 4 {
		improved := false
		copy(m.y, m.best)
		for i := range m.k {
			old := m.y[i]
			for v := range m.s.Sizes[i] {
				if v == old {
					continue
				}
				m.y[i] = v
				improved = m.keep(&bestScore) || improved
			}
			m.y[i] = old
		}
		if !improved && (m.t >= 1 || (m.endgame() && bestScore < safety)) {
			bestScore, improved = m.improvePairs(bestScore)
		}
		if !improved {
			break
		}
	}
}

// improvePairs sets m.best to the best scored text that changes two of its issues, when
// that scores above bestScore and was not tabled lately, and returns the new best score and
// whether it found one.
func (m *Learn) improvePairs(bestScore float64) (float64, bool) {
	improved := false
	copy(m.y, m.best)
	for i := range m.k {
		oi := m.y[i]
		for j := i + 1; j < m.k; j++ {
			oj := m.y[j]
			for vi := range m.s.Sizes[i] {
				if vi == oi {
					continue
				}
				m.y[i] = vi
				for vj := range m.s.Sizes[j] {
					if vj == oj {
						continue
					}
					m.y[j] = vj
					improved = m.keep(&bestScore) || improved
				}
				m.y[j] = oj
			}
			m.y[i] = oi
		}
	}
	return bestScore, improved
}

// keep makes m.y the best text when it scores above *bestScore (raised to its score) and
// was not tabled lately, and reports whether it did.
func (m *Learn) keep(bestScore *float64) bool {
	if s := m.score(m.y); s > *bestScore+Tol && !m.tabled(m.y) {
		*bestScore = s
		copy(m.best, m.y)
		return true
	}
	return false
}

// tabled reports whether o was tabled in the last rounds.
func (m *Learn) tabled(o parley.Outcome) bool {
	for _, j := range m.recent {
		if equalOutcome(m.out(j), o) {
			return true
		}
	}
	return false
}

func equalOutcome(a, b parley.Outcome) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// safety is the least relative margin the model must predict for every party before it
// counts a text as acceptable to all: the model errs, and a text on the edge of what it
// predicts is often rejected.
const safety = 0.02

// score rates o: a text predicted acceptable to every party scores 2 plus its estimated
// Nash product (or, with a mediator profile of its own, plus its utility to the mediator),
// another its smallest relative margin (below safety); one whose estimated Nash product
// falls short of the aim (see setAim) -2 less the shortfall, whatever its margins; a text that crosses red lines the parties
// stated (MediatorSetup.RedLines) 10 less per red line, so it is never tabled while another
// will do, and improving a text crosses fewer and fewer.
func (m *Learn) score(o parley.Outcome) float64 {
	s := m.scoreModel(o)
	if m.endgame() {
		m.use(&m.alt)
		s = min(s, m.scoreModel(o))
		m.use(&m.prim)
	}
	return s
}

// scoreModel is score under the model in use.
func (m *Learn) scoreModel(o parley.Outcome) float64 {
	if m.s.RedLines != nil {
		if n := m.crossed(o); n > 0 {
			return m.score1(o) - 10*float64(n)
		}
	}
	return m.score1(o)
}

// score1 is score without the stated red lines.
func (m *Learn) score1(o parley.Outcome) float64 {
	least := math.Inf(1)
	for p := range m.n {
		least = min(least, (m.utility(p, o)-m.tau[p])/m.rng[p])
	}
	nash := m.nash(o)
	if m.t >= 1 {
		// In the last round, every party takes what it can live with at all: the text most
		// surely acceptable to all beats the one with the best estimated Nash product.
		return least
	}
	if nash < m.aim-Tol {
		// Short of the Nash product the mediator aims at (see setAim): tabled only when
		// no text reaches it, the nearest first.
		return -2 - (m.aim - nash)
	}
	if least < safety {
		return least
	}
	if m.s.Own != nil {
		return 2 + m.s.Own.Utility(o) + 1e-3*nash
	}
	return 2 + nash
}

// curveFrom is the time from which the mediator also fits each party's amendments to a
// concession curve: parties that concede late (Boulware) fall fastest at the end, faster
// than their last concession says.
const curveFrom = 0.9

// concession fits party p's amendments to a time-dependent concession curve,
// u(t) = pmax - (pmax - pmin) t^(1/e) in estimated utility, pmax the estimated value of its
// first position, e the best of a few exponents and pmin, for it, by least squares; and
// returns the curve's value now (m.t), which is what the party will ask at least when it
// votes. It reports false with fewer than three amendments.
func (m *Learn) concession(p int) (now, end float64, ok bool) {
	as, ts := m.amends[p], m.when[p]
	if len(as) < 3 {
		return 0, 0, false
	}
	pmax := m.utility(p, m.out(as[0]))
	bestErr, bestU, bestEnd := math.Inf(1), 0.0, 0.0
	for _, e := range []float64{0.1, 0.2, 0.33, 0.5, 1, 2, 3} {
		// u_k - pmax = -(pmax - pmin) g_k with g_k = t_k^(1/e): fit d = pmax - pmin.
		num, den := 0.0, 0.0
		for k, j := range as {
			g := math.Pow(ts[k], 1/e)
			num += (pmax - m.utility(p, m.out(j))) * g
			den += g * g
		}
		if den == 0 {
			continue
		}
		d := max(0, num/den)
		sq := 0.0
		for k, j := range as {
			r := pmax - d*math.Pow(ts[k], 1/e) - m.utility(p, m.out(j))
			sq += r * r
		}
		if sq < bestErr {
			bestErr, bestU, bestEnd = sq, pmax-d*math.Pow(m.t, 1/e), pmax-d
		}
	}
	return bestU, bestEnd, !math.IsInf(bestErr, 1)
}

// crossed returns the number of red lines the parties stated that o crosses.
func (m *Learn) crossed(o parley.Outcome) int {
	n := 0
	for _, rls := range m.s.RedLines {
		for _, r := range rls {
			if !r.Allows(o) {
				n++
			}
		}
	}
	return n
}
