package genius_test

import (
	"path/filepath"
	"testing"

	"parley/genius"
	"parley/scenario"
)

// TestYAMLRoundTrip takes every shared domain GENIUS -> parley YAML -> GENIUS: the issues
// and values stay identical and every party's utilities stay the same, Laptop's weights
// that sum to 1.00005 included (the YAML says normalise_weights: false).
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
