package web_test

import (
	"strings"

	"parley"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAccessibility runs axe-core (WCAG 2.0-2.2, A and AA) on every page as every
// role: mediator, each party, the observer. A page that violates WCAG on purpose proves
// that the checker runs.
func TestBrowserAccessibility(t *testing.T) {
	fs := workspaces(t)
	b := newBrowser(t)
	probe := b.tab(fs[0], "probe")
	probe.open("/nosuchpage")
	if _, err := chromedp.Run(probe.ctx, chromedp.Evaluate[bool](`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/x.png"><input type="text">'); true`)); err != nil {
		t.Fatal(err)
	}
	if vs := probe.axe("a page with faults"); len(vs) == 0 {
		t.Fatal("axe found nothing on a page with an image without text and an unlabelled field: the checks below prove nothing")
	}
	for _, f := range fs {
		w := "/w/" + f.ws.ID
		// A draft of the mediator's, for the editor's forms.
		d, err := f.svc.CreateDraft(f.ctx("us"), f.ws.ID, &parley.DraftCreate{Title: "Next draft", Kind: parley.KindPlan, BasedOn: f.v2.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"us", "ua", "ru", "eu"} {
			tb := b.tab(f, m)
			tb.t = t
			tb.signIn(m)
			paths := append(pages(f), w+"/diff?from="+f.v1.ID+"&to="+f.v2.ID, w+"/diff?from="+f.v1.ID+"&to="+f.v2.ID+"&view=inline&hide=kept",
				w+"/v/"+f.v2.ID, w+"/matrix?v="+f.v1.ID+"&only=blocked")
			if m == "us" {
				paths = append(paths, w+"/v/"+d.ID)
			}
			for _, p := range paths {
				if strings.HasSuffix(p, "/table") {
					continue // a fragment, not a page
				}
				if strings.HasSuffix(p, "/profile") && m != "ua" && m != "ru" {
					continue // parties only
				}
				tb.open(p)
				tb.accessibility(f.name + " " + p)
			}
			tb.open(w)
			tb.screenshot("a11y-overview-" + f.name + "-" + m)
		}
	}
}
