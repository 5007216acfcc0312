package negotiate

import (
	"parley"
)

// Rational never offers, accepts, votes for or signs an outcome that crosses one of its red
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
	return u, u >= a.s.Reservation-1e-12 && a.s.Allows(o)
}

// Act implements Agent.
func (a *Rational) Act(t Turn) Action {
	b := a.s.Acceptable
	if b.Len() == 0 {
		return Action{Kind: End}
	}
	i := b.Target(concession(a.pmin, a.pmax, a.E, t.T))
	if t.Offer != nil {
		if u, ok := a.ok(t.Offer); ok && u >= b.Utility(i)-1e-12 {
			return Action{Kind: Accept}
		}
	}
	return Action{Kind: Offer, Outcome: b.At(i)}
}

// Receive implements Agent.
func (a *Rational) Receive(int, Action) {}

// Vote implements Voter: the agent accepts an acceptable proposal no worse for it than the
// current text, or any acceptable proposal when the current text is not acceptable to it.
func (a *Rational) Vote(t float64, current, proposal parley.Outcome) bool {
	u, ok := a.ok(proposal)
	if !ok {
		return false
	}
	c, cok := a.ok(current)
	return !cok || u >= c-1e-12 || u >= concession(a.pmin, a.pmax, a.E, t)-1e-12
}

// Sign implements Voter.
func (a *Rational) Sign(text parley.Outcome) bool {
	_, ok := a.ok(text)
	return ok
}
