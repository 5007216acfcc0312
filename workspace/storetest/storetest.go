package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"parley"
	"parley/workspace"
)

// Open returns a new store on a new, empty database, closed when tb ends.
type Open func(tb testing.TB) workspace.Store

// Run runs the suite on stores made by open, each subtest on a store of its own.
func Run(t *testing.T, open Open) {
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
		{"Service", testService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
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
