package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
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
			rep, err := workspace.Verify(context.Background(), e.DB)
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
			rep, err = workspace.Verify(context.Background(), db)
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
		`DELETE FROM migrations WHERE name = 'migrations/0002_profile_use.sql'`,
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
		return tx.AppendAudit(&parley.AuditEntry{Actor: "admin", Action: "test", Target: "x"})
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
