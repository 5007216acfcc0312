package negotiate

import (
	"parley"
)

// Frequency learns a frequency model of each opponent and aims at the estimated Nash point.
//
// The model (as in HardHeaded, ANAC 2011) estimates an opponent's utility as a weighted sum
// of value scores: a value's score is how often the opponent has offered it, relative to the
// issue's most offered value; an issue's weight grows each time the opponent keeps its value
// from one offer to the next. Every tenth turn the agent estimates the Nash point over its
// bids (the bid maximising its own gain over its reservation value times the product of the
// opponents' estimated utilities; for long bid lists, over an evenly spaced sample of 2,048
// bids) and concedes with time, like TimeDependent with exponent E, from its best utility
// down to its own utility at that point; in the last tenth of the time it lets that floor
// slide to Pmin (its reservation value or worst bid), so that two Nash seekers whose
// estimates disagree still meet. Among its bids worth at least the current target it
// offers, of the 64 closest to the target, the one the opponents are estimated to like
// most. It accepts an offer worth at least as much as its next bid. When even its best bid
// is worth less than its reservation value, it ends the negotiation at once.
type Frequency struct {
	E float64

	s          *Setup
	pmin, pmax float64
	floor      float64
	turns      int
	counts     [][][]float64 // [party][issue][value]
	maxCount   [][]float64   // [party][issue]
	weights    [][]float64   // [party][issue]
	score      [][][]float64 // [party][issue][value]: weighted, normalised estimate terms
	prev       []parley.Outcome
	seen       []bool
	any, dirty bool
}

// Init implements Agent.
func (a *Frequency) Init(s *Setup) error {
	a.s = s
	a.pmax = s.Bids.Utility(0)
	a.pmin = min(a.pmax, max(s.Reservation, bidsFloor(s.Bids)))
	a.floor = a.pmin
	a.turns, a.any = 0, false
	n, k := s.Parties, len(s.Issues)
	if len(a.counts) != n || len(a.counts[0]) != k {
		a.counts = make([][][]float64, n)
		a.score = make([][][]float64, n)
		a.maxCount = make([][]float64, n)
		a.weights = make([][]float64, n)
		a.prev = make([]parley.Outcome, n)
		a.seen = make([]bool, n)
		for p := range n {
			a.counts[p] = make([][]float64, k)
			a.score[p] = make([][]float64, k)
			for i, is := range s.Issues {
				a.counts[p][i] = make([]float64, is.Size())
				a.score[p][i] = make([]float64, is.Size())
			}
			a.maxCount[p] = make([]float64, k)
			a.weights[p] = make([]float64, k)
			a.prev[p] = make(parley.Outcome, k)
		}
	}
	for p := range n {
		for i := range k {
			clear(a.counts[p][i])
			a.maxCount[p][i] = 0
			a.weights[p][i] = 1
		}
		a.seen[p] = false
	}
	return nil
}

// Receive implements Agent.
func (a *Frequency) Receive(party int, act Action) {
	if act.Kind != Offer {
		return
	}
	o := act.Outcome
	c, w, prev := a.counts[party], a.weights[party], a.prev[party]
	for i, v := range o {
		c[i][v]++
		if c[i][v] > a.maxCount[party][i] {
			a.maxCount[party][i] = c[i][v]
		}
		if a.seen[party] && prev[i] == v {
			w[i] += 0.1
		}
	}
	copy(prev, o)
	a.seen[party], a.any, a.dirty = true, true, true
}

// refresh recomputes the estimate terms from the counts and weights.
func (a *Frequency) refresh() {
	a.dirty = false
	for p, ok := range a.seen {
		if !ok {
			continue
		}
		wsum := 0.0
		for _, w := range a.weights[p] {
			wsum += w
		}
		for i, c := range a.counts[p] {
			f := 0.0
			if m := a.maxCount[p][i]; m > 0 {
				f = a.weights[p][i] / wsum / m
			}
			for v, n := range c {
				a.score[p][i][v] = n * f
			}
		}
	}
}

// estimate returns the product of the opponents' estimated utilities of o.
func (a *Frequency) estimate(o parley.Outcome) float64 {
	prod := 1.0
	for p, ok := range a.seen {
		if !ok || p == a.s.Party {
			continue
		}
		sum := 0.0
		for i, v := range o {
			sum += a.score[p][i][v]
		}
		prod *= sum
	}
	return prod
}

// updateFloor estimates the Nash point over the agent's bids.
func (a *Frequency) updateFloor() {
	b := a.s.Bids
	step := max(1, b.Len()/2048)
	best, bu := -1.0, a.pmin
	for i := 0; i < b.Len(); i += step {
		g := b.Utility(i) - a.s.Reservation
		if g <= 0 {
			break
		}
		if v := g * a.estimate(b.At(i)); v > best {
			best, bu = v, b.Utility(i)
		}
	}
	a.floor = max(a.pmin, bu)
}

// Act implements Agent.
func (a *Frequency) Act(t Turn) Action {
	if a.pmax < a.s.Reservation-Tol {
		return Action{Kind: End}
	}
	if a.dirty {
		a.refresh()
	}
	if a.any && a.turns%10 == 0 {
		a.updateFloor()
	}
	a.turns++
	floor := a.floor
	if t.T > 0.9 { // let the floor slide to Pmin over the last tenth of the time
		floor -= (t.T - 0.9) / 0.1 * (floor - a.pmin)
	}
	target := concession(floor, a.pmax, a.E, t.T)
	i := a.s.Bids.Target(target)
	if t.Offer != nil && a.s.Utility.Utility(t.Offer) >= a.s.AcceptAbove(a.s.Bids.Utility(i), a.pmin, t.T)-Tol {
		return Action{Kind: Accept}
	}
	if a.any {
		j, best := i, -1.0
		for k := i; k >= 0 && k > i-64; k-- {
			if v := a.estimate(a.s.Bids.At(k)); v > best {
				j, best = k, v
			}
		}
		i = j
	}
	return Action{Kind: Offer, Outcome: a.s.Bids.At(i)}
}
