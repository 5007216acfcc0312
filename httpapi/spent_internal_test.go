package httpapi

import (
	"testing"
	"time"

	"parley"
)

// TestSpentUntilFull: a member that spent more than half its burst is served as spent,
// its budget refilling at spentRefill of its rate, until the budget is full again; a member
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
	if got, want := float64(flood.spent.Limit()), 0.25e6*spentRefill; got != want {
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
