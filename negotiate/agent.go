package negotiate

import (
	"math"
	"math/rand/v2"

	"parley"
	"parley/redline"
)

// Kind is the kind of an action.
type Kind uint8

// Kinds of action.
const (
	Offer  Kind = iota // propose Action.Outcome
	Accept             // accept the offer on the table
	End                // walk away: the negotiation ends without agreement
)

// String returns "offer", "accept" or "end".
func (k Kind) String() string {
	switch k {
	case Offer:
		return "offer"
	case Accept:
		return "accept"
	case End:
		return "end"
	}
	return "unknown"
}

// Action is what a party does on its turn. For an Offer, Outcome is the proposal; the
// protocol copies it before the agent's next call, so an agent may return a bid it keeps (a
// Bids entry or a buffer it reuses).
type Action struct {
	Kind    Kind
	Outcome parley.Outcome
}

// Turn is what an agent knows when it is its turn to act.
type Turn struct {
	// T is the negotiation's relative time in [0, 1]: 0 on the first turn, 1 on the last
	// turn of a round deadline, or elapsed/limit for a time deadline (the larger of the two
	// when both are set). Under GENIUS rules it is r/(N+1) on every turn of round r (from
	// 1) of an N-round deadline.
	T float64
	// Round counts rounds from 0; in a round every party acts once.
	Round int
	// Offer is the offer on the table, or nil on the very first turn. It stays valid until
	// the agent's next call; copy it to keep it.
	Offer parley.Outcome
	// From is the party that made Offer (an index into the negotiating parties), or -1.
	From int
}

// Setup is what an agent knows of the negotiation before it starts: the public structure
// and its own private profile, never another party's.
type Setup struct {
	Party   int // this agent's index among the negotiating parties
	Parties int // number of negotiating parties
	Name    string
	Issues  []*parley.Issue
	// Utility is the agent's own compiled utility function.
	Utility     *parley.UtilityFunc
	Reservation float64
	// Discount is the agent's GENIUS discount factor d in (0, 1): a utility u reached at
	// relative time t is worth u * d^t to it. 1 (or 0) means no discounting.
	Discount float64
	RedLines []*redline.RedLine
	// Bids are the agent's bids sorted by its own utility, best first; Acceptable are those
	// that cross none of its red lines and are worth at least its reservation value. Both
	// are shared: never modify them.
	Bids, Acceptable *Bids
	// Rounds is the deadline in rounds, 0 when the deadline is in time only.
	Rounds int
	// Rand is the agent's own seeded random source.
	Rand *rand.Rand

	// genius is the agent's outcomes in GENIUS's order, under GENIUS rules only.
	genius *geniusSpace
}

// AcceptAbove returns the least utility an offer on the table at time t must have for the
// agent to accept it rather than hold out for its next bid, worth next, never less than
// floor. Without discounting it is next (the acceptance condition AC_next). With a discount
// factor d it compares discounted utilities: the offer is worth u * d^t now, and holding out
// is worth at best next * d^t' where t', knowing nothing of when the others will agree, is
// halfway from now to the deadline; so the agent accepts when u >= next * d^((1-t)/2), but
// never below floor (its reservation value, or the least it ever asks).
func (s *Setup) AcceptAbove(next, floor, t float64) float64 {
	if s.Discount >= 1 || s.Discount <= 0 || t >= 1 {
		return next
	}
	return s.acceptAbove(next, floor, t)
}

// acceptAbove is AcceptAbove with discounting, apart so that the common case inlines.
//
//go:noinline
func (s *Setup) acceptAbove(next, floor, t float64) float64 {
	return max(min(floor, next), next*math.Pow(s.Discount, (1-t)/2))
}

// Allows reports whether o crosses none of the agent's red lines.
func (s *Setup) Allows(o parley.Outcome) bool { return allows(s.RedLines, o) }

// Agent is a negotiating strategy. A protocol calls Init once, then, until the negotiation
// ends, Act on the agent's turns and Receive for every other party's action. An Agent is used
// by one negotiation at a time; Init must reset any state from an earlier negotiation, so
// that a worker may reuse it.
//
// To stay fast, Act and Receive should not allocate: keep buffers from Init and bid from
// Setup.Bids.
type Agent interface {
	// Init prepares the agent for a negotiation. An error aborts the negotiation.
	Init(s *Setup) error
	// Act returns the agent's action on its turn. Accepting when t.Offer is nil, or
	// offering something that is not an outcome of the scenario, breaks the protocol and
	// ends the negotiation without agreement.
	Act(t Turn) Action
	// Receive tells the agent what another party did. a.Outcome is valid only during the
	// call.
	Receive(party int, a Action)
}

// Voter is an agent that takes part in the mediated single-text protocol. Agents that do
// not implement it vote by their utility (see RunMediated).
type Voter interface {
	// Vote reports whether the agent accepts replacing the current text by proposal at
	// time t.
	Vote(t float64, current, proposal parley.Outcome) bool
	// Sign reports whether the agent signs text as the agreement.
	Sign(text parley.Outcome) bool
}
