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

// TestDocStatements checks that the partial profile of docs/scenario.md parses when added as
// a party to the opening example.
func TestDocStatements(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "scenario.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "```yaml\n")
	opening, _, _ := strings.Cut(rest, "```")
	_, rest, ok := strings.Cut(string(doc), "## Partial profiles: statements")
	if !ok {
		t.Fatal("no statements section")
	}
	_, rest, _ = strings.Cut(rest, "```yaml\n")
	block, _, _ := strings.Cut(rest, "```")
	block = strings.Replace(block, "id: south", "id: south2", 1)
	s, _, err := scenario.Parse("docs/scenario.md", []byte(opening+block))
	if err != nil {
		t.Fatal(err)
	}
	p := s.Parties[len(s.Parties)-1].Profile
	if !p.Partial || len(p.Statements) != 6 {
		t.Fatalf("partial profile %+v", p)
	}
}
