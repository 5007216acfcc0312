package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"parley"
)

// TestBrowserWorkflows runs every role's workflow end to end in Chromium, on the peace-talks
// workspace and on one made through the API from the labour-contract example (one server,
// one browser): the mediator reads the desk, drafts version 3 from version 2 (every point
// shown to everyone, one bound number changed), publishes it, reads the diff and the
// analysis; each delegation edits its profile and marks every point (one amendment, later
// withdrawn); the mediator reads the desk again, proposes the version; the parties sign
// (the labour employer declines); the observer reads. Every step saves a screenshot.
func TestBrowserWorkflows(t *testing.T) {
	b := newBrowser(t)
	scrolled := false
	for _, f := range workspaces(t) {
		t.Run(f.name, func(t *testing.T) {
			wf := &workflow{t: t, b: b, f: f, w: "/w/" + f.ws.ID}
			wf.draftAndPublish()
			wf.diffAndAnalysis()
			scrolled = wf.delegations() || scrolled
			wf.deskBlocked()
			wf.proposeAndSign()
			wf.observer()
		})
	}
	if !scrolled {
		t.Error("no profile page was taller than the window: the preview's staying in view was never checked")
	}
}

// workflow is one workspace's run through TestBrowserWorkflows.
type workflow struct {
	t       *testing.T
	b       *browser
	f       *fixture
	w       string // "/w/ID"
	med     *tab
	v3      string            // the version the mediator publishes
	changed *parley.PlanPoint // the point of version 2 whose bound number changes
	issue   string            // the issue it binds
	amend   string            // the union's (Ukraine's) amendment of it
}

func (wf *workflow) tab(member, name string) *tab {
	tb := wf.b.tab(wf.f, name)
	tb.t = wf.t
	tb.signIn(member)
	return tb
}

func (wf *workflow) shot(tb *tab, what string) { tb.screenshot("workflow-" + wf.f.name + "-" + what) }

// submitJS runs js, which submits a form by script, and waits for the next page.
func (tb *tab) submitJS(js string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool]("window.parleyOld = true; "+js+"; true")); err != nil {
		tb.t.Fatalf("%s: %s: %v", tb.name, js, err)
	}
	tb.waitJS(`!window.parleyOld && document.readyState === "complete"`)
}

// numberPoint returns the first point of v that binds a number issue, with the issue, and
// another value of that issue (the next one down, or up at the bottom).
func numberPoint(ws *parley.Workspace, v *parley.Version) (*parley.PlanPoint, *parley.Issue, string) {
	for _, p := range v.Points {
		for _, is := range ws.Issues {
			val, ok := p.Bindings[is.ID]
			if !ok || is.Kind == parley.KindOptions {
				continue
			}
			var x float64
			fmt.Sscan(val, &x)
			k, _ := is.Index(parley.Number(x))
			if k > 0 {
				return p, is, is.Value(k - 1).String()
			}
			return p, is, is.Value(k + 1).String()
		}
	}
	return nil, nil, ""
}

// draftAndPublish: the mediator reads the desk of version 2, drafts version 3 from it in the
// editor and publishes it.
func (wf *workflow) draftAndPublish() {
	t, f := wf.t, wf.f
	wf.med = wf.tab("us", "mediator")
	med := wf.med
	med.open(wf.w)
	med.do(chromedp.WaitVisible(chromedp.ID("desk-next")))
	if got := med.text("#h-desk"); !strings.Contains(got, "version 2") {
		t.Errorf("the desk is about %q, want version 2", got)
	}
	if n, err := chromedp.Run(med.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#desk-next li").length`)); err != nil || n == 0 {
		t.Errorf("the desk proposes no next step (%v)", err)
	}
	wf.shot(med, "desk-v2")

	med.open(wf.w + "/plan")
	med.do(
		chromedp.SendKeys(chromedp.ID("draft-title"), "Third text"),
		chromedp.Click(chromedp.CSS("#new-draft button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("add-point")),
	)
	for _, p := range f.v2.Points {
		if len(p.VisibleTo) > 0 {
			med.submitJS(fmt.Sprintf(`(() => { const f = document.getElementById("form-edit-%s"); f.querySelectorAll("input[name=visible]").forEach(c => c.checked = false); f.requestSubmit(); })()`, p.ID))
			if got := med.text("#flash"); got != fmt.Sprintf("Point %d saved.", p.Number) {
				t.Errorf("after showing point %d to everyone the page says %q", p.Number, got)
			}
		}
	}
	p, is, val := numberPoint(f.ws, f.v2)
	if p == nil {
		t.Fatal("version 2 binds no number issue")
	}
	wf.changed, wf.issue = p, is.ID
	med.submitJS(fmt.Sprintf(`(() => { const f = document.getElementById("form-edit-%s"); f.querySelector('input[name="bind.%s"]').value = %q; f.requestSubmit(); })()`, p.ID, is.ID, val))
	med.do(chromedp.Click(chromedp.ID("publish")), chromedp.WaitVisible(chromedp.CSS("span.badge.published")))
	if got := med.text("#flash"); !strings.HasPrefix(got, "Published as version 3.") {
		t.Fatalf("after publishing the page says %q", got)
	}
	loc, _, _ := strings.Cut(med.location(), "?")
	wf.v3 = loc[strings.LastIndex(loc, "/")+1:]
	wf.shot(med, "published")
}

// diffAndAnalysis: the mediator compares version 3 with version 2 and reads its analysis.
func (wf *workflow) diffAndAnalysis() {
	med := wf.med
	med.open(wf.w + "/diff?from=" + wf.f.v2.ID + "&to=" + wf.v3)
	med.do(chromedp.WaitVisible(chromedp.ID("diff-table")))
	if txt := med.text("#diff-table"); !strings.Contains(txt, "values changed") || !strings.Contains(txt, wf.changed.Title) {
		wf.t.Errorf("the diff does not show the changed value of %q: %q", wf.changed.Title, txt)
	}
	wf.shot(med, "diff")
	med.open(wf.w + "/analysis?v=" + wf.v3)
	if h := med.text("main h1"); h == "" {
		wf.t.Error("the analysis page has no heading")
	}
	wf.shot(med, "analysis")
}

// delegations: each party edits its profile and shares it with the mediator (the preview
// stays in view as it scrolls), and
// marks every point of version 3; Ukraine (the union) amends the changed point. It reports
// whether a profile page was tall enough to scroll.
func (wf *workflow) delegations() (scrolled bool) {
	t := wf.t
	wf.amend = "AMENDMENT-" + wf.f.name + ": keep the earlier value."
	for _, m := range []string{"ua", "ru"} {
		tb := wf.tab(m, "party-"+m)
		tb.open(wf.w + "/profile")
		tb.do(chromedp.SetValue(chromedp.ID("reservation"), "0.05"), chromedp.Click(chromedp.CSS(`input[name=use][value=shared]`)))
		tall, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(() => { const tall = document.documentElement.scrollHeight > innerHeight + 200; scrollTo(0, document.documentElement.scrollHeight); return tall; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if tall {
			scrolled = true
			tb.waitJS(`(() => { const r = document.querySelector("aside.preview").getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight / 2; })()`)
		}
		wf.shot(tb, "profile-"+m)
		tb.do(chromedp.Click(chromedp.ID("save-profile")), chromedp.WaitVisible(chromedp.ID("saved")))
		tb.open(wf.w + "/v/" + wf.v3)
		for _, p := range wf.points() {
			mark := "accept"
			if m == "ua" && p.ID == wf.changed.ID {
				mark = "amend"
			}
			tb.mark(p.ID, mark, wf.amend)
		}
		wf.shot(tb, "stances-"+m)
	}
	return scrolled
}

// points returns version 3's points as the mediator reads them.
func (wf *workflow) points() []*parley.PlanPoint {
	v, err := wf.f.svc.Version(wf.f.ctx("us"), wf.f.ws.ID, wf.v3)
	if err != nil {
		wf.t.Fatal(err)
	}
	return v.Points
}

// mark saves the tab's party's stance on a point of the version page it shows.
func (tb *tab) mark(point, mark, amendment string) {
	tb.t.Helper()
	form := "#stance-" + point
	steps := []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(form + " input[value=" + mark + "]"))}
	if mark == "amend" {
		steps = append(steps, chromedp.Click(chromedp.CSS(form+" summary")), chromedp.SendKeys(chromedp.ID("amend-"+point), amendment))
	} else if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.getElementById("amend-`+point+`").value = ""; true`)); err != nil {
		tb.t.Fatal(err) // an earlier amendment is withdrawn
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(form+" button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(form+" [role=status]")))
	tb.do(steps...)
}

// deskBlocked: the mediator's desk shows the amended point blocked, the amendment beside
// the text, and asks for it to be reworked; once Ukraine accepts it, the desk says to
// propose the version.
func (wf *workflow) deskBlocked() {
	t, med := wf.t, wf.med
	med.open(wf.w)
	n := wf.changed.Number
	for _, p := range wf.points() {
		if p.ID == wf.changed.ID {
			n = p.Number
		}
	}
	sel := fmt.Sprintf("#desk-pt-%d", n)
	med.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	if got := med.text(sel); !strings.Contains(got, wf.amend) || !strings.Contains(got, "proposes") {
		t.Errorf("the blocked point on the desk reads %q, want the amendment beside the text", got)
	}
	if got := med.text("#desk-counts"); !strings.Contains(got, "1 blocked") {
		t.Errorf("desk counts %q", got)
	}
	if got := med.text(`#desk-next li[data-kind="draft"]`); !strings.Contains(got, fmt.Sprintf("Rework point %d", n)) {
		t.Errorf("first drafting step %q", got)
	}
	// Every party shares its profile now: the issue comes with its agreement range and the
	// nearest compromises, with its unit.
	is := wf.f.ws.Issues[wf.f.ws.Scenario().Issue(wf.issue)]
	row := med.text(`#desk-issues tr[data-issue="` + wf.issue + `"]`)
	if !strings.Contains(row, is.DisplayName()) || strings.Contains(row, "not known") || strings.Count(row, " "+is.Unit) < 4 {
		t.Errorf("the blocking issue %s reads %q, want its value, range, Nash and Kalai-Smorodinsky values in %s", wf.issue, row, is.Unit)
	}
	med.accessibility(wf.f.name + " desk")
	wf.shot(med, "desk-blocked")

	// Ukraine accepts the point after all: the desk follows live, without a reload.
	if _, err := chromedp.Run(med.ctx, chromedp.Evaluate[bool]("window.parleyNoReload = true")); err != nil {
		t.Fatal(err)
	}
	// (The desk also refreshes when its stream opens, so a write before that is not missed.)
	ua := wf.tab("ua", "ukraine-accepts")
	ua.open(wf.w + "/v/" + wf.v3)
	ua.mark(wf.changed.ID, "accept", "")
	med.waitJS(`document.querySelector('#desk-next li[data-kind="propose"]')`)
	if got := med.text("#desk-next li"); !strings.Contains(got, "propose it for signature") {
		t.Errorf("with every point accepted the next step is %q", got)
	}
	if still, err := chromedp.Run(med.ctx, chromedp.Evaluate[bool]("window.parleyNoReload === true")); err != nil || !still {
		t.Errorf("the overview was reloaded (%v): the desk must follow live", err)
	}
	wf.shot(med, "desk-accepted")
}

// proposeAndSign: the mediator proposes version 3; Ukraine (the union) signs; Russia signs
// on the peace talks, the employer declines on the labour contract.
func (wf *workflow) proposeAndSign() {
	t, med := wf.t, wf.med
	med.open(wf.w + "/ratification")
	med.do(chromedp.SetValue(chromedp.ID("rat-version"), wf.v3), chromedp.Click(chromedp.ID("propose")))
	med.waitJS(`document.querySelector("#ratifications .badge.state-open")`)
	med.open(wf.w)
	if got := med.text("#desk-next li"); !strings.Contains(got, "wait for") {
		t.Errorf("with a proposal open the next step is %q", got)
	}
	second, want := "sign", "agreed"
	if wf.f.name == "labour" {
		second, want = "decline", "declined"
	}
	for _, m := range []struct{ who, decision string }{{"ua", "sign"}, {"ru", second}} {
		tb := wf.tab(m.who, "decides-"+m.who)
		tb.open(wf.w + "/ratification")
		// Read by script: a live update may swap the panel between a query and a read.
		tb.waitJS(`document.querySelector("#sign-hash code")`)
		if got, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.querySelector("#sign-hash code").textContent`)); err != nil || len([]rune(got)) > 13 {
			t.Errorf("the signing section shows the hash %q (%v), want it shortened", got, err)
		}
		// Clicked by script, at once: a live update may replace the button between a query and a click.
		tb.submitJS(`document.getElementById("` + m.decision + `").click()`)
		tb.waitJS(`document.getElementById("ratifications") && !document.getElementById("sign-form")`)
		wf.shot(tb, "ratification-"+m.who)
	}
	med.open(wf.w + "/ratification")
	med.waitJS(`document.querySelector("#ratifications .badge.state-` + want + `")`)
	wf.shot(med, "ratification")
}

// observer: the observer reads the overview (without the desk), the new version and the
// matrix.
func (wf *workflow) observer() {
	eu := wf.tab("eu", "observer")
	eu.open(wf.w)
	if has, err := chromedp.Run(eu.ctx, chromedp.Evaluate[bool](`!!document.getElementById("desk")`)); err != nil || has {
		wf.t.Errorf("the observer's overview shows the desk (%v)", err)
	}
	eu.open(wf.w + "/v/" + wf.v3)
	if got := eu.text("main h1"); !strings.Contains(got, "Version 3") {
		wf.t.Errorf("the observer reads %q", got)
	}
	eu.open(wf.w + "/matrix?v=" + wf.v3)
	eu.do(chromedp.WaitVisible(chromedp.ID("matrix-table")))
	wf.shot(eu, "observer")
}
