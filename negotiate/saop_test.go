package negotiate_test

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"parley"
	"parley/negotiate"
)

func TestRunSameSeedSameBytes(t *testing.T) {
	s := sharedDomain(t, "EnglandZimbabwe")
	d := mustDomain(t, s)
	run := func(seed uint64, specs ...string) []byte {
		r, err := negotiate.NewSession(d).Run(mustAgents(t, specs...), negotiate.Config{Rounds: 60, Seed: seed, Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		r.Trace.Agents = specs
		var b bytes.Buffer
		if err := r.Trace.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, pair := range [][]string{{"random", "random"}, {"frequency", "random:p=0.05"}, {"tft", "boulware"}} {
		t.Run(pair[0]+"-"+pair[1], func(t *testing.T) {
			a, b := run(7, pair...), run(7, pair...)
			if !bytes.Equal(a, b) {
				t.Fatalf("same seed, different traces:\n%s\n%s", a, b)
			}
		})
	}
	if bytes.Equal(run(1, "random", "random"), run(2, "random", "random")) {
		t.Error("random agents negotiated the same way under seeds 1 and 2")
	}
}

// ownOffers returns, per round, the utility to party p of the offer p made in that round.
func ownOffers(tr *negotiate.Trace, p int) []float64 {
	var us []float64
	for _, e := range tr.Events {
		if e.Party == p && e.Kind == "offer" {
			us = append(us, e.Utility[p])
		}
	}
	return us
}

func TestBoulwareStaysAboveConceder(t *testing.T) {
	scenarios := []*parley.Scenario{sharedDomain(t, "EnglandZimbabwe"), synthetic(t, 3, 2, 5, 6)}
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			d := mustDomain(t, s)
			const rounds = 100
			offers := func(spec string) []float64 {
				// Against an opponent that accepts nothing and offers the agent's worst
				// outcome, every round is played.
				worst := d.Bids(0).At(d.Bids(0).Len() - 1)
				r, err := negotiate.NewSession(d).Run([]negotiate.Agent{mustAgents(t, spec)[0], stubborn{worst}}, negotiate.Config{Rounds: rounds, Trace: true})
				if err != nil {
					t.Fatal(err)
				}
				return ownOffers(r.Trace, 0)
			}
			b, c := offers("boulware"), offers("conceder")
			if len(b) != rounds || len(c) != rounds {
				t.Fatalf("got %d and %d offers, want %d each", len(b), len(c), rounds)
			}
			higher := 0
			for k := range int(0.9 * rounds) {
				if b[k] < c[k]-1e-12 {
					t.Errorf("round %d: Boulware offers %.4f, below Conceder's %.4f", k+1, b[k], c[k])
				}
				if b[k] > c[k]+1e-12 {
					higher++
				}
			}
			if higher < rounds/2 {
				t.Errorf("Boulware's offers were strictly higher than Conceder's in only %d of the first %d rounds", higher, int(0.9*rounds))
			}
		})
	}
}

// twoIssues returns a scenario of two parties over two issues of three options where party
// p's best option on every issue is bests[p].
func twoIssues(bests [2]int) *parley.Scenario {
	s := &parley.Scenario{Name: "two-issues"}
	for _, id := range []string{"a", "b"} {
		s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindOptions, Options: []string{"x", "y", "z"}})
	}
	for p, best := range bests {
		prof := &parley.Profile{Weights: map[string]float64{"a": 0.6, "b": 0.4}, Values: map[string]*parley.ValueFunc{}}
		for _, id := range []string{"a", "b"} {
			f := &parley.ValueFunc{Options: map[string]float64{"x": 0.2, "y": 0.5, "z": 0.3}}
			f.Options[[]string{"x", "y", "z"}[best]] = 1
			prof.Values[id] = f
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: prof})
	}
	return s
}

func TestHardlinersAgreeOnlyOnCommonBest(t *testing.T) {
	tests := []struct {
		name  string
		bests [2]int
		agree bool
	}{
		{"Same", [2]int{2, 2}, true},
		{"Different", [2]int{0, 2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustDomain(t, twoIssues(tt.bests))
			r, err := negotiate.NewSession(d).Run(mustAgents(t, "hardliner", "hardliner"), negotiate.Config{Rounds: 20})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Agreement != nil; got != tt.agree {
				t.Fatalf("agreement %v, want %v", r.Agreement, tt.agree)
			}
			if tt.agree && (r.Agreement[0] != tt.bests[0] || r.Agreement[1] != tt.bests[0] || r.Rounds != 1) {
				t.Errorf("agreed %v in round %d, want [%d %d] in round 1", r.Agreement, r.Rounds, tt.bests[0], tt.bests[0])
			}
			if !tt.agree && (r.Utility[0] != 0 || r.Utility[1] != 0) {
				t.Errorf("utilities without agreement %v, want the reservation values [0 0]", r.Utility)
			}
		})
	}
	// On random scenarios: two hardliners agree exactly when one's best bid is the best for the other too.
	for seed := range uint64(40) {
		s := synthetic(t, seed, 2, 2, 2)
		d := mustDomain(t, s)
		r, err := negotiate.NewSession(d).Run(mustAgents(t, "hardliner", "hardliner"), negotiate.Config{Rounds: 10})
		if err != nil {
			t.Fatal(err)
		}
		b0, b1 := d.Bids(0), d.Bids(1)
		want := d.Utility[1].Utility(b0.At(0)) >= b1.Utility(0)-1e-12 || d.Utility[0].Utility(b1.At(0)) >= b0.Utility(0)-1e-12
		if got := r.Agreement != nil; got != want {
			t.Errorf("seed %d: agreement %v, want %v", seed, got, want)
		}
	}
}

func TestDeadlineRespectedExactly(t *testing.T) {
	d := mustDomain(t, twoIssues([2]int{0, 2}))
	for _, rounds := range []int{1, 2, 7, 100} {
		for _, parties := range []int{2, 3} {
			t.Run(fmt.Sprintf("%d-rounds-%d-parties", rounds, parties), func(t *testing.T) {
				dd, specs := d, []string{"hardliner", "hardliner"}
				if parties == 3 {
					dd, specs = mustDomain(t, synthetic(t, 5, 3, 3, 3)), []string{"hardliner", "hardliner", "hardliner"}
				}
				r, err := negotiate.NewSession(dd).Run(mustAgents(t, specs...), negotiate.Config{Rounds: rounds, Trace: true})
				if err != nil {
					t.Fatal(err)
				}
				if r.Agreement != nil {
					t.Fatalf("hardliners with different bests agreed on %v", r.Agreement)
				}
				if got, want := r.Rounds, rounds; got != want {
					t.Errorf("rounds %d, want %d", got, want)
				}
				if got, want := len(r.Trace.Events), rounds*parties; got != want {
					t.Errorf("%d actions, want %d", got, want)
				}
				if last := r.Trace.Events[len(r.Trace.Events)-1]; last.Time != 1 && rounds*parties > 1 {
					t.Errorf("last action at time %v, want 1", last.Time)
				}
			})
		}
	}
	// Agents that agree never use more rounds than the deadline.
	ez := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	for _, rounds := range []int{1, 3, 10, 50} {
		for seed := range uint64(10) {
			r, err := negotiate.NewSession(ez).Run(mustAgents(t, "random:p=0.02", "boulware"), negotiate.Config{Rounds: rounds, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			if r.Rounds > rounds || r.Turns > 2*rounds {
				t.Errorf("deadline %d: used %d rounds and %d turns", rounds, r.Rounds, r.Turns)
			}
		}
	}
}

func TestMultilateralAgreementNeedsEveryone(t *testing.T) {
	s := synthetic(t, 11, 3, 4, 4)
	d := mustDomain(t, s)
	r, err := negotiate.NewSession(d).Run(mustAgents(t, "conceder", "linear", "boulware"), negotiate.Config{Rounds: 200, Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Agreement == nil {
		t.Fatal("three time-dependent agents reached no agreement in 200 rounds")
	}
	ev := r.Trace.Events
	n := len(ev)
	if n < 3 || ev[n-1].Kind != "accept" || ev[n-2].Kind != "accept" || ev[n-3].Kind != "offer" {
		t.Fatalf("last actions %v %v %v, want offer accept accept", ev[n-3].Kind, ev[n-2].Kind, ev[n-1].Kind)
	}
	for p, u := range d.Utility {
		if got, want := r.Utility[p], u.Utility(r.Agreement); got != want {
			t.Errorf("party %d: utility %v, want %v", p, got, want)
		}
	}
}

func TestBrokenProtocolEndsWithoutAgreement(t *testing.T) {
	d := mustDomain(t, twoIssues([2]int{0, 2}))
	tests := []struct {
		name  string
		agent negotiate.Agent
	}{
		{"AcceptFirst", scripted{negotiate.Action{Kind: negotiate.Accept}}},
		{"BadOutcome", scripted{negotiate.Action{Kind: negotiate.Offer, Outcome: parley.Outcome{0, 7}}}},
		{"ShortOutcome", scripted{negotiate.Action{Kind: negotiate.Offer, Outcome: parley.Outcome{0}}}},
		{"End", scripted{negotiate.Action{Kind: negotiate.End}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := negotiate.NewSession(d).Run([]negotiate.Agent{tt.agent, mustAgents(t, "conceder")[0]}, negotiate.Config{Rounds: 5})
			if err != nil {
				t.Fatal(err)
			}
			if r.Agreement != nil || r.EndedBy != 0 || r.Turns != 1 {
				t.Errorf("agreement %v, ended by %d after %d turns; want none, 0, 1", r.Agreement, r.EndedBy, r.Turns)
			}
		})
	}
}

// scripted always takes the same action.
type scripted struct{ a negotiate.Action }

func (s scripted) Init(*negotiate.Setup) error         { return nil }
func (s scripted) Act(negotiate.Turn) negotiate.Action { return s.a }
func (s scripted) Receive(int, negotiate.Action)       {}

// stubborn always offers the same outcome and never accepts.
type stubborn struct{ o parley.Outcome }

func (a stubborn) Init(*negotiate.Setup) error { return nil }
func (a stubborn) Act(negotiate.Turn) negotiate.Action {
	return negotiate.Action{Kind: negotiate.Offer, Outcome: a.o}
}
func (a stubborn) Receive(int, negotiate.Action) {}

func TestRunBadConfig(t *testing.T) {
	d := mustDomain(t, twoIssues([2]int{0, 2}))
	tests := []struct {
		name   string
		cfg    negotiate.Config
		agents int
	}{
		{"ZeroDeadline", negotiate.Config{}, 2},
		{"NegativeRounds", negotiate.Config{Rounds: -1}, 2},
		{"WrongAgentCount", negotiate.Config{Rounds: 10}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := mustAgents(t, "boulware", "boulware", "boulware")[:tt.agents]
			if _, err := negotiate.NewSession(d).Run(as, tt.cfg); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("got error %v, want an invalid-input error", err)
			}
		})
	}
}

func TestNewDomainOneParty(t *testing.T) {
	s := synthetic(t, 1, 1, 2, 2)
	if _, err := negotiate.NewDomain(s, negotiate.DomainOptions{}); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("got error %v, want an invalid-input error", err)
	}
}

func TestDiscountedUtility(t *testing.T) {
	s := twoIssues([2]int{0, 2})
	s.Parties[0].Profile.Discount = 0.5
	s.Parties[0].Profile.Reservation = 0.4
	s.Parties[1].Profile.Discount = 0 // none, as GENIUS reads it
	d := mustDomain(t, s)
	// No agreement: the reservation value discounted at the deadline (t = 1).
	r, err := negotiate.NewSession(d).Run(mustAgents(t, "hardliner", "hardliner"), negotiate.Config{Rounds: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Discounted[0], 0.4*0.5; math.Abs(got-want) > 1e-12 {
		t.Errorf("discounted reservation %v, want %v", got, want)
	}
	if got, want := r.Discounted[1], r.Utility[1]; got != want {
		t.Errorf("party without discount: discounted %v, want %v", got, want)
	}
	// Agreement at time T: u * 0.5^T.
	r, err = negotiate.NewSession(d).Run(mustAgents(t, "conceder", "conceder"), negotiate.Config{Rounds: 10})
	if err != nil {
		t.Fatal(err)
	}
	if r.Agreement == nil || r.Time <= 0 || r.Time >= 1 {
		t.Fatalf("agreement %v at time %v, want one before the deadline", r.Agreement, r.Time)
	}
	if got, want := r.Discounted[0], r.Utility[0]*math.Pow(0.5, r.Time); math.Abs(got-want) > 1e-12 {
		t.Errorf("discounted utility %v, want %v", got, want)
	}
}
