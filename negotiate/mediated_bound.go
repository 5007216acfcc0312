package negotiate

import "parley"

// EarliestAgreement returns the first round (1-based) of a negotiation under cfg's round
// deadline in which some outcome of candidates would be accepted by every one of agents
// if it were on the table, as the mediated protocol puts a text to them (Agent.Act with
// From -1, at the round's relative time); ok is false when none is in any round. It is a
// measurement, not a protocol: no mediator, whatever it knew, could have a text agreed
// earlier with these parties, when candidates hold, for every outcome the parties could
// all accept, one they like at least as much (the Pareto frontier, for parties that accept
// by their utility alone; with red lines, add the frontier of the zone).
//
// It calls Act many times on agents it initialises itself, so it is meaningful only for
// agents whose answers do not depend on what they were asked before (the time-dependent
// and rational agents); it must not be given agents that are negotiating.
func (s *Session) EarliestAgreement(agents []Agent, cfg Config, candidates []parley.Outcome) (round int, ok bool, err error) {
	round, texts, err := s.earliest(agents, cfg, candidates, true)
	return round, len(texts) > 0, err
}

// EarliestTexts is EarliestAgreement that also returns every outcome of candidates the
// agents would all accept in that round (nil when no round has one): what a mediator,
// whatever it knew, could have had agreed there.
func (s *Session) EarliestTexts(agents []Agent, cfg Config, candidates []parley.Outcome) (round int, texts []parley.Outcome, err error) {
	return s.earliest(agents, cfg, candidates, false)
}

// earliest returns the first round in which the agents would all accept some outcome of
// candidates, and those outcomes (only the first when first).
func (s *Session) earliest(agents []Agent, cfg Config, candidates []parley.Outcome, first bool) (round int, texts []parley.Outcome, err error) {
	if err := s.start(agents, cfg); err != nil {
		return 0, nil, err
	}
	clk := newClock(cfg, 1)
	for k := 0; ; k++ {
		t, over := clk.at(k)
		if over {
			return 0, nil, nil
		}
		for _, o := range candidates {
			if s.allAccept(agents, k, t, o) {
				texts = append(texts, o)
				if first {
					break
				}
			}
		}
		if len(texts) > 0 {
			return k + 1, texts, nil
		}
	}
}

// allAccept reports whether every agent accepts o put to it in round k at time t.
func (s *Session) allAccept(agents []Agent, k int, t float64, o parley.Outcome) bool {
	for _, a := range agents {
		if a.Act(Turn{T: t, Round: k, Offer: o, From: -1}).Kind != Accept {
			return false
		}
	}
	return true
}
