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

func TestReopenKeepsData(t *testing.T) {
	e := wstest.MustOpen(t)
	path := e.DB.Path
	e.DB.Close()
	db, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Read(context.Background(), func(tx workspace.Tx) error {
		w, err := tx.Workspace(e.WS.ID)
		if err != nil {
			return err
		}
		if got, want := w.Name, e.WS.Name; got != want {
			t.Errorf("name %q, want %q", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPutConflict(t *testing.T) {
	e := wstest.MustOpen(t)
	err := e.DB.Write(context.Background(), func(tx workspace.Tx) error {
		w, err := tx.Workspace(e.WS.ID)
		if err != nil {
			return err
		}
		w.Rev = 99
		return tx.PutWorkspace(w, 42) // the stored rev is 1
	})
	if got, want := parley.ErrorCode(err), parley.ECONFLICT; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	err = e.DB.Write(context.Background(), func(tx workspace.Tx) error {
		w, _ := tx.Workspace(e.WS.ID)
		return tx.PutWorkspace(w, 0) // insert of an existing id
	})
	if got, want := parley.ErrorCode(err), parley.ECONFLICT; got != want {
		t.Errorf("insert twice: got %q, want %q", got, want)
	}
}

func TestAuditTamperDetected(t *testing.T) {
	tests := []struct {
		name, sql string
	}{
		{"Edited", `UPDATE audit SET actor = 'someone' WHERE seq = 1`},
		{"RemovedMiddle", `DELETE FROM audit WHERE seq = 1`},
		{"RemovedLast", `DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := wstest.MustOpen(t)
			if _, err := e.Service.RotateToken(e.As("obs"), e.WS.ID, "obs"); err != nil {
				t.Fatal(err)
			}
			rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
			if err != nil || !rep.OK {
				t.Fatalf("before tampering: %+v, %v", rep, err)
			}
			path := e.DB.Path
			e.DB.Close()
			raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(tt.sql); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			db, err := sqlite.Open(path, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rep, err = workspace.Verify(context.Background(), db, wstest.AuditKey())
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || rep.Problem == "" {
				t.Errorf("tampering not detected: %+v", rep)
			}
		})
	}
}

// TestMigrateProfileUse rewrites two profiles as the first schema stored them, with
// trust_mediator, and reruns the migration: trusting becomes shared, not trusting private.
func TestMigrateProfileUse(t *testing.T) {
	e := wstest.MustOpen(t)
	path := e.DB.Path
	e.DB.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE profiles SET data = CAST(json_remove(json_set(CAST(data AS TEXT), '$.trust_mediator', json('true')), '$.use') AS BLOB) WHERE party = 'west'`,
		`UPDATE profiles SET data = CAST(json_remove(json_set(CAST(data AS TEXT), '$.trust_mediator', json('false')), '$.use') AS BLOB) WHERE party = 'east'`,
		`DELETE FROM migrations WHERE name = 'migrations/0003_profile_use.sql'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Read(context.Background(), func(tx workspace.Tx) error {
		for party, want := range map[string]parley.ProfileUse{"west": parley.UseShared, "east": parley.UsePrivate} {
			p, err := tx.Profile(e.WS.ID, party)
			if err != nil {
				return err
			}
			if p.Use != want || p.Profile.Reservation == 0 {
				t.Errorf("%s: use %q (reservation %v), want %q", party, p.Use, p.Profile.Reservation, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

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

// TestDataTamperDetected edits the stored data behind the server's back, as issue 15's
// attacker did, and checks that `parley audit verify` (workspace.Verify) notices each kind
// of edit: the text of a ratified version, a stance's mark, the last entry deleted and the
// head moved back, an entry edited with the whole log recomputed (without the audit key),
// a record added, a record deleted, a version's list summary changed.
func TestDataTamperDetected(t *testing.T) {
	exec := func(t *testing.T, path string, stmts ...string) {
		raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, s := range stmts {
			if _, err := raw.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, path string, v *parley.Version)
	}{
		{"RatifiedText", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `UPDATE versions SET data = CAST(replace(CAST(data AS TEXT), '40 km', '60 km') AS BLOB) WHERE id = '`+v.ID+`'`)
		}},
		{"StanceMark", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `UPDATE stances SET data = CAST(replace(CAST(data AS TEXT), '"mark":"accept"', '"mark":"reject"') AS BLOB) WHERE party = 'east'`)
		}},
		{"DeletedLastEntryMovedHead", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`,
				`UPDATE audit_head SET seq = (SELECT max(seq) FROM audit), hash = (SELECT hash FROM audit WHERE seq = (SELECT max(seq) FROM audit))`)
		}},
		{"EditedEntryRecomputed", func(t *testing.T, path string, v *parley.Version) {
			db, err := sqlite.Open(path, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			wstest.RewriteLog(t, db, nil, func() {
				exec(t, path, `DELETE FROM audit`, `DELETE FROM audit_tree`, `DELETE FROM audit_checkpoint`, `UPDATE audit_head SET seq = 0, hash = ''`)
			}, func(e *parley.AuditEntry) {
				if e.Action == "ratification.sign" && e.Actor == "west" {
					e.Actor = "east"
				}
			})
		}},
		{"RecordAdded", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `INSERT INTO stances (workspace, version, point, party, rev, data) SELECT workspace, version, point, 'obs', rev, CAST(replace(CAST(data AS TEXT), '"party":"east"', '"party":"obs"') AS BLOB) FROM stances WHERE party = 'east'`)
		}},
		{"RecordDeleted", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `DELETE FROM stances WHERE party = 'west'`)
		}},
		{"VersionSummary", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `UPDATE version_summaries SET summary = CAST(replace(CAST(summary AS TEXT), '"title":"', '"title":"Forged ') AS BLOB) WHERE id = '`+v.ID+`'`)
		}},
		{"VersionSummaryStatus", func(t *testing.T, path string, v *parley.Version) {
			exec(t, path, `UPDATE version_summaries SET summary = CAST(replace(CAST(summary AS TEXT), '"status":"published"', '"status":"draft"') AS BLOB)`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := wstest.MustOpen(t)
			v := wstest.Agreed(t, e.Service, e.As, e.WS.ID)
			rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
			if err != nil || !rep.OK {
				t.Fatalf("before tampering: %+v, %v", rep, err)
			}
			path := e.DB.Path
			e.DB.Close()
			tt.tamper(t, path, v)
			db, err := sqlite.Open(path, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rep, err = workspace.Verify(context.Background(), db, wstest.AuditKey())
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || rep.Problem == "" {
				t.Errorf("tampering not detected: %+v", rep)
			} else {
				t.Logf("detected: %s", rep.Problem)
			}
		})
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

// TestLegacyEntriesFlagged: entries of the hash chain of before the Merkle-tree log, kept
// in audit_legacy, cannot be verified (an unkeyed chain whose head the upgrade reset), so
// `parley audit verify` counts and flags them, edited or not, instead of calling them good.
func TestLegacyEntriesFlagged(t *testing.T) {
	e := wstest.MustOpen(t)
	wstest.Agreed(t, e.Service, e.As, e.WS.ID)
	rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
	if err != nil || !rep.OK || rep.Legacy != 0 {
		t.Fatalf("no legacy entries: %+v, %v", rep, err)
	}
	path := e.DB.Path
	e.DB.Close()
	raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{
		`INSERT INTO audit_legacy (seq, at, workspace, actor, action, target, prev_hash, hash) VALUES
			(1, '2026-11-01T10:00:00Z', 'wsold', 'med', 'workspace.create', 'wsold', '', 'aa'),
			(2, '2026-11-01T10:01:00Z', 'wsold', 'east', 'ratification.sign', 'r1', 'aa', 'bb')`,
		`UPDATE audit_legacy SET actor = 'west' WHERE seq = 2`, // an edit nobody can detect
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err = workspace.Verify(context.Background(), db, wstest.AuditKey())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Legacy != 2 {
		t.Errorf("legacy entries reported: %d, want 2 (%+v)", rep.Legacy, rep)
	}
	if !rep.OK {
		t.Errorf("the current log and data were not tampered with: %+v", rep)
	}
}
