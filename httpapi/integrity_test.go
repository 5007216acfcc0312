package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"parley"
	"parley/httpapi/client"
)

// TestIntegrityProblems checks that the rules of the text reach API clients as 409 problems
// naming the points.
func TestIntegrityProblems(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	med := client.New(m.URL, f.tokens["med"])
	str := func(s string) *string { return &s }
	d, err := med.EditDraft(ctx, f.ws, f.draft.ID, f.draft.Rev, []parley.PointOp{
		{Op: "add", Content: parley.PointInput{Title: str("C"), Text: str("a second width"), Bindings: map[string]string{"buffer_km": "40"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	status, body := do(t, "POST", m.URL+"/api/workspaces/"+f.ws+"/versions/"+d.ID+"/publish", f.tokens["med"], `{"rev":2}`)
	if status != http.StatusConflict || !strings.Contains(string(body), "buffer_km: point 2 binds 30, point 3 binds 40") {
		t.Errorf("publish conflicting bindings: %d %s", status, body)
	}
	vis := []string{"west"}
	d, err = med.EditDraft(ctx, f.ws, d.ID, d.Rev, []parley.PointOp{
		{Op: "remove", Point: d.Points[2].ID},
		{Op: "add", Content: parley.PointInput{Title: str("Side letter"), Text: str("for west only"), VisibleTo: &vis}},
	})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := med.Publish(ctx, f.ws, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	status, body = do(t, "POST", m.URL+"/api/workspaces/"+f.ws+"/ratifications", f.tokens["med"], `{"version":"`+v2.ID+`","confirm_open":true}`)
	if status != http.StatusConflict || !strings.Contains(string(body), "point 3 is hidden from east") {
		t.Errorf("propose a text hidden from a signer: %d %s", status, body)
	}
}

// TestProfileUseAuthz is the authorisation matrix of a profile's three uses: who reads east's
// profile, and what the mediator's analytics draw from it.
func TestProfileUseAuthz(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	east := client.New(m.URL, f.tokens["east"])
	for _, tc := range []struct {
		use                parley.ProfileUse
		medReads           int
		medSeesEast, joint bool
	}{
		{parley.UsePrivate, http.StatusNotFound, false, false},
		{parley.UseNeutral, http.StatusNotFound, false, true},
		{parley.UseShared, http.StatusOK, true, true},
	} {
		t.Run(string(tc.use), func(t *testing.T) {
			p, err := east.Profile(ctx, f.ws, "east")
			if err != nil {
				t.Fatal(err)
			}
			p.Use = tc.use
			if _, err := east.PutProfile(ctx, f.ws, "east", p.Rev, p); err != nil {
				t.Fatal(err)
			}
			for who, want := range map[string]int{"east": 200, "west": 404, "med": tc.medReads, "obs": 404} {
				if status, body := do(t, "GET", m.URL+"/api/workspaces/"+f.ws+"/profiles/east", f.tokens[who], ""); status != want {
					t.Errorf("%s reads east's %s profile: %d, want %d: %s", who, tc.use, status, want, body)
				}
			}
			_, body := do(t, "GET", m.URL+"/api/workspaces/"+f.ws+"/versions/"+f.published.ID+"/analytics", f.tokens["med"], "")
			if got := strings.Contains(string(body), `"party":"east"`); got != tc.medSeesEast {
				t.Errorf("the mediator sees east's value (%s): %v: %s", tc.use, got, body)
			}
			if got := strings.Contains(string(body), `"joint":{`); got != tc.joint {
				t.Errorf("joint results with east %s: %v: %s", tc.use, got, body)
			}
			_, body = do(t, "GET", m.URL+"/api/workspaces/"+f.ws+"/versions/"+f.published.ID+"/analytics", f.tokens["east"], "")
			if got := strings.Contains(string(body), `"joint":{`); got != tc.joint {
				t.Errorf("east is shown the joint results its %s profile served: %v: %s", tc.use, got, body)
			}
		})
	}
}
