package negotiate_test

import (
	"strings"
	"testing"

	"parley/negotiate"
)

var sinkResult negotiate.Result

// BenchmarkSAOP measures one bilateral 100-round negotiation, Boulware against Conceder,
// agents made afresh each time as a tournament does; Grocery has a discount factor, so its
// agents accept by discounted utility.
func BenchmarkSAOP(b *testing.B) {
	g := negotiate.RulesGenius
	cases := []struct {
		name   string
		agents []string
		rules  negotiate.Rules
	}{
		{"EnglandZimbabwe/boulware-conceder", []string{"boulware", "conceder"}, 0},
		{"EnglandZimbabwe/boulware-hardliner", []string{"boulware", "hardliner"}, 0},
		{"EnglandZimbabwe/frequency-tft", []string{"frequency", "tft"}, 0},
		{"Grocery/boulware-conceder", []string{"boulware", "conceder"}, 0},
		{"EnglandZimbabwe/genius-boulware-conceder", []string{"boulware", "conceder"}, g},
		{"Grocery/genius-boulware-conceder", []string{"boulware", "conceder"}, g},
		{"Politics/genius-party-boulware-conceder-linear", []string{"party-boulware", "party-conceder", "party-linear"}, g},
	}
	domains := map[string]*negotiate.Domain{
		"EnglandZimbabwe": mustDomain(b, sharedDomain(b, "EnglandZimbabwe")),
		"Grocery":         mustDomain(b, sharedDomain(b, "Grocery")),
		"Politics":        mustDomain(b, sharedDomain(b, "Politics")),
	}
	for _, c := range cases {
		d := domains[strings.Split(c.name, "/")[0]]
		b.Run(c.name, func(b *testing.B) {
			specs := make([]*negotiate.AgentSpec, len(c.agents))
			for i, a := range c.agents {
				specs[i], _ = negotiate.ParseAgent(a)
			}
			s := negotiate.NewSession(d)
			agents := make([]negotiate.Agent, len(specs))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				for p, sp := range specs {
					agents[p] = sp.NewRules(c.rules)
				}
				r, err := s.Run(agents, negotiate.Config{Rounds: 100, Seed: uint64(i), Rules: c.rules})
				if err != nil {
					b.Fatal(err)
				}
				sinkResult = r
			}
		})
	}
}
