package negotiate_test

import (
	"testing"

	"parley"
	"parley/analysis"
	"parley/negotiate"
)

// TestEarliestAgreement checks the bound on the round of agreement: over the Pareto
// frontier it is the same as over every outcome (parties without red lines accept by their
// utility), no mediator strategy, nor SAOP, agrees before it, and in its round the parties
// do accept a text put to them. Kitchen and Laptop discount utility for time: their parties
// accept by discounted utility, which does not only fall with time.
func TestEarliestAgreement(t *testing.T) {
	for _, name := range []string{"Camera", "Grocery", "Kitchen", "Laptop"} {
		d := mustDomain(t, sharedDomain(t, name))
		if !d.Enumerated {
			t.Fatalf("%s's bids are a candidate set: the test needs every outcome", name)
		}
		testEarliest(t, d)
	}
}

func testEarliest(t *testing.T, d *negotiate.Domain) {
	t.Helper()
	all, front := bidsAndFrontier(d)
	agents := []string{"boulware", "linear", "conceder", "rational"}
	cfg := negotiate.Config{Rounds: 100, Seed: 1}
	bounded := 0
	for _, a := range agents {
		for _, b := range agents {
			round, ok := earliestOnBoth(t, d, a, b, front, all)
			if !ok {
				continue
			}
			bounded++
			if a == "boulware" && b == "boulware" && round <= 10 && d.Discount[0] >= 1 {
				t.Errorf("boulware,boulware: bound in round %d; two Boulware parties accept nothing but their best early on", round)
			}
			if r, err := negotiate.NewSession(d).Run(mustAgents(t, a, b), cfg); err != nil || (r.Agreement != nil && r.Rounds < round) {
				t.Errorf("%s,%s: SAOP agreed in round %d, before the bound %d (%v)", a, b, r.Rounds, round, err)
			}
			for _, strat := range []string{"learn", "learn:probe=1", "hillclimb", "anneal"} {
				c := cfg
				c.Mediator = mustMediator(t, strat)
				r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, a, b), c)
				if err != nil {
					t.Fatal(err)
				}
				if r.Agreement != nil && r.Rounds < round {
					t.Errorf("%s,%s: %s agreed in round %d, before the bound %d", a, b, strat, r.Rounds, round)
				}
			}
		}
	}
	if bounded < 12 {
		t.Errorf("a bound in only %d of 16 pairings", bounded)
	}
}

// bidsAndFrontier returns every bid of a two-party domain and its Pareto-optimal bids.
func bidsAndFrontier(d *negotiate.Domain) (all, front []parley.Outcome) {
	b := d.Bids(0)
	best := -1.0
	for i := range b.Len() {
		o := append(parley.Outcome(nil), b.At(i)...)
		all = append(all, o)
		// Bids are sorted by party 0's utility, best first: an outcome is on the frontier
		// when it gives party 1 more than every outcome before it.
		if u := d.Utility[1].Utility(o); u > best+1e-12 {
			best = u
			front = append(front, o)
		}
	}
	return all, front
}

// TestEarliestAgreementRedLines checks the bound bench/mediated reports where parties have
// red lines: on the peace-talks example (rational parties keep to their red lines, the
// time-dependent ones accept across them), the Pareto frontier plus the frontier of the
// zone give, for every pairing of four agents, the same round as every outcome, so the
// bench's earliest possible round is exact there too.
func TestEarliestAgreementRedLines(t *testing.T) {
	s, _ := peaceTalks(t)
	res, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
	if err != nil {
		t.Fatal(err)
	}
	d := mustDomain(t, s)
	if !d.Enumerated {
		t.Fatal("peace-talks' bids are a candidate set: the test needs every outcome")
	}
	var fronts []parley.Outcome
	for _, pt := range append(append([]analysis.Point(nil), res.Pareto...), res.AcceptablePareto...) {
		fronts = append(fronts, pt.Outcome)
	}
	all, _ := bidsAndFrontier(d)
	agents := []string{"boulware", "linear", "conceder", "rational"}
	for _, a := range agents {
		for _, b := range agents {
			if _, ok := earliestOnBoth(t, d, a, b, fronts, all); a != b && !ok {
				t.Errorf("%s,%s: no round in which both accept a text, though the zone has 60 packages", a, b)
			}
		}
	}
}

// earliestOnBoth returns the earliest round in which agents a and b could both accept one
// of texts (and whether there is one), and checks that every outcome (all) gives the same.
func earliestOnBoth(t *testing.T, d *negotiate.Domain, a, b string, texts, all []parley.Outcome) (int, bool) {
	t.Helper()
	cfg := negotiate.Config{Rounds: 100, Seed: 1}
	round, ok, err := negotiate.NewSession(d).EarliestAgreement(mustAgents(t, a, b), cfg, texts)
	if err != nil {
		t.Fatal(err)
	}
	roundAll, okAll, err := negotiate.NewSession(d).EarliestAgreement(mustAgents(t, a, b), cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	if round != roundAll || ok != okAll {
		t.Errorf("%s,%s: round %d (%v) over the given texts, %d (%v) over every outcome", a, b, round, ok, roundAll, okAll)
	}
	return round, ok
}
