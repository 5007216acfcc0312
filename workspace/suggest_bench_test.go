package workspace_test

import (
	"fmt"
	"testing"

	"parley"
	"parley/workspace"
)

// BenchmarkSuggest measures the desk's suggested next text over a plan with many published
// versions, each marked by both parties.
func BenchmarkSuggest(b *testing.B) {
	for _, n := range []int{5, 50} {
		b.Run(fmt.Sprintf("versions=%d", n), func(b *testing.B) {
			var rounds []workspace.Round
			for r := range n {
				ru, ua := stRej, stAcc
				if r%3 == 0 {
					ru, ua = stAmend("60 km"), stRej
				}
				rounds = append(rounds, suggestRound(fmt.Sprint(5*(r%13)), []string{"none", "bilateral", "collective"}[r%3], ru, ua, ua, ru))
			}
			b.ReportAllocs()
			var sink *parley.Suggestion
			for b.Loop() {
				sink = workspace.Suggest(suggestIssues, suggestParties, rounds)
			}
			if sink.Heard == 0 {
				b.Fatal("no stance heard")
			}
		})
	}
}
