package analysis_test

import (
	"slices"
	"testing"

	"parley/analysis"
	"parley/internal/synth"
)

// TestRectBindingReservations: rectangle profiles on the region method with reservation
// values that cut the space finely still get an exact count and ranges, the same as
// enumeration's.
func TestRectBindingReservations(t *testing.T) {
	s := synthetic(3, 2, synth.Sizes(7, 10), 6)
	for _, p := range s.Parties {
		p.Profile.Reservation = 0.55
	}
	got, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
	if err != nil {
		t.Fatal(err)
	}
	restore := analysis.ForceEnumeration()
	want, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if got.Method == want.Method {
		t.Fatalf("both by %s", got.Method)
	}
	if got.Acceptable == nil || got.Acceptable.Cmp(want.Acceptable) != 0 {
		t.Errorf("Acceptable = %v (%s), want %v", got.Acceptable, got.AcceptableNote, want.Acceptable)
	}
	if len(got.Ranges) != len(want.Ranges) {
		t.Fatalf("%d ranges (%s), want %d", len(got.Ranges), got.RangesNote, len(want.Ranges))
	}
	for i := range got.Ranges {
		if !slices.Equal(got.Ranges[i].Allowed, want.Ranges[i].Allowed) {
			t.Errorf("range %d = %v, want %v", i, got.Ranges[i].Allowed, want.Ranges[i].Allowed)
		}
	}
}
