package redline_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"parley/redline"
)

// TestDocumentedErrors checks every "| `red line` | `error` |" row of the Errors section of
// docs/redlines.md against Parse, so the documentation cannot drift from the code.
func TestDocumentedErrors(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "redlines.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, errs, ok := strings.Cut(string(doc), "\n## Errors\n")
	if !ok {
		t.Fatal("no Errors section in docs/redlines.md")
	}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)` \\| `([^`]+)` \\|$")
	rows := row.FindAllStringSubmatch(errs, -1)
	if len(rows) < 15 {
		t.Fatalf("found %d documented errors, want the whole table", len(rows))
	}
	s := testScenario()
	for _, r := range rows {
		src, want := r[1], r[2]
		_, err := redline.Parse(src, s)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q) = %v, docs say %s", src, err, want)
		}
	}
}
