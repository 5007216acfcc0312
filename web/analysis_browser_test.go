package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"parley"
	"parley/demo"
)

// TestBrowserAnalysis reads the demo's analysis as its mediator once every party shares its
// profile: the summary first (zone, ranges with units, the values outside them marked),
// the frontier table with its true counts, paged and sorted, its download, and the
// utility-space chart with the versions and the four bargaining points, all accessible.
// The screenshot is the README's (docs/img/analysis.png).
func TestBrowserAnalysis(t *testing.T) {
	f := newFixture(t)
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), f.svc)
	if err != nil {
		t.Fatal(err)
	}
	d := &fixture{srv: f.srv, svc: f.svc, h: f.h, ws: res.Workspace, tokens: map[string]string{}, v1: res.V1, v2: res.V2, name: "demo"}
	for _, tk := range res.Tokens {
		d.tokens[tk.MemberID] = tk.Token
	}
	for _, p := range d.ws.Parties() {
		pp, err := f.svc.Profile(d.ctx(p.ID), d.ws.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		pp.Use = parley.UseShared
		if _, err := f.svc.PutProfile(d.ctx(p.ID), d.ws.ID, p.ID, pp.Rev, pp); err != nil {
			t.Fatal(err)
		}
	}
	fr, err := f.svc.Frontier(d.ctx("united_states"), d.ws.ID, res.V2.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	med := b.tab(d, "mediator")
	med.signIn("united_states")
	w := "/w/" + d.ws.ID + "/analysis?v=" + res.V2.ID
	med.open(w)
	checkSummary(t, med, fr)
	checkFrontierTable(t, med, fr)
	checkDownload(t, med, fr)
	med.open(w)
	checkSpace(t, med)
	med.accessibility("demo analysis")
	med.screenshot("analysis")
	if _, err := chromedp.Run(med.ctx, chromedp.Evaluate[bool](`document.getElementById("h-space").scrollIntoView({block: "start"}); true`)); err != nil {
		t.Fatal(err)
	}
	med.viewShot("readme-analysis")
}

// count returns the number of elements sel matches.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	n, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
	if err != nil {
		tb.t.Fatalf("%s: count %s: %v", tb.name, sel, err)
	}
	return n
}

// texts returns the text of every element sel matches, one a line.
func (tb *tab) texts(sel string) string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(`+strconv.Quote(sel)+`)).map(e => e.textContent.trim()).join("\n")`))
	if err != nil {
		tb.t.Fatalf("%s: texts of %s: %v", tb.name, sel, err)
	}
	return s
}

func checkSummary(t *testing.T, med *tab, fr *parley.Frontier) {
	t.Helper()
	if got := med.text("#zone-exists"); !strings.Contains(got, "acceptable to every party exists") {
		t.Errorf("summary: zone %q", got)
	}
	outside := 0
	for _, r := range fr.Ranges {
		row := med.text(`#zone-ranges tr[data-issue="` + r.Issue + `"]`)
		if r.Inside != nil && !*r.Inside {
			outside++
			if !strings.Contains(row, "outside the range") {
				t.Errorf("summary: %s = %s outside %s is not marked: %q", r.Issue, r.Value, r.Range, row)
			}
		} else if strings.Contains(row, "outside the range") {
			t.Errorf("summary: %s marked outside its range: %q", r.Issue, row)
		}
	}
	if n := med.count("#zone-ranges tr.out-of-range"); n != outside {
		t.Errorf("summary marks %d rows, the services %d", n, outside)
	}
	// Units: the buffer zone's range reads in km.
	if row := med.text(`#zone-ranges tr[data-issue="buffer_km"]`); !strings.Contains(row, "km") {
		t.Errorf("summary: the buffer zone's row has no unit: %q", row)
	}
}

func checkFrontierTable(t *testing.T, med *tab, fr *parley.Frontier) {
	t.Helper()
	counts := med.text("#frontier-counts")
	for _, want := range []string{fr.Count + " Pareto-optimal outcomes", fr.AcceptableCount + " of them acceptable", fr.BestCount + " best acceptable packages"} {
		if !strings.Contains(counts, want) {
			t.Errorf("frontier counts %q lack %q", counts, want)
		}
	}
	if n := med.count("#frontier-table tbody tr"); n != min(25, len(fr.Points)) {
		t.Errorf("first page has %d rows, want %d", n, min(25, len(fr.Points)))
	}
	if len(fr.Points) > 25 {
		med.do(chromedp.Click(chromedp.ID("frontier-next")), chromedp.WaitVisible(chromedp.ID("frontier-prev")))
		if got := med.attr("#frontier-table tbody tr:first-child", "data-rank"); got != "26" {
			t.Errorf("the second page starts at rank %s, want 26", got)
		}
	}
	// Sort by the second party's utility, highest first: the column is in order.
	p := fr.Parties[1]
	med.do(chromedp.Click(chromedp.CSS(`#frontier-table th[data-party="`+p+`"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`#frontier-table th[data-party="`+p+`"][aria-sort=descending]`)))
	col := 2 + len(fr.Ranges) + 1 // rank, issues, first party, second party (1-based nth-child)
	var us []float64
	for _, s := range strings.Fields(med.texts("#frontier-table tbody td:nth-child(" + strconv.Itoa(col) + ")")) {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("utility %q: %v", s, err)
		}
		us = append(us, x)
	}
	best := 0.0
	for _, pt := range fr.Points {
		best = max(best, pt.Utility[p])
	}
	if len(us) == 0 || strings.TrimSpace(strconv.FormatFloat(us[0], 'f', 3, 64)) != strconv.FormatFloat(best, 'f', 3, 64) {
		t.Errorf("sorted by %s's utility, the first row has %v, want %.3f", p, us, best)
	}
	for i := 1; i < len(us); i++ {
		if us[i] > us[i-1] {
			t.Errorf("sorted by %s's utility, descending: %v", p, us)
			break
		}
	}
	// The best acceptable packages, a set of their own.
	med.do(chromedp.Click(chromedp.ID("frontier-best")), chromedp.WaitVisible(chromedp.CSS(`#frontier-table[data-set=best]`)))
	if n := med.count("#frontier-table tbody tr"); n != min(25, len(fr.Best)) {
		t.Errorf("best packages: %d rows, want %d", n, min(25, len(fr.Best)))
	}
}

func checkDownload(t *testing.T, med *tab, fr *parley.Frontier) {
	t.Helper()
	for _, tc := range []struct {
		id, expr string
		want     int
	}{
		{"frontier-csv", `fetch(document.getElementById("frontier-csv").href).then(r => r.text()).then(s => s.trim().split("\n").length)`, len(fr.Points) + len(fr.Best) + 1},
		{"frontier-json", `fetch(document.getElementById("frontier-json").href).then(r => r.json()).then(j => j.points.length + j.best.length)`, len(fr.Points) + len(fr.Best)},
	} {
		n, err := chromedp.Run(med.ctx, chromedp.Evaluate[int](tc.expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if n != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.id, n, tc.want)
		}
	}
}

func checkSpace(t *testing.T, med *tab) {
	t.Helper()
	legend := med.texts("#space svg .legend text")
	for _, want := range []string{"Pareto frontier", "best acceptable packages", "Nash", "Kalai-Smorodinsky", "egalitarian", "utilitarian", "published versions", "reservation"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the utility space's legend %q lacks %q", legend, want)
		}
	}
	if labels := med.texts("#space svg .labels text"); !strings.Contains(labels, "Version 1") || !strings.Contains(labels, "Version 2") {
		t.Errorf("version labels %q", labels)
	}
	if got := med.texts("#space svg text"); !strings.Contains(got, "utility of Russia") && !strings.Contains(got, "utility of") {
		t.Errorf("axes: %q", got)
	}
	if n := med.count("#space-table tbody tr"); n < 6 {
		t.Errorf("the text alternative lists %d points, want the 4 bargaining points and the versions", n)
	}
	if n := med.count("#h-progress ~ figure.chart"); n != 2 {
		t.Errorf("%d progress charts, want 2 (accepted points, smallest gain)", n)
	}
}
