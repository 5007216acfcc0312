package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/httpapi"
	"parley/sqlite"
	"parley/web"
	"parley/workspace"
)

// Markers planted in what only some members may see. No page, fragment, event or request
// of another member may contain any of them.
const (
	markProfile = "0.314159"             // Ukraine's reservation value
	markRedLine = "buffer_km != 35"      // Ukraine's red line
	markHidden  = "HIDDENPOINTMARK7f3a"  // a point visible to the mediator and Ukraine only
	markPrivate = "PRIVATESTANCEMARK91c" // Ukraine's private comment
)

// fixture is a running parley server (workspace service on a real SQLite file, the UI
// mounted at "/") with a small workspace: a mediator, two parties, an observer.
type fixture struct {
	srv    *httptest.Server
	svc    *workspace.Service
	h      http.Handler // the API with the UI at "/", for calls without the network
	ws     *parley.Workspace
	tokens map[string]string // by member id: us, ua, ru, eu
	v1     *parley.Version   // the published first version
	v2     *parley.Version   // the second, when a test made one (secondVersion, labour)
	name   string            // "peace talks" or "labour contract", for screenshots
}

const adminToken = "admin-token-for-tests-0123456789"

// newFixture starts the server on 127.0.0.1 with a fresh database in tb's temp dir.
func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "parley.db"), sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc := workspace.New(db, workspace.Config{AdminToken: adminToken})
	h, err := web.New(web.ConfigFor(svc, slog.New(slog.NewTextHandler(testLog{tb}, nil))))
	if err != nil {
		tb.Fatal(err)
	}
	// The server as parley serve wires it: the HTTP API, with the UI mounted at "/".
	api := httpapi.NewServer(svc, slog.New(slog.NewTextHandler(testLog{tb}, nil)))
	api.Handle("/", h)
	f := &fixture{svc: svc, h: api, tokens: map[string]string{}}
	f.srv = httptest.NewServer(api)
	tb.Cleanup(f.srv.Close)
	f.seed(tb)
	return f
}

func (f *fixture) ctx(member string) context.Context {
	c, err := f.svc.Authenticate(context.Background(), f.tokens[member])
	if err != nil {
		panic(err)
	}
	return parley.NewContextWithCaller(context.Background(), c)
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) seed(tb testing.TB) {
	tb.Helper()
	admin := parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true})
	ws, toks, err := f.svc.CreateWorkspace(admin, &parley.WorkspaceCreate{
		Name:        "Talks <b>test</b>",
		Description: "A *small* workspace for the UI's tests.",
		Issues: []*parley.Issue{
			{ID: "nato", Name: "NATO accession", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}, Ordered: true},
			{ID: "buffer_km", Name: "Buffer zone", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
		},
		Parties: []parley.PartySpec{
			{ID: "us", Name: "Mediator", Role: parley.RoleMediator},
			{ID: "ua", Name: "Ukraine", Role: parley.RoleParty, Profile: &parley.ProfileSpec{
				Issues: map[string]parley.IssuePreference{
					"nato":      {Weight: 0.6, Options: map[string]float64{"join": 1, "moratorium": 0.5, "renounce": 0}},
					"buffer_km": {Weight: 0.4, Points: [][2]float64{{0, 1}, {60, 0}}},
				},
				Reservation: 0.314159, RedLines: []string{markRedLine}}},
			{ID: "ru", Name: "Russia <script>alert(1)</script>", Role: parley.RoleParty, Profile: &parley.ProfileSpec{
				Issues: map[string]parley.IssuePreference{
					"nato":      {Weight: 0.5, Options: map[string]float64{"join": 0, "moratorium": 0.6, "renounce": 1}},
					"buffer_km": {Weight: 0.5, Points: [][2]float64{{0, 0}, {60, 1}}},
				},
				Reservation: 0.2}, Use: parley.UseShared},
		},
		Observers: []*parley.Member{{ID: "eu", Name: "Europe"}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	f.ws = ws
	for _, t := range toks {
		f.tokens[t.MemberID] = t.Token
	}
	med := f.ctx("us")
	v, err := f.svc.CreateDraft(med, ws.ID, &parley.DraftCreate{Title: "First draft", Kind: parley.KindPlan, Points: []parley.PointInput{
		{Title: ptr("Ceasefire"), Text: ptr("Both sides **cease fire** at once. <img src=x onerror=alert(1)> [x](javascript:alert(1))")},
		{Title: ptr("Alliances"), Text: ptr("Ukraine declares a moratorium on NATO accession."), Bindings: map[string]string{"nato": "moratorium"}},
		{Title: ptr("Undisclosed term"), Text: ptr("Secret: " + markHidden), VisibleTo: &[]string{"us", "ua"}},
		{Title: ptr("Buffer zone"), Text: ptr("A demilitarised strip."), Bindings: map[string]string{"buffer_km": "40"}},
	}})
	if err != nil {
		tb.Fatal(err)
	}
	if f.v1, err = f.svc.Publish(med, ws.ID, v.ID, v.Rev); err != nil {
		tb.Fatal(err)
	}
	if _, err := f.svc.SetStance(f.ctx("ua"), ws.ID, f.v1.ID, f.v1.Points[0].ID, 0,
		&parley.StanceInput{Mark: parley.MarkAmend, Amendment: "Within 72 hours.", Comment: markPrivate, Private: true}); err != nil {
		tb.Fatal(err)
	}
}

// client is a browser-like HTTP client with a cookie jar that does not follow redirects.
type client struct {
	f   *fixture
	hc  *http.Client
	tb  testing.TB
	jar *cookiejar.Jar
}

func (f *fixture) client(tb testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, tb: tb, jar: jar, hc: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn follows a member's sign-in link and confirms it, as a person would.
func (c *client) signIn(member string) {
	c.tb.Helper()
	res, body := c.get("/signin?token=" + url.QueryEscape(c.f.tokens[member]))
	if res.StatusCode != http.StatusOK {
		c.tb.Fatalf("sign-in link: status %d", res.StatusCode)
	}
	res, _ = c.post("/signin", url.Values{"token": {c.f.tokens[member]}}, "")
	if res.StatusCode != http.StatusSeeOther {
		c.tb.Fatalf("sign in: status %d\n%s", res.StatusCode, body)
	}
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.tb.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", c.f.srv.URL+path, nil)
	return c.do(req)
}

// post sends a form from the server's own origin, as the browser does from its pages.
func (c *client) post(path string, form url.Values, csrf string) (*http.Response, string) {
	if csrf != "" {
		form.Set("csrf", csrf)
	}
	req, _ := http.NewRequest("POST", c.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.f.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the signed-in member, read from a page.
func (c *client) csrf() string {
	c.tb.Helper()
	_, body := c.get("/w/" + c.f.ws.ID)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		c.tb.Fatalf("no CSRF token on the overview page:\n%s", body)
	}
	return m[1]
}

// testLog sends the server's log to the test's log.
type testLog struct{ tb testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
