package httpapi_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"parley"
	"parley/httpapi/client"
)

// Markers planted in east's secrets. None may reach anyone not entitled.
const (
	markReservation = "0.31337"         // east's reservation value
	markValue       = "0.61803"         // a value in east's profile
	markRedLine     = "buffer_km >= 47" // east's red line, in conflict with west's
	markHiddenTitle = "MARKER-HIDDEN-TITLE-91c2"
	markHiddenText  = "MARKER-HIDDEN-TEXT-5e7d"
	markStance      = "MARKER-PRIVATE-COMMENT-7f3a"
	markAmendment   = "MARKER-PRIVATE-AMEND-2b8e"
	markHiddenStc   = "MARKER-STANCE-ON-HIDDEN-c41d"
)

var markers = []string{markReservation, markValue, markRedLine, markHiddenTitle, markHiddenText, markStance, markAmendment, markHiddenStc}

// sseRecorder collects an event stream's raw bytes until stopped.
type sseRecorder struct {
	mu     sync.Mutex
	buf    strings.Builder
	cancel context.CancelFunc
	done   chan struct{}
}

func record(t *testing.T, url, token string) *sseRecorder {
	ctx, cancel := context.WithCancel(context.Background())
	r := &sseRecorder{cancel: cancel, done: make(chan struct{})}
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	// The server writes ": connected" once the subscription is registered: wait for it, so
	// no event written after record returns is missed.
	connected := make(chan struct{})
	go func() {
		defer close(r.done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		first := true
		for sc.Scan() {
			r.mu.Lock()
			r.buf.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
			if first {
				first = false
				close(connected)
			}
		}
	}()
	select {
	case <-connected:
	case <-r.done:
		t.Fatalf("event stream %s closed before it was connected", url)
	case <-time.After(10 * time.Second):
		t.Fatalf("event stream %s: not connected after 10 s", url)
	}
	return r
}

func (r *sseRecorder) stop() string {
	r.cancel()
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

// TestNoLeak plants markers in east's profile, a private stance and hidden points, then
// calls every route west, the observer and the mediator can reach, and searches every
// answer, error and event stream for the markers: with east's profile private, and neutral
// (used for joint results that name no party, which must not carry its numbers either).
func TestNoLeak(t *testing.T) {
	for _, use := range []parley.ProfileUse{parley.UsePrivate, parley.UseNeutral} {
		t.Run(string(use), func(t *testing.T) { testNoLeak(t, use) })
	}
}

func testNoLeak(t *testing.T, use parley.ProfileUse) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	east := client.New(m.URL, f.tokens["east"])
	med := client.New(m.URL, f.tokens["med"])
	events := map[string]*sseRecorder{}
	for _, who := range []string{"west", "obs", "med"} {
		events[who] = record(t, m.URL+"/api/workspaces/"+f.ws+"/events", f.tokens[who])
	}

	// Plant.
	p, err := east.Profile(ctx, f.ws, "east")
	if err != nil {
		t.Fatal(err)
	}
	p.Profile.Reservation = 0.31337
	nato := p.Profile.Issues["nato"]
	nato.Options["moratorium"] = 0.61803
	p.Profile.Issues["nato"] = nato
	p.Profile.RedLines = []string{markRedLine}
	p.Use = use
	if _, err := east.PutProfile(ctx, f.ws, "east", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	str := func(s string) *string { return &s }
	vis := []string{"east"}
	d, err := med.EditDraft(ctx, f.ws, f.draft.ID, f.draft.Rev, []parley.PointOp{
		{Op: "add", Content: parley.PointInput{Title: str(markHiddenTitle), Text: str(markHiddenText), VisibleTo: &vis}},
	})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := med.Publish(ctx, f.ws, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	hidden := v2.Points[len(v2.Points)-1].ID
	if _, err := east.SetStance(ctx, f.ws, v2.ID, v2.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkAmend, Amendment: markAmendment, Comment: markStance, Private: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := east.SetStance(ctx, f.ws, v2.ID, hidden, 0, &parley.StanceInput{Mark: parley.MarkAccept, Comment: markHiddenStc}); err != nil {
		t.Fatal(err)
	}
	// Shared visibility: even then private stances and hidden points stay hidden.
	if _, err := med.UpdateSettings(ctx, f.ws, 2, parley.Settings{StanceVisibility: parley.StancesShared}); err != nil {
		t.Fatal(err)
	}
	// Sanity: east does see its own secrets, so the search below can find them.
	_, own := do(t, "GET", m.URL+"/api/workspaces/"+f.ws+"/versions/"+v2.ID, f.tokens["east"], "")
	if !strings.Contains(string(own), markHiddenText) {
		t.Fatalf("east does not see its hidden point: %s", own)
	}

	expand := func(s string) string {
		return strings.NewReplacer("{ws}", f.ws, "{v2}", v2.ID, "{v1}", f.published.ID, "{hidden}", hidden,
			"{p1}", v2.Points[0].ID, "{session}", f.session.ID).Replace(s)
	}
	requests := []struct{ method, path, body string }{
		{"GET", "/api/me", ""},
		{"GET", "/api/workspaces/{ws}", ""},
		{"GET", "/api/workspaces/{ws}/profiles/east", ""},
		{"PUT", "/api/workspaces/{ws}/profiles/east", `{"rev":2,"profile":{"issues":{},"reservation":0.5}}`},
		{"GET", "/api/workspaces/{ws}/versions", ""},
		{"GET", "/api/workspaces/{ws}/versions/{v2}", ""},
		{"GET", "/api/workspaces/{ws}/versions/{v1}", ""},
		{"GET", "/api/workspaces/{ws}/versions/{v2}/analytics", ""},
		{"GET", "/api/workspaces/{ws}/versions/{v2}/stances", ""},
		{"GET", "/api/workspaces/{ws}/versions/{v2}/matrix", ""},
		{"GET", "/api/workspaces/{ws}/diff?from={v1}&to={v2}", ""},
		{"GET", "/api/workspaces/{ws}/diff?from={v2}&to={v1}", ""},
		{"GET", "/api/workspaces/{ws}/progress", ""},
		{"GET", "/api/workspaces/{ws}/sessions", ""},
		{"GET", "/api/workspaces/{ws}/ratifications", ""},
		{"GET", "/api/workspaces/{ws}/audit", ""},
		{"PUT", "/api/workspaces/{ws}/versions/{v2}/points/{hidden}/stance", `{"rev":0,"mark":"accept"}`},
		{"PUT", "/api/workspaces/{ws}/versions/{v2}/points/{p1}/stance", `{"rev":0,"mark":"nonsense"}`},
		{"POST", "/api/workspaces/{ws}/versions", `{"title":"copy","based_on":"{v2}"}`},
		{"POST", "/api/workspaces/{ws}/ratifications", `{"version":"{v2}"}`},
	}
	// Then every route of the authorization matrix, as west and the observer.
	f2 := *f
	f2.published = v2
	openBlindRound(t, m, &f2) // the blind rounds' routes need a round
	for _, tc := range authzCases() {
		if tc.ratification || tc.blind || tc.body == "CREATE" {
			continue
		}
		requests = append(requests, struct{ method, path, body string }{tc.method, f2.expand(tc.path), f2.expand(tc.body)})
	}
	for _, who := range []string{"west", "obs", "med"} {
		for _, rq := range requests {
			if who == "med" && (rq.method == "DELETE" || strings.Contains(rq.path, "/token")) {
				continue // the mediator may revoke east's token; the leak search does not need it
			}
			status, body := do(t, rq.method, m.URL+expand(rq.path), f.tokens[who], expand(rq.body))
			for _, mk := range markers {
				if who == "med" && (mk == markHiddenTitle || mk == markHiddenText || mk == markStance || mk == markAmendment || mk == markHiddenStc) {
					continue // the mediator wrote the hidden point and sees every stance
				}
				if strings.Contains(string(body), mk) {
					t.Errorf("%s %s %s (%d) leaks %q: %s", who, rq.method, rq.path, status, mk, body)
				}
			}
		}
	}
	// East's red line conflicts with west's: the mediator learns that no zone exists from a
	// neutral profile, and nothing from a private one.
	_, ana := do(t, "GET", m.URL+expand("/api/workspaces/{ws}/versions/{v2}/analytics"), f.tokens["med"], "")
	joint := strings.Contains(string(ana), `"zone_exists":false`)
	if joint != (use == parley.UseNeutral) || strings.Contains(string(ana), `"east"`) && strings.Contains(string(ana), `"shared"`) && strings.Contains(string(ana), `"party":"east"`) {
		t.Errorf("the mediator's analytics with east's profile %s: %s", use, ana)
	}
	for who, rec := range events {
		stream := rec.stop()
		if !strings.Contains(stream, "event: version") {
			t.Errorf("%s's event stream saw no version event: %q", who, stream)
		}
		for _, mk := range markers {
			if strings.Contains(stream, mk) {
				t.Errorf("%s's event stream leaks %q", who, mk)
			}
		}
		if who != "med" && strings.Contains(stream, `"type":"profile"`) {
			t.Errorf("%s's event stream tells of east's profile", who)
		}
	}
}
