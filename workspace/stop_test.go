package workspace_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/analysis"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestAnalysisStopsWhenClientLeaves: an analysis whose client left stops instead of running
// to its end (it returns analysis.ErrStopped), and frees its slot for the member's next one.
func TestAnalysisStopsWhenClientLeaves(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("A", "a", map[string]string{"nato": "join"})})
	for _, member := range []string{"east", "med"} { // a party's own valuation; the mediator's joint view
		t.Run(member, func(t *testing.T) {
			entered, gate := make(chan struct{}), make(chan struct{})
			results := make(chan error, 2)
			workspace.SetAnalysisHook(e.Service, func() { entered <- struct{}{}; <-gate })
			workspace.SetAnalysisResultHook(e.Service, func(err error) { results <- err })
			defer workspace.SetAnalysisHook(e.Service, nil)
			defer workspace.SetAnalysisResultHook(e.Service, nil)

			ctx, cancel := context.WithCancel(e.As(member))
			left := make(chan error, 1)
			go func() {
				_, err := e.Service.Analytics(ctx, e.WS.ID, v.ID)
				left <- err
			}()
			<-entered // read and in its slot, about to compute
			cancel()
			if err := <-left; !errors.Is(err, context.Canceled) {
				t.Errorf("the request whose client left: %v, want context.Canceled", err)
			}
			close(gate)
			if err := <-results; !errors.Is(err, analysis.ErrStopped) {
				t.Errorf("the abandoned analysis returned %v, want analysis.ErrStopped", err)
			}
			// The member's slot (one analysis at a time) is free again.
			workspace.SetAnalysisHook(e.Service, nil)
			if _, err := e.Service.Analytics(e.As(member), e.WS.ID, v.ID); err != nil {
				t.Errorf("the member's next analysis: %v", err)
			}
			if err := <-results; err != nil {
				t.Errorf("the next analysis returned %v", err)
			}
		})
	}
}

// TestAnalysisDeadline: an analysis still running when the configured deadline passes is
// stopped: its client gets ELIMIT saying so, the analysis returns analysis.ErrStopped,
// and the member's slot is free again (issue 15: analytics with a deadline).
func TestAnalysisDeadline(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("A", "a", map[string]string{"nato": "join"})})
	entered, gate := make(chan struct{}, 1), make(chan struct{})
	results := make(chan error, 2)
	workspace.SetAnalysisHook(e.Service, func() { entered <- struct{}{}; <-gate })
	workspace.SetAnalysisResultHook(e.Service, func(err error) { results <- err })
	defer workspace.SetAnalysisHook(e.Service, nil)
	defer workspace.SetAnalysisResultHook(e.Service, nil)
	// The analysis waits in the hook until its client has had the answer: it is running
	// when the deadline passes, however long the deadline (a second leaves ample time to
	// reach the hook).
	e.Service.SetAnalysisDeadline(time.Second)
	_, err := e.Service.Analytics(e.As("east"), e.WS.ID, v.ID)
	if parley.ErrorCode(err) != parley.ELIMIT || !strings.Contains(parley.ErrorMessage(err), "did not finish within 1s") ||
		!strings.Contains(parley.ErrorMessage(err), "was stopped") {
		t.Errorf("the analysis past its deadline: %v, want ELIMIT saying it did not finish within 1s and was stopped", err)
	}
	select {
	case <-entered:
	default:
		t.Fatal("the analysis never started")
	}
	close(gate)
	if err := <-results; !errors.Is(err, analysis.ErrStopped) {
		t.Errorf("the analysis past its deadline returned %v, want analysis.ErrStopped", err)
	}
	// The member's slot (one analysis at a time) is free again.
	e.Service.SetAnalysisDeadline(0)
	if got := e.Service.AnalysisDeadline(); got != workspace.DefaultAnalysisDeadline {
		t.Errorf("deadline %v after setting 0, want the default %v", got, workspace.DefaultAnalysisDeadline)
	}
	workspace.SetAnalysisHook(e.Service, nil)
	if _, err := e.Service.Analytics(e.As("east"), e.WS.ID, v.ID); err != nil {
		t.Errorf("the member's next analysis: %v", err)
	}
	if err := <-results; err != nil {
		t.Errorf("the next analysis returned %v", err)
	}
}
