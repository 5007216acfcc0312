package negotiate

import (
	"fmt"

	"parley"
)

// RunMediated negotiates with the mediated single-text protocol, the automated counterpart
// of a mediator's single negotiating text, run by the mediator strategy cfg.Mediator
// (DefaultMediator when nil; see Mediator and Mediators).
//
// Each round the strategy tables a text, and every party votes on it with the agent it
// would negotiate with under SAOP: the text is put to the agent as an offer on the table
// (Agent.Act, From -1); accepting is accepting the text as the agreement, a counter-offer
// is an amendment (Vote.Amend), ending the negotiation walks away from the talks. Agents
// that implement Voter also say whether they prefer the text to the draft it amends
// (Vote.Prefer); the others prefer a text no worse for them. The first text every party
// accepts is the agreement: unanimity ends the talks, and nothing else makes an agreement,
// so the mediator cannot impose one. Without it by the deadline, or when a party walks away
// or breaks the protocol (amends with something that is not an outcome), or the mediator
// tables something that is not an outcome, every party gets its reservation value.
//
// A strategy may instead ask the parties for their positions (Propose returns no text):
// each agent then acts as on the first turn of SAOP, with no offer on the table, and its
// offer is its amendment; accepting there breaks the protocol. That takes a round.
//
// The veto strategy is the protocol of earlier versions, kept for comparison: see runVeto.
func (s *Session) RunMediated(agents []Agent, cfg Config) (Result, error) {
	spec := cfg.Mediator
	if spec == nil {
		spec = mustMediator(DefaultMediator)
	}
	m := spec.New()
	if m == nil {
		return s.runVeto(agents, cfg)
	}
	if err := s.start(agents, cfg); err != nil {
		return Result{}, err
	}
	n := len(agents)
	ms := &MediatorSetup{
		Issues: s.d.Scenario.Issues,
		Sizes:  s.d.sizes,
		Rounds: cfg.Rounds,
		Own:    s.d.Mediator,
		Rand:   s.setups[n].Rand,
	}
	for p := range agents {
		ms.Parties = append(ms.Parties, s.setups[p].Name)
	}
	if err := m.Init(ms); err != nil {
		return Result{}, fmt.Errorf("mediator %s: %w", spec, err)
	}
	res := Result{EndedBy: -1}
	var tr *Trace
	if cfg.Trace {
		tr = newTrace(s.d, "mediated")
		tr.Strategy = spec.String()
		res.Trace = tr
	}
	if len(s.votes) != n {
		s.votes = make([]Vote, n)
		s.amends = make([]parley.Outcome, n)
		for p := range s.amends {
			s.amends[p] = make(parley.Outcome, len(s.d.sizes))
		}
	}
	votes := s.votes
	clk := newClock(cfg, 1)
	for k := 0; ; k++ {
		t, over := clk.at(k)
		if over {
			break
		}
		res.Rounds, res.Turns, res.Time = k+1, k+1, t
		text, draft := m.Propose(t)
		if text == nil {
			if done := s.positions(agents, &res, tr, k, t); done {
				return s.finish(res, nil), nil
			}
			m.Hear(votes)
			continue
		}
		if !s.d.Valid(text) || (draft != nil && !s.d.Valid(draft)) {
			res.Broken = fmt.Sprintf("the mediator tabled %v, which is not an outcome of the scenario", text)
			if draft != nil && s.d.Valid(text) {
				res.Broken = fmt.Sprintf("the mediator compared its text with %v, which is not an outcome of the scenario", draft)
			}
			return s.finish(res, nil), nil
		}
		copy(s.current, text)
		text = s.current
		all := true
		for p, a := range agents {
			v := &votes[p]
			*v = Vote{Prefer: true}
			act := a.Act(Turn{T: t, Round: k, Offer: text, From: -1})
			switch act.Kind {
			case Accept:
				v.Accept = true
			case Offer:
				if !s.d.Valid(act.Outcome) {
					res.EndedBy, res.Broken = p, fmt.Sprintf("amended with %v, which is not an outcome of the scenario", act.Outcome)
					return s.finish(res, nil), nil
				}
				copy(s.amends[p], act.Outcome)
				v.Amend = s.amends[p]
			default:
				res.EndedBy = p
				if tr != nil {
					tr.add(s.d, k, k, t, p, End, nil)
				}
				return s.finish(res, nil), nil
			}
			if draft != nil {
				v.Prefer = s.prefers(a, p, t, draft, text)
			}
			all = all && v.Accept
		}
		if tr != nil {
			e := tr.add(s.d, k, k, t, -1, Offer, text)
			e.Kind = "propose"
			e.Votes = make([]bool, n)
			if draft != nil {
				e.Prefer = make([]bool, n)
			}
			for p, v := range votes {
				e.Votes[p] = v.Accept
				if draft != nil {
					e.Prefer[p] = v.Prefer
				}
			}
			for p, v := range votes {
				if v.Amend != nil {
					tr.add(s.d, k, k, t, p, Offer, v.Amend).Kind = "amend"
				}
			}
		}
		if all {
			return s.finish(res, text), nil
		}
		m.Hear(votes)
	}
	return s.finish(res, nil), nil
}

// positions asks every party for its position, with no text on the table: each agent acts
// as on the first turn of SAOP, and its offer is its amendment. It reports whether the
// talks ended, a party having walked away or broken the protocol.
func (s *Session) positions(agents []Agent, res *Result, tr *Trace, k int, t float64) bool {
	for p, a := range agents {
		v := &s.votes[p]
		*v = Vote{Prefer: true}
		act := a.Act(Turn{T: t, Round: k, From: -1})
		switch act.Kind {
		case Offer:
			if !s.d.Valid(act.Outcome) {
				res.EndedBy, res.Broken = p, fmt.Sprintf("stated %v as its position, which is not an outcome of the scenario", act.Outcome)
				return true
			}
			copy(s.amends[p], act.Outcome)
			v.Amend = s.amends[p]
			if tr != nil {
				tr.add(s.d, k, k, t, p, Offer, v.Amend).Kind = "position"
			}
		case Accept:
			res.EndedBy, res.Broken = p, "accepted with no text on the table"
			return true
		default:
			res.EndedBy = p
			if tr != nil {
				tr.add(s.d, k, k, t, p, End, nil)
			}
			return true
		}
	}
	return false
}

// prefers returns party p's vote between draft and text at time t: Voter.Vote, or, for an
// agent that is not a Voter, whether text is no worse for it.
func (s *Session) prefers(a Agent, p int, t float64, draft, text parley.Outcome) bool {
	if v, ok := a.(Voter); ok {
		return v.Vote(t, draft, text)
	}
	u := s.d.Utility[p]
	return u.Utility(text) >= u.Utility(draft)-Tol
}
