package workspace_test

import (
	"testing"

	"parley"
	"parley/workspace/wstest"
)

func TestAdoptSuggestion(t *testing.T) {
	e := wstest.MustOpen(t)
	ws, svc := e.WS.ID, e.Service
	adopt := func(member string, in *parley.SuggestionAdopt) (*parley.Version, error) {
		return svc.AdoptSuggestion(e.As(member), ws, in)
	}
	// Nothing published yet: nothing to adopt.
	if _, err := adopt("med", &parley.SuggestionAdopt{}); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("adopt before any version: %v, want invalid", err)
	}
	d, err := svc.CreateDraft(e.As("med"), ws, &parley.DraftCreate{Title: "First", Kind: parley.KindPlan, Points: []parley.PointInput{
		{Title: wstest.Str("Alliances"), Bindings: map[string]string{"nato": "moratorium"}},
		{Title: wstest.Str("Strip"), Text: wstest.Str("A demilitarised strip."), Bindings: map[string]string{"buffer_km": "60"}},
		{Title: wstest.Str("Preamble")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	v1, err := svc.Publish(e.As("med"), ws, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	mark := func(party string, point int, m parley.Mark, amendment string) {
		t.Helper()
		if _, err := svc.SetStance(e.As(party), ws, v1.ID, v1.Points[point].ID, 0, &parley.StanceInput{Mark: m, Amendment: amendment}); err != nil {
			t.Fatal(err)
		}
	}
	mark("east", 0, parley.MarkAccept, "")
	mark("east", 1, parley.MarkAccept, "")
	mark("west", 0, parley.MarkAccept, "")
	mark("west", 1, parley.MarkAmend, "20 km at most")
	sug, err := svc.Suggestion(e.As("med"), ws)
	if err != nil {
		t.Fatal(err)
	}
	if sug.Version != v1.ID || sug.Issues[1].Value == "60" || !sug.Issues[1].Learned {
		t.Fatalf("suggestion %+v; want the strip moved from 60 km, built on %s", sug, v1.ID)
	}
	// West shares its profile with the mediator: its red line buffer_km <= 40 holds.
	if v := sug.Issues[1].Value; v != "0" && v != "10" && v != "20" && v != "30" && v != "40" {
		t.Errorf("the suggested strip %s km crosses West's shared red line buffer_km <= 40", v)
	}
	for _, m := range []string{"east", "west", "obs"} {
		if _, err := adopt(m, &parley.SuggestionAdopt{}); parley.ErrorCode(err) != parley.EFORBIDDEN {
			t.Errorf("%s adopts the suggestion: %v, want forbidden", m, err)
		}
	}
	if _, err := adopt("med", &parley.SuggestionAdopt{Version: "v-older"}); parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("adopt a suggestion built on another version: %v, want conflict", err)
	}
	v, err := adopt("med", &parley.SuggestionAdopt{Version: v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != parley.StatusDraft || v.Kind != parley.KindPlan || v.BasedOn != v1.ID || v.Title != "Suggested text after version 1" {
		t.Errorf("adopted draft %+v", v)
	}
	if len(v.Points) != 3 || v.Points[1].ID != v1.Points[1].ID || v.Points[1].Text != "A demilitarised strip." {
		t.Fatalf("the draft does not keep version 1's points: %+v", v.Points)
	}
	if got := v.Points[1].Bindings["buffer_km"]; got != sug.Issues[1].Value {
		t.Errorf("the strip binds %s, want the suggested %s", got, sug.Issues[1].Value)
	}
	if got := v.Points[0].Bindings["nato"]; got != sug.Issues[0].Value {
		t.Errorf("nato binds %s, want the suggested %s", got, sug.Issues[0].Value)
	}
	// The published version is untouched.
	again, err := svc.Version(e.As("med"), ws, v1.ID)
	if err != nil || again.Points[1].Bindings["buffer_km"] != "60" {
		t.Errorf("version 1 after adopting: %+v, %v", again, err)
	}
}
