package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"parley"
	"parley/app"
	"parley/httpapi/client"
)

// openBlindRound opens a round on buffer_km, east at_least and west at_most, in f, under
// the rule given (the default when none).
func openBlindRound(t testing.TB, m *app.Main, f *fixture, rule ...parley.BlindRule) {
	t.Helper()
	in := &parley.BlindOpenInput{Issue: "buffer_km", Sides: map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}}
	if len(rule) > 0 {
		in.Rule = rule[0]
	}
	r, err := client.New(m.URL, f.tokens["med"]).OpenBlind(context.Background(), f.ws, in)
	if err != nil {
		t.Fatal(err)
	}
	f.round = r.ID
}

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Sealed values of the blind overlap test: nobody may ever read them, east included.
var sealedMarkers = []string{"27.314159", "12.345678", "20.718281", "11.111111", "21.212121", "25.252525", "19.191919"}

// markCondition is east's private conditional acceptance, and markConditionNum its number
// (JSON escapes "<"): only east and the mediator may see it.
const (
	markCondition    = "buffer_km <= 17.171717"
	markConditionNum = "17.171717"
)

// TestBlindRuleErrors: a bad rule or range is a 400 naming the field and what is accepted.
func TestBlindRuleErrors(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	for _, tt := range []struct{ name, body, field, want string }{
		{"ErrRule", `{"issue":"buffer_km","sides":{"east":"at_least","west":"at_most"},"rule":"coin"}`, "rule", "accepted: midpoint, concession, cybersettle"},
		{"ErrRange", `{"issue":"buffer_km","sides":{"east":"at_least","west":"at_most"},"rule":"cybersettle","range_percent":120}`, "range_percent", "from 0 to 100"},
		{"ErrRangeMidpoint", `{"issue":"buffer_km","sides":{"east":"at_least","west":"at_most"},"range_percent":10}`, "range_percent", "only to the cybersettle rule"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, "POST", m.URL+"/api/workspaces/"+f.ws+"/blind", f.tokens["med"], tt.body)
			if status != 400 || !strings.Contains(string(body), `"field":"`+tt.field+`"`) || !strings.Contains(string(body), tt.want) {
				t.Errorf("got %d %s", status, body)
			}
		})
	}
}

// TestBlindNoLeak seals values in four blind overlap rounds, under every rule, and plants a private condition,
// then calls every route as every member and searches every answer, error, event stream,
// the audit log, the server's log and the database file: the sealed values appear nowhere,
// the condition nowhere but east's and the mediator's answers.
func TestBlindNoLeak(t *testing.T) {
	logs := &lockedBuffer{}
	dir := t.TempDir()
	m := serve(t, app.Config{DataDir: dir,
		Log: slog.New(slog.NewTextHandler(io.MultiWriter(logs), &slog.HandlerOptions{Level: slog.LevelDebug}))})

	f := newFixture(t, m, false)
	bg := context.Background()
	cl := func(who string) *client.Client { return client.New(m.URL, f.tokens[who]) }
	events := map[string]*sseRecorder{}
	for _, who := range []string{"east", "west", "obs", "med"} {
		events[who] = record(t, m.URL+"/api/workspaces/"+f.ws+"/events", f.tokens[who])
	}
	if _, err := cl("east").SetStance(bg, f.ws, f.published.ID, f.published.Points[1].ID, 0,
		&parley.StanceInput{Mark: parley.MarkAccept, Condition: markCondition, Private: true}); err != nil {
		t.Fatal(err)
	}
	openBlindRound(t, m, f)
	first := f.round
	seal := func(who string, v float64, confirm bool) *parley.BlindRound {
		r, err := cl(who).SealBlind(bg, f.ws, f.round, &parley.BlindSealInput{Value: v, ConfirmRetreat: confirm})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	seal("east", 27.314159, false)
	if r := seal("west", 20.718281, false); r.Overlap == nil || *r.Overlap {
		t.Fatalf("round 1 should find no overlap: %+v", r)
	}
	openBlindRound(t, m, f)
	seal("east", 12.345678, false)
	if r := seal("west", 20.718281, false); r.Overlap == nil || !*r.Overlap || *r.Settlement != 20 {
		t.Fatalf("round 2 should settle at 20: %+v", r)
	}
	// The other rules: concession reads the earlier rounds' values, cybersettle settles a
	// gap within its range.
	openBlindRound(t, m, f, parley.BlindConcession)
	seal("east", 11.111111, false)
	if r := seal("west", 21.212121, false); r.Settled == nil || !*r.Settled || *r.Settlement != 20 {
		t.Fatalf("round 3 should settle at 20: %+v", r)
	}
	openBlindRound(t, m, f, parley.BlindCybersettle)
	seal("east", 25.252525, false)
	if r := seal("west", 19.191919, false); *r.Overlap || !*r.Settled || *r.Settlement != 20 {
		t.Fatalf("round 4 should settle at 20: %+v", r)
	}

	requests := []struct{ method, path, body string }{
		{"GET", "/api/workspaces/{ws}/blind", ""},
		{"GET", "/api/workspaces/{ws}/blind/" + first, ""},
		{"GET", "/api/workspaces/{ws}/blind/{round}", ""},
		{"POST", "/api/workspaces/{ws}/blind/{round}/seal", `{"value":27.314159}`},
		{"POST", "/api/workspaces/{ws}/blind/{round}/seal", `{"value":"27.314159"}`},
		{"POST", "/api/workspaces/{ws}/blind", `{"issue":"buffer_km","sides":{"east":"at_least","west":"at_most"}}`},
		{"GET", "/api/workspaces/{ws}/audit", ""},
		{"GET", "/api/workspaces/{ws}/versions/{pub}/matrix", ""},
		{"GET", "/api/workspaces/{ws}/versions/{pub}/stances", ""},
	}
	for _, tc := range authzCases() {
		if tc.ratification || tc.body == "CREATE" || tc.method == "DELETE" || strings.Contains(tc.path, "/token") {
			continue
		}
		requests = append(requests, struct{ method, path, body string }{tc.method, tc.path, tc.body})
	}
	for _, who := range []string{"east", "west", "obs", "med"} {
		for _, rq := range requests {
			status, body := do(t, rq.method, m.URL+f.expand(rq.path), f.tokens[who], f.expand(rq.body))
			for _, mk := range sealedMarkers {
				if strings.Contains(string(body), mk) {
					t.Errorf("%s %s %s (%d) shows sealed value %s: %s", who, rq.method, rq.path, status, mk, body)
				}
			}
			if (who == "west" || who == "obs") && strings.Contains(string(body), markConditionNum) {
				t.Errorf("%s %s %s (%d) shows east's private condition: %s", who, rq.method, rq.path, status, body)
			}
		}
	}
	// East and the mediator do see the condition (so the search above could find it).
	if _, body := do(t, "GET", m.URL+f.expand("/api/workspaces/{ws}/versions/{pub}/matrix"), f.tokens["med"], ""); !strings.Contains(string(body), markConditionNum) {
		t.Errorf("the mediator's matrix lacks east's condition: %s", body)
	}
	for who, rec := range events {
		stream := rec.stop()
		if !strings.Contains(stream, "event: blind") {
			t.Errorf("%s's event stream saw no blind event: %q", who, stream)
		}
		for _, mk := range append(sealedMarkers, markConditionNum) {
			if strings.Contains(stream, mk) {
				t.Errorf("%s's event stream shows %q", who, mk)
			}
		}
	}
	log := logs.String()
	for _, mk := range append(sealedMarkers, markConditionNum) {
		if strings.Contains(log, mk) {
			t.Errorf("the server's log shows %q", mk)
		}
	}
	// At rest: the database and its write-ahead log hold no sealed value in plain text.
	files, _ := filepath.Glob(filepath.Join(dir, "parley.db*"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, mk := range sealedMarkers {
			if bytes.Contains(b, []byte(mk)) {
				t.Errorf("%s holds sealed value %s in plain text", filepath.Base(name), mk)
			}
		}
	}
}
