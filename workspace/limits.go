package workspace

import (
	"context"
	"errors"
	"sync"
	"time"

	"parley"
	"parley/analysis"
)

// Bounds on the costliest requests, analyses and diffs: an analysis of a large workspace may
// take minutes and gigabytes, a diff of two large drafts seconds of CPU.
const (
	// analysesPerWorkspace is how many analyses and diffs of one workspace run at once,
	// and analysesPerMember how many of them one member's; the others wait for a slot.
	analysesPerWorkspace = 2
	analysesPerMember    = 1
	// analysisDeadline bounds how long a request waits for a slot and its result.
	analysisDeadline = 60 * time.Second
)

// analysisSlots hands out the slots of each workspace's analyses and diffs.
type analysisSlots struct {
	mu sync.Mutex
	m  map[string]chan struct{}
}

func (a *analysisSlots) of(key string, n int) chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[string]chan struct{}{}
	}
	ch := a.m[key]
	if ch == nil {
		ch = make(chan struct{}, n)
		a.m[key] = ch
	}
	return ch
}

// take waits for a slot of the caller and one of workspace ws until ctx ends or
// analysisDeadline passes, and returns the function that frees them.
func (a *analysisSlots) take(ctx context.Context, ws string) (func(), error) {
	ctx, cancel := context.WithTimeout(ctx, analysisDeadline)
	defer cancel()
	member := ""
	if c := parley.CallerFromContext(ctx); c != nil {
		member = c.MemberID
	}
	mine := a.of(ws+"\x00"+member, analysesPerMember)
	select {
	case mine <- struct{}{}:
	case <-ctx.Done():
		return nil, analysisAbandoned(ctx)
	}
	all := a.of(ws, analysesPerWorkspace)
	select {
	case all <- struct{}{}:
		return func() { <-all; <-mine }, nil
	case <-ctx.Done():
		<-mine
		return nil, analysisAbandoned(ctx)
	}
}

// Analytics implements parley.PlanService. At most analysesPerWorkspace analyses and diffs
// of a workspace run at once, whoever asks, and analysesPerMember of one member's; a
// request waits for its slot and its result until its context ends or analysisDeadline
// passes, then gets ELIMIT (or its context's error when the client left). The request
// returns at once; the analysis stops at its next check (analysis.Options.Stop) and frees
// its slot then, so an abandoned analysis costs the others no more than that.
func (s *Service) Analytics(ctx context.Context, ws, id string) (*parley.Analytics, error) {
	ctx, cancel := context.WithTimeout(ctx, analysisDeadline)
	defer cancel()
	release, err := s.slots.take(ctx, ws)
	if err != nil {
		return nil, err
	}
	type result struct {
		a   *parley.Analytics
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer release()
		a, err := s.analytics(ctx, ws, id)
		if s.analysisResult != nil {
			s.analysisResult(err)
		}
		if errors.Is(err, analysis.ErrStopped) {
			err = analysisAbandoned(ctx)
		}
		done <- result{a, err}
	}()
	select {
	case r := <-done:
		return r.a, r.err
	case <-ctx.Done():
		return nil, analysisAbandoned(ctx)
	}
}

func analysisAbandoned(ctx context.Context) error {
	if ctx.Err() == context.DeadlineExceeded {
		return parley.Errorf(parley.ELIMIT, "the analysis did not finish within %v (the workspace's analyses are busy); try again later", analysisDeadline)
	}
	return ctx.Err()
}
