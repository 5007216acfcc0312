package negotiate_test

import (
	"testing"
	"time"

	"parley"
	"parley/negotiate"
)

func TestHugeSpaceUsesBoundedCandidates(t *testing.T) {
	s := synthetic(t, 4, 2, 10, 10) // 10^10 outcomes
	d, err := negotiate.NewDomain(s, negotiate.DomainOptions{Candidates: 3000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d.Enumerated {
		t.Fatal("a 10^10 space was enumerated")
	}
	for p := range d.Parties {
		b := d.Bids(p)
		if b.Len() > 3000+2 || b.Len() < 1000 {
			t.Errorf("party %d: %d candidate bids, want about 3000", p, b.Len())
		}
		// The best candidate is the party's best outcome (issue by issue for additive profiles).
		best := 0.0
		for _, tab := range d.Utility[p].Tables {
			m := 0.0
			for _, x := range tab {
				m = max(m, x)
			}
			best += m
		}
		if got := b.Utility(0); got < best-1e-9 {
			t.Errorf("party %d: best candidate worth %v, want its best outcome's %v", p, got, best)
		}
		for i := 1; i < b.Len(); i++ {
			if b.Utility(i) > b.Utility(i-1) {
				t.Fatalf("party %d: bids not sorted at %d", p, i)
			}
		}
	}
	r, err := negotiate.NewSession(d).Run(mustAgents(t, "frequency", "conceder"), negotiate.Config{Rounds: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Agreement == nil || !d.Valid(r.Agreement) {
		t.Errorf("agreement %v on a 10^10 space, want a valid outcome", r.Agreement)
	}
	// Same seed, same candidates.
	d2, _ := negotiate.NewDomain(s, negotiate.DomainOptions{Candidates: 3000, Seed: 1})
	for i := range d.Bids(0).Len() {
		a, b := d.Bids(0).At(i), d2.Bids(0).At(i)
		for k := range a {
			if a[k] != b[k] {
				t.Fatalf("bid %d differs between two domains built with the same seed", i)
			}
		}
	}
}

func TestEnumeratedBids(t *testing.T) {
	d := mustDomain(t, synthetic(t, 2, 2, 3, 4))
	if !d.Enumerated || d.Bids(0).Len() != 64 {
		t.Fatalf("enumerated %v with %d bids, want every one of 64 outcomes", d.Enumerated, d.Bids(0).Len())
	}
	b := d.Bids(1)
	for i := range b.Len() {
		if got, want := b.Utility(i), d.Utility[1].Utility(b.At(i)); got != want {
			t.Errorf("bid %d: utility %v, want %v", i, got, want)
		}
	}
	tests := []struct {
		u    float64
		want int
	}{{2, 0}, {b.Utility(0), 1}, {b.Utility(10), 11}, {-1, 64}}
	for _, tt := range tests {
		if got := b.AtLeast(tt.u); got < tt.want {
			t.Errorf("AtLeast(%v) = %d, want at least %d", tt.u, got, tt.want)
		}
	}
	if got := b.AtLeast(-1); got != 64 {
		t.Errorf("AtLeast(-1) = %d, want 64", got)
	}
	if got := b.Target(2); got != 0 {
		t.Errorf("Target above the best = %d, want 0 (the best bid)", got)
	}
}

// TestTurnsAllocateNothing runs negotiations with agents reused, as a worker does: after
// the first, Init and every turn allocate nothing.
func TestTurnsAllocateNothing(t *testing.T) {
	d := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	for _, pair := range [][]string{{"boulware", "conceder"}, {"hardliner", "tft"}, {"frequency", "random:p=0"}, {"rational", "linear"}} {
		s := negotiate.NewSession(d)
		agents := mustAgents(t, pair...)
		cfg := negotiate.Config{Rounds: 100, Seed: 1}
		if _, err := s.Run(agents, cfg); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			cfg.Seed++
			if _, err := s.Run(agents, cfg); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%v: %v allocations per negotiation, want 0", pair, allocs)
		}
	}
}

func TestTimeDeadline(t *testing.T) {
	d := mustDomain(t, twoIssues([2]int{0, 2}))
	start := time.Now()
	r, err := negotiate.NewSession(d).Run(mustAgents(t, "hardliner", "hardliner"), negotiate.Config{Time: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Agreement != nil || r.Turns == 0 {
		t.Errorf("agreement %v after %d turns, want none after some turns", r.Agreement, r.Turns)
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Errorf("ended after %v, before the 20ms deadline", time.Since(start))
	}
	// With both deadlines, the rounds end it first here.
	r, err = negotiate.NewSession(d).Run(mustAgents(t, "hardliner", "hardliner"), negotiate.Config{Rounds: 3, Time: time.Hour})
	if err != nil || r.Rounds != 3 {
		t.Errorf("rounds %d (err %v), want 3", r.Rounds, err)
	}
}

func TestDomainMediatorDoesNotNegotiate(t *testing.T) {
	s := synthetic(t, 3, 3, 2, 3)
	s.Parties[1].Role = parley.RoleMediator
	d := mustDomain(t, s)
	if got, want := d.Parties, []int{0, 2}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("negotiating parties %v, want %v", got, want)
	}
}
