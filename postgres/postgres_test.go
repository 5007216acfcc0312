package postgres_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"parley"
	"parley/postgres"
	"parley/postgres/pgtest"
	"parley/workspace"
	"parley/workspace/wstest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// env is a service on a PostgreSQL store with the wstest workspace created.
type env struct {
	URL     string
	DB      *postgres.DB
	Service *workspace.Service
	WS      *parley.Workspace
	Tokens  map[string]string
}

func open(t testing.TB, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newEnv(t testing.TB) *env {
	t.Helper()
	url := pgtest.NewDatabase(t)
	db := open(t, url)
	svc := workspace.New(db, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	admin := parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true})
	ws, toks, err := svc.CreateWorkspace(admin, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{URL: url, DB: db, Service: svc, WS: ws, Tokens: map[string]string{}}
	for _, tk := range toks {
		e.Tokens[tk.MemberID] = tk.Token
	}
	return e
}

// as returns a context with member as the caller, authenticated by svc.
func (e *env) as(t testing.TB, svc *workspace.Service, member string) context.Context {
	t.Helper()
	c, err := svc.Authenticate(context.Background(), e.Tokens[member])
	if err != nil {
		t.Fatalf("authenticate %s: %v", member, err)
	}
	return parley.NewContextWithCaller(context.Background(), c)
}

// exec runs sql on the database directly, as an intruder with database access would.
func exec(t testing.TB, url, sql string) {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	e := newEnv(t)
	e.DB.Close()
	db := open(t, e.URL) // migrations already applied: nothing to do
	err := db.Read(context.Background(), func(tx workspace.Tx) error {
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

func TestOpenTogetherMigratesOnce(t *testing.T) {
	url := pgtest.NewDatabase(t)
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() {
			db, err := postgres.Open(context.Background(), url)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("open: %v", err)
		}
	}
}

func TestPutConflict(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	err := e.DB.Write(ctx, func(tx workspace.Tx) error {
		w, err := tx.Workspace(e.WS.ID)
		if err != nil {
			return err
		}
		w.Rev = 99
		return tx.PutWorkspace(w, 42) // the stored rev is 1
	})
	if got, want := parley.ErrorCode(err), parley.ECONFLICT; got != want {
		t.Errorf("stale rev: got %q, want %q", got, want)
	}
	err = e.DB.Write(ctx, func(tx workspace.Tx) error {
		w, _ := tx.Workspace(e.WS.ID)
		if err := tx.PutWorkspace(w, 0); parley.ErrorCode(err) != parley.ECONFLICT {
			t.Errorf("insert of an existing id: got %v, want a conflict", err)
		}
		// The transaction is still usable after the conflict, as with SQLite.
		w.Rev, w.Name = 2, "renamed"
		return tx.PutWorkspace(w, 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = e.DB.Read(ctx, func(tx workspace.Tx) error {
		w, err := tx.Workspace(e.WS.ID)
		if err != nil {
			return err
		}
		if w.Name != "renamed" || w.Rev != 2 {
			t.Errorf("after the update: name %q rev %d, want renamed 2", w.Name, w.Rev)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRollbackOnError(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	err := e.DB.Write(ctx, func(tx workspace.Tx) error {
		w, _ := tx.Workspace(e.WS.ID)
		w.Rev, w.Name = 2, "not kept"
		if err := tx.PutWorkspace(w, 1); err != nil {
			return err
		}
		if err := workspace.AppendEntry(tx, e.Service.AuditKey(), &parley.AuditEntry{WorkspaceID: e.WS.ID, Actor: "x", Action: "y", Target: "z"}); err != nil {
			return err
		}
		return parley.Errorf(parley.EINVALID, "changed my mind")
	})
	if parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("got %v, want the function's error", err)
	}
	before, _ := e.Service.Audit(e.as(t, e.Service, "med"), e.WS.ID, 0)
	err = e.DB.Read(ctx, func(tx workspace.Tx) error {
		w, err := tx.Workspace(e.WS.ID)
		if err != nil {
			return err
		}
		if w.Name == "not kept" {
			t.Error("a failed write was kept")
		}
		seq, _, err := tx.AuditHead()
		if got, want := seq, int64(len(before)); got != want {
			t.Errorf("audit head at %d after a rolled back append, want %d", got, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	err := e.DB.Read(context.Background(), func(tx workspace.Tx) error {
		for _, id := range []string{"nope", "bad\x00id", "bad\xffutf8"} {
			if _, err := tx.Workspace(id); parley.ErrorCode(err) != parley.ENOTFOUND {
				t.Errorf("Workspace(%q): got %v, want not found", id, err)
			}
			if _, err := tx.Token(id); parley.ErrorCode(err) != parley.ENOTFOUND {
				t.Errorf("Token(%q): got %v, want not found", id, err)
			}
			if _, err := tx.Stance(e.WS.ID, id, "p", "east"); parley.ErrorCode(err) != parley.ENOTFOUND {
				t.Errorf("Stance(%q): got %v, want not found", id, err)
			}
			if _, err := tx.Profile(e.WS.ID, id); parley.ErrorCode(err) != parley.ENOTFOUND {
				t.Errorf("Profile(%q): got %v, want not found", id, err)
			}
			if vs, err := tx.Versions(id); err != nil || len(vs) != 0 {
				t.Errorf("Versions(%q): got %d, %v; want none", id, len(vs), err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditTamperDetected(t *testing.T) {
	tests := []struct {
		name, sql string
	}{
		{"Edited", `UPDATE audit SET actor = 'someone' WHERE seq = 1`},
		{"RemovedMiddle", `DELETE FROM audit WHERE seq = 1`},
		{"RemovedLast", `DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`},
		{"Reordered", `UPDATE audit SET at = '2001-01-01T00:00:00Z' WHERE seq = 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if _, err := e.Service.RotateToken(e.as(t, e.Service, "obs"), e.WS.ID, "obs"); err != nil {
				t.Fatal(err)
			}
			rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
			if err != nil || !rep.OK || rep.Entries < 2 {
				t.Fatalf("before tampering: %+v, %v", rep, err)
			}
			exec(t, e.URL, tt.sql)
			rep, err = workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || rep.Problem == "" {
				t.Errorf("tampering not detected: %+v", rep)
			}
		})
	}
}

// TestOrder checks the orders the service relies on: versions and ratifications as
// created, sessions by date, stances by point then party.
func TestOrder(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws := e.WS.ID
	mk := func(tx workspace.Tx) error {
		for _, id := range []string{"v3", "v1", "v2"} {
			if err := tx.PutVersion(&parley.Version{Workspace: ws, ID: id, Rev: 1}, 0); err != nil {
				return err
			}
			if err := tx.PutRatification(ws, &parley.Ratification{ID: "r" + id, Rev: 1}, 0); err != nil {
				return err
			}
		}
		for i, id := range []string{"late", "early", "middle"} {
			d := []int{2025, 2023, 2024}[i]
			s := &parley.Session{ID: id, Rev: 1}
			s.Date = s.Date.AddDate(d-1, 0, 0)
			if err := tx.PutSession(ws, s, 0); err != nil {
				return err
			}
		}
		for _, k := range [][2]string{{"b", "west"}, {"a", "west"}, {"b", "east"}, {"a", "east"}} {
			if err := tx.PutStance(ws, &parley.Stance{Version: "v1", Point: k[0], Party: k[1], Rev: 1}, 0); err != nil {
				return err
			}
		}
		return nil
	}
	if err := e.DB.Write(ctx, mk); err != nil {
		t.Fatal(err)
	}
	err := e.DB.Read(ctx, func(tx workspace.Tx) error {
		vs, err := tx.Versions(ws)
		if err != nil {
			return err
		}
		var got []string
		for _, v := range vs {
			got = append(got, v.ID)
		}
		rs, err := tx.Ratifications(ws)
		if err != nil {
			return err
		}
		for _, r := range rs {
			got = append(got, r.ID)
		}
		ss, err := tx.Sessions(ws)
		if err != nil {
			return err
		}
		for _, s := range ss {
			got = append(got, s.ID)
		}
		sts, err := tx.Stances(ws, "v1")
		if err != nil {
			return err
		}
		for _, s := range sts {
			got = append(got, s.Point+"/"+s.Party)
		}
		want := []string{"v3", "v1", "v2", "rv3", "rv1", "rv2", "early", "middle", "late", "a/east", "a/west", "b/east", "b/west"}
		if len(got) != len(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("got %v, want %v", got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"NotAURL", "postgres://user:secret@host:notaport/db", "not valid"},
		{"NoServer", "postgres://user:secret@127.0.0.1:1/db?connect_timeout=5", "PostgreSQL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := postgres.Open(context.Background(), tt.url)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "secret") {
				t.Errorf("error %q: want it to say %q and not show the password", msg, tt.want)
			}
		})
	}
}

// TestMigrateProfileUse rewrites two profiles as the first schema stored them, with
// trust_mediator, and reruns the migration: trusting becomes shared, not trusting private.
func TestMigrateProfileUse(t *testing.T) {
	e := newEnv(t)
	e.DB.Close()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, e.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE profiles SET data = convert_to(((convert_from(data, 'UTF8')::jsonb - 'use') || '{"trust_mediator": true}'::jsonb)::text, 'UTF8') WHERE party = 'west'`,
		`UPDATE profiles SET data = convert_to(((convert_from(data, 'UTF8')::jsonb - 'use') || '{"trust_mediator": false}'::jsonb)::text, 'UTF8') WHERE party = 'east'`,
		`DELETE FROM migrations WHERE name = 'migrations/0003_profile_use.sql'`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	conn.Close(ctx)
	db := open(t, e.URL)
	err = db.Read(ctx, func(tx workspace.Tx) error {
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

// TestDataTamperDetected is sqlite's test of the same name on PostgreSQL: each kind of edit
// made behind the servers' back is noticed by `parley audit verify`.
func TestDataTamperDetected(t *testing.T) {
	edit := func(from, to string) string {
		return `convert_to(replace(convert_from(data, 'UTF8'), '` + from + `', '` + to + `'), 'UTF8')`
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, e *env, v *parley.Version)
	}{
		{"RatifiedText", func(t *testing.T, e *env, v *parley.Version) {
			exec(t, e.URL, `UPDATE versions SET data = `+edit("40 km", "60 km")+` WHERE id = '`+v.ID+`'`)
		}},
		{"StanceMark", func(t *testing.T, e *env, v *parley.Version) {
			exec(t, e.URL, `UPDATE stances SET data = `+edit(`"mark":"accept"`, `"mark":"reject"`)+` WHERE party = 'east'`)
		}},
		{"DeletedLastEntryMovedHead", func(t *testing.T, e *env, v *parley.Version) {
			exec(t, e.URL, `DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`)
			exec(t, e.URL, `UPDATE audit_head SET seq = (SELECT max(seq) FROM audit), hash = (SELECT hash FROM audit WHERE seq = (SELECT max(seq) FROM audit))`)
		}},
		{"EditedEntryRecomputed", func(t *testing.T, e *env, v *parley.Version) {
			wstest.RewriteLog(t, e.DB, nil, func() {
				exec(t, e.URL, `DELETE FROM audit; DELETE FROM audit_tree; DELETE FROM audit_checkpoint; UPDATE audit_head SET seq = 0, hash = ''`)
			}, func(a *parley.AuditEntry) {
				if a.Action == "ratification.sign" && a.Actor == "west" {
					a.Actor = "east"
				}
			})
		}},
		{"RecordAdded", func(t *testing.T, e *env, v *parley.Version) {
			exec(t, e.URL, `INSERT INTO stances (workspace, version, point, party, rev, data) SELECT workspace, version, point, 'obs', rev, `+edit(`"party":"east"`, `"party":"obs"`)+` FROM stances WHERE party = 'east'`)
		}},
		{"RecordDeleted", func(t *testing.T, e *env, v *parley.Version) {
			exec(t, e.URL, `DELETE FROM stances WHERE party = 'west'`)
		}},
		{"VersionSummary", func(t *testing.T, e *env, v *parley.Version) {
			exec(t, e.URL, `UPDATE versions SET summary = convert_to(replace(convert_from(summary, 'UTF8'), '"title":"', '"title":"Forged '), 'UTF8') WHERE id = '`+v.ID+`'`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			as := func(m string) context.Context { return e.as(t, e.Service, m) }
			v := wstest.Agreed(t, e.Service, as, e.WS.ID)
			rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
			if err != nil || !rep.OK {
				t.Fatalf("before tampering: %+v, %v", rep, err)
			}
			tt.tamper(t, e, v)
			// A fresh connection: nothing cached from before the edit.
			rep, err = workspace.Verify(context.Background(), open(t, e.URL), wstest.AuditKey())
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

// TestVersionSummaries: the list, read without decoding the versions, says what the
// versions say.
func TestVersionSummaries(t *testing.T) {
	e := newEnv(t)
	as := func(m string) context.Context { return e.as(t, e.Service, m) }
	wstest.Agreed(t, e.Service, as, e.WS.ID)
	if _, err := e.Service.CreateDraft(as("med"), e.WS.ID, &parley.DraftCreate{Title: "draft"}); err != nil {
		t.Fatal(err)
	}
	list, err := e.Service.Versions(as("med"), e.WS.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list %+v, %v", list, err)
	}
	for _, s := range list {
		v, err := e.Service.Version(as("med"), e.WS.ID, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		pub := v.PublishedAt == nil && s.PublishedAt == nil || v.PublishedAt != nil && s.PublishedAt != nil && v.PublishedAt.Equal(*s.PublishedAt)
		if s.Kind != v.Kind || s.Status != v.Status || s.Number != v.Number || s.Title != v.Title || s.Author != v.Author ||
			s.Points != len(v.Points) || s.Rev != v.Rev || s.Hash != v.Hash || !s.CreatedAt.Equal(v.CreatedAt) || !pub {
			t.Errorf("summary %+v of version %+v", s, v)
		}
	}
}

// TestLegacyEntriesFlagged is sqlite's test of the same name on PostgreSQL: the entries of
// the old hash chain are counted and flagged as not verifiable, edited or not.
func TestLegacyEntriesFlagged(t *testing.T) {
	e := newEnv(t)
	as := func(m string) context.Context { return e.as(t, e.Service, m) }
	wstest.Agreed(t, e.Service, as, e.WS.ID)
	exec(t, e.URL, `INSERT INTO audit_legacy (seq, at, workspace, actor, action, target, prev_hash, hash) VALUES
		(1, '2026-11-01T10:00:00Z', 'wsold', 'med', 'workspace.create', 'wsold', '', 'aa'),
		(2, '2026-11-01T10:01:00Z', 'wsold', 'east', 'ratification.sign', 'r1', 'aa', 'bb')`)
	exec(t, e.URL, `UPDATE audit_legacy SET actor = 'west' WHERE seq = 2`) // an edit nobody can detect
	rep, err := workspace.Verify(context.Background(), open(t, e.URL), wstest.AuditKey())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Legacy != 2 || !rep.OK {
		t.Errorf("report %+v, want 2 legacy entries and the current log OK", rep)
	}
}
