package textdiff_test

import (
	"slices"
	"strings"
	"testing"

	"parley/textdiff"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		tags bool
		want []string
	}{
		{"Ukraine's 800,000 U.S. troops", false, []string{"Ukraine's", " ", "800,000", " ", "U.S", ".", " ", "troops"}},
		{"<p>cease &amp; <strong>fire</strong></p>", true, []string{"<p>", "cease", " ", "&amp;", " ", "<strong>", "fire", "</strong>", "</p>"}},
		{"a < b & c", true, []string{"a", " ", "<", " ", "b", " ", "&", " ", "c"}},
	} {
		if got := textdiff.Tokens(tc.in, tc.tags); !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q, %v) = %q, want %q", tc.in, tc.tags, got, tc.want)
		}
	}
}

func TestWordsFoldsPhrases(t *testing.T) {
	var b strings.Builder
	for _, w := range textdiff.Words("limited to 600,000 personnel.", "limited to 800,000 personnel in peacetime.") {
		switch w.Op {
		case "-":
			b.WriteString("[-" + w.Text + "-]")
		case "+":
			b.WriteString("{+" + w.Text + "+}")
		default:
			b.WriteString(w.Text)
		}
	}
	if got, want := b.String(), "limited to [-600,000-]{+800,000+} personnel{+ in peacetime+}."; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// FuzzDiff checks that tokens rebuild their text and that a diff of HTML tokens rebuilds
// both sides.
func FuzzDiff(f *testing.F) {
	f.Add("<p>Both sides <strong>cease fire</strong> at once.</p>", "<p>Both sides <strong>cease all fire</strong> within 72 hours.</p>")
	f.Add("a &amp; b", "a &lt; b")
	f.Fuzz(func(t *testing.T, a, b string) {
		ta, tb := textdiff.Tokens(a, true), textdiff.Tokens(b, true)
		if strings.Join(ta, "") != a || strings.Join(tb, "") != b {
			t.Fatalf("tokens do not rebuild %q / %q", a, b)
		}
		var ra, rb strings.Builder
		for _, w := range textdiff.Diff(ta, tb) {
			if w.Op != "+" {
				ra.WriteString(w.Text)
			}
			if w.Op != "-" {
				rb.WriteString(w.Text)
			}
		}
		if ra.String() != a || rb.String() != b {
			t.Fatalf("rebuilt %q / %q from %q / %q", ra.String(), rb.String(), a, b)
		}
	})
}
