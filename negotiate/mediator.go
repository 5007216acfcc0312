package negotiate

import (
	"math/rand/v2"

	"parley"
)

// Candidates is the number of variations a mediator with a profile of its own puts to the
// vote in each round of the veto mediator (see runVeto).
const Candidates = 4

// runVeto runs the mediated protocol of earlier versions, the veto mediator, kept for
// comparison. The mediator starts from a random text (drawn with the seed); in each round it
// proposes a variation (one issue, or half the time two, changed to other values, all drawn
// at random) and every party votes; when every party accepts, the variation becomes the
// text. Talks stop at the round deadline, or when Config.Patience proposals in a row have
// been rejected (by default four times the number of single-issue variations of a text).
// Then every party is asked to sign the text: the text is agreed when every party signs.
//
// When the domain has a mediator with a profile of its own (Domain.Mediator), the text first
// settles as above; then, in the rounds left, the mediator puts Candidates variations to the
// vote each round and adopts, of those every party accepts and that are better for it than
// the text, the best for itself (see Session.mediate). Result.Mediator is its utility.
//
// Agents that implement Voter vote and sign as they choose; the others vote for a
// variation no worse for them than the text and sign a text worth at least their
// reservation value.
func (s *Session) runVeto(agents []Agent, cfg Config) (Result, error) {
	if err := s.start(agents, cfg); err != nil {
		return Result{}, err
	}
	res := Result{EndedBy: -1}
	var tr *Trace
	if cfg.Trace {
		tr = newTrace(s.d, "mediated")
		tr.Strategy = "veto"
		res.Trace = tr
	}
	n := len(agents)
	r := s.setups[n].Rand
	text, prop := s.current, s.agreed
	for i, size := range s.d.sizes {
		text[i] = r.IntN(size)
	}
	patience := cfg.Patience
	if patience <= 0 {
		for _, size := range s.d.sizes {
			patience += 4 * (size - 1)
		}
		patience = max(patience, 10)
	}
	if tr != nil {
		tr.add(s.d, -1, -1, 0, -1, Offer, text).Kind = "start"
	}
	clk := newClock(cfg, 1)
	if s.d.Mediator != nil {
		res.Rounds, res.Turns, res.Time = s.mediate(agents, clk, tr, text, prop, patience)
	} else {
		res.Rounds, res.Turns, res.Time = s.vary(agents, clk, tr, text, prop, patience)
	}
	signed := true
	for p, a := range agents {
		var yes bool
		if v, ok := a.(Voter); ok {
			yes = v.Sign(text)
		} else {
			yes = s.d.Utility[p].Utility(text) >= s.d.Reservation[p]-Tol
		}
		if tr != nil {
			e := tr.add(s.d, res.Turns, max(0, res.Rounds-1), 1, p, Accept, text)
			if !yes {
				e.Kind = "refuse"
			} else {
				e.Kind = "sign"
			}
		}
		signed = signed && yes
	}
	if !signed {
		return s.finish(res, nil), nil
	}
	// finish copies into s.agreed, which holds the proposal: move the text out first.
	copy(prop, text)
	return s.finish(res, parley.Outcome(prop)), nil
}

// variation sets prop to text with one issue, or two at once half the time, changed to
// other values, all drawn from r. *first is the issue changed first in the previous draw.
func (s *Session) variation(r *rand.Rand, text, prop parley.Outcome, first *int) {
	vary(r, s.d.sizes, text, prop, first)
}

// vary sets prop to text with one issue, or two at once half the time, changed to other
// values, all drawn from r; sizes are the issues' sizes. *first is the issue changed first
// in the previous draw.
func vary(r *rand.Rand, sizes []int, text, prop parley.Outcome, first *int) {
	copy(prop, text)
	// One issue, or two at once half the time: a trade between issues is how a text
	// improves for everyone when each issue alone opposes the parties.
	changes := 1
	if len(prop) > 1 && r.IntN(2) == 0 {
		changes = 2
	}
	for c := range changes {
		i := r.IntN(len(prop))
		if c == 1 && i == *first {
			i = (i + 1 + r.IntN(len(prop)-1)) % len(prop)
		}
		*first = i
		if sizes[i] > 1 {
			v := r.IntN(sizes[i] - 1)
			if v >= prop[i] {
				v++
			}
			prop[i] = v
		}
	}
}

// vote asks every party whether it accepts replacing text by prop at time t, recording the
// votes in votes when it is not nil, and reports whether all accept.
func (s *Session) vote(agents []Agent, t float64, text, prop parley.Outcome, votes []bool) bool {
	all := true
	for p, a := range agents {
		var yes bool
		if v, ok := a.(Voter); ok {
			yes = v.Vote(t, text, prop)
		} else {
			u := s.d.Utility[p]
			yes = u.Utility(prop) >= u.Utility(text)-Tol
		}
		if votes != nil {
			votes[p] = yes
		}
		all = all && yes
	}
	return all
}

// vary runs the rounds of a mediator without interests of its own: one variation a round,
// adopted when every party accepts it. It returns the rounds and turns used and the time of
// the last.
func (s *Session) vary(agents []Agent, clk clock, tr *Trace, text, prop parley.Outcome, patience int) (rounds, turns int, time float64) {
	r := s.setups[len(agents)].Rand
	stale, first := 0, 0
	var votes []bool
	if tr != nil {
		votes = make([]bool, len(agents))
	}
	for k := 0; stale < patience; k++ {
		t, over := clk.at(k)
		if over {
			break
		}
		rounds, turns, time = k+1, k+1, t
		s.variation(r, text, prop, &first)
		all := s.vote(agents, t, text, prop, votes)
		if tr != nil {
			e := tr.add(s.d, k, k, t, -1, Offer, prop)
			e.Kind = "propose"
			e.Votes = append([]bool(nil), votes...)
		}
		if all {
			copy(text, prop)
			stale = 0
		} else {
			stale++
		}
	}
	return rounds, turns, time
}

// mediate runs the rounds of a mediator with a profile of its own (Domain.Mediator) in
// two phases. First the text settles exactly as with a mediator without interests (vary),
// so its interests never stop a change every party wants. Then, in the rounds left, the
// mediator steers: each round it draws Candidates variations of the text and puts each to
// the vote; of those every party accepts and that are better for it than the text, it adopts
// the best for itself (the first drawn among equals). It never adopts a variation some party
// rejects, so it imposes nothing; and the text only gets better for it, so the final text is
// worth at least as much to it as without its profile. The second phase stops at the
// deadline or after patience proposals in a row that changed nothing.
func (s *Session) mediate(agents []Agent, clk clock, tr *Trace, text, prop parley.Outcome, patience int) (rounds, turns int, time float64) {
	rounds, turns, time = s.vary(agents, clk, tr, text, prop, patience)
	r := s.setups[len(agents)].Rand
	if cap(s.medBest) < len(text) {
		s.medBest = make(parley.Outcome, len(text))
	}
	best := s.medBest[:len(text)]
	stale, first := 0, 0
	var votes []bool
	if tr != nil {
		votes = make([]bool, len(agents))
	}
	m := s.d.Mediator
	if tr != nil {
		if t, over := clk.at(rounds); !over {
			tr.add(s.d, turns-1, rounds, t, -1, Offer, text).Kind = "steer"
		}
	}
	for k := rounds; stale < patience; k++ {
		t, over := clk.at(k)
		if over {
			break
		}
		rounds, time = k+1, t
		found, bestU := false, m.Utility(text)
		for range Candidates {
			turns++
			s.variation(r, text, prop, &first)
			all := s.vote(agents, t, text, prop, votes)
			if tr != nil {
				e := tr.add(s.d, turns-1, k, t, -1, Offer, prop)
				e.Kind = "propose"
				e.Votes = append([]bool(nil), votes...)
			}
			if u := m.Utility(prop); all && u > bestU+Tol {
				found, bestU = true, u
				copy(best, prop)
			} else {
				stale++
			}
		}
		if found {
			copy(text, best)
			stale = 0
			if tr != nil {
				tr.add(s.d, turns-1, k, t, -1, Offer, text).Kind = "adopt"
			}
		}
	}
	return rounds, turns, time
}
