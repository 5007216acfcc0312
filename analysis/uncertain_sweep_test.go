package analysis_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"parley"
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

// TestUncertainZonesMatchAnalyze: the zones built from each decider's verdicts settled alone
// (a Knowledge of the scenario with that decider only, as the workspace builds it) are
// AnalyzeUncertain's: the same counts, verdict counts, ranges and listed packages.
func TestUncertainZonesMatchAnalyze(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 9))
	for trial := 0; trial < 20; trial++ {
		s := quantisedScenario(rng)
		c, _ := partialCopy(t, rng, s, rng.IntN(8))
		want, err := analysis.AnalyzeUncertain(c, analysis.Options{})
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		var verdicts [][]analysis.Verdict
		for _, p := range c.Parties {
			if p.Role != parley.RoleParty {
				continue
			}
			solo := &parley.Scenario{Name: c.Name, Issues: c.Issues, Parties: []*parley.Party{p}}
			k, err := analysis.NewKnowledge(solo, uint64(trial)+7)
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
			verdicts = append(verdicts, k.SettleVerdicts(0))
		}
		got, err := analysis.UncertainZones(c, verdicts)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if got.CertainCount != want.CertainCount || got.PossibleCount != want.PossibleCount ||
			!reflect.DeepEqual(got.Verdicts, want.Verdicts) || !reflect.DeepEqual(got.Exact, want.Exact) ||
			!reflect.DeepEqual(got.CertainRanges, want.CertainRanges) || !reflect.DeepEqual(got.PossibleRanges, want.PossibleRanges) {
			t.Fatalf("trial %d: zones %+v, AnalyzeUncertain %+v", trial, got, want)
		}
		for _, l := range [][2][]analysis.UncertainPoint{{got.Certain, want.Certain}, {got.Possible, want.Possible}} {
			if len(l[0]) != len(l[1]) {
				t.Fatalf("trial %d: %d packages listed, AnalyzeUncertain %d", trial, len(l[0]), len(l[1]))
			}
			for j := range l[0] {
				if !reflect.DeepEqual(l[0][j].Outcome, l[1][j].Outcome) || !reflect.DeepEqual(l[0][j].Verdicts, l[1][j].Verdicts) || l[0][j].Lo != nil {
					t.Fatalf("trial %d: listed %+v, AnalyzeUncertain %+v", trial, l[0][j], l[1][j])
				}
			}
		}
	}
	if _, err := analysis.UncertainZones(quantisedScenario(rng), [][]analysis.Verdict{{analysis.Certainly}}); err == nil {
		t.Error("verdicts of the wrong shape: no error")
	}
}
