package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/app"
	"parley/httpapi"
	"parley/httpapi/client"
	"parley/workspace"
	"parley/workspace/wstest"
)

// startServer runs a real server on 127.0.0.1:0 with a SQLite file in a temporary directory.
func startServer(tb testing.TB) *app.Main {
	tb.Helper()
	return serve(tb, app.Config{DataDir: tb.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// serve opens cfg on 127.0.0.1:0 with the test administrator token and SQLite's NORMAL
// synchronous mode, runs it until the test ends, and returns it.
func serve(tb testing.TB, cfg app.Config) *app.Main {
	tb.Helper()
	cfg.Addr, cfg.AdminToken, cfg.Synchronous = "127.0.0.1:0", wstest.AdminToken, "NORMAL"
	m, err := app.Open(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	tb.Cleanup(func() { cancel(); <-done; m.Close() })
	return m
}

// fixture is a workspace with a published version, a mediator draft, a stance, a session
// and optionally an open ratification.
type fixture struct {
	ws        string
	tokens    map[string]string
	published *parley.Version
	draft     *parley.Version
	session   *parley.Session
	rat       *parley.Ratification
	ticket    string // a one-time sign-in ticket of east
	round     string // an open blind overlap round on buffer_km, when a case asks for one
}

func newFixture(t testing.TB, m *app.Main, openRatification bool) *fixture {
	t.Helper()
	ctx := context.Background()
	admin := client.New(m.URL, wstest.AdminToken)
	w, toks, err := admin.CreateWorkspace(ctx, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ws: w.ID, tokens: map[string]string{}}
	for _, tk := range toks {
		f.tokens[tk.MemberID] = tk.Token
	}
	med := client.New(m.URL, f.tokens["med"])
	str := func(s string) *string { return &s }
	d, err := med.CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "v1", Points: []parley.PointInput{
		{Title: str("A"), Text: str("first"), Bindings: map[string]string{"nato": "moratorium"}},
		{Title: str("B"), Text: str("second"), Bindings: map[string]string{"buffer_km": "30"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if f.published, err = med.Publish(ctx, w.ID, d.ID, d.Rev); err != nil {
		t.Fatal(err)
	}
	if f.draft, err = med.CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "v2", BasedOn: f.published.ID}); err != nil {
		t.Fatal(err)
	}
	if f.session, err = med.CreateSession(ctx, w.ID, &parley.Session{Title: "Round 1", Date: time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.New(m.URL, f.tokens["east"]).SetStance(ctx, w.ID, f.published.ID, f.published.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkAccept}); err != nil {
		t.Fatal(err)
	}
	if openRatification {
		if f.rat, err = med.Propose(ctx, w.ID, f.published.ID, parley.ProposeOptions{ConfirmOpen: true}); err != nil {
			t.Fatal(err)
		}
	}
	_, gone, err := med.AddObserver(ctx, w.ID, &parley.Member{ID: "gone"})
	if err != nil {
		t.Fatal(err)
	}
	if err := med.RevokeToken(ctx, w.ID, "gone"); err != nil {
		t.Fatal(err)
	}
	f.tokens["revoked"] = gone.Token
	f.tokens["admin"] = wstest.AdminToken
	tk, err := admin.IssueSignIn(ctx, w.ID, "east")
	if err != nil {
		t.Fatal(err)
	}
	f.ticket = tk.Ticket
	return f
}

// do sends a request with an optional token and body and returns status and body.
func do(t testing.TB, method, url, token, body string) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequestWithContext(ctx, method, url, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return resp.StatusCode, nil
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func decodeProblem(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	return p
}

// TestClientChecksLog: a member's Go client keeps the last checkpoint and checks each new
// one against it with the server's consistency proof.
func TestClientChecksLog(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	east := client.New(m.URL, f.tokens["east"])
	var st client.LogState
	if err := east.CheckLog(ctx, f.ws, &st); err != nil {
		t.Fatal(err)
	}
	size := st.Checkpoint.Size
	if st.Verifier == "" || size < 5 {
		t.Fatalf("state after the first check: %+v", st)
	}
	for i := range 3 {
		if _, err := east.SetStance(ctx, f.ws, f.published.ID, f.published.Points[1].ID, int64(i), &parley.StanceInput{Mark: parley.MarkReserve}); err != nil {
			t.Fatal(err)
		}
		if err := east.CheckLog(ctx, f.ws, &st); err != nil {
			t.Fatalf("after write %d: %v", i, err)
		}
	}
	if st.Checkpoint.Size != size+3 {
		t.Errorf("log of %d entries after 3 writes on %d", st.Checkpoint.Size, size)
	}
	// A checkpoint signed by another key than the one the member trusts is refused (the
	// server's key is made in its data directory; this one is the tests' public key).
	other := st
	other.Verifier = wstest.AuditKey().Verifier()
	if err := east.CheckLog(ctx, f.ws, &other); err == nil {
		t.Error("a checkpoint signed by an unknown key was accepted")
	}
}

// TestStreamCap: a member's event streams beyond the cap get 429 (issue 15's flood).
func TestStreamCap(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	get := func() *http.Response {
		req, _ := http.NewRequestWithContext(ctx, "GET", m.URL+"/api/workspaces/"+f.ws+"/events", nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["obs"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	for i := range workspace.DefaultMaxStreams {
		if res := get(); res.StatusCode != 200 {
			t.Fatalf("stream %d: status %d", i+1, res.StatusCode)
		}
	}
	res := get()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(b), `"code":"limit"`) {
		t.Errorf("stream beyond the cap: status %d %s", res.StatusCode, b)
	}
}

// TestInFlightCap: one member's requests beyond httpapi.MaxInFlight at once get 429 with
// Retry-After, while another member is served (issue 15's flood).
func TestInFlightCap(t *testing.T) {
	m := startServer(t)
	// The cap alone: the budget of server time (TestBudget) could refuse the mediator first
	// when other tests' work, sharing the process's CPU, is charged to its setup.
	m.API.SetBudget(httpapi.Budget{})
	f := newFixture(t, m, false)
	path := m.URL + "/api/workspaces/" + f.ws + "/versions"
	// The mediator's drafts whose bodies never end keep their handlers busy (a member who
	// may not draft is refused before the body is read).
	var pipes []*io.PipeWriter
	defer func() {
		for _, p := range pipes {
			p.CloseWithError(io.ErrUnexpectedEOF)
		}
	}()
	for range httpapi.MaxInFlight {
		pr, pw := io.Pipe()
		pipes = append(pipes, pw)
		req, _ := http.NewRequest("POST", path, pr)
		req.Header.Set("Authorization", "Bearer "+f.tokens["med"])
		req.Header.Set("Content-Type", "application/json")
		go func() {
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}()
		pw.Write([]byte(`{"title":`))
	}
	// The handlers start as the requests reach the server: wait for the cap, up to 10 s.
	var got int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if got, _ = do(t, "GET", path, f.tokens["med"], ""); got == http.StatusTooManyRequests {
			break
		}
	}
	if got != http.StatusTooManyRequests {
		t.Fatalf("the mediator's request beyond the cap: status %d, want 429", got)
	}
	if got, _ := do(t, "GET", path, f.tokens["east"], ""); got != 200 {
		t.Errorf("another member meanwhile: status %d", got)
	}
}
