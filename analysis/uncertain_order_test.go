package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
	"parley/internal/synth"
)

// TestNextQuestionOrdersScreens checks that where a party's line cuts through the space
// the chooser puts ordered screens (order_among), that a truthful answer to one is a chain
// of prefers statements beside the marks, all true and none conflicting, and that the
// answers settle the party's verdicts on the packages the other party accepts.
func TestNextQuestionOrdersScreens(t *testing.T) {
	var issues []*parley.Issue
	for i := 0; i < 3; i++ {
		issues = append(issues, &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindOptions, Options: []string{"a", "b", "c", "d", "e"}})
	}
	rng := rand.New(rand.NewPCG(4, 11))
	full := func() *parley.Profile {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}, Reservation: 0.55}
		for _, is := range issues {
			pr.Weights[is.ID] = 0.2 + rng.Float64()
			f := &parley.ValueFunc{Options: map[string]float64{}}
			for _, o := range is.Options {
				f.Options[o] = rng.Float64()
			}
			pr.Values[is.ID] = f
		}
		return pr
	}
	s := &parley.Scenario{Name: "ordered", Issues: issues, Parties: []*parley.Party{
		{ID: "x", Role: parley.RoleParty, Profile: full()},
		{ID: "y", Role: parley.RoleParty, Profile: full()},
	}}
	k, truths := unknown(t, s)
	ordered := 0
	for step := 0; step < 160; step++ {
		d := step % 2
		q, ok := k.NextQuestion(d, rng)
		if !ok {
			continue
		}
		sts, err := q.Statements(truths[d].Reply(q))
		if err != nil {
			t.Fatal(err)
		}
		prefers := 0
		for _, st := range sts {
			if !truths[d].Holds(st) {
				t.Fatalf("question %d (%s): %+v is not true of the profile", step, q.Kind, st)
			}
			if st.Kind == parley.StatePrefers {
				prefers++
			}
			if err := k.Add(d, st); err != nil {
				t.Fatalf("question %d (%s): a truthful answer conflicts: %v", step, q.Kind, err)
			}
		}
		if q.Kind == parley.QuestionOrderAmong {
			ordered++
			if prefers != len(q.Packages)-1 {
				t.Fatalf("question %d: %d prefers statements for %d ordered packages", step, prefers, len(q.Packages))
			}
		}
	}
	if ordered == 0 {
		t.Fatal("no ordered screen asked")
	}
	analysis.ForEachOutcome(k.Sizes(), func(o parley.Outcome) bool {
		for d, tr := range truths {
			if !truths[1-d].Acceptable(o) {
				continue
			}
			want := analysis.Never
			if tr.Acceptable(o) {
				want = analysis.Certainly
			}
			if got := k.Verdict(d, o); got != want {
				t.Fatalf("party %d, package %v: verdict %v, truly %v", d, o, got, want)
			}
		}
		return true
	})
}

// TestSettleMatchesVerdict: the sweep over the whole space gives, package by package, the
// verdicts Verdict gives one at a time, after truthful answers of every kind.
func TestSettleMatchesVerdict(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 5))
		s := synth.Additive(rng, 2, []int{4, 5, 3, 4}, 0.5, nil)
		one, truths := unknown(t, s)
		all, _ := unknown(t, s)
		qrng := rand.New(rand.NewPCG(seed, 6))
		for step := 0; step < 12; step++ {
			d := step % 2
			q, ok := one.NextQuestion(d, qrng)
			if !ok {
				continue
			}
			sts, err := q.Statements(truths[d].Reply(q))
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range sts {
				if err := one.Add(d, st); err != nil {
					t.Fatal(err)
				}
				if err := all.Add(d, st); err != nil {
					t.Fatal(err)
				}
			}
		}
		for d := range 2 {
			var want [3]int
			analysis.ForEachOutcome(one.Sizes(), func(o parley.Outcome) bool {
				want[one.Verdict(d, o)]++
				return true
			})
			got := [3]int{}
			for _, v := range all.SettleVerdicts(d) {
				got[v]++
			}
			if got != want {
				t.Errorf("seed %d, party %d: SettleVerdicts gives %v, Verdict one by one %v (by verdict)", seed, d, got, want)
			}
			analysis.ForEachOutcome(all.Sizes(), func(o parley.Outcome) bool {
				if v, w := all.Verdict(d, o), one.Verdict(d, o); v != w {
					t.Fatalf("seed %d, party %d, %v: %v after SettleVerdicts, %v one by one", seed, d, o, v, w)
				}
				return true
			})
		}
	}
}

// TestNextQuestionOneIssue: in a space of one issue a package is a value, so the chooser
// does not rank the values first (to find the worst) but weighs ranks against ordered
// screens (whose order is a rank of their values, and which mark them too): on random
// one-issue scenarios of 11 values, the simulation finds the true zone with at most 3
// questions per party on average (ranking first took 59 questions over these 16 parties).
func TestNextQuestionOneIssue(t *testing.T) {
	var opts []string
	for v := 0; v < 11; v++ {
		opts = append(opts, fmt.Sprintf("v%d", v))
	}
	issues := []*parley.Issue{{ID: "share", Kind: parley.KindOptions, Options: opts}}
	total := 0
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, 12))
		full := func() *parley.Profile {
			f := &parley.ValueFunc{Options: map[string]float64{}}
			for _, o := range opts {
				f.Options[o] = rng.Float64()
			}
			return &parley.Profile{Weights: map[string]float64{"share": 1}, Values: map[string]*parley.ValueFunc{"share": f}, Reservation: 0.3 + 0.4*rng.Float64()}
		}
		s := &parley.Scenario{Name: "one issue", Issues: issues, Parties: []*parley.Party{
			{ID: "x", Role: parley.RoleParty, Profile: full()},
			{ID: "y", Role: parley.RoleParty, Profile: full()},
		}}
		res, err := analysis.Simulate(s, analysis.SimOptions{Seed: seed, SkipBaseline: true})
		if err != nil {
			t.Fatal(err)
		}
		if !res.ZoneEqual {
			t.Fatalf("seed %d: the certain zone (%d) is not the true zone (%d)", seed, res.CertainZone, res.TrueZone)
		}
		for _, p := range res.Parties {
			if !p.Settled {
				t.Fatalf("seed %d: party %d settled %v, asked %v", seed, p.Party, p.Settled, p.Asked)
			}
			total += p.Questions
		}
	}
	if total > 3*16 {
		t.Fatalf("%d questions for 16 parties, want at most 48", total)
	}
}
