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
// After each round every party hears the others' votes (Agent.Receive, as under SAOP it
// hears every offer): an amendment or a position as that party's offer, an acceptance as
// accepting the text. An agent that mirrors its opponents' concessions (tit-for-tat) sees
// them so; told nothing, it would concede only what it concedes with time alone.
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
	ms := s.mediatorSetup(len(agents), cfg)
	if spec.statesRedLines() {
		ms.RedLines = s.d.RedLines
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
	s.voteBuffers(len(agents))
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
			m.Hear(s.votes)
			s.tell(agents, nil)
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
		all, done := s.ballot(agents, &res, tr, k, t, text, draft)
		if done {
			return s.finish(res, nil), nil
		}
		if all {
			return s.finish(res, text), nil
		}
		m.Hear(s.votes)
		s.tell(agents, text)
	}
	return s.finish(res, nil), nil
}

// mediatorSetup returns what the mediator strategy of a negotiation of n parties knows.
func (s *Session) mediatorSetup(n int, cfg Config) *MediatorSetup {
	ms := &MediatorSetup{
		Issues: s.d.Scenario.Issues,
		Sizes:  s.d.sizes,
		Rounds: cfg.Rounds,
		Own:    s.d.Mediator,
		Rand:   s.setups[n].Rand,
	}
	for p := range n {
		ms.Parties = append(ms.Parties, s.setups[p].Name)
	}
	return ms
}

// voteBuffers sizes the session's votes and amendments for n parties.
func (s *Session) voteBuffers(n int) {
	if len(s.votes) == n {
		return
	}
	s.votes = make([]Vote, n)
	s.amends = make([]parley.Outcome, n)
	for p := range s.amends {
		s.amends[p] = make(parley.Outcome, len(s.d.sizes))
	}
}

// ballot puts text (compared with draft, when not nil) to every party in round k at time t,
// recording the votes in s.votes and, when tr is not nil, in the trace. It reports whether
// every party accepted, and whether the talks ended, a party having walked away or broken
// the protocol (res says which).
func (s *Session) ballot(agents []Agent, res *Result, tr *Trace, k int, t float64, text, draft parley.Outcome) (all, done bool) {
	all = true
	for p, a := range agents {
		v := &s.votes[p]
		*v = Vote{Prefer: true}
		act := a.Act(Turn{T: t, Round: k, Offer: text, From: -1})
		switch act.Kind {
		case Accept:
			v.Accept = true
		case Offer:
			if !s.d.Valid(act.Outcome) {
				res.EndedBy, res.Broken = p, fmt.Sprintf("amended with %v, which is not an outcome of the scenario", act.Outcome)
				return false, true
			}
			copy(s.amends[p], act.Outcome)
			v.Amend = s.amends[p]
		default:
			res.EndedBy = p
			if tr != nil {
				tr.add(s.d, k, k, t, p, End, nil)
			}
			return false, true
		}
		if draft != nil {
			v.Prefer = s.prefers(a, p, t, draft, text)
		}
		all = all && v.Accept
	}
	if tr != nil {
		s.traceBallot(tr, k, t, text, draft != nil)
	}
	return all, false
}

// traceBallot adds text and the votes on it (with the preferences when compared) to tr,
// then every amendment.
func (s *Session) traceBallot(tr *Trace, k int, t float64, text parley.Outcome, compared bool) {
	n := len(s.votes)
	e := tr.add(s.d, k, k, t, -1, Offer, text)
	e.Kind = "propose"
	e.Votes = make([]bool, n)
	if compared {
		e.Prefer = make([]bool, n)
	}
	for p, v := range s.votes {
		e.Votes[p] = v.Accept
		if compared {
			e.Prefer[p] = v.Prefer
		}
	}
	for p, v := range s.votes {
		if v.Amend != nil {
			tr.add(s.d, k, k, t, p, Offer, v.Amend).Kind = "amend"
		}
	}
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

// tell gives every party the others' votes on text (nil when the parties stated their
// positions), as Agent.Receive promises: an amendment is the party's offer, an acceptance
// accepts text. Under SAOP a party hears every offer; here it hears every amendment, so an
// agent that mirrors the others' concessions (tit-for-tat) sees them.
func (s *Session) tell(agents []Agent, text parley.Outcome) {
	for p, v := range s.votes {
		a := Action{Kind: Accept, Outcome: text}
		if !v.Accept {
			a = Action{Kind: Offer, Outcome: v.Amend}
		}
		for q := range agents {
			if q != p {
				agents[q].Receive(p, a)
			}
		}
	}
}
