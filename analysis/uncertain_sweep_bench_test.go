package analysis_test

import (
	"testing"

	"parley/analysis"
	"parley/scenario"
)

// BenchmarkSettle measures one party's verdicts on every package of the demo's peace-talks
// workspace (19,305 packages) after 10 truthful answers per party (testdata/settle), from a
// fresh Knowledge, as the workspace computes them for an answer: Knowledge.SettleVerdicts.
func BenchmarkSettle(b *testing.B) {
	s, _, err := scenario.Load("testdata/settle/peace-talks-10.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for d, pi := range []int{0, 1} {
		b.Run(s.Parties[pi].ID, func(b *testing.B) {
			b.ReportAllocs()
			var sink []analysis.Verdict
			for b.Loop() {
				k, err := analysis.NewKnowledge(s, 1)
				if err != nil {
					b.Fatal(err)
				}
				sink = k.SettleVerdicts(d)
			}
			if len(sink) != 19305 {
				b.Fatalf("%d verdicts", len(sink))
			}
		})
	}
}
