package genius_test

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir returns a folder of the shared third-party data: PARLEY_DOMAINS for "domains",
// its siblings for "domains-nonlinear" and "domains-geniusweb"; by default ../shared/<name>
// beside the repository root.
func sharedDir(tb testing.TB, name string) string {
	tb.Helper()
	if d := os.Getenv("PARLEY_DOMAINS"); d != "" {
		if name == "domains" {
			return d
		}
		return filepath.Join(filepath.Dir(filepath.Clean(d)), name)
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", name)
		}
		if filepath.Dir(dir) == dir {
			tb.Fatal("no go.mod above the working directory")
		}
	}
}

// folders returns the scenario folders under a shared data folder, failing when there are none.
func folders(tb testing.TB, name string) []string {
	tb.Helper()
	root := sharedDir(tb, name)
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
