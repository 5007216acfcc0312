package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"

	"parley"
)

// TestSettleAfter: on random polytopes with prefers statements among others, the verdicts
// settled after the first half of the statements, given to SettleAfter once the rest are
// added, give every package the verdict of the plain rule (one primal program each way);
// and verdicts settled for statements that are no longer all said are ignored (made wrong
// on purpose, they change nothing).
func TestSettleAfter(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	seeded := 0
	for trial := 0; trial < 30; trial++ {
		s, sizes := randomPartial(rng)
		pr := s.Parties[0].Profile
		all := pr.Statements
		pr.Statements = all[:len(all)/2]
		k1, err := NewKnowledge(s, uint64(trial))
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		prev := k1.SettleAfter(0, nil)
		pr.Statements = all
		k2, err := NewKnowledge(s, uint64(trial)+1)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		got := k2.SettleAfter(0, prev)
		if got.follows(prev) {
			seeded++
		}
		r := 0
		forEachOutcome(sizes, func(o parley.Outcome) bool {
			if want := plainVerdict(k2.models[0], o); got.Verdicts[r] != want {
				t.Fatalf("trial %d, package %v: %v after %v, the plain rule says %v", trial, o, got.Verdicts[r], prev.Verdicts[r], want)
			}
			r++
			return true
		})
		if len(all) < 2 {
			continue
		}
		// A statement withdrawn: what was settled with it is not used.
		bogus := &Settled{Verdicts: make([]Verdict, len(got.Verdicts)), issues: got.issues, profile: got.profile, stmts: got.stmts}
		for i := range bogus.Verdicts {
			bogus.Verdicts[i] = Never
		}
		pr.Statements = all[1:]
		k3, err := NewKnowledge(s, uint64(trial)+2)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		want := k3.SettleVerdicts(0)
		k4, _ := NewKnowledge(s, uint64(trial)+3)
		if again := k4.SettleAfter(0, bogus).Verdicts; !slices.Equal(again, want) {
			t.Fatalf("trial %d: with a statement withdrawn, the verdicts from before were used", trial)
		}
	}
	if seeded < 20 {
		t.Errorf("only %d of 30 trials used the verdicts from before", seeded)
	}
}

// TestSettleTranslated: on random polytopes of many prefers statements, SettleVerdicts (which
// moves a certain verdict along a prefers statement, translated by the values its two
// packages share) gives every package the plain rule's verdict, and such moves do occur.
func TestSettleTranslated(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	moved := 0
	for trial := 0; trial < 30; trial++ {
		s, sizes := randomPartial(rng)
		pr := s.Parties[0].Profile
		var prefers []parley.Statement
		for _, st := range pr.Statements {
			if st.Kind == parley.StatePrefers || st.Kind == parley.StateAcceptable || st.Kind == parley.StateUnacceptable {
				prefers = append(prefers, st)
			}
		}
		pr.Statements = prefers
		k, err := NewKnowledge(s, uint64(trial))
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		got := k.SettleVerdicts(0)
		m := k.models[0]
		so := m.sweepOrder(sizes)
		sw := newSweep(len(got), nil)
		for r, v := range got {
			switch v {
			case Certainly:
				sw.state[r] = swYes
			case Never:
				sw.state[r] = swNo
			}
		}
		r := 0
		forEachOutcome(sizes, func(o parley.Outcome) bool {
			if want := plainVerdict(m, o); got[r] != want {
				t.Fatalf("trial %d, package %v: %v, the plain rule says %v", trial, o, got[r], want)
			}
			if got[r] == Certainly && sw.translated(m, so, o, r, true) || got[r] == Never && m.allows(o) && sw.translated(m, so, o, r, false) {
				moved++
			}
			r++
			return true
		})
	}
	if moved == 0 {
		t.Error("no verdict followed from a prefers statement")
	}
	t.Logf("%d verdicts follow from a prefers statement", moved)
}
