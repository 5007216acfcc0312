package negotiate

import (
	"math"

	"parley"
)

// candidates sets m.cands to the texts the mediator considers this round: the texts the
// model deems best for some weighting of the parties (see weighted; the last is left in
// m.x) and the parties' latest amendments.
func (m *Learn) candidates() {
	m.cands = m.cands[:0]
	m.weighted(func(o parley.Outcome) bool {
		m.cands = append(m.cands, o...)
		return true
	})
	for p := range m.n {
		as := m.amends[p]
		for _, j := range as[max(0, len(as)-8):] {
			m.cands = append(m.cands, m.out(j)...)
		}
	}
}

// nash returns o's estimated Nash product: the product of every party's estimated gain
// over its floor (what it would concede down to by the deadline), relative to its
// estimated range; 0 when o is worth less than its floor to some party.
func (m *Learn) nash(o parley.Outcome) float64 {
	x := 1.0
	for p := range m.n {
		x *= max(0, m.utility(p, o)-m.floor[p]) / m.rng[p]
	}
	return x
}

// floorFrom is the time from which the mediator estimates each party's floor from the
// concession curve its amendments fit (see Learn.concession); before, its worst text.
const floorFrom = 0.5

// setAim sets m.aim, the least estimated Nash product of a text the mediator tables now:
// a fraction (aspiration) of the largest among the candidates, improved issue by issue.
// The talks end at the first text every party accepts, so the mediator that tables the
// first text it predicts acceptable ends them wherever the parties' thresholds first meet,
// which the party that concedes slowest decides, as under alternating offers. Instead,
// while the deadline is far, it holds out for texts near the Nash point it estimates, and
// the parties, conceding with time, come to accept them; as the deadline nears it asks
// less and less. At the desk (rounds someone else led, Observe), where no deadline drives
// the parties' concessions, and for a mediator with a profile of its own, it aims at
// nothing (0).
func (m *Learn) setAim() {
	m.aim = 0
	a := aspiration(m.t)
	if m.observed || m.s.Own != nil || a <= 0 {
		return
	}
	best, bj := math.Inf(-1), -1
	for j := range len(m.cands) / m.k {
		o := parley.Outcome(m.cands[j*m.k : (j+1)*m.k])
		if m.s.RedLines != nil && m.crossed(o) > 0 {
			continue
		}
		if x := m.nash(o); x > best {
			best, bj = x, j
		}
	}
	if bj < 0 {
		return
	}
	copy(m.y, m.cands[bj*m.k:(bj+1)*m.k])
	for range 4 {
		improved := false
		for i := range m.k {
			old := m.y[i]
			bv := old
			for v := range m.s.Sizes[i] {
				m.y[i] = v
				if x := m.nash(m.y); x > best+Tol && (m.s.RedLines == nil || m.crossed(m.y) == 0) {
					best, bv, improved = x, v, true
				}
			}
			m.y[i] = bv
		}
		if !improved {
			break
		}
	}
	m.aim = a * best
}

// aimFrom and aimUntil bound the time over which the mediator's aspiration falls from
// aimHigh to 0 (see aspiration).
const (
	aimHigh  = 0.98
	aimFrom  = 0.5
	aimUntil = 1.0
)

// aspiration returns the fraction of the largest estimated Nash product the mediator asks
// of a text it tables at time t: aimHigh until aimFrom, then falling to 0 at aimUntil.
func aspiration(t float64) float64 {
	if t <= aimFrom {
		return aimHigh
	}
	return aimHigh * max(0, 1-(t-aimFrom)/(aimUntil-aimFrom))
}
