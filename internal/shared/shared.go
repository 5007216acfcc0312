// Package shared locates, for tests and benchmarks, the third-party data that lives beside
// the repository and is never committed: the ANAC domains (PARLEY_DOMAINS, by default
// ../shared/domains beside the repository root) and its sibling folders domains-nonlinear
// and domains-geniusweb.
//
// It imports only the standard library and is used only by tests.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data folder name ("domains", "domains-nonlinear",
// "domains-geniusweb"): PARLEY_DOMAINS for domains and its siblings for the others, by default
// ../shared/<name> beside the repository root (the folder holding go.mod).
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	if d := os.Getenv("PARLEY_DOMAINS"); d != "" {
		if name == "domains" {
			return d
		}
		return filepath.Join(filepath.Dir(filepath.Clean(d)), name)
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for ; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", name)
		}
		if filepath.Dir(dir) == dir {
			tb.Fatal("no go.mod above the working directory")
		}
	}
}

// Folders returns the scenario folders in the shared data folder name, failing the test when
// there are none.
func Folders(tb testing.TB, name string) []string {
	tb.Helper()
	root := Dir(tb, name)
	ents, err := os.ReadDir(root)
	if err != nil {
		tb.Fatalf("shared data: %v (set PARLEY_DOMAINS)", err)
	}
	var ds []string
	for _, e := range ents {
		if e.IsDir() {
			ds = append(ds, filepath.Join(root, e.Name()))
		}
	}
	if len(ds) == 0 {
		tb.Fatalf("no scenario folders in %s", root)
	}
	return ds
}
