package wstest

import (
	"context"
	"path/filepath"
	"testing"

	"parley"
	"parley/sqlite"
	"parley/workspace"
)

// AdminToken is the administrator token of services opened by MustOpen.
const AdminToken = "admin-secret-for-tests"

// AuditKeyText is the audit key of the tests' services (for tests only: it is public).
const AuditKeyText = "PRIVATE+KEY+parley-audit+cfa12ca8+AUNb6Frf/Mz7fcy+6hgm6niiLSyUKzpjvjl15N4wkhPi\nparley-audit+cfa12ca8+AdUwJHRBZjUV4yOQnx6iBaWJMWUntVu9x4CAZTsYTakH\n"

// AuditKey returns the key of AuditKeyText.
func AuditKey() *workspace.AuditKey {
	k, err := workspace.ParseAuditKey(AuditKeyText)
	if err != nil {
		panic("wstest: " + err.Error())
	}
	return k
}

// Create returns a workspace definition: issues nato (join, moratorium, renounce) and
// buffer_km (0-60 step 10); parties east and west with profiles, mediator med, observer obs.
// West shares its profile with the mediator; east keeps its private.
func Create() *parley.WorkspaceCreate {
	return &parley.WorkspaceCreate{
		Name: "test talks",
		Issues: []*parley.Issue{
			{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}, Ordered: true},
			{ID: "buffer_km", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 10, Unit: "km"},
		},
		Parties: []parley.PartySpec{
			{ID: "east", Name: "East", Role: parley.RoleParty, Profile: &parley.ProfileSpec{
				Issues: map[string]parley.IssuePreference{
					"nato":      {Weight: 0.6, Options: map[string]float64{"join": 0, "moratorium": 0.6, "renounce": 1}},
					"buffer_km": {Weight: 0.4, Points: [][2]float64{{0, 0}, {60, 1}}},
				},
				Reservation: 0.4, RedLines: []string{"nato != join"},
			}},
			{ID: "west", Name: "West", Role: parley.RoleParty, Use: parley.UseShared, Profile: &parley.ProfileSpec{
				Issues: map[string]parley.IssuePreference{
					"nato":      {Weight: 0.5, Options: map[string]float64{"join": 1, "moratorium": 0.6, "renounce": 0}},
					"buffer_km": {Weight: 0.5, Points: [][2]float64{{0, 1}, {60, 0}}},
				},
				Reservation: 0.3, RedLines: []string{"buffer_km <= 40"},
			}},
			{ID: "med", Name: "Mediator", Role: parley.RoleMediator},
		},
		Observers: []*parley.Member{{ID: "obs", Name: "Observer"}},
		Settings:  parley.Settings{StanceVisibility: parley.StancesShared},
	}
}

// Env is an open service with a created workspace and its members' contexts.
type Env struct {
	DB      *sqlite.DB
	Service *workspace.Service
	WS      *parley.Workspace
	Tokens  map[string]string // member id -> token
	Admin   context.Context
}

// As returns a context carrying the given member of the workspace as the caller.
func (e *Env) As(member string) context.Context {
	c, err := e.Service.Authenticate(context.Background(), e.Tokens[member])
	if err != nil {
		panic("wstest: " + member + ": " + err.Error())
	}
	return parley.NewContextWithCaller(context.Background(), c)
}

// MustOpen opens a SQLite store in tb's temporary directory, a service on it, and creates
// the workspace of Create.
func MustOpen(tb testing.TB) *Env {
	tb.Helper()
	return MustOpenAt(tb, filepath.Join(tb.TempDir(), "parley.db"))
}

// MustOpenAt is MustOpen with the SQLite database at path.
func MustOpenAt(tb testing.TB, path string) *Env {
	tb.Helper()
	db, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc := workspace.New(db, workspace.Config{AdminToken: AdminToken, AuditKey: AuditKey()})
	admin := parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true})
	ws, toks, err := svc.CreateWorkspace(admin, Create())
	if err != nil {
		tb.Fatal(err)
	}
	e := &Env{DB: db, Service: svc, WS: ws, Tokens: map[string]string{}, Admin: admin}
	for _, t := range toks {
		e.Tokens[t.MemberID] = t.Token
	}
	return e
}

// Key returns a new audit key.
func Key(tb testing.TB) *workspace.AuditKey {
	tb.Helper()
	text, err := workspace.GenerateAuditKey()
	if err != nil {
		tb.Fatal(err)
	}
	k, err := workspace.ParseAuditKey(text)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// Str returns a pointer to s.
func Str(s string) *string { return &s }
