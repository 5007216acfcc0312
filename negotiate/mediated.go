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
// When the domain has a mediator with a profile of its own (Domain.Mediator), the text first
// settles as above; then, in the rounds left, the mediator puts Candidates variations to the
// vote each round and adopts, of those every party accepts and that are better for it than
// the text, the best for itself (see Session.mediate). Result.Mediator is its utility.
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
