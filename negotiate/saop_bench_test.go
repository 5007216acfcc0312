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
	cases := []struct {
		name   string
		agents []string
	}{
		{"EnglandZimbabwe/boulware-conceder", []string{"boulware", "conceder"}},
		{"EnglandZimbabwe/boulware-hardliner", []string{"boulware", "hardliner"}},
		{"EnglandZimbabwe/frequency-tft", []string{"frequency", "tft"}},
		{"Grocery/boulware-conceder", []string{"boulware", "conceder"}},
	}
	domains := map[string]*negotiate.Domain{
		"EnglandZimbabwe": mustDomain(b, sharedDomain(b, "EnglandZimbabwe")),
		"Grocery":         mustDomain(b, sharedDomain(b, "Grocery")),
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
					agents[p] = sp.New()
				}
				r, err := s.Run(agents, negotiate.Config{Rounds: 100, Seed: uint64(i)})
				if err != nil {
					b.Fatal(err)
				}
				sinkResult = r
			}
		})
	}
}
