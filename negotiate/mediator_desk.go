package negotiate

import "parley"

// Learner is a Mediator that also learns from rounds it did not lead: texts a person tabled
// and the parties' answers, such as a human mediator's published versions and the stances
// on them at the desk. After the rounds, Propose drafts the next text from everything
// heard: the same strategy as in the simulation, on the same kind of evidence.
type Learner interface {
	Mediator
	// Observe tells the strategy that text was tabled at relative time t and how every
	// party answered (by party, in MediatorSetup.Parties order). Unlike in the simulation,
	// a party may abstain (Vote.Abstain) or reject without amending (Amend nil). text and
	// votes are valid only during the call.
	Observe(t float64, text parley.Outcome, votes []Vote)
	// Margins sets dst[p] to the margin by which the strategy predicts that party p accepts
	// o, relative to the party's estimated range, as of the last Propose: negative when it
	// predicts a rejection. It returns dst, grown as needed.
	Margins(o parley.Outcome, dst []float64) []float64
}

var _ Learner = (*Learn)(nil)

// Observe implements Learner. Besides what Hear learns, it takes the parties' preferences
// as stable between rounds that someone else led (no deadline drives a person's
// concessions): a party prefers every text it accepted to every text it rejected, in
// whichever order it answered them, and asks more than any text it rejected; until it
// amends a text, the first text it accepted stands for its position (the prior's best
// text). When every text its model deems best was tabled lately, Propose tables the best
// of the texts one step from it, and ties go to the values of the latest text: a
// suggestion moves as little as the evidence allows.
func (m *Learn) Observe(t float64, text parley.Outcome, votes []Vote) {
	m.t, m.opened, m.last, m.observed = t, true, -1, true
	m.text = m.store(text)
	m.recent = append(m.recent, m.text)
	if len(m.recent) > 3 {
		m.recent = m.recent[1:]
	}
	m.Hear(votes)
	for p, v := range votes {
		if v.Abstain {
			continue
		}
		if v.Accept {
			if m.open[p] < 0 {
				// Until it amends, the first text it accepted stands for its position.
				m.open[p] = m.text
			}
			for _, r := range m.rejected[p] {
				m.cons[p] = append(m.cons[p], comparison{int32(m.text), int32(r), true})
			}
			m.agreed[p] = append(m.agreed[p], m.text)
		} else {
			for _, a := range m.agreed[p] {
				m.cons[p] = append(m.cons[p], comparison{int32(a), int32(m.text), true})
			}
			m.rejected[p] = append(m.rejected[p], m.text)
		}
		m.fresh[p] = true
	}
}

// Margins implements Learner.
func (m *Learn) Margins(o parley.Outcome, dst []float64) []float64 {
	dst = dst[:0]
	for p := range m.n {
		dst = append(dst, (m.utility(p, o)-m.tau[p])/m.rng[p])
	}
	return dst
}

// neighbours calls try with every text one step from m.x on one issue: the next value up
// and down on a number issue or ordered options, every other option otherwise. It
// reports whether try took one.
func (m *Learn) neighbours(try func(parley.Outcome) bool) bool {
	found := false
	copy(m.y, m.x)
	for i, is := range m.s.Issues {
		old := m.y[i]
		ordered := is.Kind != parley.KindOptions || is.Ordered
		for v := range m.s.Sizes[i] {
			if v == old || (ordered && v != old-1 && v != old+1) {
				continue
			}
			m.y[i] = v
			found = try(m.y) || found
		}
		m.y[i] = old
	}
	return found
}
