package parley

// StatementKind is the kind of a statement. Stored: append only.
type StatementKind string

// Statement kinds.
const (
	// StatePrefers: Package is at least as good as Other (strictly better when Strict).
	StatePrefers StatementKind = "prefers"
	// StateAcceptable: Package is acceptable, worth at least the reservation value.
	StateAcceptable StatementKind = "acceptable"
	// StateUnacceptable: Package is worth less than the reservation value.
	StateUnacceptable StatementKind = "unacceptable"
	// StateMattersMore: Issue weighs at least as much as OtherIssue.
	StateMattersMore StatementKind = "matters_more"
	// StateBetter: value Value of Issue is at least as good as value Than.
	StateBetter StatementKind = "better"
	// StateAcceptIf: every package that meets Condition (red-line language) is acceptable.
	StateAcceptIf StatementKind = "accept_if"
)

// Statement is one thing a party said about its preferences instead of, or besides, a full
// profile. Statements bound the set of additive profiles the party may hold: package
// statements bound utilities, the others bound weights and values. Which fields are set
// depends on Kind.
type Statement struct {
	Kind       StatementKind
	Package    Outcome // StatePrefers, StateAcceptable, StateUnacceptable
	Other      Outcome // StatePrefers: the package Package is preferred to
	Strict     bool    // StatePrefers: strictly preferred
	Issue      string  // StateMattersMore, StateBetter: an issue id
	OtherIssue string  // StateMattersMore: the issue that matters less
	Value      Value   // StateBetter: the better value of Issue
	Than       Value   // StateBetter: the value it is at least as good as
	Condition  string  // StateAcceptIf: a red-line expression
}
