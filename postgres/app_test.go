package postgres_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"parley"
	"parley/app"
	"parley/httpapi/client"
	"parley/postgres/pgtest"
	"parley/workspace/wstest"
)

// startServer runs a parley server on the PostgreSQL database at url until the test ends.
func startServer(t *testing.T, url string) *app.Main {
	t.Helper()
	m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DatabaseURL: url, AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKeyText,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if m.DB != nil {
		t.Error("a server on PostgreSQL has a SQLite DB")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		m.Close()
	})
	return m
}

// twoServers runs two servers on one new database (at url), creates wstest's workspace
// through the first and returns its members' tokens.
func twoServers(t *testing.T) (url string, a, b *app.Main, w *parley.Workspace, tok map[string]string) {
	t.Helper()
	url = pgtest.NewDatabase(t)
	a, b = startServer(t, url), startServer(t, url)
	w, toks, err := client.New(a.URL, wstest.AdminToken).CreateWorkspace(context.Background(), wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	tok = map[string]string{}
	for _, tk := range toks {
		tok[tk.MemberID] = tk.Token
	}
	return url, a, b, w, tok
}

// TestTwoServersShareTheDatabase runs two parley servers on one database and checks that
// each sees what was written through the other, and that the audit chain they write
// together is one unbroken chain.
func TestTwoServersShareTheDatabase(t *testing.T) {
	_, a, b, w, tok := twoServers(t)
	ctx := context.Background()
	// Tokens issued by a authenticate on b.
	gotW, err := client.New(b.URL, tok["med"]).Workspace(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotW.Name != w.Name {
		t.Errorf("b sees workspace %q, want %q", gotW.Name, w.Name)
	}
	str := func(s string) *string { return &s }
	d, err := client.New(b.URL, tok["med"]).CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "from b",
		Points: []parley.PointInput{{Title: str("A"), Text: str("written through b")}}})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := client.New(a.URL, tok["med"]).Publish(ctx, w.ID, d.ID, d.Rev)
	if err != nil {
		t.Fatalf("a publishes b's draft: %v", err)
	}
	if _, err := client.New(a.URL, tok["east"]).SetStance(ctx, w.ID, pub.ID, pub.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkAccept}); err != nil {
		t.Fatal(err)
	}
	sts, err := client.New(b.URL, tok["med"]).Stances(ctx, w.ID, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 || sts[0].Party != "east" || sts[0].Mark != parley.MarkAccept {
		t.Errorf("b sees stances %+v, want east's accept written through a", sts)
	}
	// A stale revision is refused by the server that did not see the write.
	_, err = client.New(b.URL, tok["east"]).SetStance(ctx, w.ID, pub.ID, pub.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkReject})
	if got, want := parley.ErrorCode(err), parley.ECONFLICT; got != want {
		t.Errorf("stale stance on b: got %v, want %s", err, want)
	}
	for name, m := range map[string]*app.Main{"a": a, "b": b} {
		rep, err := client.New(m.URL, wstest.AdminToken).VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK || rep.Entries < 4 {
			t.Errorf("%s: audit %+v, want an unbroken chain of the 4 writes", name, rep)
		}
	}
}

// TestServerRecoversWhenSessionsEnd ends the server's database sessions, as a restart of
// PostgreSQL would, and checks that it answers at worst with an internal error, not a hang
// or a crash, and serves again at once.
func TestServerRecoversWhenSessionsEnd(t *testing.T) {
	url := pgtest.NewDatabase(t)
	m := startServer(t, url)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	w, toks, err := client.New(m.URL, wstest.AdminToken).CreateWorkspace(ctx, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	var med *client.Client
	for _, tk := range toks {
		if tk.MemberID == "med" {
			med = client.New(m.URL, tk.Token)
		}
	}
	exec(t, url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
	// The pool drops the dead connections and reconnects; the first call may fail.
	var got *parley.Workspace
	for range 3 {
		if got, err = med.Workspace(ctx, w.ID); err == nil {
			break
		}
		if code := parley.ErrorCode(err); code != parley.EINTERNAL {
			t.Fatalf("after the sessions ended: %v, want an internal error or success", err)
		}
	}
	if err != nil {
		t.Fatalf("no recovery after the sessions ended: %v", err)
	}
	if got.ID != w.ID {
		t.Errorf("got workspace %q, want %q", got.ID, w.ID)
	}
}
