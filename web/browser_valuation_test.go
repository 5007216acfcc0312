package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"parley"
	"parley/demo"
	"parley/httpapi"
	"parley/sqlite"
	"parley/web"
	"parley/workspace"
)

// demoFixture is the server of newFixture loaded with the demo workspace.
func demoFixture(t *testing.T) (*fixture, *demo.Result) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "parley.db"), sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := workspace.New(db, workspace.Config{AdminToken: adminToken})
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), svc)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.ConfigFor(svc, slog.New(slog.NewTextHandler(testLog{t}, nil))))
	if err != nil {
		t.Fatal(err)
	}
	api := httpapi.NewServer(svc, slog.New(slog.NewTextHandler(testLog{t}, nil)))
	api.Handle("/", h)
	f := &fixture{svc: svc, h: api, ws: res.Workspace, tokens: map[string]string{}}
	for _, tk := range res.Tokens {
		f.tokens[tk.MemberID] = tk.Token
	}
	f.srv = httptest.NewServer(api)
	t.Cleanup(f.srv.Close)
	return f, res
}

// TestBrowserOneValue is the demo as a new user tried it: version 3 keeps the NATO and
// territory points hidden from Russia. Russia's overview, version page and profile page show
// one value and one verdict; once Russia shares its profile, the mediator's analysis shows
// the same.
func TestBrowserOneValue(t *testing.T) {
	f, res := demoFixture(t)
	b := newBrowser(t)
	ws := f.ws.ID
	us := f.ctx("united_states")
	d, err := f.svc.CreateDraft(us, ws, &parley.DraftCreate{Title: "Version 3", BasedOn: res.V2.ID})
	if err != nil {
		t.Fatal(err)
	}
	v3, err := f.svc.Publish(us, ws, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.Analytics(f.ctx("russia"), ws, v3.ID)
	if err != nil || a.Own == nil {
		t.Fatalf("russia's analytics %+v, %v", a, err)
	}
	want := fmt.Sprintf("%.2f", a.Own.UtilityMin)
	if !a.Own.Exact {
		want += fmt.Sprintf("–%.2f", a.Own.UtilityMax)
	}

	ru := b.tab(f, "russia")
	ru.signIn("russia")
	pages := []struct{ name, path, value, verdict string }{
		{"overview", "/w/" + ws, "#own-utility .value-big", "#own-verdict [data-verdict]"},
		{"version", "/w/" + ws + "/v/" + v3.ID, "#own-utility .value-big", "#own-verdict [data-verdict]"},
		{"profile", "/w/" + ws + "/profile", "#preview-utility .value-big", "#preview-verdict [data-verdict]"},
	}
	for _, p := range pages {
		ru.open(p.path)
		if got := ru.text(p.value); got != want {
			t.Errorf("Russia's %s page shows %q, want %q", p.name, got, want)
		}
		if got := ru.attr(p.verdict, "data-verdict"); got != string(a.Own.Verdict) {
			t.Errorf("Russia's %s page gives the verdict %q, want %q", p.name, got, a.Own.Verdict)
		}
		ru.screenshot("one-value-russia-" + p.name)
	}
	// The profile page does not contradict itself: the saved profile is the one typed.
	if strings.Contains(ru.html(), `id="stored-utility"`) {
		t.Error("the profile page shows a second value for the saved profile")
	}

	med := b.tab(f, "mediator")
	med.signIn("united_states")
	med.open("/w/" + ws + "/analysis?v=" + v3.ID)
	if strings.Contains(med.html(), `data-party="russia"`) {
		t.Fatal("the mediator sees Russia's value while Russia keeps its profile private")
	}
	// Russia shares its profile, in plain words, on its profile page.
	ru.open("/w/" + ws + "/profile")
	ru.do(
		chromedp.Click(chromedp.CSS(`#profile-use input[value="shared"]`)),
		chromedp.Click(chromedp.ID("save-profile")),
		chromedp.WaitVisible(chromedp.ID("saved")),
	)
	med.open("/w/" + ws + "/analysis?v=" + v3.ID)
	if got := med.text(`#shared-parties tr[data-party="russia"] td[data-value]`); got != want {
		t.Errorf("the mediator's analysis shows Russia's value %q, want %q", got, want)
	}
	if got := med.attr(`#shared-parties tr[data-party="russia"] td[data-verdict]`, "data-verdict"); got != string(a.Own.Verdict) {
		t.Errorf("the mediator's analysis gives Russia's verdict %q, want %q", got, a.Own.Verdict)
	}
	med.screenshot("one-value-mediator")
	ru.screenshot("one-value-russia")
}
