package anactest_test

import (
	"path/filepath"
	"testing"

	"parley/analysis"
	"parley/genius"
)

var sinkCount int

// BenchmarkLoadAnalyze measures reading a shared domain with package genius and analysing it,
// per domain: the work of `parley analyze DIR` without process start and printing.
func BenchmarkLoadAnalyze(b *testing.B) {
	dirs := []string{
		filepath.Join(sharedDir(b, "domains"), "Travel"),
		filepath.Join(sharedDir(b, "domains"), "KillerRobot"),
		filepath.Join(sharedDir(b, "domains"), "SixIssues"),
		filepath.Join(sharedDir(b, "domains"), "AMPOvsCity"),
		filepath.Join(sharedDir(b, "domains-nonlinear"), "10issues"),
		filepath.Join(sharedDir(b, "domains-nonlinear"), "10issueswithRV"),
	}
	for _, dir := range dirs {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, _, err := genius.ReadDir(dir)
				if err != nil {
					b.Fatal(err)
				}
				r, err := analysis.Analyze(s, analysis.Options{})
				if err != nil {
					b.Fatal(err)
				}
				sinkCount += len(r.Pareto)
			}
		})
	}
}

// BenchmarkLoad measures reading alone.
func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"AMPOvsCity", "KillerRobot"} {
		dir := filepath.Join(sharedDir(b, "domains"), name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, _, err := genius.ReadDir(dir)
				if err != nil {
					b.Fatal(err)
				}
				sinkCount += len(s.Issues)
			}
		})
	}
}
