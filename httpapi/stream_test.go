package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"testing"

	"parley"
	"parley/analysis"
	"parley/httpapi/client"
	"parley/workspace/wstest"
)

// TestFrontierStream: with every party sharing its profile, the mediator receives every
// Pareto-optimal outcome as JSON lines, the same outcomes, flags and utilities as
// analysis.Analyze gives; the parties and the observer are refused.
func TestFrontierStream(t *testing.T) {
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
	tokens := map[string]string{}
	for _, tk := range toks {
		tokens[tk.MemberID] = tk.Token
	}
	get := func(member string) *http.Response {
		req, _ := http.NewRequest("GET", m.URL+"/api/workspaces/"+w.ID+"/frontier/stream", nil)
		req.Header.Set("Authorization", "Bearer "+tokens[member])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	for _, who := range []string{"east", "west", "obs"} {
		resp := get(who)
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("%s: status %d, want 403", who, resp.StatusCode)
		}
	}
	resp := get("med")
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("mediator: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var got []parley.FrontierPoint
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var p parley.FrontierPoint
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("line %d: %v", len(got)+1, err)
		}
		got = append(got, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	s := w.Scenario()
	parties := s.Parties
	s.Parties = nil
	for _, p := range parties {
		for _, spec := range c.Parties {
			if spec.ID == p.ID && spec.Role == parley.RoleParty {
				s.Parties = append(s.Parties, &parley.Party{ID: p.ID, Role: parley.RoleParty, Profile: spec.Profile.Profile()})
			}
		}
	}
	r, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(r.Pareto) || len(got) == 0 {
		t.Fatalf("%d lines, want %d", len(got), len(r.Pareto))
	}
	for x, p := range r.Pareto {
		g := got[x]
		if g.Acceptable != p.Acceptable {
			t.Errorf("point %d: acceptable %v, want %v", x, g.Acceptable, p.Acceptable)
		}
		for i, is := range s.Issues {
			if want := is.Value(p.Outcome[i]).String(); g.Outcome[is.ID] != want {
				t.Errorf("point %d: %s = %q, want %q", x, is.ID, g.Outcome[is.ID], want)
			}
		}
		for k, pi := range r.Parties {
			id := s.Parties[pi].ID
			if math.Abs(g.Utility[id]-p.Utility[k]) > 1e-12 {
				t.Errorf("point %d: %s's utility %v, want %v", x, id, g.Utility[id], p.Utility[k])
			}
		}
	}
}
