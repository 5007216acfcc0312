package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"parley"
	"parley/sqlite"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestFilesPrivate: the database and its WAL files are 0600 even in a directory that
// already exists with a wider mode and a database made world-readable (issue 15).
func TestFilesPrivate(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "parley.db")
	for _, p := range []string{path, path + "-wal"} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Write(context.Background(), func(tx workspace.Tx) error {
		return workspace.AppendEntry(tx, wstest.Key(t), &parley.AuditEntry{WorkspaceID: "ws", Actor: "admin", Action: "test", Target: "x"})
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), got)
		}
	}
}

// TestClientNoticesRewrittenHistory: a member keeps the last checkpoint it saw; the log
// growing honestly checks out, while a log rewritten by the operator (who has the audit key
// and signs the rewritten log properly, so `audit verify` alone cannot tell) or cut back to
// an earlier state is refused by the member's check.
func TestClientNoticesRewrittenHistory(t *testing.T) {
	e := wstest.MustOpen(t)
	ctx := context.Background()
	ws := e.WS.ID
	kept, err := e.Service.Checkpoint(e.As("east"), ws, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := workspace.CheckCheckpoint(ws, "", nil, kept); err != nil {
		t.Fatalf("first checkpoint: %v", err)
	}
	verifier := kept.Verifier
	first := kept
	v := wstest.Agreed(t, e.Service, e.As, ws)
	next, err := e.Service.Checkpoint(e.As("east"), ws, kept.Size)
	if err != nil {
		t.Fatal(err)
	}
	if err := workspace.CheckCheckpoint(ws, verifier, kept, next); err != nil {
		t.Fatalf("an honestly grown log: %v", err)
	}
	kept = next
	if err := workspace.CheckCheckpoint(ws, verifier, kept, first); err == nil || !strings.Contains(err.Error(), "shrank") {
		t.Errorf("a log cut back to an earlier checkpoint: %v", err)
	}
	// The operator rewrites history with the real key: west's signature becomes east's.
	path := e.DB.Path
	e.DB.Close()
	db, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clear := func() {
		raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, s := range []string{`DELETE FROM audit`, `DELETE FROM audit_tree`, `DELETE FROM audit_checkpoint`, `UPDATE audit_head SET seq = 0, hash = ''`} {
			if _, err := raw.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	wstest.RewriteLog(t, db, wstest.AuditKey(), clear, func(a *parley.AuditEntry) {
		if a.Action == "ratification.sign" && a.Actor == "west" {
			a.Actor = "east"
		}
	})
	svc := workspace.New(db, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	if rep, err := workspace.Verify(ctx, db, wstest.AuditKey()); err != nil || !rep.OK {
		t.Fatalf("the operator's rewrite should pass the offline verify (it has the key): %+v, %v", rep, err)
	}
	c, err := svc.Authenticate(ctx, e.Tokens["east"])
	if err != nil {
		t.Fatal(err)
	}
	east := parley.NewContextWithCaller(ctx, c)
	// One more honest write, so the rewritten log is longer than the one kept.
	if _, err := svc.CreateSession(parley.NewContextWithCaller(ctx, mustAuth(t, svc, e.Tokens["med"])), ws, &parley.Session{Title: "after", Date: v.CreatedAt}); err != nil {
		t.Fatal(err)
	}
	forged, err := svc.Checkpoint(east, ws, kept.Size)
	if err != nil {
		t.Fatal(err)
	}
	if err := workspace.CheckCheckpoint(ws, verifier, kept, forged); err == nil || !strings.Contains(err.Error(), "history was rewritten") {
		t.Errorf("the member's check of the rewritten log: %v, want it refused", err)
	}
}

func mustAuth(t *testing.T, svc *workspace.Service, token string) *parley.Caller {
	t.Helper()
	c, err := svc.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
