package negotiate

import (
	"parley"
)

// Random offers bids drawn uniformly from its bid list and accepts any offer with
// probability P, whatever it is worth.
type Random struct {
	P float64

	s *Setup
}

// Init implements Agent.
func (a *Random) Init(s *Setup) error { a.s = s; return nil }

// Act implements Agent.
func (a *Random) Act(t Turn) Action {
	if t.Offer != nil && a.s.Rand.Float64() < a.P {
		return Action{Kind: Accept}
	}
	return Action{Kind: Offer, Outcome: a.s.Bids.At(a.s.Rand.IntN(a.s.Bids.Len()))}
}

// Receive implements Agent.
func (a *Random) Receive(int, Action) {}

// Vote implements Voter: a coin toss.
func (a *Random) Vote(t float64, current, proposal parley.Outcome) bool {
	return a.s.Rand.IntN(2) == 0
}

// Sign implements Voter: the agent signs with probability P.
func (a *Random) Sign(parley.Outcome) bool { return a.s.Rand.Float64() < a.P }

// TitForTat is relative tit-for-tat: it concedes, in its own utility, as much as its
// opponents have conceded to it. Each opponent's concession is the gain, in the agent's
// utility, from that opponent's first offer to its latest one (never negative); the agent
// mirrors the mean over its opponents, plus a small concession Gamma*t in time so that two
// tit-for-tat agents do not wait for each other forever. It never aims below its
// reservation value, and accepts an offer worth at least as much as its next bid. When even
// its best bid is worth less than its reservation value, it ends the negotiation at once.
type TitForTat struct {
	Gamma float64

	s           *Setup
	pmin, pmax  float64
	first, last []float64
	seen        []bool
}

// Init implements Agent.
func (a *TitForTat) Init(s *Setup) error {
	a.s = s
	a.pmax = s.Bids.Utility(0)
	a.pmin = min(a.pmax, max(s.Reservation, bidsFloor(s.Bids)))
	if len(a.first) != s.Parties {
		a.first = make([]float64, s.Parties)
		a.last = make([]float64, s.Parties)
		a.seen = make([]bool, s.Parties)
	}
	clear(a.seen)
	return nil
}

// Receive implements Agent.
func (a *TitForTat) Receive(party int, act Action) {
	if act.Kind != Offer {
		return
	}
	u := a.s.Utility.Utility(act.Outcome)
	if !a.seen[party] {
		a.seen[party], a.first[party] = true, u
	}
	a.last[party] = u
}

// Act implements Agent.
func (a *TitForTat) Act(t Turn) Action {
	if a.pmax < a.s.Reservation-Tol {
		return Action{Kind: End}
	}
	sum, n := 0.0, 0
	for p, ok := range a.seen {
		if ok {
			sum += max(0, a.last[p]-a.first[p])
			n++
		}
	}
	target := a.pmax - a.Gamma*t.T*(a.pmax-a.pmin)
	if n > 0 {
		target -= sum / float64(n)
	}
	i := a.s.Bids.Target(max(a.pmin, target))
	if t.Offer != nil && a.s.Utility.Utility(t.Offer) >= a.s.AcceptAbove(a.s.Bids.Utility(i), a.pmin, t.T)-Tol {
		return Action{Kind: Accept}
	}
	return Action{Kind: Offer, Outcome: a.s.Bids.At(i)}
}
