package workspace

import (
	"context"
	"sync"
	"time"

	"parley"
)

// Bounds on the costliest requests, analyses and diffs: an analysis of a large workspace may
// take minutes and gigabytes, a diff of two large drafts seconds of CPU.
const (
	// analysesPerWorkspace is how many analyses and diffs of one workspace run at once;
	// the others wait for a slot.
	analysesPerWorkspace = 2
	// analysisDeadline bounds how long a request waits for a slot and its result.
	analysisDeadline = 60 * time.Second
)

// analysisSlots hands out the slots of each workspace's analyses and diffs.
type analysisSlots struct {
	mu sync.Mutex
	m  map[string]chan struct{}
}

func (a *analysisSlots) of(ws string) chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[string]chan struct{}{}
	}
	ch := a.m[ws]
	if ch == nil {
		ch = make(chan struct{}, analysesPerWorkspace)
		a.m[ws] = ch
	}
	return ch
}

// take waits for a slot of ws until ctx ends or analysisDeadline passes, and returns the
// function that frees it.
func (a *analysisSlots) take(ctx context.Context, ws string) (func(), error) {
	ctx, cancel := context.WithTimeout(ctx, analysisDeadline)
	defer cancel()
	ch := a.of(ws)
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, analysisAbandoned(ctx)
	}
}

// Analytics implements parley.PlanService. At most analysesPerWorkspace analyses of a
// workspace run at once, whoever asks; a request waits for its slot and its result until its
// context ends or analysisDeadline passes, then gets ELIMIT (or its context's error when the
// client left). The analysis itself (pure computation) runs to its end in the slot it took,
// so the slots bound the work in progress even when clients give up.
func (s *Service) Analytics(ctx context.Context, ws, id string) (*parley.Analytics, error) {
	ctx, cancel := context.WithTimeout(ctx, analysisDeadline)
	defer cancel()
	slots := s.slots.of(ws)
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return nil, analysisAbandoned(ctx)
	}
	type result struct {
		a   *parley.Analytics
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-slots }()
		if s.analysisHook != nil {
			s.analysisHook()
		}
		a, err := s.analytics(context.WithoutCancel(ctx), ws, id)
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
