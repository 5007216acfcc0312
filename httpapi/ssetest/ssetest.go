// Package ssetest reads the API's server-sent event streams in tests: Open connects as a
// member, waits until the server says the subscription is registered, and keeps every
// line read, which a test waits for (WaitFor, woken by each line: no polling) and reads.
//
// It is imported by tests only, and must not import a storage package or web;
// internal/deptest checks it.
package ssetest

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Stream is an open event stream and what it has read.
type Stream struct {
	mu      sync.Mutex
	buf     strings.Builder
	changed chan struct{} // closed and replaced at each line read
	cancel  context.CancelFunc
	done    chan struct{} // closed when the stream has ended
}

// Open opens the event stream at url as the bearer of token, reconnecting after lastID
// when it is not "" (sent as the Last-Event-ID header, or as the last_event_id query
// parameter when query is set). It returns once the server has written its first line
// (": connected", once the subscription is registered), so no event written after Open
// returns is missed. The stream is stopped when tb ends.
func Open(tb testing.TB, url, token, lastID string, query bool) *Stream {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Stream{cancel: cancel, done: make(chan struct{}), changed: make(chan struct{})}
	if lastID != "" && query {
		url += "?last_event_id=" + lastID
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" && !query {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		tb.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	go s.read(resp)
	tb.Cleanup(func() { s.Stop() })
	if !s.WaitFor("\n", 10*time.Second) {
		tb.Fatalf("event stream %s: not connected after 10 s", url)
	}
	return s
}

func (s *Stream) read(resp *http.Response) {
	defer close(s.done)
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		s.mu.Lock()
		s.buf.WriteString(sc.Text() + "\n")
		close(s.changed)
		s.changed = make(chan struct{})
		s.mu.Unlock()
	}
}

// Text returns what the stream has read so far.
func (s *Stream) Text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// WaitFor reports whether the stream comes to contain want within d (false as soon as
// the stream ends without it).
func (s *Stream) WaitFor(want string, d time.Duration) bool {
	timeout := time.After(d)
	for {
		s.mu.Lock()
		ok, changed := strings.Contains(s.buf.String(), want), s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-s.done:
			return strings.Contains(s.Text(), want)
		case <-timeout:
			return false
		}
	}
}

// Stop closes the stream and returns all it read.
func (s *Stream) Stop() string {
	s.cancel()
	<-s.done
	return s.Text()
}
