package negotiate

import (
	"math"

	"parley"
)

// TimeDependent concedes with time. At relative time t it aims at
//
//	target(t) = Pmin + (Pmax - Pmin) * (1 - t^(1/E))
//
// where Pmax is its best utility and Pmin the larger of its reservation value and its worst
// bid (the formula of GENIUS's TimeDependentAgent with k = 0). E < 1 concedes late
// (Boulware), E = 1 linearly, E > 1 early (Conceder); E = 0 never concedes (Hardliner). It
// offers its worst bid worth at least target(t), and accepts an offer worth at least as much
// to it as the bid it would make (acceptance condition AC_next; with a discount factor, in
// discounted utility, see Setup.AcceptAbove). When even its best bid is
// worth less than its reservation value, it ends the negotiation at once.
type TimeDependent struct {
	E float64

	s          *Setup
	pmin, pmax float64
	// discounts: the agent accepts by discounted utility (Setup.AcceptAbove). A Hardliner
	// (E = 0) never does: it accepts only as much as its best bid, discount or not.
	discounts bool
}

// Init implements Agent.
func (a *TimeDependent) Init(s *Setup) error {
	a.s = s
	a.discounts = a.E > 0 && s.Discount > 0 && s.Discount < 1
	a.pmax = s.Bids.Utility(0)
	a.pmin = max(s.Reservation, bidsFloor(s.Bids))
	if a.pmin > a.pmax {
		a.pmin = a.pmax
	}
	return nil
}

// Target returns the utility the agent aims at, at time t.
func (a *TimeDependent) Target(t float64) float64 {
	return concession(a.pmin, a.pmax, a.E, t)
}

// concession is Pmin + (Pmax - Pmin) * (1 - t^(1/e)); e = 0 stays at Pmax.
func concession(pmin, pmax, e, t float64) float64 {
	if e == 0 || t <= 0 {
		return pmax
	}
	var f float64
	switch e {
	case 1:
		f = t
	case 0.5:
		f = t * t
	case 2:
		f = math.Sqrt(t)
	case 0.2:
		t2 := t * t
		f = t2 * t2 * t
	default:
		f = math.Pow(t, 1/e)
	}
	return pmin + (pmax-pmin)*(1-f)
}

// Act implements Agent.
func (a *TimeDependent) Act(t Turn) Action {
	if a.pmax < a.s.Reservation-Tol {
		return Action{Kind: End}
	}
	i := a.s.Bids.Target(a.Target(t.T))
	if t.Offer != nil {
		next := a.s.Bids.Utility(i)
		if a.discounts {
			next = a.s.acceptAbove(next, a.pmin, t.T)
		}
		if a.s.Utility.Utility(t.Offer) >= next-Tol {
			return Action{Kind: Accept}
		}
	}
	return Action{Kind: Offer, Outcome: a.s.Bids.At(i)}
}

// Receive implements Agent.
func (a *TimeDependent) Receive(int, Action) {}

// Vote implements Voter: the agent accepts a proposal that is no worse for it than the
// current text, or that reaches its current target.
func (a *TimeDependent) Vote(t float64, current, proposal parley.Outcome) bool {
	u := a.s.Utility.Utility(proposal)
	return u >= a.s.Utility.Utility(current)-Tol || u >= a.Target(t)-Tol
}

// Sign implements Voter: the agent signs a text worth at least Pmin and its reservation
// value.
func (a *TimeDependent) Sign(text parley.Outcome) bool {
	return a.s.Utility.Utility(text) >= max(a.pmin, a.s.Reservation)-Tol
}
