package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"parley"
)

// TestSuggestionRoutes checks the mediator's suggested next text over HTTP: the mediator
// reads it and adopts it as a draft; nobody else may do either.
func TestSuggestionRoutes(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	base := m.URL + "/api/workspaces/" + f.ws + "/suggestion"
	code, body := do(t, "GET", base, f.tokens["med"], "")
	if code != http.StatusOK {
		t.Fatalf("GET suggestion as the mediator: %d %s", code, body)
	}
	var sug parley.Suggestion
	if err := json.Unmarshal(body, &sug); err != nil {
		t.Fatal(err)
	}
	if sug.Version != f.published.ID || sug.Heard != 1 || len(sug.Issues) != 2 {
		t.Errorf("suggestion %s; want built on %s from 1 stance, 2 issues", body, f.published.ID)
	}
	for _, who := range []string{"east", "west", "obs"} {
		if code, body := do(t, "GET", base, f.tokens[who], ""); code != http.StatusForbidden {
			t.Errorf("GET suggestion as %s: %d %s, want 403", who, code, body)
		}
		if code, body := do(t, "POST", base+"/adopt", f.tokens[who], `{}`); code != http.StatusForbidden {
			t.Errorf("POST suggestion/adopt as %s: %d %s, want 403", who, code, body)
		}
	}
	if code, body := do(t, "POST", base+"/adopt", f.tokens["med"], `{"version":"v-old"}`); code != http.StatusConflict {
		t.Errorf("adopt a suggestion built on another version: %d %s, want 409", code, body)
	}
	if code, body := do(t, "POST", base+"/adopt", f.tokens["med"], `{"version":1}`); code != http.StatusBadRequest {
		t.Errorf("adopt with a number for the version: %d %s, want 400", code, body)
	}
	code, body = do(t, "POST", base+"/adopt", f.tokens["med"], `{"version":"`+f.published.ID+`","title":"From the suggestion"}`)
	if code != http.StatusCreated {
		t.Fatalf("adopt as the mediator: %d %s", code, body)
	}
	var v parley.Version
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	if v.Status != parley.StatusDraft || v.BasedOn != f.published.ID || v.Title != "From the suggestion" || len(v.Points) != 2 {
		t.Errorf("adopted draft %s", body)
	}
}
