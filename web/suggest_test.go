package web_test

import (
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
	for _, want := range []string{"rejected 40 km; accepts 50 km", "Ukraine rejected 50 km; accepts 40 km"} {
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
	}
}
