package parley

import (
	"context"
	"time"
)

// Desk is the mediator's overview of where the talks stand on the current version (the
// latest published plan version): every point's state, every party's answers and, where
// the party shares its profile, its verdict; the issues that block agreement with the
// nearest compromise; what changed since the last session; and the next step. It shows
// every party's stances, private ones included, so only the mediator may have it.
type Desk struct {
	// Version is the current version; nil before the first is published.
	Version *VersionSummary `json:"version,omitempty"`
	Points  []*DeskPoint    `json:"points"`
	// Counts counts the points per state.
	Counts  map[PointState]int `json:"counts"`
	Parties []*DeskParty       `json:"parties"`
	// Issues are the issues that block agreement, in the scenario's order.
	Issues []*DeskIssue `json:"issues"`
	// AcceptableToAll is the joint verdict on the current version, when the parties'
	// profiles allow joint results (see Analytics); empty otherwise.
	AcceptableToAll Verdict `json:"acceptable_to_all,omitempty"`
	// ZoneExists is set when joint results were computed: whether some outcome is
	// acceptable to every party.
	ZoneExists *bool `json:"zone_exists,omitempty"`
	// Note says why the joint results or the agreement ranges are missing.
	Note  string       `json:"note,omitempty"`
	Since *DeskChanges `json:"since,omitempty"`
	// Reopened are the points a party accepted on a condition in the previous published
	// version that the current version no longer meets (Matrix.Reopened).
	Reopened []*Reopened `json:"reopened,omitempty"`
	// Next are the next steps, the most pressing first.
	Next []*NextStep `json:"next"`
}

// PointState is where a point of the current version stands. Sent: append only.
type PointState string

// Point states.
const (
	// PointAccepted: every party accepted the point.
	PointAccepted PointState = "accepted"
	// PointBlocked: some party rejected it or proposed an amendment.
	PointBlocked PointState = "blocked"
	// PointUnanswered: no party blocks it, but some party has not accepted it yet (no
	// answer, a reservation, or the point is hidden from it).
	PointUnanswered PointState = "unanswered"
)

// DeskPoint is one point of the current version on the desk.
type DeskPoint struct {
	ID     string     `json:"id"`
	Number int        `json:"number"`
	Title  string     `json:"title,omitempty"`
	Text   string     `json:"text,omitempty"`
	State  PointState `json:"state"`
	// Issues lists the ids of the issues the point binds.
	Issues []string `json:"issues,omitempty"`
	// Blocking are the rejections and amendments, in the parties' order.
	Blocking []*Stance `json:"blocking,omitempty"`
	// Accepted, Reserved and Unanswered list party ids; HiddenFrom the parties the point is
	// hidden from, who cannot answer it.
	Accepted   []string `json:"accepted,omitempty"`
	Reserved   []string `json:"reserved,omitempty"`
	Unanswered []string `json:"unanswered,omitempty"`
	HiddenFrom []string `json:"hidden_from,omitempty"`
}

// DeskParty is one party's answers on the current version and, when it shares its
// profile with the mediator, its verdict.
type DeskParty struct {
	Party      string `json:"party"`
	Accepted   int    `json:"accepted"`
	Blocked    int    `json:"blocked"` // rejected or amended
	Reserved   int    `json:"reserved"`
	Unanswered int    `json:"unanswered"`
	// Profile is what the mediator knows of the party's profile: "shared", "neutral",
	// "private" or "none".
	Profile string `json:"profile"`
	// Value is the party's valuation of the current version; only when it shares.
	Value *PartyAnalytics `json:"value,omitempty"`
}

// DeskIssue is an issue that blocks agreement: why, its current value, its agreement range
// and the nearest compromises, each with the issue's unit.
type DeskIssue struct {
	Issue string `json:"issue"`
	// Current is the value the current version binds, with its unit; empty when open.
	Current string `json:"current,omitempty"`
	// Range is the issue's agreement range in words, with the unit; only when every party
	// shares its profile. OutOfRange is set when Current lies outside it.
	Range      string `json:"range,omitempty"`
	OutOfRange bool   `json:"out_of_range,omitempty"`
	// Nash and KalaiSmorodinsky are the bargaining points' values of the issue, with the
	// unit, when joint results were computed and some outcome is acceptable to all.
	Nash             string `json:"nash,omitempty"`
	KalaiSmorodinsky string `json:"kalai_smorodinsky,omitempty"`
	// Points are the numbers of the points that bind the issue.
	Points []int `json:"points,omitempty"`
	// Reasons say in words why the issue blocks agreement.
	Reasons []string `json:"reasons"`
}

// DeskChanges is what happened since the last session.
type DeskChanges struct {
	Session string    `json:"session"` // its id
	Title   string    `json:"title"`
	Date    time.Time `json:"date"`
	// Published lists the plan versions published since, by number.
	Published []*VersionSummary `json:"published,omitempty"`
	// Against is the version current at the session, when another is current now, and
	// Diff how the current version differs from it (counts per change).
	Against *VersionSummary `json:"against,omitempty"`
	Diff    map[Change]int  `json:"diff,omitempty"`
	// Stances counts, per party, the stances marked on the current version since.
	Stances map[string]int `json:"stances,omitempty"`
	// Decisions are the ratification decisions taken since.
	Decisions []Signature `json:"decisions,omitempty"`
}

// StepKind is the kind of a next step. Sent: append only.
type StepKind string

// Step kinds.
const (
	StepDraft   StepKind = "draft"   // draft (or finish) the next version
	StepPublish StepKind = "publish" // publish a draft ready for it
	StepAsk     StepKind = "ask"     // ask a party for something
	StepPropose StepKind = "propose" // propose the current version for signature
	StepWait    StepKind = "wait"    // wait for the parties' signatures
	StepDone    StepKind = "done"    // every party signed: there is an agreement
)

// NextStep is one thing the mediator could do next, in words, with the parties, points and
// issues it concerns.
type NextStep struct {
	Kind    StepKind `json:"kind"`
	Text    string   `json:"text"`
	Parties []string `json:"parties,omitempty"`
	Points  []int    `json:"points,omitempty"`
	Issues  []string `json:"issues,omitempty"`
	// Draft is the id of the draft a publish step means.
	Draft string `json:"draft,omitempty"`
}

// DeskService gives the mediator its desk.
type DeskService interface {
	// Desk returns where the talks of workspace ws stand on the current version.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (the caller is not the mediator).
	Desk(ctx context.Context, ws string) (*Desk, error)
}
