package scenario_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/scenario"
)

// TestDocExample checks that the complete example opening docs/scenario.md parses cleanly.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "scenario.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	if !ok {
		t.Fatal("no ```yaml block in docs/scenario.md")
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("unterminated ```yaml block in docs/scenario.md")
	}
	s, warns, err := scenario.Parse("docs/scenario.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	if got, want := len(s.Parties), 3; got != want {
		t.Errorf("%d parties, want %d", got, want)
	}
}
