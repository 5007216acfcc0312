package scenario_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"parley/examples"
	"parley/scenario"
)

var sink any

// bigScenario writes a scenario with n options issues of 10 options and 3 parties.
func bigScenario(n int) []byte {
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("name: big\nissues:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - id: i%d\n    options: [o0, o1, o2, o3, o4, o5, o6, o7, o8, o9]\n", i)
	}
	b.WriteString("parties:\n")
	for p := range 3 {
		fmt.Fprintf(&b, "  - id: p%d\n    profile:\n      reservation: 0.3\n      weights: {", p)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "i%d: %.3f", i, rng.Float64())
		}
		b.WriteString("}\n      values:\n")
		for i := range n {
			fmt.Fprintf(&b, "        i%d: {", i)
			for k := range 10 {
				if k > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "o%d: %.2f", k, rng.Float64())
			}
			b.WriteString("}\n")
		}
		fmt.Fprintf(&b, "      red_lines: [\"i0 != o%d\"]\n", p)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	peace, err := examples.Get("peace-talks")
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"peace-talks", peace},
		{"issues=100", bigScenario(100)},
		{"issues=1000", bigScenario(1000)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			b.ReportAllocs()
			for b.Loop() {
				s, _, err := scenario.Parse("bench.yaml", tc.data)
				if err != nil {
					b.Fatal(err)
				}
				sink = s
			}
		})
	}
}

func BenchmarkMarshal(b *testing.B) {
	s, _, err := scenario.Parse("big.yaml", bigScenario(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		data, err := scenario.Marshal(s)
		if err != nil {
			b.Fatal(err)
		}
		sink = data
	}
}
