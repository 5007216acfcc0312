package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"parley"
)

// workspaces returns the two workspaces the browser tests run on: the peace talks of the
// fixture (with its second version and a rival draft) and the labour contract made through
// the API.
func workspaces(t *testing.T) []*fixture {
	f := newFixture(t)
	f.name = "peace"
	f.secondVersion(t)
	return []*fixture{f, labour(t, f)}
}

// TestBrowserDiff reads the diff of versions 1 and 2 as the mediator, side by side and then
// inline with the unchanged points hidden, on both workspaces.
func TestBrowserDiff(t *testing.T) {
	b := newBrowser(t)
	for _, f := range workspaces(t) {
		t.Run(f.name, func(t *testing.T) {
			med := b.tab(f, "mediator")
			med.t = t
			med.signIn("us")
			med.open("/w/" + f.ws.ID + "/diff?from=" + f.v1.ID + "&to=" + f.v2.ID)
			med.do(chromedp.WaitVisible(chromedp.CSS("#diff-table ins")))
			// Removed and added words never touch: a space or a margin between them.
			touching, err := chromedp.Run(med.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("#diff-table del + ins, #diff-table ins + del")].filter(e => parseFloat(getComputedStyle(e).marginLeft) <= 0 && !/\s$/.test(e.previousSibling && e.previousSibling.nodeType === 3 ? e.previousSibling.textContent : "")).length`))
			if err != nil || touching != 0 {
				t.Errorf("%d removed and added words run together (%v)", touching, err)
			}
			// No raw Markdown: the emphasis is rendered.
			if txt := med.text("#diff-table"); strings.Contains(txt, "**") {
				t.Errorf("the diff shows raw Markdown: %q", txt)
			}
			if txt := med.text("#diff-table"); !strings.Contains(txt, "values changed") {
				t.Errorf("a changed bound value is not shown as such: %q", txt)
			}
			med.accessibility("diff")
			med.screenshot("diff-" + f.name)

			med.do(
				chromedp.SetValue(chromedp.ID("diff-view"), "inline"),
				chromedp.Click(chromedp.ID("diff-hide")),
				chromedp.Click(chromedp.CSS("#diff-form button[type=submit]")),
			)
			med.waitJS(`document.readyState === "complete" && document.querySelector("table.diff.inline")`)
			if loc := med.location(); !strings.Contains(loc, "view=inline") || !strings.Contains(loc, "hide=kept") {
				t.Errorf("location %s", loc)
			}
			kept, err := chromedp.Run(med.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#diff-table tr[data-change="kept"]:not([data-moved])').length`))
			if err != nil || kept != 0 {
				t.Errorf("%d unchanged points shown with hide unchanged (%v)", kept, err)
			}
			med.accessibility("diff inline")
			med.screenshot("diff-inline-" + f.name)
		})
	}
}

// TestBrowserMatrix reads the stance matrix as the mediator and as a party: the legend,
// the counts, the blocked-only filter, the amendment beside its point.
func TestBrowserMatrix(t *testing.T) {
	b := newBrowser(t)
	for _, f := range workspaces(t) {
		t.Run(f.name, func(t *testing.T) {
			med := b.tab(f, "mediator")
			med.t = t
			med.signIn("us")
			countSwaps(med)
			med.open("/w/" + f.ws.ID + "/matrix?v=" + f.v1.ID)
			med.do(chromedp.WaitVisible(chromedp.ID("matrix-legend")))
			// The live stream's first event refreshes the table: read it after that, in one
			// evaluation each, so a swap never falls between finding a node and reading it.
			med.waitEvent("ready")
			med.swaps(1) // and the clicks below cannot race that refresh
			for _, want := range []string{"accepts", "rejects", "amends", "reserves", "no answer", "point not shown to this party"} {
				med.waitJS(`document.getElementById("matrix-legend") && document.getElementById("matrix-legend").textContent.includes(` + strconv.Quote(want) + `)`)
			}
			amendments, err := chromedp.Run(med.ctx, chromedp.Evaluate[string](`document.querySelector("#matrix-table td.amendments").textContent`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(amendments, ":") {
				t.Errorf("no amendment beside the first point: %q", amendments)
			}
			med.do(
				chromedp.Click(chromedp.ID("matrix-blocked")),
				chromedp.Click(chromedp.CSS("#matrix-form button[type=submit]")),
			)
			med.waitJS(`location.search.includes("only=blocked") && document.readyState === "complete" && document.getElementById("matrix-table")`)
			rows, err := chromedp.Run(med.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#matrix-table tbody tr").length`))
			blocked, err2 := chromedp.Run(med.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#matrix-table tbody tr.blocked").length`))
			if err != nil || err2 != nil || rows == 0 || rows != blocked {
				t.Errorf("blocked only: %d rows, %d of them blocked (%v, %v)", rows, blocked, err, err2)
			}
			med.accessibility("matrix blocked only")
			med.screenshot("matrix-" + f.name)

			party := b.tab(f, "party")
			party.t = t
			party.signIn("ru")
			party.open("/w/" + f.ws.ID + "/matrix?v=" + f.v1.ID)
			party.do(chromedp.WaitVisible(chromedp.ID("matrix-table")))
			party.accessibility("matrix as a party")
			party.screenshot("matrix-party-" + f.name)
		})
	}
}

// TestBrowserKeepsWork: a live update does not erase a comment being typed; decline asks
// first; an added point is confirmed where it lands.
func TestBrowserKeepsWork(t *testing.T) {
	f := newFixture(t)
	b := newBrowser(t)
	// A version every party sees in full (a version with a hidden point cannot be signed).
	med0 := f.ctx("us")
	d, err := f.svc.CreateDraft(med0, f.ws.ID, &parley.DraftCreate{Title: "For signature", Kind: parley.KindPlan, BasedOn: f.v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = f.svc.EditDraft(med0, f.ws.ID, d.ID, d.Rev, []parley.PointOp{{Op: "remove", Point: f.v1.Points[2].ID}}); err != nil {
		t.Fatal(err)
	}
	if d, err = f.svc.Publish(med0, f.ws.ID, d.ID, d.Rev); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Propose(med0, f.ws.ID, d.ID, parley.ProposeOptions{}); err != nil {
		t.Fatal(err)
	}
	ua := b.tab(f, "ukraine")
	ua.signIn("ua")
	countSwaps(ua)
	ua.open("/w/" + f.ws.ID + "/ratification")
	ua.waitEvent("ready")
	ua.swaps(1) // the refresh "ready" asks for has landed: typing cannot race it
	ua.do(chromedp.SendKeys(chromedp.ID("sign-comment"), "We sign subject to the Rada's vote"))
	// Tag the live field: after the update it must be the same element, not a copy.
	if _, err := chromedp.Run(ua.ctx, chromedp.Evaluate[bool](`document.getElementById("sign-comment").parleyTag = "typed"; true`)); err != nil {
		t.Fatal(err)
	}
	// Russia signs meanwhile: Ukraine's panel follows live.
	rats, err := f.svc.Ratifications(f.ctx("ru"), f.ws.ID)
	if err != nil || len(rats) != 1 {
		t.Fatalf("ratifications %v, %v", rats, err)
	}
	if _, err := f.svc.Sign(f.ctx("ru"), f.ws.ID, rats[0].ID, parley.DecisionSign, rats[0].Hash, ""); err != nil {
		t.Fatal(err)
	}
	ua.waitEvent("change")
	ua.waitJS(`document.querySelector("#ratifications td.st-accept")`)
	if got, err := chromedp.Run(ua.ctx, chromedp.Value(chromedp.ID("sign-comment"))); err != nil || got != "We sign subject to the Rada's vote" {
		t.Errorf("after the live update the comment reads %q (%v)", got, err)
	}
	if same, err := chromedp.Run(ua.ctx, chromedp.Evaluate[bool](`document.getElementById("sign-comment").parleyTag === "typed" && document.activeElement.id === "sign-comment"`)); err != nil || !same {
		t.Errorf("the live update replaced the field being typed into, or took the focus away (%v)", err)
	}
	ua.screenshot("keeps-comment")
	ua.do(chromedp.Click(chromedp.ID("decline")))
	ua.waitJS(`document.querySelector("#ratifications td.st-reject")`)
	ua.mu.Lock()
	asked := strings.Join(ua.dialogs, "|")
	ua.mu.Unlock()
	if !strings.Contains(asked, "Decline this version") {
		t.Errorf("decline did not ask first (dialogs %q)", asked)
	}

	// The mediator adds a point to a new draft: the page opens at the point and says so.
	med := b.tab(f, "mediator")
	med.signIn("us")
	med.open("/w/" + f.ws.ID + "/plan")
	med.do(
		chromedp.SendKeys(chromedp.ID("draft-title"), "Third draft"),
		chromedp.Click(chromedp.CSS("#new-draft button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("add-point")),
		chromedp.SendKeys(chromedp.ID("title-add"), "Prisoners"),
		chromedp.SendKeys(chromedp.ID("text-add"), "All for all."),
		chromedp.SendKeys(chromedp.ID("bind-add-buffer_km"), "30"),
		chromedp.Click(chromedp.CSS("#add-point button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	if got := med.text("#flash"); got != "Point 4 added." {
		t.Errorf("flash %q", got)
	}
	if loc := med.location(); !strings.Contains(loc, "#p-") {
		t.Errorf("the page did not open at the new point: %s", loc)
	}
	med.accessibility("draft editor")
	med.screenshot("point-added")
}
