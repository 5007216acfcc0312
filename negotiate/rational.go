package negotiate

import (
	"parley"
)

// Rational never offers, accepts or signs an outcome that crosses one of its red
// lines or is worth less than its reservation value. It concedes with time like
// TimeDependent with exponent E, but over its acceptable bids only (Setup.Acceptable), and
// ends the negotiation at once when it has none.
type Rational struct {
	E float64

	s          *Setup
	pmin, pmax float64
}

// Init implements Agent.
func (a *Rational) Init(s *Setup) error {
	a.s = s
	if s.Acceptable.Len() > 0 {
		a.pmax = s.Acceptable.Utility(0)
		a.pmin = min(a.pmax, max(s.Reservation, bidsFloor(s.Acceptable)))
	}
	return nil
}

func (a *Rational) ok(o parley.Outcome) (float64, bool) {
	u := a.s.Utility.Utility(o)
	return u, u >= a.s.Reservation-Tol && a.s.Allows(o)
}

// Act implements Agent.
func (a *Rational) Act(t Turn) Action {
	b := a.s.Acceptable
	if b.Len() == 0 {
		return Action{Kind: End}
	}
	i := b.Target(concession(a.pmin, a.pmax, a.E, t.T))
	if t.Offer != nil {
		if u, ok := a.ok(t.Offer); ok && u >= a.s.AcceptAbove(b.Utility(i), a.pmin, t.T)-Tol {
			return Action{Kind: Accept}
		}
	}
	return Action{Kind: Offer, Outcome: b.At(i)}
}

// Receive implements Agent.
func (a *Rational) Receive(int, Action) {}

// Vote implements Voter. While the text is acceptable to it, the agent votes only for
// acceptable variations that are no worse for it or reach its current target; while the
// text is not, it votes for variations that bring the text closer: fewer of its red lines
// crossed, then a smaller shortfall below its reservation value, then a higher utility.
// It signs only an acceptable text, so a vote never commits it to anything unacceptable.
func (a *Rational) Vote(t float64, current, proposal parley.Outcome) bool {
	u, ok := a.ok(proposal)
	c, cok := a.ok(current)
	if cok {
		return ok && (u >= c-Tol || u >= concession(a.pmin, a.pmax, a.E, t)-Tol)
	}
	if ok {
		return true
	}
	vp, vc := a.crossed(proposal), a.crossed(current)
	if vp != vc {
		return vp < vc
	}
	return u >= c-Tol
}

// crossed counts the red lines o crosses.
func (a *Rational) crossed(o parley.Outcome) int {
	n := 0
	for _, r := range a.s.RedLines {
		if !r.Allows(o) {
			n++
		}
	}
	return n
}

// Sign implements Voter.
func (a *Rational) Sign(text parley.Outcome) bool {
	_, ok := a.ok(text)
	return ok
}
