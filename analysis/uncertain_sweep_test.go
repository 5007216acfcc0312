package analysis_test

import (
	"math/rand/v2"
	"testing"

	"parley/analysis"
)

// TestSweepMatchesVerdict checks the sweep, which decides every package at once by dominance
// and few linear programs, against Verdict, which decides each package alone: for random
// hidden profiles and true statements added a few at a time, the sweep (kept between
// additions) gives every package Verdict's verdict, but may leave undecided a package
// another decider certainly rejects.
func TestSweepMatchesVerdict(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 7))
	for trial := 0; trial < 30; trial++ {
		s := quantisedScenario(rng)
		c, trs := partialCopy(t, rng, s, rng.IntN(6))
		k, err := analysis.NewKnowledge(c, uint64(trial))
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		sw := analysis.NewSweeper(k)
		all := outcomes(s)
		for round := 0; round < 3; round++ {
			sw.Update()
			for _, o := range all {
				rejected := false
				for d := range trs {
					rejected = rejected || k.Verdict(d, o) == analysis.Never
				}
				for d, tr := range trs {
					want := k.Verdict(d, o)
					got, ok := sw.Verdict(d, o)
					if !ok && !rejected || ok && got != want {
						t.Fatalf("trial %d round %d: party %d, package %v: sweep %v (decided %v), Verdict %v (true acceptable %v)",
							trial, round, d, o, got, ok, want, tr.acc(o))
					}
				}
			}
			for d, tr := range trs {
				if k.Exact(d) {
					continue
				}
				for _, st := range statementsFrom(rng, s, tr, all, 1+rng.IntN(4)) {
					if err := k.Add(d, st); err != nil {
						t.Fatalf("trial %d: a true statement conflicts: %v", trial, err)
					}
				}
			}
		}
	}
}
