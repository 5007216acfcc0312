package parley

import (
	"context"
	"slices"
	"time"
)

// Workspace is one negotiation run by a mediator: the scenario's issues, its members and
// the workspace's settings. Profiles are never part of it: each party's profile is kept
// apart and read through ProfileService.
type Workspace struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Issues      []*Issue  `json:"issues"`
	Members     []*Member `json:"members"`
	Settings    Settings  `json:"settings"`
	Rev         int64     `json:"rev"`
	CreatedAt   time.Time `json:"created_at"`
}

// Member returns the member with the given id, or nil.
func (w *Workspace) Member(id string) *Member {
	for _, m := range w.Members {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Parties returns the members of role party, in order.
func (w *Workspace) Parties() []*Member {
	var ms []*Member
	for _, m := range w.Members {
		if m.Role == RoleParty {
			ms = append(ms, m)
		}
	}
	return ms
}

// Scenario returns the workspace's scenario without profiles: its issues, and its parties
// and mediator as parties.
func (w *Workspace) Scenario() *Scenario {
	s := &Scenario{Name: w.Name, Description: w.Description}
	for _, is := range w.Issues {
		c := *is
		c.Options = slices.Clone(is.Options)
		s.Issues = append(s.Issues, &c)
	}
	for _, m := range w.Members {
		if m.Role == RoleObserver {
			continue
		}
		s.Parties = append(s.Parties, &Party{ID: m.ID, Name: m.Name, Role: m.Role})
	}
	return s
}

// Member is one participant of a workspace: a party, the mediator or an observer.
type Member struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Role Role   `json:"role"`
}

// StanceVisibility says who sees a party's stances. Stored: append only.
type StanceVisibility string

// Stance visibilities.
const (
	// StancesShared lets every member see every stance not marked private.
	StancesShared StanceVisibility = "shared"
	// StancesMediator lets only the mediator (and the party itself) see a party's stances.
	StancesMediator StanceVisibility = "mediator"
)

// Valid reports whether v is a known visibility.
func (v StanceVisibility) Valid() bool { return v == StancesShared || v == StancesMediator }

// StanceAccess is how much of a party's stances a member sees, from StancesSeen.
type StanceAccess string

// Stance accesses.
const (
	SeesAllStances    StanceAccess = "all"    // every stance, private ones included
	SeesPublicStances StanceAccess = "public" // the stances not marked private
	SeesNoStances     StanceAccess = "none"   // none of them
)

// StancesSeen says how much of party's stances caller sees on the points both may see: the
// party itself and the mediator see all; others see the ones not marked private when the
// workspace shares stances, else none. The workspace filters by it; the web UI uses it to
// tell "no answer" from "not visible to you".
func (w *Workspace) StancesSeen(c *Caller, party string) StanceAccess {
	if party == c.MemberID || c.Role == RoleMediator {
		return SeesAllStances
	}
	if w.Settings.StanceVisibility == StancesShared {
		return SeesPublicStances
	}
	return SeesNoStances
}

// Settings are a workspace's options, set by the mediator.
type Settings struct {
	StanceVisibility StanceVisibility `json:"stance_visibility"`
}

// Caller is who makes a request: a member of one workspace, or the administrator.
type Caller struct {
	Admin       bool
	WorkspaceID string
	MemberID    string
	Role        Role
	TokenID     string
}

// Is reports whether c is the given member of workspace ws.
func (c *Caller) Is(ws, member string) bool {
	return c != nil && !c.Admin && c.WorkspaceID == ws && c.MemberID == member
}

type callerKey struct{}

// NewContextWithCaller returns a copy of ctx carrying c.
func NewContextWithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFromContext returns the caller carried by ctx, or nil.
func CallerFromContext(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}

// WorkspaceCreate is what creating a workspace takes. Parties and the mediator come from
// Parties; their Profile, when set, becomes the party's initial private profile.
type WorkspaceCreate struct {
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Issues      []*Issue    `json:"issues"`
	Parties     []PartySpec `json:"parties"`
	Observers   []*Member   `json:"observers,omitempty"`
	Settings    Settings    `json:"settings"`
}

// PartySpec is a party or the mediator of a new workspace, with an optional initial
// profile.
type PartySpec struct {
	ID      string       `json:"id"`
	Name    string       `json:"name,omitempty"`
	Role    Role         `json:"role"`
	Profile *ProfileSpec `json:"profile,omitempty"`
	// Use is what the initial profile may be used for; empty means private.
	Use ProfileUse `json:"use,omitempty"`
}

// IssuedToken is a member's bearer token, shown once when issued. Only its hash is stored.
type IssuedToken struct {
	MemberID string `json:"member"`
	Token    string `json:"token"`
	// Workspace is set when the token was obtained with a sign-in ticket.
	Workspace string `json:"workspace,omitempty"`
}

// SignInTicketPrefix starts every sign-in ticket, so that a sign-in link can tell a ticket
// from a bearer token without asking the server.
const SignInTicketPrefix = "ps_"

// IsSignInTicket reports whether s has the form of a sign-in ticket (not whether it is valid).
func IsSignInTicket(s string) bool { return len(s) > 3 && s[:3] == SignInTicketPrefix }

// SignInTicket is a one-time sign-in link for one member, issued by the administrator and
// handed to that member by its own channel. Redeeming it (RedeemSignIn) gives the member a
// new token; it works once, until ExpiresAt. Only its hash is stored.
type SignInTicket struct {
	MemberID  string    `json:"member"`
	Ticket    string    `json:"ticket"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Token is the stored form of a bearer token: its id and the SHA-256 of its secret.
type Token struct {
	ID          string     `json:"id"`
	WorkspaceID string     `json:"workspace"`
	MemberID    string     `json:"member"`
	Hash        []byte     `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
}

// WorkspaceService manages workspaces, members and their tokens. The caller is taken from
// the context (NewContextWithCaller).
type WorkspaceService interface {
	// CreateWorkspace creates a workspace and issues one token per member.
	// Errors: EUNAUTHORIZED, EFORBIDDEN (not the administrator), EINVALID (with Field).
	CreateWorkspace(ctx context.Context, c *WorkspaceCreate) (*Workspace, []IssuedToken, error)
	// Workspace returns a workspace the caller belongs to.
	// Errors: EUNAUTHORIZED, ENOTFOUND (also for a workspace of someone else).
	Workspace(ctx context.Context, id string) (*Workspace, error)
	// UpdateSettings changes the settings; rev must be the workspace's current Rev.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not the mediator), EINVALID, ECONFLICT.
	UpdateSettings(ctx context.Context, id string, rev int64, s Settings) (*Workspace, error)
	// AddObserver admits an observer and issues its token.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not the mediator), EINVALID, ECONFLICT
	// (the id is taken).
	AddObserver(ctx context.Context, id string, m *Member) (*Member, IssuedToken, error)
	// RotateToken revokes the caller's own tokens and issues it a new one: a token is only
	// ever handed to the member it stands for.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (another member's token).
	RotateToken(ctx context.Context, id, member string) (IssuedToken, error)
	// RevokeToken revokes every token of a member: the member itself, or the mediator for
	// anyone (it never receives the new one: see IssueSignIn).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	RevokeToken(ctx context.Context, id, member string) error
	// IssueSignIn issues a one-time sign-in ticket for a member of workspace id;
	// administrator only (set-up, or a member whose tokens were revoked).
	// Errors: EUNAUTHORIZED, EFORBIDDEN (not the administrator), ENOTFOUND.
	IssueSignIn(ctx context.Context, id, member string) (SignInTicket, error)
	// RedeemSignIn exchanges a sign-in ticket, once, for a new token of its member. It
	// needs no caller: the ticket is the credential.
	// Errors: EUNAUTHORIZED (unknown, used or expired ticket).
	RedeemSignIn(ctx context.Context, ticket string) (IssuedToken, error)
}

// Authenticator turns a bearer token into a caller.
type Authenticator interface {
	// Authenticate returns the caller a token stands for.
	// Errors: EUNAUTHORIZED (unknown, malformed or revoked token).
	Authenticate(ctx context.Context, token string) (*Caller, error)
}

// ProfileUse is what a party allows its profile to be used for. Stored: append only.
type ProfileUse string

// Profile uses, from the most to the least confidential.
const (
	// UsePrivate: the profile serves the party's own views only; nothing anyone else sees
	// is computed from it.
	UsePrivate ProfileUse = "private"
	// UseNeutral: besides, parley may use it for joint results that name no party, on
	// published versions only: whether a zone of agreement exists, the bargaining points,
	// acceptable to all or not. Never a per-party number or verdict, never a per-issue range.
	UseNeutral ProfileUse = "neutral"
	// UseShared: the mediator may read the profile and sees the party's numbers and verdicts.
	UseShared ProfileUse = "shared"
)

// Valid reports whether u is a known use.
func (u ProfileUse) Valid() bool { return u == UsePrivate || u == UseNeutral || u == UseShared }

// Explain says in plain words, to the party, what others can learn from its profile under u.
func (u ProfileUse) Explain() string {
	switch u {
	case UseNeutral:
		return "Neutral: parley uses your profile for results that name no party, on published versions only: whether a zone of agreement exists, the bargaining points, and whether a version is acceptable to all. The mediator never sees your profile, your numbers or whether a version suits you; you are shown each such result too."
	case UseShared:
		return "Shared with the mediator: the mediator can read your profile and sees, for every version and draft, what it is worth to you and whether it crosses your red lines, and the full zone of agreement when every party shares."
	default:
		return "Private: your profile serves your own views only. Nobody else sees it or anything computed from it, and the mediator's joint results leave it out (so they are not computed at all)."
	}
}

// PartyProfile is a party's private profile as stored in a workspace.
type PartyProfile struct {
	Party     string      `json:"party"`
	Profile   ProfileSpec `json:"profile"`
	Use       ProfileUse  `json:"use"`
	Rev       int64       `json:"rev"`
	UpdatedAt time.Time   `json:"updated_at"`
	// Skipped names the questions the party set aside (Question.ID); Candidates are kept
	// in the mediator's record only (ElicitService).
	Skipped    []string     `json:"skipped,omitempty"`
	Candidates []*Candidate `json:"candidates,omitempty"`
	// Conditions are the red-line conditions of the party's conditional accepts on the
	// current version, each with the bindings of its point: packages meeting one are
	// acceptable to the party. Never stored: the service gathers them when the zone under
	// uncertainty reads the profile.
	Conditions []string `json:"-"`
}

// ProfileService keeps each party's profile confidential.
type ProfileService interface {
	// Profile returns a party's profile: to the party itself, or to the mediator when the
	// party shares it (Use shared). Everyone else gets ENOTFOUND, exactly as for a missing profile.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Profile(ctx context.Context, ws, party string) (*PartyProfile, error)
	// PutProfile stores the caller's own profile; rev is the current Rev (0 when none).
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (another party's profile), EINVALID
	// (with Field), ECONFLICT.
	PutProfile(ctx context.Context, ws, party string, rev int64, p *PartyProfile) (*PartyProfile, error)
	// Preview values a version, as the calling party reads it, under a profile it has not
	// saved, by the same rule as Analytics: what the profile editor shows before saving.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (not a party), EINVALID (with Field).
	Preview(ctx context.Context, ws, version string, p *ProfileSpec) (*PartyAnalytics, error)
}

// ProfileChecker checks a profile without saving it, for an editor that shows each error
// beside its field.
type ProfileChecker interface {
	// CheckProfile returns the error PutProfile would return for the content p in
	// workspace ws: EINVALID with the field ("issues.nato.weight", "red_lines[0]") and,
	// for a red line, the column. Errors: EUNAUTHORIZED, ENOTFOUND, EINVALID.
	CheckProfile(ctx context.Context, ws string, p *ProfileSpec) error
}

// AuditEntry is one change in a workspace's append-only log. Detail never holds
// confidential content: only what changed, by id, and the keyed hashes of the records the
// change wrote.
type AuditEntry struct {
	// Seq orders every entry of every workspace (the order of the writes).
	Seq int64 `json:"seq"`
	// Index is the entry's position in its workspace's log, from 0: the leaf of the
	// workspace's Merkle tree.
	Index       int64     `json:"index"`
	At          time.Time `json:"at"`
	WorkspaceID string    `json:"workspace"`
	Actor       string    `json:"actor"`
	Action      string    `json:"action"`
	Target      string    `json:"target"`
	// Records are the records the change stored, each with a hash keyed by the server's
	// audit key (so nobody without the key can test guesses of a record's content).
	Records []RecordHash `json:"records,omitempty"`
	// Hash is the entry's leaf hash in the Merkle tree (hex).
	Hash string `json:"hash"`
}

// RecordHash names one stored record ("version/ID", "stance/VERSION/POINT/PARTY", ...) and
// the keyed hash of its stored form.
type RecordHash struct {
	Record string `json:"record"`
	Hash   string `json:"hash"`
}

// AuditReport is the result of checking the audit logs against the stored data.
type AuditReport struct {
	Entries int64  `json:"entries"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
	BadSeq  int64  `json:"bad_seq,omitempty"`
	// Workspace is the workspace whose log or data is wrong.
	Workspace string `json:"workspace,omitempty"`
	// Legacy counts the entries of the hash chain of before the Merkle-tree log, kept in
	// audit_legacy, which cannot be verified (docs/api.md says why); OK does not cover them.
	Legacy int64 `json:"legacy,omitempty"`
}

// Checkpoint is a signed statement of a workspace log's size and Merkle tree hash. A member
// keeps the last one it saw and checks each new one against it with Proof, so that the log
// cannot be rewritten, even by the server's operator, without the members noticing.
type Checkpoint struct {
	// Note is the signed note (golang.org/x/mod/sumdb/note): "parley audit log WS",
	// the size, the base64 tree hash, then the signature.
	Note string `json:"note"`
	// Verifier is the note verifier key of the server's audit key.
	Verifier string `json:"verifier"`
	Size     int64  `json:"size"`
	// Since and Proof: when asked for, the tree hashes (base64) proving that the log of
	// size Since is a prefix of this one (golang.org/x/mod/sumdb/tlog.TreeProof).
	Since int64    `json:"since,omitempty"`
	Proof []string `json:"proof,omitempty"`
}

// AuditService reads and checks the audit log.
type AuditService interface {
	// Audit returns a workspace's entries after seq, oldest first; mediator only.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN.
	Audit(ctx context.Context, ws string, after int64) ([]*AuditEntry, error)
	// VerifyAudit checks every log and the stored data against it; administrator only.
	// Errors: EUNAUTHORIZED, EFORBIDDEN.
	VerifyAudit(ctx context.Context) (*AuditReport, error)
	// Checkpoint returns the workspace log's latest signed checkpoint, with a proof of
	// consistency with the log of size since when since > 0; any member.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EINVALID (since beyond the log).
	Checkpoint(ctx context.Context, ws string, since int64) (*Checkpoint, error)
}

// Event is a live update: what changed, by id, never its content. Clients fetch what
// they may see through the other services.
type Event struct {
	Seq       int64     `json:"seq"`
	Type      string    `json:"type"`
	Workspace string    `json:"workspace"`
	Version   string    `json:"version,omitempty"`
	Point     string    `json:"point,omitempty"`
	Member    string    `json:"member,omitempty"`
	At        time.Time `json:"at"`
	// Audience lists the members who may receive the event; nil means every member.
	Audience []string `json:"-"`
}

// Replay is what a reconnecting event subscriber missed.
type Replay struct {
	// Events are the missed events the caller may see, oldest first.
	Events []Event
	// Reset is set when the missed events can no longer be told (too old, or an id this
	// store never issued): the client must reload everything. Head is then the id to
	// resume from.
	Reset bool
	Head  int64
}

// EventService streams a workspace's live updates.
type EventService interface {
	// Subscribe returns the events the caller may see until ctx ends or cancel is called.
	// Errors: EUNAUTHORIZED, ENOTFOUND.
	Subscribe(ctx context.Context, ws string) (events <-chan Event, cancel func(), err error)
}

// EventReplayer is an EventService that can tell a reconnecting subscriber what it missed;
// a server needs it, a client of a server does not.
type EventReplayer interface {
	EventService
	// SubscribeAfter is Subscribe for a subscriber that has seen the events up to id
	// after (the SSE Last-Event-ID): it also returns the events after it that the caller
	// may see, filtered exactly as live events are, or a Reset when they are no longer
	// known. Errors: EUNAUTHORIZED, ENOTFOUND.
	SubscribeAfter(ctx context.Context, ws string, after int64) (*Replay, <-chan Event, func(), error)
}

// EncodedViews serves views already encoded as JSON, for servers that send them as they
// are: a published version never changes, so neither does each member's view of it.
type EncodedViews interface {
	// VersionJSON returns what PlanService.Version returns, encoded as by encoding/json
	// (HTML characters escaped) with a final newline. The caller must not modify the
	// bytes. Errors: those of PlanService.Version.
	VersionJSON(ctx context.Context, ws, id string) ([]byte, error)
	// VersionsJSON returns what PlanService.Versions returns, encoded likewise (an empty
	// list as []). The caller must not modify the bytes. Errors: those of
	// PlanService.Versions.
	VersionsJSON(ctx context.Context, ws string) ([]byte, error)
}
