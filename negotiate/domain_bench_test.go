package negotiate_test

import (
	"testing"

	"parley/negotiate"
)

var sinkDomain *negotiate.Domain

// BenchmarkNewDomain measures preparing a scenario for negotiation: compiling profiles and
// sorting each party's bids. Up to 10^5 outcomes the whole space is listed; 10^10 uses the
// bounded candidate set (20,000 outcomes) and must not depend on the space's size.
func BenchmarkNewDomain(b *testing.B) {
	cases := []struct {
		name           string
		issues, values int
	}{
		{"1e3", 3, 10},
		{"1e5", 5, 10},
		{"1e10", 10, 10},
	}
	for _, c := range cases {
		s := synthetic(b, 1, 2, c.issues, c.values)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, err := negotiate.NewDomain(s, negotiate.DomainOptions{Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				sinkDomain = d
			}
		})
	}
}
