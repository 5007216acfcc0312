package web_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"parley"
)

// seedSuggestion gives the mediator a suggestion to adopt: the parties mark the points of
// version 1 that bind issues, the mediator publishes version 2 (the strip at 50 km), Russia
// accepts it and Ukraine amends it privately. It returns version 2.
func seedSuggestion(t *testing.T, f *fixture) *parley.Version {
	t.Helper()
	ws := f.ws.ID
	mark := func(party string, v *parley.Version, point int, m parley.Mark) {
		t.Helper()
		if _, err := f.svc.SetStance(f.ctx(party), ws, v.ID, v.Points[point].ID, 0, &parley.StanceInput{Mark: m}); err != nil {
			t.Fatal(err)
		}
	}
	mark("ru", f.v1, 1, parley.MarkAccept)
	mark("ru", f.v1, 3, parley.MarkReject)
	mark("ua", f.v1, 1, parley.MarkAccept)
	mark("ua", f.v1, 3, parley.MarkAccept)
	d, err := f.svc.CreateDraft(f.ctx("us"), ws, &parley.DraftCreate{Title: "Second draft", Kind: parley.KindPlan, Points: []parley.PointInput{
		{Title: ptr("Alliances"), Text: ptr("A moratorium."), Bindings: map[string]string{"nato": "moratorium"}},
		{Title: ptr("Buffer zone"), Text: ptr("A wider strip."), Bindings: map[string]string{"buffer_km": "50"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := f.svc.Publish(f.ctx("us"), ws, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	mark("ru", v2, 1, parley.MarkAccept)
	if _, err := f.svc.SetStance(f.ctx("ua"), ws, v2.ID, v2.Points[1].ID, 0, &parley.StanceInput{Mark: parley.MarkAmend, Amendment: "40 km at most", Private: true}); err != nil {
		t.Fatal(err)
	}
	return v2
}

// TestBrowserSuggestionAdopt: the mediator follows the overview's link to the suggested next
// text, reads each issue's suggested value and reason, adopts it into a draft after the
// confirmation, and lands on the new draft, whose points are version 2's with the suggested
// values bound. A delegation sees no suggestion and no adopt button, and its browser cannot
// adopt one by posting the form itself.
func TestBrowserSuggestionAdopt(t *testing.T) {
	f := newFixture(t)
	ws := f.ws.ID
	v2 := seedSuggestion(t, f)
	want, err := f.svc.Suggestion(f.ctx("us"), ws)
	if err != nil {
		t.Fatal(err)
	}
	if want.Version != v2.ID || want.Changes() == 0 {
		t.Fatalf("the seeded suggestion changes nothing on version 2: %+v", want)
	}
	b := newBrowser(t)

	// Delegations first, so that the versions they could have made are counted.
	for _, m := range []string{"ua", "ru"} {
		delegationCannotAdopt(t, f, b.tab(f, m), m, v2)
	}

	med := b.tab(f, "mediator")
	countSwaps(med)
	med.signIn("us")
	med.open("/w/" + ws)
	med.swaps(2) // the overview's parties card and desk refresh once the events stream is ready
	med.do(chromedp.Click(chromedp.ID("suggestion-adopt-link")), chromedp.WaitVisible(chromedp.ID("suggestion-adopt-form")))
	table := med.text("#suggestion-table")
	for _, si := range want.Issues {
		for _, s := range []string{si.Issue.DisplayName(), si.Suggested, si.Reason} {
			if !strings.Contains(table, s) {
				t.Errorf("the suggestion page lacks %q of %s:\n%s", s, si.Issue.ID, table)
			}
		}
	}
	if !strings.Contains(table, "Russia") || !strings.Contains(table, "rejected 40 km") {
		t.Errorf("the reasons do not name the parties' stances:\n%s", table)
	}
	med.screenshot("suggestion-mediator")
	med.do(
		chromedp.SendKeys(chromedp.ID("suggestion-title"), "Adopted in the browser"),
		chromedp.Click(chromedp.ID("suggestion-adopt")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	med.waitJS(`location.pathname.startsWith("/w/` + ws + `/v/") && document.querySelector("main")`)
	med.mu.Lock()
	dialogs := strings.Join(med.dialogs, "\n")
	med.mu.Unlock()
	if !strings.Contains(dialogs, "Adopt the suggested values into a new draft of the plan?") {
		t.Errorf("adopting asked no confirmation (dialogs: %q)", dialogs)
	}
	id := strings.TrimPrefix(med.location(), f.srv.URL+"/w/"+ws+"/v/")
	draft, err := f.svc.Version(f.ctx("us"), ws, id)
	if err != nil {
		t.Fatalf("the page after adopting is not a version (%s): %v", med.location(), err)
	}
	if draft.Status != parley.StatusDraft || draft.Title != "Adopted in the browser" || draft.BasedOn != v2.ID {
		t.Errorf("adopted %+v", draft)
	}
	checkAdopted(t, draft, v2, want)
	page := med.text("main")
	for _, si := range want.Issues {
		if si.Learned && !strings.Contains(page, si.Issue.DisplayName()+" = "+si.Suggested) {
			t.Errorf("the draft's page does not bind %s = %s:\n%s", si.Issue.DisplayName(), si.Suggested, page)
		}
	}
	med.screenshot("suggestion-adopted-draft")
}

// checkAdopted checks that draft is v2's text with the suggested values bound: the same
// points, titles and texts, and every binding of an issue the strategy drafted set to the
// suggested value.
func checkAdopted(t *testing.T, draft, v2 *parley.Version, want *parley.Suggestion) {
	t.Helper()
	if len(draft.Points) != len(v2.Points) {
		t.Fatalf("the draft has %d points, version 2 %d", len(draft.Points), len(v2.Points))
	}
	for i, p := range v2.Points {
		wantB := maps.Clone(p.Bindings)
		for _, si := range want.Issues {
			if _, ok := wantB[si.Issue.ID]; ok && si.Learned {
				wantB[si.Issue.ID] = si.Value
			}
		}
		got := draft.Points[i]
		if got.Title != p.Title || got.Text != p.Text || !maps.Equal(got.Bindings, wantB) {
			t.Errorf("point %d: got %q %q %v, want %q %q %v", i+1, got.Title, got.Text, got.Bindings, p.Title, p.Text, wantB)
		}
	}
}

// delegationCannotAdopt signs member in to tb and checks that its overview shows no
// suggestion, its suggestion page no adopt button, and that posting the adopt form from its
// browser, with its own CSRF token, is refused and makes no version.
func delegationCannotAdopt(t *testing.T, f *fixture, tb *tab, member string, v2 *parley.Version) {
	t.Helper()
	ws := f.ws.ID
	before, err := f.svc.Versions(f.ctx("us"), ws)
	if err != nil {
		t.Fatal(err)
	}
	tb.signIn(member)
	tb.open("/w/" + ws)
	if html := tb.html(); strings.Contains(html, `id="suggestion"`) || strings.Contains(html, "suggestion-adopt") {
		t.Errorf("%s's overview shows the suggestion", member)
	}
	tb.open("/w/" + ws + "/suggestion")
	if html := tb.html(); strings.Contains(html, `id="suggestion-adopt"`) || strings.Contains(html, "suggestion-table") {
		t.Errorf("%s's suggestion page shows the suggestion or its adopt button", member)
	}
	res, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`fetch("/w/`+ws+`/suggestion/adopt", {method: "POST", redirect: "manual",
		headers: JSON.parse(document.body.getAttribute("hx-headers")), body: new URLSearchParams({version: "`+v2.ID+`"})}).then(async r => r.status + " " + (new DOMParser().parseFromString(await r.text(), "text/html").querySelector("main") || {}).textContent)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	// Refused for the member's role, not for a missing CSRF token: the post was the
	// member's own, as its page would send it.
	if !strings.HasPrefix(res, "403 ") || strings.Contains(res, "CSRF") || !strings.Contains(res, "only the mediator") {
		t.Errorf("%s's browser posted the adopt form: %.300s; want 403 for not being the mediator", member, res)
	}
	after, err := f.svc.Versions(f.ctx("us"), ws)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("%s's post made a version: %d versions, were %d", member, len(after), len(before))
	}
}
