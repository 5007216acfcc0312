package web_test

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, pinned in web/frontend/package.json and copied by its build
// (npm ci && npm run build), embedded here so the accessibility checks need no network.
//
//go:embed testdata/axe.min.js
var axeScript string

// wcagTags are the rules axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const wcagTags = `["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]`

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// accessibility runs axe-core on the tab's current page and reports every WCAG 2.2 A/AA
// violation as a test error naming the page, the rule and the elements.
func (tb *tab) accessibility(page string) {
	tb.t.Helper()
	for _, v := range tb.axe(page) {
		tb.t.Errorf("%s on %s: %s (%s, %s):\n  %s", tb.name, page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
}

// axe returns the WCAG 2.2 A/AA violations axe-core finds on the tab's current page.
func (tb *tab) axe(page string) []axeViolation {
	tb.t.Helper()
	loaded, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`typeof window.axe !== "undefined"`))
	if err != nil {
		tb.t.Fatal(err)
	}
	if !loaded {
		// Evaluated through the DevTools protocol, which the page's Content-Security-Policy
		// does not govern: the page itself still runs only its own scripts.
		if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](axeScript+";true")); err != nil {
			tb.t.Fatalf("load axe-core: %v", err)
		}
	}
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + wcagTags + `}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.html.slice(0, 160))}))))`
	out, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: axe on %s: %v", tb.name, page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		tb.t.Fatalf("axe result %q: %v", out, err)
	}
	return vs
}
