package workspace

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
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
)

// DefaultAnalysisDeadline is how long an analysis or a diff may take, its wait for a slot
// included, unless Config.AnalysisDeadline says otherwise.
const DefaultAnalysisDeadline = 60 * time.Second

// analysisSlots hands out the slots of each workspace's analyses and diffs, and holds
// their deadline.
type analysisSlots struct {
	mu       sync.Mutex
	m        map[string]chan struct{}
	deadline atomic.Int64 // a time.Duration; 0 means DefaultAnalysisDeadline
}

// SetAnalysisDeadline replaces the deadline of the analyses and diffs that start from now
// on (0 means DefaultAnalysisDeadline). It may be called while serving.
func (s *Service) SetAnalysisDeadline(d time.Duration) { s.slots.deadline.Store(int64(max(d, 0))) }

// AnalysisDeadline returns the deadline of analyses and diffs (see Config).
func (s *Service) AnalysisDeadline() time.Duration { return s.slots.limit() }

func (a *analysisSlots) limit() time.Duration {
	if d := time.Duration(a.deadline.Load()); d > 0 {
		return d
	}
	return DefaultAnalysisDeadline
}

// withDeadline returns ctx bounded by the deadline of analyses.
func (a *analysisSlots) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, a.limit())
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

// take waits for a slot of the caller and one of workspace ws until ctx ends or the
// deadline passes, and returns the function that frees them. It fails when ctx has ended
// by the time both are taken, so that nothing starts past its deadline.
func (a *analysisSlots) take(ctx context.Context, ws string) (func(), error) {
	ctx, cancel := a.withDeadline(ctx)
	defer cancel()
	member := ""
	if c := parley.CallerFromContext(ctx); c != nil {
		member = c.MemberID
	}
	mine := a.of(ws+"\x00"+member, analysesPerMember)
	select {
	case mine <- struct{}{}:
	case <-ctx.Done():
		return nil, a.abandoned(ctx, false)
	}
	all := a.of(ws, analysesPerWorkspace)
	select {
	case all <- struct{}{}:
	case <-ctx.Done():
		<-mine
		return nil, a.abandoned(ctx, false)
	}
	if ctx.Err() != nil {
		<-all
		<-mine
		return nil, a.abandoned(ctx, true)
	}
	return func() { <-all; <-mine }, nil
}

// Analytics implements parley.PlanService. At most analysesPerWorkspace analyses and diffs
// of a workspace run at once, whoever asks, and analysesPerMember of one member's; a
// request waits for its slot and its result until its context ends or the deadline
// (Config.AnalysisDeadline) passes, then gets ELIMIT (or its context's error when the
// client left). The request returns at once; the analysis stops at its next check
// (analysis.Options.Stop) and frees its slot then, so an abandoned analysis costs the
// others no more than that.
func (s *Service) Analytics(ctx context.Context, ws, id string) (*parley.Analytics, error) {
	ctx, cancel := s.slots.withDeadline(ctx)
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
			err = s.slots.abandoned(ctx, true)
		}
		done <- result{a, err}
	}()
	select {
	case r := <-done:
		return r.a, r.err
	case <-ctx.Done():
		return nil, s.slots.abandoned(ctx, true)
	}
}

// abandoned is the error of an analysis or diff whose ctx ended: ELIMIT when its deadline
// passed, waiting for a slot or (started) computing; ctx's error when the client left.
func (a *analysisSlots) abandoned(ctx context.Context, started bool) error {
	if ctx.Err() != context.DeadlineExceeded {
		return ctx.Err()
	}
	if started {
		return parley.Errorf(parley.ELIMIT, "the analysis did not finish within %v, the server's deadline for an analysis or a diff, and was stopped; "+
			"a smaller question (fewer issues, fewer values, smaller versions) may finish in time", a.limit())
	}
	return parley.Errorf(parley.ELIMIT, "the workspace's analyses and diffs were busy for %v, the server's deadline for an analysis or a diff; try again later", a.limit())
}
