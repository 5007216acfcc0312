package negotiate

import (
	"parley"
)

// RunMediated negotiates with the mediated single-text protocol, the automated counterpart
// of a mediator's single negotiating text. The mediator starts from a random text (drawn
// with the seed); in each round it proposes a variation (one issue, or half the time two,
// changed to other values, all drawn at random) and every party votes; when every party
// accepts, the variation becomes the text. Talks stop at the round deadline, or when
// Config.Patience proposals in a row have been rejected (by default four times the number
// of single-issue variations of a text). Then every party is asked to sign the text: the text is agreed
// when every party signs.
//
// Agents that implement Voter vote and sign as they choose; the others vote for a
// variation no worse for them than the text and sign a text worth at least their
// reservation value.
func (s *Session) RunMediated(agents []Agent, cfg Config) (Result, error) {
	if err := s.start(agents, cfg); err != nil {
		return Result{}, err
	}
	res := Result{EndedBy: -1}
	var tr *Trace
	if cfg.Trace {
		tr = newTrace(s.d, "mediated")
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
	stale, first := 0, 0
	var votes []bool
	if tr != nil {
		votes = make([]bool, n)
	}
	for k := 0; stale < patience; k++ {
		t, over := clk.at(k)
		if over {
			break
		}
		res.Rounds, res.Turns, res.Time = k+1, k+1, t
		copy(prop, text)
		// One issue, or two at once half the time: a trade between issues is how a text
		// improves for everyone when each issue alone opposes the parties.
		changes := 1
		if len(prop) > 1 && r.IntN(2) == 0 {
			changes = 2
		}
		for c := range changes {
			i := r.IntN(len(prop))
			if c == 1 && i == first {
				i = (i + 1 + r.IntN(len(prop)-1)) % len(prop)
			}
			first = i
			if s.d.sizes[i] > 1 {
				v := r.IntN(s.d.sizes[i] - 1)
				if v >= prop[i] {
					v++
				}
				prop[i] = v
			}
		}
		all := true
		for p, a := range agents {
			var yes bool
			if v, ok := a.(Voter); ok {
				yes = v.Vote(t, text, prop)
			} else {
				u := s.d.Utility[p]
				yes = u.Utility(prop) >= u.Utility(text)-1e-12
			}
			if votes != nil {
				votes[p] = yes
			}
			all = all && yes
		}
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
	signed := true
	for p, a := range agents {
		var yes bool
		if v, ok := a.(Voter); ok {
			yes = v.Sign(text)
		} else {
			yes = s.d.Utility[p].Utility(text) >= s.d.Reservation[p]-1e-12
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
