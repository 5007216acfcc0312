package parley

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// VersionKind tells the mediator's single negotiating text from rival drafts. Stored:
// append only.
type VersionKind string

// Version kinds.
const (
	KindPlan  VersionKind = "plan"  // the mediator's text; published versions are numbered 1, 2, ...
	KindRival VersionKind = "rival" // a counter-proposal tabled by a party or an observer
)

// VersionStatus is a version's state. Stored: append only.
type VersionStatus string

// Version statuses.
const (
	StatusDraft     VersionStatus = "draft"     // being edited; only its author sees it
	StatusPublished VersionStatus = "published" // tabled; immutable; every member sees it
)

// Version is one text of the plan: an ordered list of points. A published version never
// changes.
type Version struct {
	ID        string        `json:"id"`
	Workspace string        `json:"workspace"`
	Kind      VersionKind   `json:"kind"`
	Status    VersionStatus `json:"status"`
	// Number is the published plan version's number (1, 2, ...); 0 for drafts and rivals.
	Number      int          `json:"number,omitempty"`
	Title       string       `json:"title"`
	Author      string       `json:"author"`
	BasedOn     string       `json:"based_on,omitempty"`
	Points      []*PlanPoint `json:"points"`
	Rev         int64        `json:"rev"`
	Hash        string       `json:"hash,omitempty"` // content hash, set when published
	CreatedAt   time.Time    `json:"created_at"`
	PublishedAt *time.Time   `json:"published_at,omitempty"`
}

// PlanPoint is one numbered clause. ID is kept while a point is carried from version to
// version (kept or reworded); merged and split points get new ids and list their sources in
// From.
type PlanPoint struct {
	ID       string            `json:"id"`
	Number   int               `json:"number"`
	Title    string            `json:"title,omitempty"`
	Text     string            `json:"text,omitempty"`
	Bindings map[string]string `json:"bindings,omitempty"` // issue id -> value
	// VisibleTo lists the members who may see the point; empty means everyone.
	VisibleTo []string `json:"visible_to,omitempty"`
	// From lists the ids of the points this one was merged or split from.
	From []string `json:"from,omitempty"`
	// Carried says which rival draft's point this one was carried from.
	Carried *PointRef `json:"carried,omitempty"`
	// Salt is the random salt of the point's commitment in a published version (see
	// Commit); it is shown only with the point.
	Salt string `json:"salt,omitempty"`
	// Hidden is set in a filtered view in place of a point the caller may not see; every
	// other field but Number, ID and Commitment is then empty.
	Hidden bool `json:"hidden,omitempty"`
	// Commitment is, on a hidden placeholder of a published version, the hidden point's
	// Commit: what the version's content hash covers in its place.
	Commitment string `json:"commitment,omitempty"`
}

// PointRef names a point of a version.
type PointRef struct {
	Version string `json:"version"`
	Point   string `json:"point"`
}

// IsVisibleTo reports whether member may see p.
func (p *PlanPoint) IsVisibleTo(member string) bool {
	if len(p.VisibleTo) == 0 {
		return true
	}
	for _, m := range p.VisibleTo {
		if m == member {
			return true
		}
	}
	return false
}

// Commit returns the point's commitment: the SHA-256, in hex, of its id, number, title,
// text, bindings, visibility and salt. The salt is 32 random bytes drawn when the version is
// published and shown only with the point, so a member the point is hidden from, who sees
// only the commitment, cannot test guesses of its content against it.
func (p *PlanPoint) Commit() string {
	c := struct {
		ID        string            `json:"id"`
		Number    int               `json:"number"`
		Title     string            `json:"title"`
		Text      string            `json:"text"`
		Bindings  map[string]string `json:"bindings"`
		VisibleTo []string          `json:"visible_to"`
		Salt      string            `json:"salt"`
	}{p.ID, p.Number, p.Title, p.Text, p.Bindings, p.VisibleTo, p.Salt}
	b, _ := json.Marshal(c) // maps marshal with sorted keys: the encoding is canonical
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// ContentHash returns the SHA-256, in hex, of the version's id, title and the commitment of
// each point in order. Ratification signs this hash. It is the same computed from the whole
// version or from any member's filtered view (a hidden placeholder carries its point's
// Commitment), so a member checks the hash against exactly the text it sees, and learns
// nothing from it about the points hidden from it.
func (v *Version) ContentHash() string {
	c := struct {
		Workspace string   `json:"workspace"`
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		Points    []string `json:"points"`
	}{Workspace: v.Workspace, ID: v.ID, Title: v.Title, Points: []string{}}
	for _, p := range v.Points {
		if p.Hidden {
			c.Points = append(c.Points, p.Commitment)
		} else {
			c.Points = append(c.Points, p.Commit())
		}
	}
	b, _ := json.Marshal(c)
	h := sha256.Sum256(append([]byte("parley version v2\n"), b...))
	return hex.EncodeToString(h[:])
}

// PointInput is the content of a new or edited point. Nil fields are left unchanged by an
// edit.
type PointInput struct {
	Title     *string           `json:"title,omitempty"`
	Text      *string           `json:"text,omitempty"`
	Bindings  map[string]string `json:"bindings,omitempty"`
	VisibleTo *[]string         `json:"visible_to,omitempty"`
}

// EditOp is the kind of a PointOp. Sent over the wire: append only.
type EditOp string

// Edit operations.
const (
	OpAdd    EditOp = "add"
	OpEdit   EditOp = "edit"
	OpRemove EditOp = "remove"
	OpMerge  EditOp = "merge"
	OpSplit  EditOp = "split"
	OpMove   EditOp = "move"
	OpCarry  EditOp = "carry"
)

// PointOp is one edit of a draft. Op is add, edit, remove, merge, split, move or carry.
//   - add: a new point with Content at position At (1-based; 0 appends).
//   - edit: change Point's Content (nil fields unchanged; Bindings replaces when set).
//   - remove: drop Point.
//   - merge: replace Points by one new point with Content at the first one's place.
//   - split: replace Point by Parts, in order.
//   - move: move Point to position At.
//   - carry: copy point Ref.Point of published rival draft Ref.Version, at position At.
type PointOp struct {
	Op      EditOp       `json:"op"`
	Point   string       `json:"point,omitempty"`
	Points  []string     `json:"points,omitempty"`
	At      int          `json:"at,omitempty"`
	Content PointInput   `json:"content,omitzero"`
	Parts   []PointInput `json:"parts,omitempty"`
	Ref     *PointRef    `json:"ref,omitempty"`
}

// DraftCreate is what a new draft takes. BasedOn, when set, copies that version's points
// (keeping their ids). Kind is plan for the mediator and rival for anyone else.
type DraftCreate struct {
	Title   string       `json:"title"`
	Kind    VersionKind  `json:"kind"`
	BasedOn string       `json:"based_on,omitempty"`
	Points  []PointInput `json:"points,omitempty"`
}

// Change is how a point fared between two versions. Stored and sent: append only.
type Change string

// Changes.
const (
	ChangeKept     Change = "kept"
	ChangeReworded Change = "reworded"
	ChangeMerged   Change = "merged"
	ChangeSplit    Change = "split"
	ChangeDropped  Change = "dropped"
	ChangeAdded    Change = "added"
	// ChangeHidden: the point is in the later version but not disclosed to the caller.
	ChangeHidden Change = "hidden"
)

// Diff explains a version B against a version A point by point.
type Diff struct {
	From    string         `json:"from"`
	To      string         `json:"to"`
	Entries []*DiffEntry   `json:"entries"`
	Counts  map[Change]int `json:"counts"`
	// Truncated is set when the diff's budget ran out: some reworded points come without
	// their word-level diff.
	Truncated bool `json:"truncated,omitempty"`
}

// DiffEntry relates points of A (FromPoints, by number) to points of B (ToPoints).
//
// Points are related by lineage (B's point was carried, merged or split from A's) and, where
// lineage says nothing, by similar content (ByContent), so two independent drafts still
// pair their "Sovereignty" points. A reworded entry says what changed: Words (the text),
// TitleWords (the title), Bindings (bound values) and Visibility (who may see it); Moved
// means the point changed place relative to the points around it, not merely its number.
type DiffEntry struct {
	Change     Change            `json:"change"`
	FromPoints []int             `json:"from_points,omitempty"`
	ToPoints   []int             `json:"to_points,omitempty"`
	FromIDs    []string          `json:"from_ids,omitempty"`
	ToIDs      []string          `json:"to_ids,omitempty"`
	Moved      bool              `json:"moved,omitempty"`
	ByContent  bool              `json:"by_content,omitempty"`
	Words      []WordDiff        `json:"words,omitempty"`       // the text, when it changed
	TitleWords []WordDiff        `json:"title_words,omitempty"` // the title, when it changed
	Bindings   []BindingChange   `json:"bindings,omitempty"`
	Visibility *VisibilityChange `json:"visibility,omitempty"`
	Title      string            `json:"title,omitempty"`
}

// BindingChange is a bound value that changed between two versions of a point: From is
// empty when the issue was not bound before, To when it no longer is.
type BindingChange struct {
	Issue string `json:"issue"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// VisibilityChange is a change of who may see a point; an empty list means everyone.
type VisibilityChange struct {
	From []string `json:"from"`
	To   []string `json:"to"`
}

// WordDiff is one run of a word-level diff: Op is "=", "-" or "+".
type WordDiff struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// VersionSummary is a version without its points.
type VersionSummary struct {
	ID          string        `json:"id"`
	Kind        VersionKind   `json:"kind"`
	Status      VersionStatus `json:"status"`
	Number      int           `json:"number,omitempty"`
	Title       string        `json:"title"`
	Author      string        `json:"author"`
	BasedOn     string        `json:"based_on,omitempty"`
	Points      int           `json:"points"`
	Rev         int64         `json:"rev"`
	Hash        string        `json:"hash,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
	// Agreed marks the version every party signed; AfterAgreement a version published
	// after that agreement.
	Agreed         bool `json:"agreed,omitempty"`
	AfterAgreement bool `json:"after_agreement,omitempty"`
}

// Summary returns v without its points.
func (v *Version) Summary() *VersionSummary {
	return &VersionSummary{ID: v.ID, Kind: v.Kind, Status: v.Status, Number: v.Number, Title: v.Title,
		Author: v.Author, BasedOn: v.BasedOn, Points: len(v.Points), Rev: v.Rev, Hash: v.Hash,
		CreatedAt: v.CreatedAt, PublishedAt: v.PublishedAt}
}

// PlanService manages the versions of the plan. Every method filters what the caller may
// see: hidden points become placeholders and drafts are seen by their authors only.
type PlanService interface {
	// Versions lists the versions the caller may see, plan versions first by number.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Versions(ctx context.Context, ws string) ([]*VersionSummary, error)
	// Version returns one version as the caller may see it.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Version(ctx context.Context, ws, id string) (*Version, error)
	// CreateDraft starts a draft: of the plan (mediator) or a rival (party or observer).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID.
	CreateDraft(ctx context.Context, ws string, d *DraftCreate) (*Version, error)
	// EditDraft applies ops, all or none, to the caller's draft at revision rev.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (Field "ops[i]..."),
	// ECONFLICT (stale rev, or the version is published).
	EditDraft(ctx context.Context, ws, id string, rev int64, ops []PointOp) (*Version, error)
	// Publish makes the caller's draft at revision rev immutable and visible. A draft that
	// binds one issue to two different values is not published.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID (empty), ECONFLICT (stale rev,
	// or conflicting bindings: the message names the issue, the points and their values).
	Publish(ctx context.Context, ws, id string, rev int64) (*Version, error)
	// Diff explains version to against version from, as the caller may see both.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Diff(ctx context.Context, ws, from, to string) (*Diff, error)
	// Analytics returns what the version means, to the caller.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Analytics(ctx context.Context, ws, id string) (*Analytics, error)
	// Progress returns how close the parties are, per published plan version; mediator only.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	Progress(ctx context.Context, ws string) ([]*ProgressPoint, error)
}

// Mark is a party's stance on a point. Stored: append only.
type Mark string

// Marks.
const (
	MarkAccept  Mark = "accept"
	MarkReject  Mark = "reject"
	MarkAmend   Mark = "amend"
	MarkReserve Mark = "reserve"
)

// Valid reports whether m is a known mark.
func (m Mark) Valid() bool {
	return m == MarkAccept || m == MarkReject || m == MarkAmend || m == MarkReserve
}

// Stance is a party's mark on one point of a published plan version.
type Stance struct {
	Version   string `json:"version"`
	Point     string `json:"point"`
	Party     string `json:"party"`
	Mark      Mark   `json:"mark"`
	Amendment string `json:"amendment,omitempty"`
	Comment   string `json:"comment,omitempty"`
	Private   bool   `json:"private,omitempty"` // seen by the party and the mediator only
	// Condition, on an accept, is a red-line expression over the issues: the point is
	// accepted only while the version meets it (see ConditionStatus).
	Condition string    `json:"condition,omitempty"`
	Rev       int64     `json:"rev"`
	UpdatedAt time.Time `json:"updated_at"`
}

// StanceInput is what marking a point takes.
type StanceInput struct {
	Mark      Mark   `json:"mark"`
	Amendment string `json:"amendment,omitempty"`
	Comment   string `json:"comment,omitempty"`
	Private   bool   `json:"private,omitempty"`
	// Condition makes an accept conditional: a red-line expression ("buffer_km <= 40").
	Condition string `json:"condition,omitempty"`
}

// Matrix is the stances of a version, points x parties. Cells[i][j] is the stance of
// Parties[j] on Points[i], nil when none or not visible.
type Matrix struct {
	Version string      `json:"version"`
	Points  []string    `json:"points"`
	Parties []string    `json:"parties"`
	Cells   [][]*Stance `json:"cells"`
	// Conditions[i][j] is whether the version meets the condition of Cells[i][j], none
	// when that cell holds no conditional stance; omitted when no cell does.
	Conditions [][]ConditionStatus `json:"conditions,omitempty"`
	// Reopened lists the points of the version that a party accepted on a condition in the
	// previous published version and whose condition this version no longer meets, for the
	// stances the caller may see.
	Reopened []*Reopened `json:"reopened,omitempty"`
}

// StanceService records stances.
type StanceService interface {
	// SetStance marks a point for the calling party; rev is the stance's current Rev (0 when
	// new).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a party), EINVALID, ECONFLICT.
	SetStance(ctx context.Context, ws, version, point string, rev int64, in *StanceInput) (*Stance, error)
	// Stances returns the stances on a version the caller may see.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Stances(ctx context.Context, ws, version string) ([]*Stance, error)
	// Matrix returns the stances as points x parties, as the caller may see them.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Matrix(ctx context.Context, ws, version string) (*Matrix, error)
}

// Participant is one person at a session.
type Participant struct {
	Person string `json:"person"`
	Side   string `json:"side"` // a member id, or a free name
	Role   string `json:"role,omitempty"`
}

// Session is a meeting or round.
type Session struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Date         time.Time     `json:"date"`
	Place        string        `json:"place,omitempty"`
	Minutes      int           `json:"minutes,omitempty"`
	Participants []Participant `json:"participants,omitempty"`
	Topics       []string      `json:"topics,omitempty"` // issue ids
	Summary      string        `json:"summary,omitempty"`
	Tone         string        `json:"tone,omitempty"`
	Produced     string        `json:"produced,omitempty"` // the version it produced
	Rev          int64         `json:"rev"`
}

// SessionService keeps the sessions; every member reads them, the mediator writes them.
type SessionService interface {
	// CreateSession records a session.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID.
	CreateSession(ctx context.Context, ws string, s *Session) (*Session, error)
	// UpdateSession replaces a session at revision rev.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, EINVALID, ECONFLICT.
	UpdateSession(ctx context.Context, ws string, rev int64, s *Session) (*Session, error)
	// Sessions returns the timeline, oldest first.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Sessions(ctx context.Context, ws string) ([]*Session, error)
}

// Decision is a party's answer to a ratification. Stored: append only.
type Decision string

// Decisions.
const (
	DecisionSign    Decision = "sign"
	DecisionDecline Decision = "decline"
)

// RatificationState is where a ratification stands. Stored: append only.
type RatificationState string

// Ratification states.
const (
	RatificationOpen     RatificationState = "open"
	RatificationAgreed   RatificationState = "agreed"
	RatificationDeclined RatificationState = "declined"
)

// Signature is one party's decision on a ratification.
type Signature struct {
	Party    string    `json:"party"`
	Decision Decision  `json:"decision"`
	Hash     string    `json:"hash"`
	Comment  string    `json:"comment,omitempty"`
	At       time.Time `json:"at"`
}

// ProposeOptions are the mediator's explicit confirmations when proposing a version.
type ProposeOptions struct {
	// ConfirmOpen proposes the version although it leaves issues open: the parties would
	// sign a text that does not settle them.
	ConfirmOpen bool `json:"confirm_open,omitempty"`
}

// Ratification is the mediator's proposal of a published version for signature. There is
// an agreement only when every party has signed that version's content hash.
type Ratification struct {
	ID         string            `json:"id"`
	Version    string            `json:"version"`
	Hash       string            `json:"hash"`
	ProposedBy string            `json:"proposed_by"`
	ProposedAt time.Time         `json:"proposed_at"`
	State      RatificationState `json:"state"`
	// Open lists the issues the version leaves open, which the mediator confirmed.
	Open       []string    `json:"open,omitempty"`
	Signatures []Signature `json:"signatures"`
	Rev        int64       `json:"rev"`
}

// RatificationService runs ratifications.
type RatificationService interface {
	// Propose opens a ratification of a published plan version; one may be open at a time.
	// A version that hides a point from a party is never proposed: every party signs the
	// whole text. A version that leaves issues open is proposed only with opt.ConfirmOpen.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not the mediator), EINVALID (not a
	// published plan version), ECONFLICT (one is open, an agreement exists, a point is
	// hidden from a party, or issues are open without opt.ConfirmOpen; the message names
	// the points, parties or issues).
	Propose(ctx context.Context, ws, version string, opt ProposeOptions) (*Ratification, error)
	// Sign records the calling party's decision; hash must be the version's content hash.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a party), EINVALID (wrong hash or
	// decision), ECONFLICT (not open, or already decided).
	Sign(ctx context.Context, ws, id string, d Decision, hash, comment string) (*Ratification, error)
	// Ratifications returns every ratification, oldest first.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Ratifications(ctx context.Context, ws string) ([]*Ratification, error)
}

// Analytics is what a version means to the caller. Every number and verdict is computed by
// analysis.EvaluateDraft from the points the caller may see and the profiles the caller is
// entitled to have used: one rule for every view.
type Analytics struct {
	Version string            `json:"version"`
	Outcome map[string]string `json:"outcome"` // issue id -> value, for bound issues
	Open    []string          `json:"open,omitempty"`
	// Conflicts lists the issues that two points bind to different values; a draft may hold
	// them while it is edited, a published version never does. The conflicting issues count
	// as open.
	Conflicts []*BindingConflict `json:"conflicts,omitempty"`
	// Own is the caller's own assessment (parties with a profile).
	Own *PartyAnalytics `json:"own,omitempty"`
	// Joint is shown to a party whose neutral or shared profile the mediator's joint results
	// on this published version used: exactly what the mediator learned from them.
	Joint *Joint `json:"joint,omitempty"`
	// Mediator holds what the mediator may see (nil for everyone else).
	Mediator *MediatorAnalytics `json:"mediator,omitempty"`
	// Note says why something is missing (a space too large for an exact answer).
	Note string `json:"note,omitempty"`
}

// BindingConflict is an issue bound to different values by different points.
type BindingConflict struct {
	Issue  string   `json:"issue"`
	Points []int    `json:"points"` // point numbers, in text order
	Values []string `json:"values"` // the value each of Points binds
}

// PartyAnalytics is what a version is worth to one party, over every way to settle the
// issues it leaves open.
type PartyAnalytics struct {
	Party string `json:"party"`
	// UtilityMin and UtilityMax bound the utility exactly: some completion of the open
	// issues reaches each. They are equal (within analysis.Tol) when Exact.
	UtilityMin  float64 `json:"utility_min"`
	UtilityMax  float64 `json:"utility_max"`
	Exact       bool    `json:"exact"` // the utility is one number
	Reservation float64 `json:"reservation"`
	// Verdict: acceptable to the party whatever the open issues become, for some ways to
	// settle them, or for none (red lines and reservation value).
	Verdict Verdict  `json:"verdict"`
	Crossed []string `json:"crossed,omitempty"` // own red lines the text crosses whatever the open issues become
	AtRisk  []string `json:"at_risk,omitempty"` // own red lines some ways to settle the open issues cross
}

// Joint is what parley computes from several parties' profiles without naming any of them:
// computed only from neutral or shared profiles, and from neutral ones only on published
// versions.
type Joint struct {
	// Counted lists the parties whose profiles were used: every party.
	Counted []string `json:"counted"`
	// AcceptableToAll: every way to settle the open issues is acceptable to every party,
	// some are, or none is.
	AcceptableToAll Verdict `json:"acceptable_to_all"`
	// ZoneExists: some outcome is acceptable to every party.
	ZoneExists       bool              `json:"zone_exists"`
	Nash             map[string]string `json:"nash,omitempty"`
	KalaiSmorodinsky map[string]string `json:"kalai_smorodinsky,omitempty"`
}

// MediatorAnalytics is the mediator's view of a version. Per-party numbers and verdicts are
// given for the parties that share their profile with the mediator only; joint results use
// no private profile (JointNote says why they are missing).
type MediatorAnalytics struct {
	// Shared holds the assessments of the parties that share their profile.
	Shared []*PartyAnalytics `json:"shared,omitempty"`
	// Private lists the parties whose profile is private; Missing those without a profile.
	Private []string `json:"private,omitempty"`
	Missing []string `json:"missing_profiles,omitempty"`
	// Joint holds the joint results; nil when some profile may not be used (JointNote).
	Joint     *Joint `json:"joint,omitempty"`
	JointNote string `json:"joint_note,omitempty"`
	// FrontierDistance is the Euclidean distance in utility space to the nearest Pareto
	// optimal outcome (0 on the frontier); nil when every party does not share, the text
	// leaves issues open, or the frontier is too large (FrontierNote).
	FrontierDistance *float64 `json:"frontier_distance,omitempty"`
	FrontierNote     string   `json:"frontier_note,omitempty"`
	// Improvements are changes that leave every party at least as well off and one better
	// by more than analysis.Tol; only when every party shares.
	Improvements []*Improvement `json:"improvements,omitempty"`
	// Zone is the zone of possible agreement in full; only when every party shares.
	Zone *Zone `json:"zone,omitempty"`
}

// Zone is the mediator's full view of the zone of possible agreement, given when every party
// shares its profile: whether it exists, the bargaining points as outcomes, the agreement
// range of each issue, the frontier and, when it is empty, which constraints conflict.
type Zone struct {
	Exists           bool              `json:"exists"`
	Nash             map[string]string `json:"nash,omitempty"`
	KalaiSmorodinsky map[string]string `json:"kalai_smorodinsky,omitempty"`
	Conflicts        []string          `json:"conflicts,omitempty"`
	// Ranges gives, per issue id, the values that occur in some acceptable outcome, in words
	// ("30-50", "moratorium, renounce").
	Ranges map[string]string `json:"ranges,omitempty"`
	// Frontier lists Pareto-optimal outcomes (at most 200) with every party's utility.
	Frontier []FrontierPoint `json:"frontier,omitempty"`
	Note     string          `json:"note,omitempty"`
}

// FrontierPoint is one Pareto-optimal outcome.
type FrontierPoint struct {
	Outcome    map[string]string  `json:"outcome"`
	Acceptable bool               `json:"acceptable"`
	Utility    map[string]float64 `json:"utility,omitempty"`
}

// Improvement is a change of the text's bindings that is a Pareto improvement.
type Improvement struct {
	Changes    map[string]string  `json:"changes"` // issue id -> new value
	Gains      map[string]float64 `json:"gains"`   // per party
	Acceptable bool               `json:"acceptable"`
}

// ProgressPoint is how close the parties were at one published plan version.
type ProgressPoint struct {
	Version       string    `json:"version"`
	Number        int       `json:"number"`
	PublishedAt   time.Time `json:"published_at"`
	Points        int       `json:"points"`
	AcceptedByAll int       `json:"accepted_by_all"`
	// MinGain is the smallest party gain over its reservation, at the worst settlement of
	// the open issues (negative: someone may be worse off than without agreement); nil
	// unless every party shares its profile with the mediator.
	MinGain *float64 `json:"min_gain,omitempty"`
}

// Verdict is how a draft stands for a party, or for all parties together, over every way to
// settle the issues it leaves open. Sent and stored: append only.
type Verdict string

// Verdicts.
const (
	// VerdictAcceptable: acceptable whatever the open issues become (with no open issue:
	// acceptable).
	VerdictAcceptable Verdict = "acceptable"
	// VerdictPossible: acceptable for some ways to settle the open issues, not for all.
	VerdictPossible Verdict = "possible"
	// VerdictUnacceptable: acceptable for none.
	VerdictUnacceptable Verdict = "unacceptable"
)

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool {
	return v == VerdictAcceptable || v == VerdictPossible || v == VerdictUnacceptable
}
