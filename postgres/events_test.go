package postgres_test

import (
	"bufio"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"parley"
	"parley/httpapi/client"
)

// stream reads a server-sent event stream into a buffer.
type stream struct {
	mu     sync.Mutex
	buf    strings.Builder
	cancel context.CancelFunc
	done   chan struct{}
}

func openStream(t *testing.T, url, token, lastID string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &stream{cancel: cancel, done: make(chan struct{})}
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	go func() {
		defer close(s.done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			s.mu.Lock()
			s.buf.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
		}
	}()
	t.Cleanup(s.stop)
	return s
}

func (s *stream) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor reports whether the stream comes to contain want within five seconds.
func (s *stream) waitFor(want string) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(s.text(), want) {
			return true
		}
	}
	return false
}

func (s *stream) stop() { s.cancel(); <-s.done }

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
	west, east := openStream(t, events, tok["west"], ""), openStream(t, events, tok["east"], "")
	if !west.waitFor(": connected") || !east.waitFor(": connected") {
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

	if !west.waitFor(sessionID) {
		t.Fatalf("west's stream on b did not get the session written through a: %q", west.text())
	}
	if !east.waitFor(sessionID) || !strings.Contains(east.text(), profileID) {
		t.Fatalf("east's stream on b did not get its profile and the session written through a: %q", east.text())
	}
	if strings.Contains(west.text(), "event: profile") {
		t.Errorf("west's stream on b tells of east's profile: %q", west.text())
	}

	// West reconnects to b from before the writes: b replays what west may see.
	again := openStream(t, events, tok["west"], base)
	if !again.waitFor(sessionID) {
		t.Errorf("b's replay to west lacks the session: %q", again.text())
	}
	if got := again.text(); strings.Contains(got, "event: profile") || strings.Contains(got, "event: reset") {
		t.Errorf("b's replay to west: %q, want the session only", got)
	}

	// b's listener loses its connection: its clients are told to reload.
	exec(t, url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`)
	if !west.waitFor("event: reset\n") {
		t.Errorf("west's stream on b got no reset after the listener reconnected: %q", west.text())
	}
}
