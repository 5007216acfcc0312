package negotiate_test

import (
	"testing"

	"parley/negotiate"
)

// BenchmarkMediated measures one bilateral 100-round mediated negotiation per mediator
// strategy, Boulware against Conceder, agents and strategy made afresh each time as a
// tournament does, on EnglandZimbabwe (576 outcomes) and Travel (188,160 outcomes, a
// candidate set of 20,000 bids).
func BenchmarkMediated(b *testing.B) {
	for _, name := range []string{"EnglandZimbabwe", "Travel"} {
		d := mustDomain(b, sharedDomain(b, name))
		for _, strat := range []string{"learn", "hillclimb", "anneal", "veto"} {
			b.Run(name+"/"+strat, func(b *testing.B) {
				med, err := negotiate.ParseMediator(strat)
				if err != nil {
					b.Fatal(err)
				}
				specs := make([]*negotiate.AgentSpec, 2)
				for i, a := range []string{"boulware", "conceder"} {
					specs[i], _ = negotiate.ParseAgent(a)
				}
				s := negotiate.NewSession(d)
				agents := make([]negotiate.Agent, len(specs))
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					for p, sp := range specs {
						agents[p] = sp.New()
					}
					r, err := s.RunMediated(agents, negotiate.Config{Rounds: 100, Seed: uint64(i), Mediator: med})
					if err != nil {
						b.Fatal(err)
					}
					sinkResult = r
				}
			})
		}
	}
}

// BenchmarkMediatedLastRound measures one 100-round negotiation of the learning mediator
// that reaches the last round, where it scores every outcome (Learn.everyText): peace-talks
// (19,305 outcomes), rational Russia against Boulware Ukraine, which can agree only in the
// last two rounds.
func BenchmarkMediatedLastRound(b *testing.B) {
	s, _ := peaceTalks(b)
	d := mustDomain(b, s)
	med, err := negotiate.ParseMediator("learn")
	if err != nil {
		b.Fatal(err)
	}
	specs := make([]*negotiate.AgentSpec, 2)
	for i, a := range []string{"rational", "boulware"} {
		specs[i], _ = negotiate.ParseAgent(a)
	}
	ss := negotiate.NewSession(d)
	agents := make([]negotiate.Agent, len(specs))
	b.ReportAllocs()
	for b.Loop() {
		for p, sp := range specs {
			agents[p] = sp.New()
		}
		r, err := ss.RunMediated(agents, negotiate.Config{Rounds: 100, Seed: 1, Mediator: med})
		if err != nil {
			b.Fatal(err)
		}
		if r.Rounds != 100 {
			b.Fatalf("agreed in round %d: the benchmark needs a negotiation that reaches the last round", r.Rounds)
		}
		sinkResult = r
	}
}
