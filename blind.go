package parley

import (
	"context"
	"strings"
	"time"
)

// BlindSide says which way a party's sealed worst value bounds what it accepts in a blind
// overlap round. Stored: append only.
type BlindSide string

// Blind sides.
const (
	// BlindAtLeast: the party accepts any value at least its sealed value (it wants more:
	// a seller's price, a wider strip).
	BlindAtLeast BlindSide = "at_least"
	// BlindAtMost: the party accepts any value at most its sealed value.
	BlindAtMost BlindSide = "at_most"
)

// Valid reports whether s is a known side.
func (s BlindSide) Valid() bool { return s == BlindAtLeast || s == BlindAtMost }

// BlindRule is how a blind overlap round settles when the sealed values overlap. Stored:
// append only.
type BlindRule string

// Blind rules.
const (
	// BlindMidpoint settles at the midpoint of the overlap (the greatest at-least value
	// and the least at-most value, the issue's bounds standing in for a side nobody
	// takes), moved to the nearest value of the issue's step inside the overlap when there
	// is one.
	BlindMidpoint BlindRule = "midpoint"
	// BlindConcession rewards effort (after Smartsettle ONE's "reward early effort"): the
	// overlap is split toward the side that conceded more since its first round on the
	// issue, up to three quarters of it (workspace.BlindResult says exactly how).
	BlindConcession BlindRule = "concession"
	// BlindCybersettle is Cybersettle's rule: the round settles at the midpoint of the
	// greatest at-least value and the least at-most value when they overlap or when the gap
	// between them is at most RangePercent percent of the at-least value.
	BlindCybersettle BlindRule = "cybersettle"
)

// BlindRules lists the known rules, the default first.
var BlindRules = []BlindRule{BlindMidpoint, BlindConcession, BlindCybersettle}

// Valid reports whether r is a known rule.
func (r BlindRule) Valid() bool {
	for _, x := range BlindRules {
		if r == x {
			return true
		}
	}
	return false
}

// BlindRuleNames lists the known rules for a person: "midpoint, concession, cybersettle".
func BlindRuleNames() string {
	names := make([]string, len(BlindRules))
	for i, r := range BlindRules {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// BlindDefaultRange is the cybersettle rule's range, in percent, when none is given.
const BlindDefaultRange = 30.0

// BlindStatus is a blind overlap round's state. Stored: append only.
type BlindStatus string

// Blind statuses.
const (
	BlindOpen   BlindStatus = "open"   // waiting for sealed values
	BlindClosed BlindStatus = "closed" // every party sealed; the result is known
)

// BlindRound is one round of blind overlap on a numeric issue, as every member sees it: who
// takes part on which side, who has sealed, and once all have, whether the sealed values
// overlap and the settlement value. It never holds a sealed value, nor anything from which
// one could be told apart from another (see docs/api.md, "Blind overlap").
type BlindRound struct {
	ID        string `json:"id"`
	Workspace string `json:"workspace"`
	Issue     string `json:"issue"`
	// Number counts the rounds on the issue: 1, 2, ...
	Number int                  `json:"number"`
	Sides  map[string]BlindSide `json:"sides"`
	Rule   BlindRule            `json:"rule"`
	// RangePercent is the cybersettle rule's range (nil under the other rules).
	RangePercent *float64    `json:"range_percent,omitempty"`
	Status       BlindStatus `json:"status"`
	// Sealed lists the parties that have sealed a value, in the order of Sides' parties.
	Sealed []string `json:"sealed"`
	// Overlap, Settled and Settlement are set when the round is closed: Settled when the
	// rule settles the round (on an overlap, or under cybersettle on a gap within its
	// range), and then Settlement.
	Overlap    *bool    `json:"overlap,omitempty"`
	Settled    *bool    `json:"settled,omitempty"`
	Settlement *float64 `json:"settlement,omitempty"`
	// Retreats lists the parties that sealed a value more demanding than the one they
	// sealed in the previous round on the issue, after that round found no overlap: a
	// retreat is allowed only when confirmed, and then recorded here for everyone to see.
	Retreats []string   `json:"retreats,omitempty"`
	OpenedBy string     `json:"opened_by"`
	OpenedAt time.Time  `json:"opened_at"`
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	Rev      int64      `json:"rev"`
}

// BlindOpenInput is what opening a round takes: a numeric issue and the side of every party
// that takes part (at least two).
type BlindOpenInput struct {
	Issue string               `json:"issue"`
	Sides map[string]BlindSide `json:"sides"`
	// Rule is the settlement rule; empty means midpoint.
	Rule BlindRule `json:"rule,omitempty"`
	// RangePercent is the cybersettle rule's range, in percent of the at-least value, from 0
	// to 100; nil means BlindDefaultRange. Only with the cybersettle rule.
	RangePercent *float64 `json:"range_percent,omitempty"`
}

// BlindSealInput is a party's sealed worst value.
type BlindSealInput struct {
	Value float64 `json:"value"`
	// ConfirmRetreat must be set to seal a value more demanding than the party's value of
	// the previous round on the issue; the retreat is then recorded in Retreats.
	ConfirmRetreat bool `json:"confirm_retreat,omitempty"`
}

// BlindService runs blind overlap rounds. Sealed values are kept encrypted and are shown to
// nobody, the mediator and the sealing party included: only the overlap and the settlement
// value come out.
type BlindService interface {
	// OpenBlind opens a round; mediator only; one open round per issue at a time.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not the mediator), EINVALID (Field:
	// issue not numeric, unknown party, fewer than two parties, bad side, rule or
	// range_percent),
	// ECONFLICT (a round on the issue is open).
	OpenBlind(ctx context.Context, ws string, in *BlindOpenInput) (*BlindRound, error)
	// SealBlind seals the calling party's worst value; it may seal again while the round
	// is open. The last party to seal closes the round.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a party of the round), EINVALID
	// (value outside the issue's range, or a retreat not confirmed), ECONFLICT (closed).
	SealBlind(ctx context.Context, ws, round string, in *BlindSealInput) (*BlindRound, error)
	// BlindRounds lists a workspace's rounds, oldest first; any member.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	BlindRounds(ctx context.Context, ws string) ([]*BlindRound, error)
	// BlindRound returns one round; any member.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	BlindRound(ctx context.Context, ws, id string) (*BlindRound, error)
}

// BlindRecord is a blind overlap round as the stores keep it (the service alone reads it): the round every member sees and each
// party's sealed value, encrypted. Round.Rev is the record's revision; Seq orders the rounds.
type BlindRecord struct {
	Round BlindRound `json:"round"`
	Seq   int64      `json:"seq"`
	// Seals holds, by party, its sealed value.
	Seals map[string]*Seal `json:"seals,omitempty"`
}

// Seal is one party's sealed value as stored.
type Seal struct {
	// Box is nonce || AES-256-GCM ciphertext of the value and its salt, under the
	// workspace's encryption key, bound to the workspace, round and party.
	Box []byte `json:"box"`
	// Commitment is HMAC-SHA256, under the workspace's commitment key, of the round, the
	// party, the value and 32 random bytes of salt kept in Box: what the audit log shows.
	Commitment string    `json:"commitment"`
	At         time.Time `json:"at"`
}
