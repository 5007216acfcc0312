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
