package genius_test

import (
	"math"
	"path/filepath"
	"testing"

	"parley/genius"
	"parley/scenario"
)

// TestYAMLRoundTrip takes every shared domain GENIUS -> parley YAML -> GENIUS: the issues
// and values stay identical and every party's utilities stay the same, except where parley
// YAML divides weights that do not sum to 1 by their sum (Laptop), which the expected
// scenario does too.
func TestYAMLRoundTrip(t *testing.T) {
	dirs := append(folders(t, "domains"), folders(t, "domains-nonlinear")...)
	dirs = append(dirs, folders(t, "domains-geniusweb")...)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := mustReadDir(t, dir)
			data, err := scenario.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			y, _, err := scenario.Parse("scenario.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range a.Parties {
				sum := 0.0
				for _, w := range p.Profile.Weights {
					sum += w
				}
				if sum > 0 && math.Abs(sum-1) > 1e-9 {
					for id := range p.Profile.Weights {
						p.Profile.Weights[id] /= sum
					}
				}
			}
			sameScenario(t, a, y)
			out := t.TempDir()
			write := genius.WriteDir
			if filepath.Base(filepath.Dir(dir)) == "domains-geniusweb" {
				write = genius.WriteWebDir
			}
			if _, err := write(out, y); err != nil {
				t.Fatal(err)
			}
			b := mustReadDir(t, out)
			sameScenario(t, a, b)
		})
	}
}
