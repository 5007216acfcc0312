package negotiate

// learnModel is one estimate of every party's utility: its tables (the prior plus delta,
// what the comparisons taught) and what the mediator derives from them each round (see
// Learn.thresholds and Learn.setAim). flat marks the model of a flat prior.
type learnModel struct {
	tab, delta          [][][]float64
	lo, rng, tau, floor []float64
	aim                 float64
	flat                bool
}

// newLearnModel returns the zeroed model of a flat prior for n parties over issues of
// the given sizes.
func newLearnModel(n int, sizes []int) learnModel {
	return learnModel{
		tab: tables(n, sizes), delta: tables(n, sizes),
		lo: make([]float64, n), rng: make([]float64, n), tau: make([]float64, n), floor: make([]float64, n),
		flat: true,
	}
}

// use makes md the model the mediator's estimates come from (Learn.tab to Learn.aim),
// keeping the aim of the one in use.
func (m *Learn) use(md *learnModel) {
	m.cur.aim = m.aim
	m.cur = md
	m.tab, m.delta, m.lo, m.rng, m.tau, m.floor, m.aim = md.tab, md.delta, md.lo, md.rng, md.tau, md.floor, md.aim
}

// endgameFrom is the time from which the learning mediator searches more widely and scores
// each text under a second model (see Learn.endgame).
const endgameFrom = 0.9

// endgame reports whether the mediator is in the last tenth of the time, where the talks
// end at the first text every party accepts and the parties' thresholds come within the
// model's errors of each other. There it searches two issues at a time whenever it
// predicts no text acceptable to all (a change of one issue trades one party against
// another, and the text with the largest smallest margin is often several changes away),
// and it scores every text the lesser of its scores under two models fitted to the same
// comparisons: the model of the prior (opening position, order of values, frequency) and
// a model of a flat prior, where only the comparisons speak. A wider search finds the
// texts where a single model errs in its favour, where its prior extrapolates beyond what
// the parties said; a text must score under both. Not at the desk, where no deadline
// drives the parties.
func (m *Learn) endgame() bool {
	return m.t >= endgameFrom && !m.observed
}
