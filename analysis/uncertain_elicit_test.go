package analysis_test

import (
	"math/rand/v2"
	"testing"

	"parley/analysis"
)

// TestSimulateTruthful checks that truthful answers settle every party, so that the certain
// zone equals the true zone, and that no answer conflicts.
func TestSimulateTruthful(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	for trial := 0; trial < 6; trial++ {
		s := quantisedScenario(rng)
		res, err := analysis.Simulate(s, analysis.SimOptions{Seed: uint64(trial), MaxQuestions: 200, SkipBaseline: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Parties {
			if !p.Settled || p.Conflicts != 0 {
				t.Fatalf("trial %d: party %+v not settled or conflicting", trial, p)
			}
		}
		if !res.ZoneEqual || res.TrueZone != res.CertainZone {
			t.Fatalf("trial %d: zone %d, certain %d", trial, res.TrueZone, res.CertainZone)
		}
	}
}

// TestSimulateNoise checks that wrong answers are found as conflicts and withdrawn, never
// dropped silently: every withdrawal follows a conflict.
func TestSimulateNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	conflicts := 0
	for trial := 0; trial < 6; trial++ {
		s := quantisedScenario(rng)
		res, err := analysis.Simulate(s, analysis.SimOptions{Seed: uint64(trial), Noise: 0.2, MaxQuestions: 40, SkipBaseline: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Parties {
			if p.Withdrawn > 0 && p.Conflicts == 0 {
				t.Fatalf("trial %d: %d answers withdrawn without a conflict", trial, p.Withdrawn)
			}
		}
		conflicts += res.ConflictsTotal
	}
	if conflicts == 0 {
		t.Fatal("20% wrong answers never conflicted")
	}
}
