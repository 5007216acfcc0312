package analysis_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"parley/analysis"
)

// TestMergeMatchesEnumeration compares the additive merge with enumeration on spaces too
// large for the naive reference: frontiers, counts, ranges and bargaining points.
func TestMergeMatchesEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	compared := 0
	for c := 0; c < 40; {
		s := randomScenarioSized(rng, false, 6+rng.IntN(4))
		if n := s.Size().Int64(); n < 20000 || n > 300000 {
			continue
		}
		c++
		merged, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
		if err != nil {
			t.Fatal(err)
		}
		if merged.Method[:8] != "additive" {
			continue // clamped sums: enumerated anyway
		}
		compared++
		restore := analysis.ForceEnumeration()
		enumerated, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
		restore()
		if err != nil {
			t.Fatal(err)
		}
		same := func(name string, a, b []analysis.Point) {
			t.Helper()
			ka, kb := pointKeys(a), pointKeys(b)
			if !sameKeys(ka, kb) {
				t.Errorf("case %d: %s: merge has %d outcomes, enumeration %d\n%s", c, name, len(ka), len(kb), describe(s))
			}
		}
		same("Pareto", merged.Pareto, enumerated.Pareto)
		same("Nash", merged.Nash, enumerated.Nash)
		same("KalaiSmorodinsky", merged.KalaiSmorodinsky, enumerated.KalaiSmorodinsky)
		same("Egalitarian", merged.Egalitarian, enumerated.Egalitarian)
		same("Utilitarian", merged.Utilitarian, enumerated.Utilitarian)
		if merged.ParetoCount.Cmp(enumerated.ParetoCount) != 0 {
			t.Errorf("case %d: ParetoCount %v, enumeration %v", c, merged.ParetoCount, enumerated.ParetoCount)
		}
		if merged.Acceptable == nil || merged.Acceptable.Cmp(enumerated.Acceptable) != 0 {
			t.Errorf("case %d: Acceptable %v (%s), enumeration %v", c, merged.Acceptable, merged.AcceptableNote, enumerated.Acceptable)
		}
		for i := range enumerated.Ranges {
			if len(merged.Ranges) != len(enumerated.Ranges) || !slices.Equal(merged.Ranges[i].Allowed, enumerated.Ranges[i].Allowed) {
				t.Errorf("case %d: ranges differ: %v vs %v", c, merged.Ranges, enumerated.Ranges)
				break
			}
		}
		if t.Failed() {
			t.Logf("case %d methods: %s / %s", c, merged.Method, enumerated.Method)
			return
		}
	}
	if compared < 20 {
		t.Errorf("only %d of 40 scenarios compared", compared)
	}
}
