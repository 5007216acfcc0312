package analysis_test

import (
	"errors"
	"testing"

	"parley"
	"parley/analysis"
	"parley/scenario"
)

// FuzzUncertain checks that any scenario the YAML parser accepts, partial profiles included,
// is analysed under uncertainty without a panic, and that bad data is an error, never a
// wrong certain verdict on a full profile.
func FuzzUncertain(f *testing.F) {
	f.Add([]byte(`issues:
  - id: a
    options: [x, y, z]
  - id: b
    range: {min: 0, max: 3}
parties:
  - id: p
    profile:
      statements:
        - acceptable: {a: x, b: 1}
        - unacceptable: {a: y, b: 0}
        - prefers: {a: z, b: 3}
          to: {a: x, b: 1}
          strict: true
        - matters_more: a
          than: b
        - better: 2
          than: 0
          issue: b
        - accept_if: a == z or b >= 2
  - id: q
    profile: {reservation: 0.2, weights: {a: 1}, values: {a: {x: 0, y: 0.5, z: 1}}}
`))
	f.Add([]byte("issues:\n  - id: a\n    options: [x, y]\nparties:\n  - id: p\n    profile:\n      statements: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := scenario.Parse("f.yaml", data)
		if err != nil || s.Size().Int64() > 200 || len(s.Issues) > 4 {
			return
		}
		for _, is := range s.Issues {
			if is.Size() > 12 {
				return
			}
		}
		r, err := analysis.AnalyzeUncertain(s, analysis.Options{})
		if err != nil {
			var ce *analysis.ConflictError
			var pe *parley.Error
			if !errors.As(err, &ce) && !errors.As(err, &pe) {
				t.Fatalf("error %v is neither a conflict nor a *parley.Error", err)
			}
			return
		}
		if r.CertainCount > r.PossibleCount {
			t.Fatalf("certain zone %d larger than possible zone %d", r.CertainCount, r.PossibleCount)
		}
	})
}
