package workspace_test

import (
	"testing"

	"parley"
	"parley/workspace"
)

func TestAmendValue(t *testing.T) {
	km := suggestIssues[0]
	gua := suggestIssues[1]
	for _, c := range []struct {
		is   *parley.Issue
		text string
		want int // -1: none
	}{
		{km, "40 km at most", 8},
		{km, "a strip of 35", 7},
		{km, "between 30 and 40 km", -1}, // two values: which one?
		{km, "37 km", -1},                // not on the grid
		{km, "no strip at all", -1},
		{km, "-5 km", -1},
		{km, "40 km, as said: 40", 8},
		{gua, "Collective guarantees only", 2},
		{gua, "bilateral or collective", -1},
		{gua, "nonexistent guarantees", -1}, // "none" only as a whole word
		{gua, "none.", 0},
		{gua, "", -1},
	} {
		k, ok := workspace.AmendValue(c.is, c.text)
		if c.want < 0 && ok || c.want >= 0 && (!ok || k != c.want) {
			t.Errorf("%s: %q gives %d, %v; want %d", c.is.ID, c.text, k, ok, c.want)
		}
	}
}

// FuzzAmendValue checks that reading an amendment's free text never panics and only ever
// returns a value of the issue.
func FuzzAmendValue(f *testing.F) {
	for _, s := range []string{"40 km at most", "collective", "-0.5e3", "none none", "\xff40"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, is := range suggestIssues {
			if k, ok := workspace.AmendValue(is, text); ok && (k < 0 || k >= is.Size()) {
				t.Fatalf("%s: %q gives %d, outside [0, %d)", is.ID, text, k, is.Size())
			}
		}
	})
}
