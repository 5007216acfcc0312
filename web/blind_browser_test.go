package web_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"parley"
)

// TestBrowserBlindOverlap: the mediator opens a blind overlap round on the buffer zone under
// Cybersettle's rule with a 10% range; Ukraine seals a value in its browser, then Russia; the
// round finds no overlap, and the gap is beyond the range. The mediator's and Ukraine's pages
// follow the round live, without a reload, and a refresh keeps what Russia was typing.
// Neither Russia nor the mediator can find Ukraine's value anywhere: in their pages' HTML, the
// responses and server-sent events their browsers received, the API's answers to them
// (rounds, matrix, audit log) or the events stream; nor is it written back to Ukraine's page.
func TestBrowserBlindOverlap(t *testing.T) {
	const sealed = "23.718281" // Ukraine's sealed value: nobody may ever read it
	f := newFixture(t)
	b := newBrowser(t)
	med := b.tab(f, "mediator")
	countSwaps(med)
	med.signIn("us")
	med.open("/w/" + f.ws.ID + "/blind")
	med.swaps(1) // the refresh the events stream's "ready" asks for
	med.do(
		chromedp.SetValue(chromedp.ID("b-issue"), "buffer_km"),
		chromedp.SetValue(chromedp.ID("side-ua"), "at_most"),
		chromedp.SetValue(chromedp.ID("side-ru"), "at_least"),
		chromedp.SetValue(chromedp.ID("b-rule"), "cybersettle"),
		chromedp.SendKeys(chromedp.ID("b-range"), "10"),
		chromedp.Click(chromedp.CSS("#blind-open button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("blind-rounds")),
	)
	if got := med.text(".blind-status"); !strings.Contains(got, "0 of 2 parties have sealed") {
		t.Errorf("after opening, the round says %q", got)
	}
	if got := med.text(".blind-rule"); !strings.Contains(got, "Cybersettle") || !strings.Contains(got, "10% of the at-least value") {
		t.Errorf("the round's rule reads %q", got)
	}
	// The mediator stays on the page: it follows the round live. A mark set in the page
	// survives only if the page is not reloaded.
	med.swaps(1)
	med.do(chromedp.Evaluate[chromedp.Void]("window.parleyNoReload = true"))

	ua := b.tab(f, "ukraine")
	countSwaps(ua)
	ua.signIn("ua")
	ua.open("/w/" + f.ws.ID + "/blind")
	ua.swaps(1)
	ua.do(
		chromedp.SendKeys(chromedp.CSS(".seal-form input[name=value]"), sealed),
		chromedp.Click(chromedp.CSS(".seal-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	if got := ua.text("#flash"); !strings.Contains(got, "Nobody will be shown it") {
		t.Errorf("after sealing Ukraine reads %q", got)
	}
	ua.screenshot("blind-sealed-party")
	if strings.Contains(ua.html(), sealed) {
		t.Errorf("Ukraine's page shows its sealed value back")
	}
	med.waitJS(`window.parleyNoReload && document.querySelector(".blind-status").textContent.includes("1 of 2 parties have sealed")`)
	ua.swaps(1)
	ua.do(chromedp.Evaluate[chromedp.Void]("window.parleyNoReload = true"))

	ru := b.tab(f, "russia")
	countSwaps(ru)
	ru.signIn("ru")
	ru.open("/w/" + f.ws.ID + "/blind")
	n := ru.swaps(1)
	// Russia starts typing; Ukraine seals again meanwhile (allowed while the round is open):
	// Russia's rounds refresh live, and what it was typing is kept.
	ru.do(
		chromedp.Focus(chromedp.CSS(".seal-form input[name=value]")),
		chromedp.SendKeys(chromedp.CSS(".seal-form input[name=value]"), "31"),
	)
	rs, err := f.svc.BlindRounds(f.ctx("ua"), f.ws.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("rounds: %v %v", rs, err)
	}
	if _, err := f.svc.SealBlind(f.ctx("ua"), f.ws.ID, rs[0].ID, &parley.BlindSealInput{Value: 23.718281}); err != nil {
		t.Fatal(err)
	}
	ru.swaps(n + 1)
	ru.do(
		chromedp.SendKeys(chromedp.CSS(".seal-form input[name=value]"), ".5"),
		chromedp.Click(chromedp.CSS(".seal-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	if got := ru.text(".blind-status"); !strings.Contains(got, "No overlap.") {
		t.Errorf("Russia reads %q, want no overlap (31.5 at least against 23.7 at most, a gap of 25%%, beyond 10%%)", got)
	}
	// Ukraine's and the mediator's pages show the result without a reload; Ukraine's seal
	// form is gone with the open round.
	for _, tb := range []*tab{ua, med} {
		tb.waitJS(`window.parleyNoReload && document.querySelector(".blind-status").textContent.includes("No overlap.") && !document.querySelector(".seal-form")`)
	}
	if got := ua.text("#flash"); !strings.Contains(got, "Nobody will be shown it") {
		t.Errorf("the live update took Ukraine's flash away: %q", got)
	}
	med.screenshot("blind-result-mediator")

	// What Russia's and the mediator's browsers received, and what the API tells them.
	for _, tb := range []*tab{ru, med} {
		if strings.Contains(tb.seen(), sealed) {
			t.Errorf("%s's browser received Ukraine's sealed value", tb.name)
		}
	}
	for _, who := range []string{"us", "ru", "eu"} {
		for _, path := range []string{"/blind", "/audit", "/versions/" + f.v1.ID + "/matrix", ""} {
			body := apiGet(t, f, who, "/api/workspaces/"+f.ws.ID+path)
			if strings.Contains(body, sealed) {
				t.Errorf("%s reads Ukraine's sealed value at %s: %s", who, path, body)
			}
		}
	}
}

// countSwaps makes every page tb loads from now on count the live refreshes htmx has
// settled, in window.parleySwaps, so that a test acts on a page only between refreshes (a
// refresh that lands during a click could take the click's target away).
func countSwaps(tb *tab) {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `document.addEventListener("htmx:afterSettle", () => { window.parleySwaps = (window.parleySwaps || 0) + 1 })`}); err != nil {
		tb.t.Fatal(err)
	}
}

// swaps waits until the page has settled at least n live refreshes and none is under way,
// and returns how many it has settled.
func (tb *tab) swaps(n int) int {
	tb.t.Helper()
	tb.waitJS(fmt.Sprintf(`(window.parleySwaps || 0) >= %d && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`, n))
	got, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int](`window.parleySwaps || 0`))
	if err != nil {
		tb.t.Fatal(err)
	}
	return got
}

// apiGet reads path from the fixture's API with member's bearer token.
func apiGet(t *testing.T, f *fixture, member, path string) string {
	t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+f.tokens[member])
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
