package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parley"
)

// TestMediatorSuggestion checks the suggested next text on the mediator's overview: built
// from the parties' stances, with reasons naming them, and seen by the mediator only.
func TestMediatorSuggestion(t *testing.T) {
	f := newFixture(t)
	ws := f.ws.ID
	mark := func(party string, v *parley.Version, point int, m parley.Mark) {
		t.Helper()
		if _, err := f.svc.SetStance(f.ctx(party), ws, v.ID, v.Points[point].ID, 0, &parley.StanceInput{Mark: m}); err != nil {
			t.Fatal(err)
		}
	}
	med := f.client(t)
	med.signIn("us")
	// Before any stance on a point that binds an issue, no suggestion.
	if _, body := med.get("/w/" + ws); strings.Contains(body, `id="suggestion"`) {
		t.Error("a suggestion before any party marked a point that binds an issue")
	}
	// Version 1 binds nato=moratorium and buffer_km=40: Russia rejects the strip, both
	// accept the moratorium; Ukraine accepts the strip.
	mark("ru", f.v1, 1, parley.MarkAccept)
	mark("ru", f.v1, 3, parley.MarkReject)
	mark("ua", f.v1, 1, parley.MarkAccept)
	mark("ua", f.v1, 3, parley.MarkAccept)
	// Version 2 moves the strip to 50 km: Russia accepts it, Ukraine amends it.
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

	s, err := f.svc.Suggestion(f.ctx("us"), ws)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]parley.SuggestedIssue{}
	for _, si := range s.Issues {
		got[si.Issue.ID] = si
	}
	if si := got["nato"]; si.Suggested != "moratorium" || si.Current != "moratorium" || !strings.Contains(si.Reason, "every party has accepted moratorium") {
		t.Errorf("nato: %+v; want moratorium kept, accepted by all", si)
	}
	// Russia rejected 40 and accepts 50, Ukraine accepted 40 and amends 50 to "40 km at
	// most": the strategy moves between them, to 45 km, and does not predict that both
	// accept it.
	if si := got["buffer_km"]; si.Suggested != "45 km" || si.Current != "50 km" || s.Likely {
		t.Errorf("buffer_km: %+v, likely %v; want 45 km, not predicted", si, s.Likely)
	}
	for _, want := range []string{"rejected 40 km; accepts 50 km", "Ukraine rejected 50 km; accepts 40 km; proposed 40 km"} {
		if !strings.Contains(got["buffer_km"].Reason, want) {
			t.Errorf("buffer_km reason %q lacks %q", got["buffer_km"].Reason, want)
		}
	}
	if s.Heard != 6 {
		t.Errorf("built from %d stances, want 6", s.Heard)
	}

	_, body := med.get("/w/" + ws)
	for _, want := range []string{`id="suggestion"`, "Suggested next text", "<strong>45 km</strong>", "never from their profiles", "Russia &lt;script&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("the mediator's overview lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("a party's name is not escaped in the suggestion")
	}
	// The suggestion reveals every party's stances, private ones included: nobody but the
	// mediator may have it.
	for _, m := range []string{"ua", "ru", "eu"} {
		if _, err := f.svc.Suggestion(f.ctx(m), ws); parley.ErrorCode(err) != parley.EFORBIDDEN {
			t.Errorf("%s asked for the suggestion: %v, want forbidden", m, err)
		}
		c := f.client(t)
		c.signIn(m)
		if _, body := c.get("/w/" + ws); strings.Contains(body, `id="suggestion"`) || strings.Contains(body, "Suggested next text") {
			t.Errorf("%s's overview shows the suggestion", m)
		}
		if res, body := c.get("/w/" + ws + "/suggestion"); res.StatusCode != http.StatusForbidden || strings.Contains(body, "45 km") {
			t.Errorf("%s reads the suggestion page: status %d", m, res.StatusCode)
		}
		if res, _ := c.post("/w/"+ws+"/suggestion/adopt", url.Values{"version": {v2.ID}}, c.csrf()); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s adopts the suggestion: status %d, want 403", m, res.StatusCode)
		}
	}

	// Adopting: the overview links to the page that asks for confirmation before the
	// suggestion becomes a draft.
	if !strings.Contains(body, `href="/w/`+ws+`/suggestion"`) {
		t.Fatal("the overview does not link to adopting the suggestion")
	}
	_, page := med.get("/w/" + ws + "/suggestion")
	for _, want := range []string{`action="/w/` + ws + `/suggestion/adopt"`, `name="version" value="` + v2.ID + `"`, `data-confirm="Adopt the suggested values`, "<strong>45 km</strong>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the suggestion page lacks %q", want)
		}
	}
	// Without the CSRF token, nothing happens.
	if res, _ := med.post("/w/"+ws+"/suggestion/adopt", url.Values{"version": {v2.ID}}, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("adopt without a CSRF token: status %d, want 403", res.StatusCode)
	}
	// A suggestion seen on an older version is not adopted.
	if res, body := med.post("/w/"+ws+"/suggestion/adopt", url.Values{"version": {f.v1.ID}}, med.csrf()); res.StatusCode != http.StatusConflict || !strings.Contains(body, "newer published version") {
		t.Errorf("adopt a suggestion built on version 1: status %d", res.StatusCode)
	}
	res, _ := med.post("/w/"+ws+"/suggestion/adopt", url.Values{"version": {v2.ID}, "title": {"Third draft"}}, med.csrf())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/w/"+ws+"/v/") {
		t.Fatalf("adopt: status %d, location %q", res.StatusCode, loc)
	}
	d3, err := f.svc.Version(f.ctx("us"), ws, strings.TrimPrefix(loc, "/w/"+ws+"/v/"))
	if err != nil {
		t.Fatal(err)
	}
	if d3.Status != parley.StatusDraft || d3.Title != "Third draft" || d3.BasedOn != v2.ID || d3.Points[1].Bindings["buffer_km"] != "45" {
		t.Errorf("adopted draft %+v; want a draft on version 2 with the strip at 45 km", d3)
	}
}
