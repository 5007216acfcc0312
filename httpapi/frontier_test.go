package httpapi_test

import (
	"context"
	"testing"

	"parley"
	"parley/httpapi/client"
	"parley/workspace/wstest"
)

// TestFrontierAPI reads the whole frontier over the API as the mediator once every party
// shares its profile, with the version's values against the agreement ranges; the parties
// and the observer are refused (see TestAuthorizationMatrix for the workspace where a
// party keeps its profile private, where the mediator is refused too).
func TestFrontierAPI(t *testing.T) {
	m := startServer(t)
	ctx := context.Background()
	c := wstest.Create()
	for i := range c.Parties {
		c.Parties[i].Use = parley.UseShared
	}
	w, toks, err := client.New(m.URL, wstest.AdminToken).CreateWorkspace(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	cl := map[string]*client.Client{}
	for _, tk := range toks {
		cl[tk.MemberID] = client.New(m.URL, tk.Token)
	}
	title := "Buffer"
	d, err := cl["med"].CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "v1", Points: []parley.PointInput{{Title: &title, Bindings: map[string]string{"buffer_km": "50"}}}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := cl["med"].Publish(ctx, w.ID, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	f, err := cl["med"].Frontier(ctx, w.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Points) == 0 || f.Count == "" || f.Nash == nil || len(f.Ranges) != 2 {
		t.Fatalf("frontier %+v", f)
	}
	for _, r := range f.Ranges {
		if r.Issue == "buffer_km" && (r.Value != "50" || r.Inside == nil || *r.Inside) {
			t.Errorf("buffer_km: %+v, want 50 outside %s", r, r.Range)
		}
	}
	for _, who := range []string{"east", "west", "obs"} {
		if _, err := cl[who].Frontier(ctx, w.ID, ""); parley.ErrorCode(err) != parley.EFORBIDDEN {
			t.Errorf("%s: %v, want forbidden", who, err)
		}
	}
}
