package workspace_test

import (
	"context"
	"errors"
	"testing"

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
