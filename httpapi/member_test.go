package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"parley/app"
	"parley/httpapi"
)

// startWebServer is startServer with the web UI mounted.
func startWebServer(tb testing.TB) *app.Main {
	tb.Helper()
	return serve(tb, app.Config{DataDir: tb.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Web: true})
}

// pageStatus GETs the web page at url signed in by cookie with token and returns the
// status (0 when no answer) and Retry-After, for goroutines.
func pageStatus(url, token string) (int, string) {
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(&http.Cookie{Name: "parley_token", Value: token})
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		return 0, ""
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Retry-After")
}

// TestCookieMembersCharged: the web UI's pages of a member signed in by cookie are
// charged to the member's budget as its API requests are: once they spent it, its pages
// and its API requests get 429 with Retry-After, while another member's pages are served.
func TestCookieMembersCharged(t *testing.T) {
	m := startWebServer(t)
	f := newFixture(t, m, false)
	page := m.URL + "/w/" + f.ws
	// Every request costs at least a microsecond: one page spends the budget.
	m.API.SetBudget(httpapi.Budget{Rate: 1e-9, Burst: time.Microsecond})
	if st, _ := pageStatus(page, f.tokens["obs"]); st != 200 {
		t.Fatalf("first page: status %d, want 200", st)
	}
	st, retry := pageStatus(page, f.tokens["obs"])
	if st != http.StatusTooManyRequests || retry == "" {
		t.Errorf("page after the budget is spent: status %d, Retry-After %q; want 429 with Retry-After", st, retry)
	}
	if st := status(m.URL+"/api/workspaces/"+f.ws+"/versions", f.tokens["obs"]); st != http.StatusTooManyRequests {
		t.Errorf("API request after the pages spent the budget: status %d, want 429", st)
	}
	if st, _ := pageStatus(page, f.tokens["east"]); st != 200 {
		t.Errorf("another member's page: status %d, want 200", st)
	}
	// Event streams are capped apart, not charged.
	req, _ := http.NewRequest("GET", page+"/events", nil)
	req.AddCookie(&http.Cookie{Name: "parley_token", Value: f.tokens["obs"]})
	req.Header.Set("Accept", "text/event-stream")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the spent member's event stream: status %d, want 200", res.StatusCode)
	}
}

// TestSpentGivesWayToCookieMembers: a member that has spent half its budget gives way to
// the page being served for another member signed in by cookie, as it does to the API's
// requests.
func TestSpentGivesWayToCookieMembers(t *testing.T) {
	m := startWebServer(t)
	f := newFixture(t, m, false)
	m.API.SetBudget(httpapi.Budget{Rate: 1e-9, Burst: time.Second})
	m.API.Spend(f.ws, "obs", 600*time.Millisecond)
	m.API.SetGiveWay(time.Hour)
	held, release, served := holdFirstServed(t, m)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	wg.Go(func() { codes[0], _ = pageStatus(m.URL+"/w/"+f.ws, f.tokens["east"]) })
	select {
	case <-held:
	case <-time.After(10 * time.Second): // a safety net, not a timing assertion
		t.Fatal("east's page was not served as a counted request")
	}
	wg.Go(func() { codes[1] = status(m.URL+"/api/workspaces/"+f.ws+"/versions", f.tokens["obs"]) })
	waitFor(t, func() bool { return m.API.GivingWay() == 1 }, "the observer's request giving way to east's page")
	if n := served.Load(); n != 1 {
		t.Errorf("%d requests served while east's page is held, want 1 (the observer's gives way)", n)
	}
	release()
	wg.Wait()
	if codes[0] != 200 || codes[1] != 200 {
		t.Errorf("statuses %v, want 200 for both", codes)
	}
}
