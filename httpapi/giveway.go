package httpapi

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// servedCount counts the requests being served for members within their budget, so that a
// spent member's request can give way to them (see Server.charge).
type servedCount struct {
	mu      sync.Mutex
	n       int
	idle    chan struct{} // closed while n == 0
	waiting atomic.Int64  // requests giving way
}

func newServedCount() *servedCount {
	s := &servedCount{idle: make(chan struct{})}
	close(s.idle)
	return s
}

// enter counts one more request being served; leave, the returned function, ends it.
func (s *servedCount) enter() (leave func()) {
	s.mu.Lock()
	if s.n == 0 {
		s.idle = make(chan struct{})
	}
	s.n++
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		if s.n--; s.n == 0 {
			close(s.idle)
		}
		s.mu.Unlock()
	}
}

// wait returns once no request is counted, or after most, or once ctx ends.
func (s *servedCount) wait(ctx context.Context, most time.Duration) {
	s.mu.Lock()
	idle := s.idle
	s.mu.Unlock()
	select {
	case <-idle:
		return
	default:
	}
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	t := time.NewTimer(most)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	case <-ctx.Done():
	}
}

// DefaultGiveWay is the longest a spent member's request waits, before it starts and at each
// step of a diff, for the other members' requests being served to end. Bounded, so that
// a spent member's request always goes on, however busy the others keep the server, and
// never holds up for long another member's request that waits for it (for a slot of the
// workspace's analyses).
const DefaultGiveWay = 5 * time.Millisecond
