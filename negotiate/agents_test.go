package negotiate_test

import (
	"testing"

	"parley/analysis"
	"parley/negotiate"
)

// lastOwnOffer returns the utility to party p of its last offer.
func lastOwnOffer(tr *negotiate.Trace, p int) float64 {
	us := ownOffers(tr, p)
	return us[len(us)-1]
}

func TestTitForTatMirrorsConcessions(t *testing.T) {
	d := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	worst := d.Bids(0).At(d.Bids(0).Len() - 1)
	run := func(opp negotiate.Agent) float64 {
		r, err := negotiate.NewSession(d).Run([]negotiate.Agent{mustAgents(t, "tft:gamma=0")[0], opp}, negotiate.Config{Rounds: 50, Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		return lastOwnOffer(r.Trace, 0)
	}
	// Against an opponent that never concedes, tit-for-tat (without time concession) never
	// concedes either; against one that concedes, it concedes too.
	if got, want := run(stubborn{worst}), d.Bids(0).Utility(0); got != want {
		t.Errorf("against a stubborn opponent, last offer worth %v to itself, want its best %v", got, want)
	}
	r, err := negotiate.NewSession(d).Run(mustAgents(t, "tft:gamma=0", "conceder"), negotiate.Config{Rounds: 50})
	if err != nil {
		t.Fatal(err)
	}
	if r.Agreement == nil || r.Utility[0] >= d.Bids(0).Utility(0) {
		t.Errorf("against a conceder: agreement %v worth %v to tit-for-tat, want a concession from its best %v", r.Agreement, r.Utility[0], d.Bids(0).Utility(0))
	}
}

func TestFrequencyAimsAtNash(t *testing.T) {
	// Two Nash seekers end nearer the Nash point, on average over random scenarios, than two
	// agents that concede by the clock alone, late or early.
	const n = 20
	mean := map[string]float64{}
	for seed := range uint64(n) {
		s := synthetic(t, 100+seed, 2, 5, 5)
		d := mustDomain(t, s)
		res, err := analysis.Analyze(s, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := &negotiate.Metrics{}
		for _, pt := range res.Nash {
			m.Nash = append(m.Nash, pt.Utility)
		}
		for _, spec := range []string{"frequency", "boulware", "conceder"} {
			r, err := negotiate.NewSession(d).Run(mustAgents(t, spec, spec), negotiate.Config{Rounds: 100, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			mean[spec] += m.NashDistance(r.Utility) / n
		}
	}
	for _, other := range []string{"boulware", "conceder"} {
		if mean["frequency"] >= mean[other] {
			t.Errorf("mean distance to the Nash point: frequency %.3f, %s %.3f; want frequency nearer", mean["frequency"], other, mean[other])
		}
	}
}
