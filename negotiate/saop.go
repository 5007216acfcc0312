package negotiate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"parley"
)

// Config is a negotiation's deadline, seed and tracing.
type Config struct {
	// Rounds is the deadline in rounds: in a round every party acts once, and after Rounds
	// rounds without agreement the negotiation ends. 0 means no round deadline (Time must
	// then be set).
	Rounds int
	// Time is a deadline in wall-clock time; 0 means none. Results under a time deadline
	// depend on the machine's speed: use rounds for reproducible runs.
	Time time.Duration
	// Seed seeds the agents' random sources (and the mediator's).
	Seed uint64
	// Trace records every action in Result.Trace.
	Trace bool
	// Patience, for the mediated protocol's veto mediator, is the number of rejected
	// proposals in a row after which the mediator stops; 0 means the default (see
	// RunMediated).
	Patience int
	// Rules are parley's (the default) or GENIUS's (see Rules). GENIUS rules need a
	// deadline in rounds and apply to SAOP only.
	Rules Rules
	// Mediator is the mediated protocol's mediator strategy; nil means DefaultMediator.
	Mediator *MediatorSpec
}

func (c Config) check() error {
	if c.Rounds < 0 {
		return parley.Errorf(parley.EINVALID, "deadline of %d rounds; give a positive number of rounds", c.Rounds)
	}
	if c.Time < 0 {
		return parley.Errorf(parley.EINVALID, "deadline of %v; give a positive duration", c.Time)
	}
	if c.Rounds == 0 && c.Time == 0 {
		return parley.Errorf(parley.EINVALID, "no deadline: give a positive number of rounds or a time limit")
	}
	if c.Rules > RulesGenius {
		return parley.Errorf(parley.EINVALID, "unknown rules %d; known rules: parley, genius", c.Rules)
	}
	if c.Rules == RulesGenius && (c.Rounds == 0 || c.Time != 0) {
		return parley.Errorf(parley.EINVALID, "GENIUS rules count the deadline in rounds: give a number of rounds and no time limit")
	}
	return nil
}

// Result is the outcome of one negotiation. Its slices belong to the Session that produced
// it and are overwritten by the Session's next run; copy what you keep.
type Result struct {
	// Agreement is the agreed outcome, or nil.
	Agreement parley.Outcome
	// Utility holds each negotiating party's utility of the agreement, or its reservation
	// value without agreement.
	Utility []float64
	// Rounds is the number of rounds used: the round of the last action, counted from 1.
	Rounds int
	// Turns is the number of actions taken.
	Turns int
	// Time is the relative time, in [0, 1], of the last action.
	Time float64
	// Discounted holds each party's utility discounted for time as GENIUS does, u * d^Time
	// with the party's discount factor d (Profile.Discount; 0 or 1 means none); without
	// agreement u is the reservation value.
	Discounted []float64
	// EndedBy is the party that walked away or broke the protocol, or -1.
	EndedBy int
	// Broken says how EndedBy broke the protocol; empty if nobody did.
	Broken string
	// Mediator is the utility of the agreement to the scenario's mediator, or its
	// reservation value without agreement; 0 when the domain has no mediator with a
	// profile (Domain.Mediator is nil).
	Mediator float64
	// Trace is every action, when Config.Trace is set.
	Trace *Trace
}

// Session runs negotiations on one Domain, reusing its buffers so that the turns of a
// negotiation allocate nothing. A Session is not safe for concurrent use; use one per
// goroutine.
type Session struct {
	d       *Domain
	setups  []Setup
	pcgs    []*rand.PCG
	current parley.Outcome
	agreed  parley.Outcome
	util    []float64
	disc    []float64
	medBest parley.Outcome
	votes   []Vote
	amends  []parley.Outcome
}

// NewSession returns a session on d.
func NewSession(d *Domain) *Session {
	n := len(d.Parties)
	s := &Session{
		d:       d,
		setups:  make([]Setup, n+1),
		pcgs:    make([]*rand.PCG, n+1),
		current: make(parley.Outcome, len(d.sizes)),
		agreed:  make(parley.Outcome, len(d.sizes)),
		util:    make([]float64, n),
		disc:    make([]float64, n),
	}
	for p := range n + 1 {
		s.pcgs[p] = rand.NewPCG(0, 0)
		s.setups[p].Rand = rand.New(s.pcgs[p])
	}
	for p := range n {
		pi := d.Parties[p]
		s.setups[p] = Setup{
			Party:       p,
			Parties:     n,
			Name:        d.Scenario.Parties[pi].ID,
			Issues:      d.Scenario.Issues,
			Utility:     d.Utility[p],
			Reservation: d.Reservation[p],
			Discount:    d.Discount[p],
			RedLines:    d.RedLines[p],
			Bids:        d.bids[p],
			Acceptable:  d.acceptable[p],
			Rand:        s.setups[p].Rand,
		}
	}
	return s
}

// Domain returns the session's domain.
func (s *Session) Domain() *Domain { return s.d }

// start checks the configuration and initialises the agents, for a protocol that follows
// parley's rules only.
func (s *Session) start(agents []Agent, cfg Config) error {
	if cfg.Rules == RulesGenius {
		return parley.Errorf(parley.EINVALID, "GENIUS rules apply to SAOP only; the mediated protocol follows parley's rules")
	}
	return s.startRules(agents, cfg)
}

// startRules checks the configuration and initialises the agents under cfg.Rules.
func (s *Session) startRules(agents []Agent, cfg Config) error {
	if err := cfg.check(); err != nil {
		return err
	}
	if len(agents) != len(s.d.Parties) {
		return parley.Errorf(parley.EINVALID, "%d agents for %d negotiating parties", len(agents), len(s.d.Parties))
	}
	for p := range s.pcgs {
		s.pcgs[p].Seed(cfg.Seed, uint64(p)+1)
	}
	var gs []*geniusSpace
	if cfg.Rules == RulesGenius {
		var err error
		if gs, err = s.d.geniusSpaces(); err != nil {
			return err
		}
	}
	for p, a := range agents {
		s.setups[p].genius = nil
		if gs != nil {
			s.setups[p].genius = gs[p]
		}
		s.setups[p].Rounds = cfg.Rounds
		if err := a.Init(&s.setups[p]); err != nil {
			return fmt.Errorf("party %q: %w", s.setups[p].Name, err)
		}
	}
	return nil
}

// clock gives the relative time of turns.
type clock struct {
	turns int // total turns of the round deadline, 0 if none
	limit time.Duration
	start time.Time
	// genius: GENIUS's DiscreteTimeline, every turn of round r at r/(rounds+1).
	genius           bool
	perRound, rounds int
}

func newClock(cfg Config, perRound int) clock {
	c := clock{turns: cfg.Rounds * perRound, limit: cfg.Time, genius: cfg.Rules == RulesGenius, perRound: perRound, rounds: cfg.Rounds}
	if c.limit > 0 {
		c.start = time.Now()
	}
	return c
}

// at returns the relative time of turn k and whether the deadline has passed.
func (c *clock) at(k int) (float64, bool) {
	if c.genius {
		if k >= c.turns {
			return 1, true
		}
		return geniusTime(k/c.perRound+1, c.rounds), false
	}
	t := 0.0
	if c.turns > 0 {
		if k >= c.turns {
			return 1, true
		}
		if c.turns > 1 {
			t = float64(k) / float64(c.turns-1)
		}
	}
	if c.limit > 0 {
		e := float64(time.Since(c.start)) / float64(c.limit)
		if e >= 1 {
			return 1, true
		}
		t = max(t, e)
	}
	return t, false
}

// Run negotiates with the Stacked Alternating Offers Protocol: the parties, in the domain's
// order, take turns; the first makes an offer; each next party accepts the offer on the
// table, makes a counter-offer (which replaces it) or ends the negotiation. An offer is
// agreed when every other party has accepted it in turn. With two parties this is the
// alternating offers protocol. agents[p] negotiates for party p of the domain.
//
// Without agreement by the deadline, or when a party ends the negotiation or breaks the
// protocol, every party gets its reservation value. An error means the configuration or an
// agent's Init failed; nothing was negotiated.
//
// Under GENIUS rules (Config.Rules) every turn of round r is at time r/(Rounds+1), as on
// GENIUS's DiscreteTimeline, and the agents get GENIUS's sorted outcome space.
func (s *Session) Run(agents []Agent, cfg Config) (Result, error) {
	if err := s.startRules(agents, cfg); err != nil {
		return Result{}, err
	}
	n := len(agents)
	res := Result{EndedBy: -1}
	var tr *Trace
	if cfg.Trace {
		tr = newTrace(s.d, "saop")
		res.Trace = tr
	}
	clk := newClock(cfg, n)
	var offer parley.Outcome
	from, accepts := -1, 0
	for k := 0; ; k++ {
		t, over := clk.at(k)
		if over {
			break
		}
		p := k % n
		round := k / n
		a := agents[p].Act(Turn{T: t, Round: round, Offer: offer, From: from})
		res.Turns, res.Time = k+1, t
		res.Rounds = round + 1
		switch a.Kind {
		case Offer:
			if !s.d.Valid(a.Outcome) {
				res.EndedBy, res.Broken = p, fmt.Sprintf("offered %v, which is not an outcome of the scenario", a.Outcome)
				return s.finish(res, nil), nil
			}
			copy(s.current, a.Outcome)
			offer, from, accepts = s.current, p, 0
		case Accept:
			if offer == nil {
				res.EndedBy, res.Broken = p, "accepted with no offer on the table"
				return s.finish(res, nil), nil
			}
			accepts++
		default:
			res.EndedBy = p
			if tr != nil {
				tr.add(s.d, k, round, t, p, End, nil)
			}
			return s.finish(res, nil), nil
		}
		if tr != nil {
			tr.add(s.d, k, round, t, p, a.Kind, offer)
		}
		if accepts == n-1 {
			return s.finish(res, offer), nil
		}
		a.Outcome = offer
		for q := range agents {
			if q != p {
				agents[q].Receive(p, a)
			}
		}
	}
	return s.finish(res, nil), nil
}

// finish fills in the utilities of the agreement, or the reservation values.
func (s *Session) finish(res Result, agreement parley.Outcome) Result {
	if agreement != nil {
		copy(s.agreed, agreement)
		res.Agreement = s.agreed
		for p, u := range s.d.Utility {
			s.util[p] = u.Utility(s.agreed)
		}
	} else {
		copy(s.util, s.d.Reservation)
	}
	res.Utility = s.util
	for p, u := range s.util {
		s.disc[p] = discount(u, s.d.Discount[p], res.Time)
	}
	res.Discounted = s.disc
	if m := s.d.Mediator; m != nil {
		res.Mediator = s.d.MediatorReservation
		if agreement != nil {
			res.Mediator = m.Utility(s.agreed)
		}
	}
	if res.Trace != nil {
		res.Trace.finish(s.d, res)
	}
	return res
}

// discount returns u * d^t, GENIUS's discounted utility.
func discount(u, d, t float64) float64 {
	if d == 1 || t <= 0 {
		return u
	}
	return u * math.Pow(d, t)
}
