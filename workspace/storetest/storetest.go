package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"parley"
	"parley/workspace"
)

// Store is a store under test.
type Store interface {
	workspace.Store
	Close() error
}

// Backend is how the suite makes databases of one kind, opens stores on them and, for the
// tests that edit the stored data behind the store's back, reaches them directly. Each
// function fails tb on error.
type Backend struct {
	// New makes a new, empty database, removed when tb ends, and returns its name (a file
	// path, a URL).
	New func(tb testing.TB) string
	// Open opens a store on the named database (applying pending migrations), closed when
	// tb ends if not before.
	Open func(tb testing.TB, name string) Store
	// Exec runs statements on the named database directly, as an intruder with access to
	// it would.
	Exec func(tb testing.TB, name string, stmts ...string)
	// Replace is the SQL expression of column data (a record's JSON) with each from
	// replaced by to (from and to hold no quote).
	Replace func(from, to string) string
	// TrustMediator is the statement that rewrites party's profile as the first schema
	// stored it: no use, trust_mediator set to trust.
	TrustMediator func(party string, trust bool) string
	// ReplaceSummary is the statement that edits every stored version summary (the list
	// the plan page reads without decoding the versions), from replaced by to.
	ReplaceSummary func(from, to string) string
}

// Run runs the suite on b, each subtest on a database of its own.
func Run(t *testing.T, b Backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st workspace.Store)
	}{
		{"Records", testRecords},
		{"Tokens", testTokens},
		{"Conflict", testConflict},
		{"NotFound", testNotFound},
		{"Rollback", testRollback},
		{"Order", testOrder},
		{"VersionSummaries", testVersionSummaries},
		{"Audit", testAudit},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"NoLostUpdate", testNoLostUpdate},
		{"Blind", testBlind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, b.Open(t, b.New(t))) })
	}
	t.Run("Service", func(t *testing.T) { testService(t, b) })
	t.Run("Reopen", func(t *testing.T) { testReopen(t, b) })
	t.Run("MigrateProfileUse", func(t *testing.T) { testMigrateProfileUse(t, b) })
	t.Run("AuditTamperDetected", func(t *testing.T) { testAuditTamper(t, b) })
	t.Run("DataTamperDetected", func(t *testing.T) { testDataTamper(t, b) })
}

// ws is the id of the workspace every subtest stores first.
const ws = "ws"

func write(t *testing.T, st workspace.Store, fn func(tx workspace.Tx) error) {
	t.Helper()
	if err := st.Write(context.Background(), fn); err != nil {
		t.Fatalf("write: %v", err)
	}
}

func read(t *testing.T, st workspace.Store, fn func(tx workspace.Tx) error) {
	t.Helper()
	if err := st.Read(context.Background(), fn); err != nil {
		t.Fatalf("read: %v", err)
	}
}

// putWorkspace stores the workspace ws at revision 1.
func putWorkspace(t *testing.T, st workspace.Store) *parley.Workspace {
	t.Helper()
	w := &parley.Workspace{ID: ws, Name: "talks", Rev: 1,
		Issues:  []*parley.Issue{{ID: "a", Kind: parley.KindOptions, Options: []string{"x", "y"}}},
		Members: []*parley.Member{{ID: "east", Role: parley.RoleParty}, {ID: "med", Role: parley.RoleMediator}}}
	write(t, st, func(tx workspace.Tx) error { return tx.PutWorkspace(w, 0) })
	return w
}

// same reports whether got and want encode to the same JSON, the form stores keep.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("%s: got %s, want %s", what, g, w)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := parley.ErrorCode(err); got != code {
		t.Errorf("%s: got %v (%q), want %q", what, err, got, code)
	}
}

var errChangedMind = errors.New("changed my mind")
