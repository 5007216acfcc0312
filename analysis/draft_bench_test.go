package analysis_test

import (
	"fmt"
	"testing"

	"parley/analysis"
)

var draftSink *analysis.Evaluation

// BenchmarkEvaluateDraft values drafts that leave issues open (10 values an issue), two
// parties with a red line each: by enumeration (4 open: 10^4 completions), by exact questions
// to Analyze (additive, 8 open: 10^8 completions), and with rectangle terms on 10^10
// outcomes, where Analyze has no exact method, by enumerating the 10^6 completions.
func BenchmarkEvaluateDraft(b *testing.B) {
	for _, tc := range []struct {
		issues, open, rects int
	}{{8, 4, 0}, {10, 8, 0}, {8, 4, 3}, {10, 6, 3}} {
		s := synthetic(5, 2, sizesOf(tc.issues, 10), tc.rects)
		s.Parties[0].Profile.RedLines = []string{"i0 != v3"}
		s.Parties[1].Profile.RedLines = []string{"i9 != v1 or i1 == v2"}
		if tc.issues < 10 {
			s.Parties[1].Profile.RedLines = []string{"i7 != v1 or i1 == v2"}
		}
		d := make(analysis.Draft, tc.issues)
		for i := range d {
			d[i] = analysis.Open
			if i >= tc.open {
				d[i] = i % 10
			}
		}
		b.Run(fmt.Sprintf("issues=%d/open=%d/rects=%d", tc.issues, tc.open, tc.rects), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e, err := analysis.EvaluateDraft(s, d, nil, analysis.Options{})
				if err != nil {
					b.Fatal(err)
				}
				draftSink = e
			}
		})
	}
}

func sizesOf(n, size int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = size
	}
	return out
}
