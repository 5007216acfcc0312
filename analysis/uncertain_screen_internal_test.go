package analysis

import (
	"math/rand/v2"
	"testing"

	"parley"
	"parley/internal/synth"
)

// TestOrderedScreenAnchor checks that once the party's line cuts through its open packages
// (at most anchorLPs of them, so that all get linear programs), the chooser's question is an
// ordered screen whose first package is the open package whose
// least and greatest gain (linear programs) the line splits most evenly, weighed by the share
// of the other party's samples accepting it; and that the screen's answers are true.
func TestOrderedScreenAnchor(t *testing.T) {
	s := synth.Additive(rand.New(rand.NewPCG(3, 7)), 2, synth.Sizes(3, 4), 0.55, nil)
	blank := &parley.Scenario{Name: s.Name, Issues: s.Issues}
	var truths []*Truth
	for _, p := range s.Parties {
		tr, err := NewTruth(s, p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		truths = append(truths, tr)
		blank.Parties = append(blank.Parties, &parley.Party{ID: p.ID, Role: p.Role,
			Profile: &parley.Profile{Partial: true, ReservationUnknown: true}})
	}
	k, err := NewKnowledge(blank, 5)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	anchored := 0
	for step := 0; step < 120 && anchored < 10; step++ {
		d := step % 2
		weights := anchorWeights(k, d)
		best := 0.0
		for _, v := range weights {
			best = max(best, v)
		}
		q, ok := k.NextQuestion(d, rng)
		if !ok {
			continue
		}
		// With at most anchorLPs open packages, each gets linear programs: the anchor is
		// the greatest weight of all.
		if q.Kind == parley.QuestionOrderAmong && len(q.Packages) > 1 && len(weights) <= anchorLPs {
			anchored++
			if got := weights[k.rank(q.Packages[0])]; !(best > 0 && got >= best-1e-9) {
				t.Fatalf("question %d: the screen starts with %v of weight %.4f; the most even split weighs %.4f",
					step, q.Packages[0], got, best)
			}
		}
		sts, err := q.Statements(truths[d].Reply(q))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range sts {
			if err := k.Add(d, st); err != nil {
				t.Fatalf("question %d: a truthful answer conflicts: %v", step, err)
			}
		}
	}
	if anchored == 0 {
		t.Fatal("no ordered screen was asked though the line cuts through the space")
	}
}

// anchorWeights computes, by brute force over decider d's open packages, each one's weight
// as a screen's anchor (by its rank): min(-least gain, greatest gain) times the share of the
// other party's samples accepting it, for the packages whose bounds straddle the line.
func anchorWeights(k *Knowledge, d int) map[uint64]float64 {
	out := map[uint64]float64{}
	for _, o := range k.openFast(d) {
		lo, hi, _, _ := k.models[d].bounds(o, 1, true, true)
		if lo >= -VerdictTol || hi < -VerdictTol {
			continue
		}
		v := min(-lo, hi)
		for e, m := range k.models {
			if e == d {
				continue
			}
			n := 0
			for _, z := range m.samples {
				if m.gain(z, o) >= -VerdictTol {
					n++
				}
			}
			v *= float64(n) / float64(len(m.samples))
		}
		out[k.rank(o)] = v
	}
	return out
}
