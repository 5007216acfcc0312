package workspace

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"parley"
	"parley/redline"
)

// Config configures a Service.
type Config struct {
	// AdminToken is the administrator's bearer token; empty disables the administrator.
	AdminToken string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// EventReplay is how many recent events per workspace are kept for clients that
	// reconnect with a Last-Event-ID; 0 means DefaultEventReplay.
	EventReplay int
	// MaxStreams bounds the event streams one member may hold open at once (beyond it,
	// ELIMIT); 0 means DefaultMaxStreams.
	MaxStreams int
	// AuditKey signs the audit logs' checkpoints and keys their record hashes (see
	// GenerateAuditKey); nil means a key made for this Service alone, so that its logs
	// verify only while it runs.
	AuditKey *AuditKey
	// SealKey wraps the workspaces' keys that encrypt blind overlap rounds' sealed values
	// (see SealKey); nil means a key made for this Service alone, so that its sealed
	// values can be read only while it runs.
	SealKey *SealKey
	// AnalysisDeadline bounds how long an analysis or a diff may take, its wait for one of
	// the workspace's slots included: past it, the request gets ELIMIT and the analysis
	// stops at its next check, freeing its slot. 0 means DefaultAnalysisDeadline.
	AnalysisDeadline time.Duration
}

// Service implements the parley workspace services on a Store.
type Service struct {
	store     Store
	cache     *cachingStore // store, which keeps published versions decoded
	encoded   encodedVersions
	now       func() time.Time
	adminHash [32]byte
	hasAdmin  bool
	events    *broker
	slots     analysisSlots
	// analysisHook, when set (by tests), runs in each analysis's slot before it computes,
	// and analysisResult with what it returned.
	analysisHook   func()
	analysisResult func(error)
	key            *AuditKey
	sealKey        *SealKey
	origin         string // tells this process's notifications from other servers'

	// auth caches verified tokens for authTTL, so a read costs one transaction, not two.
	// Revoking in this process drops the member's entries at once; authGen keeps a lookup
	// that raced with a revocation from caching what it read.
	authMu  sync.Mutex
	auth    map[string]authEntry
	authGen int64

	zones          zoneCache
	uncertainZones uncertainCache
	verdicts       verdictCache // parties' verdicts on every package (elicit_cache.go)
	elicitations   elicitCache
	seen           analyticsCache // analytics of published versions
}

type authEntry struct {
	hash   []byte
	caller parley.Caller
	at     time.Time
}

// authTTL bounds how long a cached token is trusted without reading the store; it is the
// longest a revocation made by another process (a second server on the same database)
// takes to apply here.
const authTTL = 5 * time.Second

// Interfaces implemented by Service.
var (
	_ parley.WorkspaceService    = (*Service)(nil)
	_ parley.Authenticator       = (*Service)(nil)
	_ parley.ProfileService      = (*Service)(nil)
	_ parley.PlanService         = (*Service)(nil)
	_ parley.StanceService       = (*Service)(nil)
	_ parley.SessionService      = (*Service)(nil)
	_ parley.RatificationService = (*Service)(nil)
	_ parley.AuditService        = (*Service)(nil)
	_ parley.EventService        = (*Service)(nil)
	_ parley.EventReplayer       = (*Service)(nil)
	_ parley.EncodedViews        = (*Service)(nil)
	_ parley.ProfileChecker      = (*Service)(nil)
)

// New returns a service on store.
func New(store Store, cfg Config) *Service {
	cache := &cachingStore{Store: store}
	cache.versions.limit = maxCachedBytes
	s := &Service{store: cache, cache: cache, now: cfg.Now, events: newBroker(cfg.EventReplay, cfg.MaxStreams), origin: newID(""), auth: map[string]authEntry{}}
	if s.now == nil {
		s.now = time.Now
	}
	s.encoded.m.limit = maxEncodedBytes
	s.encoded.lists.limit = maxEncodedLists
	s.zones.limit = maxZoneBytes
	s.uncertainZones.limit = maxUncertainBytes
	s.verdicts.limit, s.elicitations.limit = maxVerdictBytes, maxElicitBytes
	s.seen.lru.limit = maxAnalyticsBytes
	s.SetAnalysisDeadline(cfg.AnalysisDeadline)
	if s.key = cfg.AuditKey; s.key == nil {
		text, err := GenerateAuditKey()
		if err == nil {
			s.key, err = ParseAuditKey(text)
		}
		if err != nil {
			panic("workspace: make an audit key: " + err.Error()) // only if crypto/rand fails
		}
	}
	if s.sealKey = cfg.SealKey; s.sealKey == nil {
		text, err := GenerateSealKey()
		if err == nil {
			s.sealKey, err = ParseSealKey(text)
		}
		if err != nil {
			panic("workspace: make a seal key: " + err.Error()) // only if crypto/rand fails
		}
	}
	if cfg.AdminToken != "" {
		s.adminHash = sha256.Sum256([]byte(cfg.AdminToken))
		s.hasAdmin = true
	}
	return s
}

// Limits on what members write.
const (
	maxText   = 20000
	maxShort  = 300
	maxPoints = 500
	maxOps    = 200
)

func newID(prefix string) string {
	b := make([]byte, 8)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// tokenPrefix starts every member token: "pt_" + token id + "_" + secret.
const tokenPrefix = "pt_"

func (s *Service) issueToken(tx Tx, ws, member string) (parley.IssuedToken, error) {
	id := newID("")
	secret := make([]byte, 24)
	rand.Read(secret)
	sec := hex.EncodeToString(secret)
	h := sha256.Sum256([]byte(sec))
	t := &parley.Token{ID: id, WorkspaceID: ws, MemberID: member, Hash: h[:], CreatedAt: s.now().UTC()}
	if err := tx.PutToken(t); err != nil {
		return parley.IssuedToken{}, err
	}
	return parley.IssuedToken{MemberID: member, Token: tokenPrefix + id + "_" + sec}, nil
}

// Authenticate implements parley.Authenticator. The secret's hash is compared in constant
// time; the administrator token likewise.
func (s *Service) Authenticate(ctx context.Context, token string) (*parley.Caller, error) {
	unauth := parley.Errorf(parley.EUNAUTHORIZED, "the token is unknown or revoked")
	if s.hasAdmin {
		h := sha256.Sum256([]byte(token))
		if subtle.ConstantTimeCompare(h[:], s.adminHash[:]) == 1 {
			return &parley.Caller{Admin: true}, nil
		}
	}
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return nil, unauth
	}
	id, secret, ok := strings.Cut(rest, "_")
	if !ok || len(id) != 16 || len(secret) != 48 {
		return nil, unauth
	}
	h := sha256.Sum256([]byte(secret))
	s.authMu.Lock()
	e, ok := s.auth[id]
	gen := s.authGen
	s.authMu.Unlock()
	if ok && time.Since(e.at) < authTTL {
		if subtle.ConstantTimeCompare(h[:], e.hash) != 1 {
			return nil, unauth
		}
		c := e.caller
		return &c, nil
	}
	var c *parley.Caller
	var hash []byte
	err := s.store.Read(ctx, func(tx Tx) error {
		t, err := tx.Token(id)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare(h[:], t.Hash) != 1 || t.RevokedAt != nil {
			return unauth
		}
		hash = t.Hash
		w, err := tx.Workspace(t.WorkspaceID)
		if err != nil {
			return err
		}
		m := w.Member(t.MemberID)
		if m == nil {
			return unauth
		}
		c = &parley.Caller{WorkspaceID: w.ID, MemberID: m.ID, Role: m.Role, TokenID: t.ID}
		return nil
	})
	if err != nil {
		if code := parley.ErrorCode(err); code == parley.ENOTFOUND || code == parley.EUNAUTHORIZED {
			return nil, unauth
		}
		return nil, err
	}
	s.authMu.Lock()
	if s.authGen == gen {
		s.auth[id] = authEntry{hash: hash, caller: *c, at: time.Now()}
	}
	s.authMu.Unlock()
	return c, nil
}

// forget drops the cached tokens of a member after its tokens were revoked.
func (s *Service) forget(ws, member string) {
	s.authMu.Lock()
	defer s.authMu.Unlock()
	s.authGen++
	for id, e := range s.auth {
		if e.caller.WorkspaceID == ws && e.caller.MemberID == member {
			delete(s.auth, id)
		}
	}
}

// member checks that the caller belongs to workspace ws and returns the workspace.
// listForMember reads a list every member of ws may see; never nil, so that JSON says [].
func listForMember[T any](ctx context.Context, s *Service, ws string, list func(Tx) ([]T, error)) ([]T, error) {
	out := []T{}
	err := s.store.Read(ctx, func(tx Tx) error {
		if _, _, err := member(ctx, tx, ws); err != nil {
			return err
		}
		xs, err := list(tx)
		out = append(out, xs...)
		return err
	})
	return out, err
}

func member(ctx context.Context, tx Tx, ws string) (*parley.Workspace, *parley.Caller, error) {
	c := parley.CallerFromContext(ctx)
	if c == nil {
		return nil, nil, parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required")
	}
	if c.Admin || c.WorkspaceID != ws {
		return nil, nil, parley.Errorf(parley.ENOTFOUND, "workspace not found")
	}
	w, err := tx.Workspace(ws)
	if err != nil {
		return nil, nil, err
	}
	return w, c, nil
}

// reserved reports whether id may not name a member: "admin" is the administrator's name
// in the audit log, in any case.
func reserved(id string) bool { return strings.EqualFold(strings.TrimSpace(id), "admin") }

// mediatorsWorkspace reads workspace ws for its mediator; any other member gets EFORBIDDEN
// with refusal as the message.
func (s *Service) mediatorsWorkspace(ctx context.Context, ws, refusal string) (*parley.Workspace, error) {
	var w *parley.Workspace
	err := s.store.Read(ctx, func(tx Tx) error {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if c.Role != parley.RoleMediator {
			return parley.Errorf(parley.EFORBIDDEN, "%s", refusal)
		}
		return nil
	})
	return w, err
}

func mediatorOnly(c *parley.Caller) error {
	if c.Role != parley.RoleMediator {
		return parley.Errorf(parley.EFORBIDDEN, "only the mediator may do this")
	}
	return nil
}

// audit asks for the write's audit entry, appended with the hashes of every record the
// write stores once its function returns.
func (s *Service) audit(tx Tx, ws, actor, action, target string) error {
	at, ok := tx.(*auditTx)
	if !ok {
		return errors.New("audit outside a write")
	}
	at.entries = append(at.entries, &parley.AuditEntry{At: s.now().UTC(), WorkspaceID: ws, Actor: actor, Action: action, Target: target})
	return nil
}

// write runs fn in a write transaction, appends the audit entry it asked for, and
// publishes the events it returns once committed. An event's id is its entry's place in the
// workspace's log.
func (s *Service) write(ctx context.Context, fn func(tx Tx) ([]parley.Event, error)) error {
	var evs []parley.Event
	err := s.store.Write(ctx, func(tx Tx) error {
		st := &auditTx{Tx: tx, key: s.key}
		var err error
		evs, err = fn(st)
		if err != nil {
			return err
		}
		if err := s.appendEntries(st); err != nil {
			return err
		}
		for i := range evs {
			evs[i].At, evs[i].Seq = s.now().UTC(), st.seq
		}
		return s.notify(tx, evs)
	})
	if err == nil {
		for _, e := range evs {
			s.events.publish(e)
		}
	}
	return err
}

// CreateWorkspace implements parley.WorkspaceService.
func (s *Service) CreateWorkspace(ctx context.Context, in *parley.WorkspaceCreate) (*parley.Workspace, []parley.IssuedToken, error) {
	c := parley.CallerFromContext(ctx)
	if c == nil {
		return nil, nil, parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required")
	}
	if !c.Admin {
		return nil, nil, parley.Errorf(parley.EFORBIDDEN, "only the administrator creates workspaces")
	}
	w := &parley.Workspace{ID: newID("ws"), Name: in.Name, Description: in.Description,
		Issues: in.Issues, Settings: in.Settings, Rev: 1, CreatedAt: s.now().UTC()}
	if w.Settings.StanceVisibility == "" {
		w.Settings.StanceVisibility = parley.StancesMediator
	}
	for _, p := range in.Parties {
		w.Members = append(w.Members, &parley.Member{ID: p.ID, Name: p.Name, Role: p.Role})
	}
	for _, o := range in.Observers {
		if o == nil {
			return nil, nil, parley.FieldErrorf("observers", "an observer is null")
		}
		w.Members = append(w.Members, &parley.Member{ID: o.ID, Name: o.Name, Role: parley.RoleObserver})
	}
	if err := validateWorkspace(w); err != nil {
		return nil, nil, err
	}
	for i, o := range in.Observers {
		if o.Role != "" && o.Role != parley.RoleObserver {
			return nil, nil, parley.FieldErrorf(fmt.Sprintf("observers[%d].role", i), "an observer's role is observer")
		}
	}
	sc := w.Scenario()
	var profiles []*parley.PartyProfile
	for i, p := range in.Parties {
		if p.Profile == nil {
			continue
		}
		if p.Role != parley.RoleParty {
			return nil, nil, parley.FieldErrorf(fmt.Sprintf("parties[%d].profile", i), "only a party has a profile in a workspace")
		}
		if err := ValidateProfile(sc, p.Profile); err != nil {
			return nil, nil, prefixField(err, fmt.Sprintf("parties[%d].profile", i))
		}
		if p.Use != "" && !p.Use.Valid() {
			return nil, nil, parley.FieldErrorf(fmt.Sprintf("parties[%d].use", i), "use %q is not private, neutral or shared", p.Use)
		}
		profiles = append(profiles, &parley.PartyProfile{Party: p.ID, Profile: *p.Profile, Use: useOrPrivate(p.Use), Rev: 1, UpdatedAt: w.CreatedAt})
	}
	var tokens []parley.IssuedToken
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		if err := tx.PutWorkspace(w, 0); err != nil {
			return nil, err
		}
		for _, p := range profiles {
			if err := tx.PutProfile(w.ID, p, 0); err != nil {
				return nil, err
			}
		}
		for _, m := range w.Members {
			t, err := s.issueToken(tx, w.ID, m.ID)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, t)
		}
		return nil, s.audit(tx, w.ID, "admin", "workspace.create", "workspace/"+w.ID)
	})
	if err != nil {
		return nil, nil, err
	}
	return w, tokens, nil
}

func prefixField(err error, prefix string) error {
	if e, ok := err.(*parley.Error); ok {
		e2 := *e
		if e2.Field != "" {
			e2.Field = prefix + "." + e2.Field
		} else {
			e2.Field = prefix
		}
		return &e2
	}
	return err
}

func validateWorkspace(w *parley.Workspace) error {
	if strings.TrimSpace(w.Name) == "" || len(w.Name) > maxShort {
		return parley.FieldErrorf("name", "a workspace needs a name of at most %d bytes", maxShort)
	}
	if len(w.Description) > maxText {
		return parley.FieldErrorf("description", "the description is longer than %d bytes", maxText)
	}
	if len(w.Issues) == 0 || len(w.Issues) > 100 {
		return parley.FieldErrorf("issues", "a workspace needs 1 to 100 issues")
	}
	seen := map[string]bool{}
	for i, is := range w.Issues {
		f := fmt.Sprintf("issues[%d]", i)
		if err := is.Validate(f); err != nil {
			return err
		}
		if seen[is.ID] {
			return parley.FieldErrorf(f+".id", "issue id %q is repeated", is.ID)
		}
		seen[is.ID] = true
		if len(is.Name) > maxShort {
			return parley.FieldErrorf(f+".name", "the name is longer than %d bytes", maxShort)
		}
	}
	if !w.Settings.StanceVisibility.Valid() {
		return parley.FieldErrorf("settings.stance_visibility", "stance_visibility %q is not shared or mediator", w.Settings.StanceVisibility)
	}
	ids := map[string]bool{}
	parties, mediators := 0, 0
	for i, m := range w.Members {
		f := fmt.Sprintf("parties[%d]", i)
		if !parley.ValidID(m.ID) {
			return parley.FieldErrorf(f+".id", "id %q must be 1 to 100 bytes without control characters, '/' or surrounding spaces", m.ID)
		}
		if ids[m.ID] {
			return parley.FieldErrorf(f+".id", "member id %q is repeated", m.ID)
		}
		if reserved(m.ID) {
			return parley.FieldErrorf(f+".id", "member id %q is reserved: the audit log names the administrator so", m.ID)
		}
		ids[m.ID] = true
		if len(m.Name) > maxShort {
			return parley.FieldErrorf(f+".name", "the name is longer than %d bytes", maxShort)
		}
		switch m.Role {
		case parley.RoleParty:
			parties++
		case parley.RoleMediator:
			mediators++
		case parley.RoleObserver:
		default:
			return parley.FieldErrorf(f+".role", "role %q is not party, mediator or observer", m.Role)
		}
	}
	if parties < 2 {
		return parley.FieldErrorf("parties", "a workspace needs at least two parties")
	}
	if mediators != 1 {
		return parley.FieldErrorf("parties", "a workspace needs exactly one mediator")
	}
	return nil
}

// ValidateProfile checks a profile against a workspace's scenario: numbers, issues and options
// named, red lines parsed. Errors name the field ("issues.nato.weight", "red_lines[0]").
func ValidateProfile(sc *parley.Scenario, p *parley.ProfileSpec) error {
	if err := p.Validate(sc); err != nil {
		return err
	}
	if len(p.RedLines) > 50 {
		return parley.FieldErrorf("red_lines", "at most 50 red lines")
	}
	for i, src := range p.RedLines {
		if len(src) > 1000 {
			return parley.FieldErrorf(fmt.Sprintf("red_lines[%d]", i), "a red line is at most 1000 bytes")
		}
		if _, err := redline.Parse(src, sc); err != nil {
			e := parley.FieldErrorf(fmt.Sprintf("red_lines[%d]", i), "%v", err)
			var re *redline.Error
			if errors.As(err, &re) {
				e.Col = re.Col
			}
			return e
		}
	}
	if _, err := sc.Compile(p.Profile()); err != nil {
		return err
	}
	return validatePartial(sc, p)
}

// Workspace implements parley.WorkspaceService.
func (s *Service) Workspace(ctx context.Context, id string) (*parley.Workspace, error) {
	var w *parley.Workspace
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		w, _, err = member(ctx, tx, id)
		return err
	})
	return w, err
}

// UpdateSettings implements parley.WorkspaceService.
func (s *Service) UpdateSettings(ctx context.Context, id string, rev int64, st parley.Settings) (*parley.Workspace, error) {
	var w *parley.Workspace
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, id); err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		if !st.StanceVisibility.Valid() {
			return nil, parley.FieldErrorf("stance_visibility", "stance_visibility %q is not shared or mediator", st.StanceVisibility)
		}
		if w.Rev != rev {
			return nil, conflict("workspace")
		}
		w.Settings = st
		w.Rev++
		if err := tx.PutWorkspace(w, rev); err != nil {
			return nil, err
		}
		return []parley.Event{{Type: "workspace", Workspace: id}}, s.audit(tx, id, c.MemberID, "workspace.settings", "workspace/"+id)
	})
	return w, err
}

func conflict(what string) error {
	return parley.Errorf(parley.ECONFLICT, "the %s was changed since the revision you sent; reload it and try again", what)
}

// AddObserver implements parley.WorkspaceService.
func (s *Service) AddObserver(ctx context.Context, id string, m *parley.Member) (*parley.Member, parley.IssuedToken, error) {
	var tok parley.IssuedToken
	var nm *parley.Member
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		if m == nil || !parley.ValidID(m.ID) {
			return nil, parley.FieldErrorf("id", "id must be 1 to 100 bytes without control characters, '/' or surrounding spaces")
		}
		if reserved(m.ID) {
			return nil, parley.FieldErrorf("id", "member id %q is reserved: the audit log names the administrator so", m.ID)
		}
		if m.Role != "" && m.Role != parley.RoleObserver {
			return nil, parley.FieldErrorf("role", "a member added later is an observer")
		}
		if len(m.Name) > maxShort {
			return nil, parley.FieldErrorf("name", "the name is longer than %d bytes", maxShort)
		}
		if w.Member(m.ID) != nil {
			return nil, parley.Errorf(parley.ECONFLICT, "member %q already exists", m.ID)
		}
		nm = &parley.Member{ID: m.ID, Name: m.Name, Role: parley.RoleObserver}
		prev := w.Rev
		w.Members = append(w.Members, nm)
		w.Rev++
		if err := tx.PutWorkspace(w, prev); err != nil {
			return nil, err
		}
		if tok, err = s.issueToken(tx, id, nm.ID); err != nil {
			return nil, err
		}
		return []parley.Event{{Type: "workspace", Workspace: id}}, s.audit(tx, id, c.MemberID, "member.add", "member/"+nm.ID)
	})
	return nm, tok, err
}

func (s *Service) revoke(ctx context.Context, id, target string, issue bool) (parley.IssuedToken, error) {
	var tok parley.IssuedToken
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if w.Member(target) == nil {
			return nil, parley.Errorf(parley.ENOTFOUND, "member not found")
		}
		// A new token goes only to the member it stands for: the mediator may cut a member
		// off, never take its place.
		if c.MemberID != target && (issue || c.Role != parley.RoleMediator) {
			return nil, parley.Errorf(parley.EFORBIDDEN, "a member rotates only its own token; the mediator may revoke a member's tokens, and the administrator issues it a sign-in link")
		}
		ts, err := tx.MemberTokens(id, target)
		if err != nil {
			return nil, err
		}
		now := s.now().UTC()
		for _, t := range ts {
			if t.RevokedAt == nil {
				t.RevokedAt = &now
				if err := tx.PutToken(t); err != nil {
					return nil, err
				}
			}
		}
		action := "token.revoke"
		if issue {
			action = "token.rotate"
			if tok, err = s.issueToken(tx, id, target); err != nil {
				return nil, err
			}
		}
		return nil, s.audit(tx, id, c.MemberID, action, "member/"+target)
	})
	if err == nil {
		s.forget(id, target)
		s.events.kick(id, target)
	}
	return tok, err
}

// RotateToken implements parley.WorkspaceService.
func (s *Service) RotateToken(ctx context.Context, id, member string) (parley.IssuedToken, error) {
	return s.revoke(ctx, id, member, true)
}

// RevokeToken implements parley.WorkspaceService.
func (s *Service) RevokeToken(ctx context.Context, id, member string) error {
	_, err := s.revoke(ctx, id, member, false)
	return err
}

// SignInTTL is how long a sign-in ticket may be redeemed.
const SignInTTL = 72 * time.Hour

// ticketPrefix starts every sign-in ticket: "ps_" + id + "_" + secret. A ticket is stored
// as a token whose hash is ticketHash(secret), so it never authenticates as a bearer token
// and a bearer token never redeems as a ticket.
const ticketPrefix = parley.SignInTicketPrefix

func ticketHash(secret string) []byte {
	h := sha256.Sum256([]byte("parley sign-in ticket\x00" + secret))
	return h[:]
}

// IssueSignIn implements parley.WorkspaceService.
func (s *Service) IssueSignIn(ctx context.Context, ws, target string) (parley.SignInTicket, error) {
	var tk parley.SignInTicket
	c := parley.CallerFromContext(ctx)
	if c == nil {
		return tk, parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required")
	}
	if !c.Admin {
		return tk, parley.Errorf(parley.EFORBIDDEN, "only the administrator issues sign-in links")
	}
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, err := tx.Workspace(ws)
		if err != nil {
			return nil, err
		}
		if w.Member(target) == nil {
			return nil, parley.Errorf(parley.ENOTFOUND, "member not found")
		}
		id := newID("")
		secret := make([]byte, 24)
		rand.Read(secret)
		sec := hex.EncodeToString(secret)
		now := s.now().UTC()
		if err := tx.PutToken(&parley.Token{ID: id, WorkspaceID: ws, MemberID: target, Hash: ticketHash(sec), CreatedAt: now}); err != nil {
			return nil, err
		}
		tk = parley.SignInTicket{MemberID: target, Ticket: ticketPrefix + id + "_" + sec, ExpiresAt: now.Add(SignInTTL)}
		return nil, s.audit(tx, ws, "admin", "signin.issue", "member/"+target)
	})
	return tk, err
}

// RedeemSignIn implements parley.WorkspaceService.
func (s *Service) RedeemSignIn(ctx context.Context, ticket string) (parley.IssuedToken, error) {
	var tok parley.IssuedToken
	unauth := parley.Errorf(parley.EUNAUTHORIZED, "the sign-in link is unknown, used or expired")
	rest, ok := strings.CutPrefix(strings.TrimSpace(ticket), ticketPrefix)
	if !ok {
		return tok, unauth
	}
	id, secret, ok := strings.Cut(rest, "_")
	if !ok || len(id) != 16 || len(secret) != 48 {
		return tok, unauth
	}
	h := ticketHash(secret)
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		t, err := tx.Token(id)
		if err != nil {
			return nil, unauth
		}
		now := s.now().UTC()
		if subtle.ConstantTimeCompare(h, t.Hash) != 1 || t.RevokedAt != nil || !now.Before(t.CreatedAt.Add(SignInTTL)) {
			return nil, unauth
		}
		w, err := tx.Workspace(t.WorkspaceID)
		if err != nil || w.Member(t.MemberID) == nil {
			return nil, unauth
		}
		t.RevokedAt = &now
		if err := tx.PutToken(t); err != nil {
			return nil, err
		}
		if tok, err = s.issueToken(tx, t.WorkspaceID, t.MemberID); err != nil {
			return nil, err
		}
		tok.Workspace = t.WorkspaceID
		return nil, s.audit(tx, t.WorkspaceID, t.MemberID, "signin.redeem", "member/"+t.MemberID)
	})
	return tok, err
}
