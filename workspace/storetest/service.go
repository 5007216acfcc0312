package storetest

import (
	"context"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// env is a service on a store of a new database, with wstest's workspace created.
type env struct {
	name  string // the database's
	st    Store
	svc   *workspace.Service
	ws    *parley.Workspace
	as    func(member string) context.Context
	token map[string]string
}

func newEnv(t *testing.T, b Backend) *env {
	t.Helper()
	e := &env{name: b.New(t), token: map[string]string{}}
	e.st = b.Open(t, e.name)
	e.svc = workspace.New(e.st, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	ctx := context.Background()
	admin := parley.NewContextWithCaller(ctx, &parley.Caller{Admin: true})
	w, toks, err := e.svc.CreateWorkspace(admin, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	e.ws = w
	callers := map[string]context.Context{}
	for _, tk := range toks {
		c, err := e.svc.Authenticate(ctx, tk.Token)
		if err != nil {
			t.Fatal(err)
		}
		callers[tk.MemberID] = parley.NewContextWithCaller(ctx, c)
		e.token[tk.MemberID] = tk.Token
	}
	e.as = func(member string) context.Context { return callers[member] }
	return e
}

// verify verifies the audit log of the database through a store opened afresh, so that
// nothing read before an edit is kept.
func (e *env) verify(t *testing.T, b Backend) *parley.AuditReport {
	t.Helper()
	rep, err := workspace.Verify(context.Background(), b.Open(t, e.name), wstest.AuditKey())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// testService runs a service on the store: wstest's workspace created, a plan agreed and
// signed, the versions listed, and the audit log verified.
func testService(t *testing.T, b Backend) {
	e := newEnv(t, b)
	v := wstest.Agreed(t, e.svc, e.as, e.ws.ID)
	list, err := e.svc.Versions(e.as("east"), e.ws.ID)
	if err != nil || len(list) != 1 || list[0].ID != v.ID || list[0].Points != len(v.Points) || list[0].Hash != v.Hash {
		t.Errorf("versions %+v, %v; want the agreed one", list, err)
	}
	if rep := e.verify(t, b); !rep.OK || rep.Entries < 4 {
		t.Errorf("verify: %+v", rep)
	}
}

// testReopen: what a store wrote is there when the database is opened again (its
// migrations already applied).
func testReopen(t *testing.T, b Backend) {
	e := newEnv(t, b)
	e.st.Close()
	read(t, b.Open(t, e.name), func(tx workspace.Tx) error {
		w, err := tx.Workspace(e.ws.ID)
		if err == nil && w.Name != e.ws.Name {
			t.Errorf("name %q, want %q", w.Name, e.ws.Name)
		}
		return err
	})
}

// testMigrateProfileUse rewrites two profiles as the first schema stored them, with
// trust_mediator, and reruns the migration: trusting becomes shared, not trusting private.
func testMigrateProfileUse(t *testing.T, b Backend) {
	e := newEnv(t, b)
	e.st.Close()
	b.Exec(t, e.name, b.TrustMediator("west", true), b.TrustMediator("east", false),
		`DELETE FROM migrations WHERE name = 'migrations/0003_profile_use.sql'`)
	read(t, b.Open(t, e.name), func(tx workspace.Tx) error {
		for party, want := range map[string]parley.ProfileUse{"west": parley.UseShared, "east": parley.UsePrivate} {
			p, err := tx.Profile(e.ws.ID, party)
			if err != nil {
				return err
			}
			if p.Use != want || p.Profile.Reservation == 0 {
				t.Errorf("%s: use %q (reservation %v), want %q", party, p.Use, p.Profile.Reservation, want)
			}
		}
		return nil
	})
}
