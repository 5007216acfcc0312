package parley

import (
	"context"
	"time"
)

// StatementSpec is the JSON form of a Statement, as a workspace keeps it in a party's
// profile: packages map every issue id to a value in words (as a point's bindings do),
// values are in words. Which fields are set depends on Kind, as for Statement.
type StatementSpec struct {
	Kind       StatementKind     `json:"kind"`
	Package    map[string]string `json:"package,omitempty"`
	Other      map[string]string `json:"other,omitempty"`
	Strict     bool              `json:"strict,omitempty"`
	Issue      string            `json:"issue,omitempty"`
	OtherIssue string            `json:"other_issue,omitempty"`
	Value      string            `json:"value,omitempty"`
	Than       string            `json:"than,omitempty"`
	Condition  string            `json:"condition,omitempty"`
	// Source says where the statement came from: said (written into the profile), answer
	// (an answer to parley's question) or candidate (an answer about the mediator's
	// candidate package named by Candidate). Empty means said.
	Source    StatementSource `json:"source,omitempty"`
	Candidate string          `json:"candidate,omitempty"`
}

// StatementSource is where a statement came from. Stored: append only.
type StatementSource string

// Statement sources.
const (
	SourceSaid      StatementSource = "said"
	SourceAnswer    StatementSource = "answer"
	SourceCandidate StatementSource = "candidate"
)

// Question is one question put to a party about its own preferences. Answered yes or no:
// Kind is acceptable (is Package acceptable to you?), prefers (is Package at least as good
// as Other?), matters_more (does Issue matter at least as much as OtherIssue?) or better (is
// value Value of Issue at least as good as Than?). Answered with a Reply: rank (order
// Values of Issue from best to worst), acceptable_among (which of Packages could you live
// with?) or order_among (order Packages from best to worst and mark those you could live
// with). ID names the question (a skip quotes it);
// Text says it in words.
type Question struct {
	ID         string            `json:"id"`
	Kind       StatementKind     `json:"kind"`
	Package    map[string]string `json:"package,omitempty"`
	Other      map[string]string `json:"other,omitempty"`
	Issue      string            `json:"issue,omitempty"`
	OtherIssue string            `json:"other_issue,omitempty"`
	Value      string            `json:"value,omitempty"`
	Than       string            `json:"than,omitempty"`
	// Values are the values of Issue a rank question asks to order, from best to worst.
	Values []string `json:"values,omitempty"`
	// Packages are the packages an acceptable_among or order_among question asks about.
	Packages []map[string]string `json:"packages,omitempty"`
	// Candidate is set when the question asks about the mediator's candidate package.
	Candidate string `json:"candidate,omitempty"`
	Text      string `json:"text"`
}

// AnswerKind is a party's reply to a question.
type AnswerKind string

// Replies to a question.
const (
	AnswerYes  AnswerKind = "yes"
	AnswerNo   AnswerKind = "no"
	AnswerSkip AnswerKind = "skip" // not now: the question is not asked again
	// AnswerGiven: the answer to a rank, acceptable_among or order_among question, given in
	// a Reply.
	AnswerGiven AnswerKind = "given"
)

// Question kinds that are not statement kinds: one answer to them becomes several
// statements, and each is still one question on one screen.
const (
	// QuestionRank: order Values (at most 6 values of Issue) from best to worst. The answer
	// becomes a chain of better statements.
	QuestionRank StatementKind = "rank"
	// QuestionAcceptableAmong: which of Packages (at most 5) could you live with? The answer
	// becomes one acceptable or unacceptable statement per package.
	QuestionAcceptableAmong StatementKind = "acceptable_among"
	// QuestionOrderAmong: order Packages (at most 5) from best to worst, and mark the ones
	// you could live with (as conjoint analysis's ranking tasks ask). The answer becomes a
	// chain of prefers statements (each package at least as good as the next) and one
	// acceptable or unacceptable statement per package.
	QuestionOrderAmong StatementKind = "order_among"
)

// Reply is a party's answer to a rank, acceptable_among or order_among question. Order lists
// every value of a rank question once, best first; Acceptable lists the indices (from 0)
// into an acceptable_among or order_among question's Packages of those the party could
// live with: the others it could not; Ranking lists the indices of an order_among
// question's Packages, each once, best first.
type Reply struct {
	Order      []string `json:"order,omitempty"`
	Acceptable []int    `json:"acceptable,omitempty"`
	Ranking    []int    `json:"ranking,omitempty"`
}

// StatementView is one of a party's statements with its place in the profile and in words.
type StatementView struct {
	Index     int           `json:"index"`
	Statement StatementSpec `json:"statement"`
	Text      string        `json:"text"`
}

// VerdictCounts counts the packages of each verdict under uncertainty.
type VerdictCounts struct {
	Certainly int64 `json:"certainly"`
	Possibly  int64 `json:"possibly"`
	Never     int64 `json:"never"`
}

// Elicitation is a party's own elicitation: its statements, the next question and how far
// its packages' verdicts are settled. Only the party itself ever receives it.
type Elicitation struct {
	Party      string          `json:"party"`
	Rev        int64           `json:"rev"` // the profile's revision (0 when none yet)
	Partial    bool            `json:"partial"`
	Statements []StatementView `json:"statements"`
	// Question is the next question; nil when none is left open (Settled) or the profile is
	// full.
	Question *Question `json:"question,omitempty"`
	// Settled: every package that another party does not certainly reject has one verdict.
	Settled  bool          `json:"settled"`
	Verdicts VerdictCounts `json:"verdicts"`
	// Conflict says, when the statements cannot all hold, which smallest set conflicts.
	Conflict string `json:"conflict,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Candidate is a package the mediator asks the parties about (shuttle diplomacy). Answers
// lists the answers of the parties that share their profile with the mediator; the answers
// of the others are never shown to it.
type Candidate struct {
	ID      string            `json:"id"`
	Package map[string]string `json:"package"`
	Label   string            `json:"label,omitempty"`
	AddedAt time.Time         `json:"added_at"`
	Answers map[string]string `json:"answers,omitempty"` // party -> acceptable or unacceptable
}

// UncertainZone is the zone of agreement under uncertainty, as the caller may see it: the
// certain zone (acceptable under every profile consistent with what the parties said) and
// the possible zone (under at least one). When a profile is partial every figure is an
// estimate of a set, and Estimate says so.
type UncertainZone struct {
	Computed bool   `json:"computed"`
	Note     string `json:"note,omitempty"`
	// Estimate is set when some profile is partial.
	Estimate       bool  `json:"estimate"`
	CertainExists  bool  `json:"certain_exists"`
	PossibleExists bool  `json:"possible_exists"`
	CertainCount   int64 `json:"certain_count,omitempty"`
	PossibleCount  int64 `json:"possible_count,omitempty"`
	// The rest needs every party to share its profile with the mediator.
	Certain        []map[string]string      `json:"certain,omitempty"`
	Possible       []map[string]string      `json:"possible,omitempty"`
	CertainRanges  map[string]string        `json:"certain_ranges,omitempty"`
	PossibleRanges map[string]string        `json:"possible_ranges,omitempty"`
	Parties        map[string]VerdictCounts `json:"parties,omitempty"`
}

// ElicitService asks parties about their preferences one question at a time and keeps
// every answer as a statement of the party's partial profile. The caller is taken from the
// context.
type ElicitService interface {
	// Elicitation returns the calling party's statements and next question.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a party), EINVALID (the outcome
	// space is too large to elicit).
	Elicitation(ctx context.Context, ws string) (*Elicitation, error)
	// Answer records the caller's reply to q at profile revision rev: yes or no become a
	// statement, skip sets the question aside. A full profile becomes partial only through
	// PutProfile.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (with Field; also a reply that
	// conflicts with earlier statements: the message names the smallest conflicting set),
	// ECONFLICT.
	Answer(ctx context.Context, ws string, rev int64, q *Question, a AnswerKind) (*Elicitation, error)
	// Reply records the caller's answer r to a rank, acceptable_among or order_among
	// question q at profile revision rev: every statement it makes.
	// Errors: as Answer.
	Reply(ctx context.Context, ws string, rev int64, q *Question, r Reply) (*Elicitation, error)
	// RemoveStatement removes the caller's statement at index, at profile revision rev.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID, ECONFLICT.
	RemoveStatement(ctx context.Context, ws string, rev int64, index int) (*Elicitation, error)
	// Candidates lists the mediator's candidate packages; mediator only.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	Candidates(ctx context.Context, ws string) ([]*Candidate, error)
	// AddCandidate adds a package to ask every party about; mediator only.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (with Field).
	AddCandidate(ctx context.Context, ws string, pkg map[string]string, label string) (*Candidate, error)
	// UncertainZone returns the certain and possible zone as the caller may see it: the
	// mediator sees the packages and ranges when every party shares its profile, whether
	// each zone exists when no party keeps its profile private; a party sees the joint
	// existence when its own profile is not private.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	UncertainZone(ctx context.Context, ws string) (*UncertainZone, error)
}
