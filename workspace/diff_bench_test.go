package workspace_test

import (
	"fmt"
	"strings"
	"testing"

	"parley"
	"parley/workspace"
)

// BenchmarkDiffRivals diffs two rival drafts written from scratch, every point paired by
// content: the flood of issue 15 (bench/load --phases flood), whose member diffs its
// versions of 500 points of about 1 KB each, alike but for their numbers.
func BenchmarkDiffRivals(b *testing.B) {
	text := strings.Repeat("The parties undertake to respect the line of contact. ", 18)
	version := func(id string, shift int) *parley.Version {
		v := &parley.Version{ID: id, Status: parley.StatusPublished}
		for i := range 500 {
			v.Points = append(v.Points, &parley.PlanPoint{ID: fmt.Sprint(id, "-", i), Number: i + 1, Text: fmt.Sprint((i+shift)%500, " ", text)})
		}
		return v
	}
	for _, n := range []int{100, 500} {
		a, c := version("a", 0), version("b", 7)
		a.Points, c.Points = a.Points[:n], c.Points[:n]
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = workspace.DiffVersions(a, c, nil)
			}
		})
	}
}
