package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"parley"
)

// TestFrontierDownload: the whole frontier is downloaded by the mediator only, and only once
// every party shares its profile (the analysis page's rule); the CSV and the JSON hold every
// outcome the services list.
func TestFrontierDownload(t *testing.T) {
	f := newFixture(t)
	w := "/w/" + f.ws.ID + "/analysis/frontier."
	clients := map[string]*client{}
	for _, m := range []string{"us", "ua", "ru", "eu"} {
		clients[m] = f.client(t)
		clients[m].signIn(m)
	}
	// Ukraine keeps its profile private: nobody gets the frontier, the mediator included.
	for m, c := range clients {
		for _, ext := range []string{"csv", "json"} {
			if res, body := c.get(w + ext); res.StatusCode != http.StatusForbidden || strings.Contains(body, "utility_") {
				t.Errorf("%s, %s, Ukraine private: status %d", m, ext, res.StatusCode)
			}
		}
	}
	p, err := f.svc.Profile(f.ctx("ua"), f.ws.ID, "ua")
	if err != nil {
		t.Fatal(err)
	}
	p.Use = parley.UseShared
	if _, err := f.svc.PutProfile(f.ctx("ua"), f.ws.ID, "ua", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"ua", "ru", "eu"} {
		if res, _ := clients[m].get(w + "csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", m, res.StatusCode)
		}
	}
	want, err := f.svc.Frontier(f.ctx("us"), f.ws.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	res, body := clients["us"].get(w + "csv")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || len(lines) != 1+len(want.Points)+len(want.Best) {
		t.Fatalf("CSV: status %d, type %q, %d lines, want %d", res.StatusCode, res.Header.Get("Content-Type"), len(lines), 1+len(want.Points)+len(want.Best))
	}
	if !strings.HasPrefix(lines[0], "set,rank,") || !strings.Contains(lines[0], "utility_ua") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("CSV header %q, disposition %q", lines[0], res.Header.Get("Content-Disposition"))
	}
	res, body = clients["us"].get(w + "json")
	var got parley.Frontier
	if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != 200 || got.Count != want.Count || len(got.Points) != len(want.Points) {
		t.Errorf("JSON: status %d, %v, count %s (%d points), want %s (%d)", res.StatusCode, err, got.Count, len(got.Points), want.Count, len(want.Points))
	}
}
