package httpapi_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/httpapi/client"
	"parley/httpapi/ssetest"
)

// recordFrom is record for a client reconnecting after lastID (sent as the Last-Event-ID
// header, or as the last_event_id query parameter when query is set).
func recordFrom(t *testing.T, url, token, lastID string, query bool) *sseRecorder {
	return &sseRecorder{ssetest.Open(t, url, token, lastID, query)}
}

// waitFor stops r once its stream contains want, or after two seconds.
func (r *sseRecorder) waitFor(want string) string {
	r.WaitFor(want, 2*time.Second)
	return r.stop()
}

var sseEvent = regexp.MustCompile(`id: (\d+)\nevent: (\w+)\ndata: (.*)\n`)

// sseEvents lists a stream's events as "id type data".
func sseEvents(stream string) []string {
	var out []string
	for _, m := range sseEvent.FindAllStringSubmatch(stream, -1) {
		// The time an event is sent differs between live and replay only if the event was
		// rebuilt; it must not be, so the data is compared whole.
		out = append(out, m[1]+" "+m[2]+" "+m[3])
	}
	return out
}

// TestReplayMatchesLive: a member reconnecting with the Last-Event-ID it saw before a
// series of changes receives exactly the events it received live over the same period:
// never another party's profile or private stance, and not missing the public ones.
func TestReplayMatchesLive(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	east := client.New(m.URL, f.tokens["east"])
	med := client.New(m.URL, f.tokens["med"])
	es, err := med.Audit(ctx, f.ws, 0)
	if err != nil {
		t.Fatal(err)
	}
	base := strconv.FormatInt(es[len(es)-1].Seq, 10)
	url := m.URL + "/api/workspaces/" + f.ws + "/events"
	who := []string{"east", "west", "obs", "med"}
	live := map[string]*sseRecorder{}
	for _, w := range who {
		live[w] = record(t, url, f.tokens[w])
	}

	p, err := east.Profile(ctx, f.ws, "east")
	if err != nil {
		t.Fatal(err)
	}
	p.Profile.Reservation = 0.4
	if _, err := east.PutProfile(ctx, f.ws, "east", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	pt := f.published.Points[1].ID
	if _, err := east.SetStance(ctx, f.ws, f.published.ID, pt, 0, &parley.StanceInput{Mark: parley.MarkReject, Comment: "no", Private: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := med.EditDraft(ctx, f.ws, f.draft.ID, f.draft.Rev, []parley.PointOp{{Op: "remove", Point: f.draft.Points[0].ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := med.CreateSession(ctx, f.ws, &parley.Session{Title: "Geneva", Date: time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	es, err = med.Audit(ctx, f.ws, 0)
	if err != nil {
		t.Fatal(err)
	}
	lastID := "id: " + strconv.FormatInt(es[len(es)-1].Seq, 10) + "\n"

	for i, w := range who {
		got := sseEvents(recordFrom(t, url, f.tokens[w], base, i%2 == 1).waitFor(lastID))
		want := sseEvents(live[w].waitFor(lastID))
		if !slices.Equal(got, want) {
			t.Errorf("%s: replay after %s\n got %q\nwant %q (live)", w, base, got, want)
		}
		if len(want) == 0 {
			t.Errorf("%s received no event live", w)
		}
		types := strings.Join(want, "\n")
		if private := strings.Contains(types, " profile ") || strings.Contains(types, " stance "); private != (w == "east" || w == "med") {
			t.Errorf("%s: sees east's profile or private stance = %v:\n%s", w, private, types)
		}
	}
}

// TestReplayReset: an id the server cannot account for (in the future of its log, or not
// a number) gets a reset event, so the client reloads everything; an id that is current
// gets nothing replayed.
func TestReplayReset(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	med := client.New(m.URL, f.tokens["med"])
	url := m.URL + "/api/workspaces/" + f.ws + "/events"
	tests := []struct {
		name      string
		id        func(head int64) string
		wantReset bool
	}{
		{"future", func(head int64) string { return strconv.FormatInt(head+1000, 10) }, true},
		{"garbage", func(int64) string { return "abc" }, true},
		{"negative", func(int64) string { return "-3" }, true},
		{"current", func(head int64) string { return strconv.FormatInt(head, 10) }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, err := med.Audit(ctx, f.ws, 0)
			if err != nil {
				t.Fatal(err)
			}
			head := es[len(es)-1].Seq
			rec := recordFrom(t, url, f.tokens["west"], tc.id(head), false)
			// A live event comes after whatever the server replays: once it is in, so is
			// the replay.
			if _, err := med.CreateSession(ctx, f.ws, &parley.Session{Title: "after " + tc.name, Date: time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			got := sseEvents(rec.waitFor("event: session\n"))
			if len(got) == 0 || !strings.Contains(got[len(got)-1], " session ") {
				t.Fatalf("got %q, want the live session event last", got)
			}
			got = got[:len(got)-1]
			if tc.wantReset {
				if len(got) != 1 || !strings.HasPrefix(got[0], strconv.FormatInt(head, 10)+" reset ") {
					t.Errorf("got %q, want one reset event with id %d", got, head)
				}
				return
			}
			if len(got) != 0 {
				t.Errorf("got %q, want nothing", got)
			}
		})
	}
}
