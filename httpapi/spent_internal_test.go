package httpapi

import (
	"testing"
	"time"

	"parley"
)

// TestSpentUntilFull: a member that spent more than half its burst is served as spent,
// its budget refilling at SpentRefill of its rate, until the budget is full again; a member
// that spent less than half is not, and keeps the full rate.
func TestSpentUntilFull(t *testing.T) {
	s := &Server{}
	s.SetBudget(Budget{Rate: 0.25, Burst: time.Second})
	limiter := func(member string) *memberLimits {
		return s.limitsOf(&parley.Caller{WorkspaceID: "w", MemberID: member})
	}
	t0 := time.Now()
	honest := limiter("honest")
	honest.spent.ReserveN(t0, 400_000) // 0.4 s of its 1 s burst
	if honest.spentAt(t0) {
		t.Error("a member with 0.6 s of its 1 s burst left is served as spent")
	}
	if got := float64(honest.spent.Limit()); got != 0.25e6 {
		t.Errorf("its budget refills at %g µs a second, want 0.25e6", got)
	}

	flood := limiter("flood")
	flood.spent.ReserveN(t0, 600_000) // 0.4 s left: less than half
	if !flood.spentAt(t0) {
		t.Fatal("a member with 0.4 s of its 1 s burst left is not served as spent")
	}
	if got, want := float64(flood.spent.Limit()), 0.25e6*SpentRefill; got != want {
		t.Errorf("its budget refills at %g µs a second, want %g", got, want)
	}
	t2 := t0.Add(2 * time.Second) // 0.4 s + 2 s x 0.1: 0.6 s, more than half
	if got := flood.spent.TokensAt(t2); got < 0.599e6 || got > 0.601e6 {
		t.Errorf("2 s later its budget is %g µs, want 0.6e6", got)
	}
	if !flood.spentAt(t2) {
		t.Error("past half its burst again, but not full: no longer served as spent")
	}
	t9 := t0.Add(9 * time.Second) // 0.4 s + 9 s x 0.1 > 1 s: full
	if flood.spentAt(t9) {
		t.Error("its budget full again, it is still served as spent")
	}
	if got := float64(flood.spent.Limit()); got != 0.25e6 {
		t.Errorf("full again, its budget refills at %g µs a second, want 0.25e6", got)
	}
}

// TestPaceSpent: after a request served as spent, the member's next such request waits
// for its cost times 1/SpentShare - 1, so that it takes SpentShare of a core at most; a
// member never served as spent has no turn to wait for.
func TestPaceSpent(t *testing.T) {
	s := &Server{}
	s.SetBudget(Budget{Rate: 0.25, Burst: time.Second})
	m := s.limitsOf(&parley.Caller{WorkspaceID: "w", MemberID: "flood"})
	if !m.nextTurn().IsZero() {
		t.Fatalf("a new member's next turn is %v, want none", m.nextTurn())
	}
	t0 := time.Now()
	m.paceAt(t0, 10*time.Millisecond)
	want := t0.Add(time.Duration(float64(10*time.Millisecond) * (1/SpentShare - 1)))
	if got := m.nextTurn(); !got.Equal(want) {
		t.Errorf("after a 10 ms request ending at t0, next turn t0+%v, want t0+%v", got.Sub(t0), want.Sub(t0))
	}
	if SpentShare != 0.1 || want.Sub(t0) != 90*time.Millisecond {
		t.Errorf("SpentShare %g: a 10 ms request is followed by %v, want 90 ms at a tenth of a core", SpentShare, want.Sub(t0))
	}
}
