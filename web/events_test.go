package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"parley"
)

// readEvents reads server-sent events from res until one named want arrives, returning
// the ids seen; it fails on the end of the stream.
func readEvents(t *testing.T, sc *bufio.Scanner, want string) []string {
	t.Helper()
	var ids []string
	for sc.Scan() {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "id: "); ok {
			ids = append(ids, id)
		}
		if line == "event: "+want {
			return ids
		}
	}
	t.Fatalf("the stream ended before a %q event: %v", want, sc.Err())
	return nil
}

// TestEventStreamOutlivesWriteTimeout: the server's write timeout cut the UI's event stream
// (issue 15). A stream opened on a server with a short write timeout still delivers an
// event written well after it; a reconnect with Last-Event-ID gets the events it missed.
func TestEventStreamOutlivesWriteTimeout(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewUnstartedServer(f.h)
	srv.Config.WriteTimeout = 100 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close) // after the streams' own cleanups, which run first
	open := func(lastID string) (*http.Response, *bufio.Scanner) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		t.Cleanup(cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/w/"+f.ws.ID+"/events", nil)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: "parley_token", Value: f.tokens["ru"]})
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		return res, bufio.NewScanner(res.Body)
	}
	_, sc := open("")
	readEvents(t, sc, "ready")
	time.Sleep(300 * time.Millisecond) // three write timeouts
	session := func(title string) {
		if _, err := f.svc.CreateSession(f.ctx("us"), f.ws.ID, &parley.Session{Title: title, Date: time.Date(2025, 12, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	session("Round 5")
	ids := readEvents(t, sc, "session")
	if len(ids) == 0 {
		t.Fatal("the event has no id")
	}
	last := ids[len(ids)-1]
	// Two writes while the browser is away; it reconnects with the last id it had.
	session("Round 6")
	session("Round 7")
	_, sc2 := open(last)
	readEvents(t, sc2, "ready")
	got := readEvents(t, sc2, "session")
	got = append(got, readEvents(t, sc2, "session")...)
	if len(got) != 2 || got[0] == last || got[1] == got[0] {
		t.Errorf("replayed ids %v after %s, want the two missed events", got, last)
	}
}
