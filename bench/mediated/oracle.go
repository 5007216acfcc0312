package main

import (
	"math"

	"parley"
	"parley/negotiate"
)

// oracle is a reference, not a strategy parley ships: a mediator that knows every party's
// utility function (which no real mediator does) and tables, each round, of the Pareto-optimal
// outcomes and the parties' amendments, the one every party's utility puts furthest above
// what it last asked for (its amendment, minus its last concession, and no more than any
// text it accepted), or, when several clear it, the one with the largest Nash product. It
// shows how much of the learning mediator's gap comes from its model.
type oracle struct {
	d     *negotiate.Domain
	front []parley.Outcome

	opened     bool
	pos, prev  []float64 // utility of each party's latest and previous amendment
	accepted   []float64 // least utility of a text each party accepted
	amends     []parley.Outcome
	text, best parley.Outcome
}

func (m *oracle) Init(s *negotiate.MediatorSetup) error {
	n := len(s.Parties)
	m.opened = false
	m.pos, m.prev, m.accepted = make([]float64, n), make([]float64, n), make([]float64, n)
	for p := range n {
		m.pos[p], m.prev[p], m.accepted[p] = math.Inf(1), math.Inf(1), math.Inf(1)
	}
	m.amends = make([]parley.Outcome, n)
	m.text, m.best = make(parley.Outcome, len(s.Sizes)), make(parley.Outcome, len(s.Sizes))
	return nil
}

func (m *oracle) Propose(float64) (text, draft parley.Outcome) {
	if !m.opened {
		m.opened = true
		return nil, nil
	}
	bestScore := math.Inf(-1)
	try := func(o parley.Outcome) {
		if o == nil {
			return
		}
		least, nash := math.Inf(1), 1.0
		for p, u := range m.d.Utility {
			x := u.Utility(o)
			tau := min(m.accepted[p], m.pos[p]-max(0, m.prev[p]-m.pos[p]))
			least = min(least, x-tau)
			nash *= max(0, x-m.d.Reservation[p])
		}
		s := least
		if least >= 0 {
			s = 2 + nash
		}
		if s > bestScore {
			bestScore = s
			copy(m.best, o)
		}
	}
	for _, o := range m.front {
		try(o)
	}
	for _, o := range m.amends {
		try(o)
	}
	copy(m.text, m.best)
	return m.text, nil
}

func (m *oracle) Hear(votes []negotiate.Vote) {
	for p, v := range votes {
		u := m.d.Utility[p]
		switch {
		case v.Accept:
			m.accepted[p] = min(m.accepted[p], u.Utility(m.text))
		case v.Amend != nil:
			m.prev[p], m.pos[p] = m.pos[p], u.Utility(v.Amend)
			if math.IsInf(m.prev[p], 1) {
				m.prev[p] = m.pos[p]
			}
			m.amends[p] = append(m.amends[p][:0], v.Amend...)
		}
	}
}
