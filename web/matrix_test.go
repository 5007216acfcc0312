package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// cells returns the data-mark of every cell of the matrix row whose header starts with
// "N. ", in column order.
func cells(body, n string) []string {
	i := strings.Index(body, `<th scope="row">`+n+". ")
	if i < 0 {
		return nil
	}
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	var out []string
	for _, m := range regexp.MustCompile(`data-mark="([a-z]+)"`).FindAllStringSubmatch(row, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMatrixPage(t *testing.T) {
	f := newFixture(t)
	w := "/w/" + f.ws.ID + "/matrix?v=" + f.v1.ID
	t.Run("Mediator", func(t *testing.T) {
		c := f.client(t)
		c.signIn("us")
		_, body := c.get(w)
		// Columns: Ukraine, Russia. Ukraine amends point 1 (privately); nobody answered the
		// rest; point 3 is not shown to Russia.
		for n, want := range map[string]string{"1": "amend none", "2": "none none", "3": "none notshown"} {
			if got := strings.Join(cells(body, n), " "); got != want {
				t.Errorf("point %s: cells %q, want %q", n, got, want)
			}
		}
		for _, want := range []string{"Ukraine:</strong>", "Within 72 hours.", "point not shown to this party", "no answer", "✎"} {
			if !strings.Contains(body, want) {
				t.Errorf("matrix lacks %q", want)
			}
		}
		if !strings.Contains(body, `id="matrix-summary">4 points: <span class="count-accept">0`) {
			t.Errorf("summary counts missing:\n%s", body[strings.Index(body, "matrix-summary"):][:400])
		}
		_, blocked := c.get(w + "&only=blocked")
		if cells(blocked, "1") == nil || cells(blocked, "2") != nil || !strings.Contains(blocked, "3 others not shown") {
			t.Error("only=blocked should keep point 1 (amended) alone")
		}
	})
	t.Run("OtherParty", func(t *testing.T) {
		c := f.client(t)
		c.signIn("ru")
		_, body := c.get(w)
		got := strings.Join(cells(body, "1"), " ")
		if got != "unseen none" && got != "nopublic none" {
			t.Errorf("Russia sees point 1 as %q, want Ukraine's stance unseen or no public answer, its own none", got)
		}
		if strings.Contains(body, "Within 72 hours") || strings.Contains(body, markPrivate) {
			t.Error("Russia sees Ukraine's private amendment")
		}
		if strings.Contains(body, "amend") && strings.Contains(cells(body, "1")[0], "amend") {
			t.Error("Russia learns that Ukraine amends")
		}
	})
}
