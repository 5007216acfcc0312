package analysis_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"parley/analysis"
)

// TestStop: a computation whose Options.Stop is closed returns ErrStopped, whichever method
// it uses, and draft valuations too.
func TestStop(t *testing.T) {
	s := randomScenarioSized(rand.New(rand.NewPCG(7, 7)), false, 9)
	stop := make(chan struct{})
	close(stop)
	opt := analysis.Options{Stop: stop}
	if _, err := analysis.Analyze(s, opt); !errors.Is(err, analysis.ErrStopped) {
		t.Errorf("Analyze (merge): err %v, want ErrStopped", err)
	}
	restore := analysis.ForceEnumeration()
	_, err := analysis.Analyze(s, opt)
	restore()
	if !errors.Is(err, analysis.ErrStopped) {
		t.Errorf("Analyze (enumeration): err %v, want ErrStopped", err)
	}
	d := make(analysis.Draft, len(s.Issues))
	for i := range d {
		d[i] = analysis.Open
	}
	if _, err := analysis.EvaluateDraft(s, d, nil, opt); !errors.Is(err, analysis.ErrStopped) {
		t.Errorf("EvaluateDraft: err %v, want ErrStopped", err)
	}
	if _, err := analysis.Analyze(s, analysis.Options{}); err != nil {
		t.Errorf("Analyze without Stop: %v", err)
	}
}

// TestStopMidway: an enumeration stopped midway does no more than the chunk in progress:
// it reports progress at most once more, where the whole enumeration reports it about a
// hundred times.
func TestStopMidway(t *testing.T) {
	defer analysis.ForceEnumeration()()
	s := randomScenarioSized(rand.New(rand.NewPCG(7, 7)), false, 9)
	calls := 0
	all := analysis.Options{Workers: 1, Progress: func(done, total float64) { calls++ }}
	if _, err := analysis.Analyze(s, all); err != nil {
		t.Fatal(err)
	}
	if calls < 20 {
		t.Fatalf("the whole enumeration reported progress %d times; the test needs more", calls)
	}
	stop := make(chan struct{})
	after := -1
	opt := analysis.Options{Workers: 1, Stop: stop, Progress: func(done, total float64) {
		if after < 0 {
			close(stop)
		}
		after++
	}}
	if _, err := analysis.Analyze(s, opt); !errors.Is(err, analysis.ErrStopped) {
		t.Fatalf("err %v, want ErrStopped", err)
	}
	if after > 1 {
		t.Errorf("progress reported %d times after the stop (of %d for the whole enumeration)", after, calls)
	}
}
