package postgres_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/httpapi/client"
	"parley/httpapi/ssetest"
)

// TestEventsReachOtherServers runs two servers on one database: what is written through a
// reaches the event streams of b's clients, with the same ids and the same per-member
// filtering, b replays it to a client reconnecting there, and b's clients are told to
// reload when b's listener loses its connection.
func TestEventsReachOtherServers(t *testing.T) {
	url, a, b, w, tok := twoServers(t)
	ctx := context.Background()
	med := client.New(a.URL, tok["med"])
	lastSeq := func() string {
		es, err := med.Audit(ctx, w.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(es[len(es)-1].Seq, 10)
	}
	base := lastSeq()
	events := b.URL + "/api/workspaces/" + w.ID + "/events"
	west, east := ssetest.Open(t, events, tok["west"], "", false), ssetest.Open(t, events, tok["east"], "", false)
	if !west.WaitFor(": connected", 5*time.Second) || !east.WaitFor(": connected", 5*time.Second) {
		t.Fatal("the streams on b did not start")
	}

	// Through a: east's private profile, then a session everyone may know of.
	eastA := client.New(a.URL, tok["east"])
	p, err := eastA.Profile(ctx, w.ID, "east")
	if err != nil {
		t.Fatal(err)
	}
	p.Profile.Reservation = 0.45
	if _, err := eastA.PutProfile(ctx, w.ID, "east", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	profileID := "id: " + lastSeq() + "\nevent: profile\n"
	if _, err := med.CreateSession(ctx, w.ID, &parley.Session{Title: "Geneva", Date: time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	sessionID := "id: " + lastSeq() + "\nevent: session\n"

	if !west.WaitFor(sessionID, 5*time.Second) {
		t.Fatalf("west's stream on b did not get the session written through a: %q", west.Text())
	}
	if !east.WaitFor(sessionID, 5*time.Second) || !strings.Contains(east.Text(), profileID) {
		t.Fatalf("east's stream on b did not get its profile and the session written through a: %q", east.Text())
	}
	if strings.Contains(west.Text(), "event: profile") {
		t.Errorf("west's stream on b tells of east's profile: %q", west.Text())
	}

	// West reconnects to b from before the writes: b replays what west may see.
	again := ssetest.Open(t, events, tok["west"], base, false)
	if !again.WaitFor(sessionID, 5*time.Second) {
		t.Errorf("b's replay to west lacks the session: %q", again.Text())
	}
	if got := again.Text(); strings.Contains(got, "event: profile") || strings.Contains(got, "event: reset") {
		t.Errorf("b's replay to west: %q, want the session only", got)
	}

	// b's listener loses its connection: its clients are told to reload.
	exec(t, url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`)
	if !west.WaitFor("event: reset\n", 5*time.Second) {
		t.Errorf("west's stream on b got no reset after the listener reconnected: %q", west.Text())
	}
}
