package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"parley"
	"parley/analysis"

	"github.com/chromedp/chromedp"
)

// analysisQuestion reads a question of the page as analysis does.
func analysisQuestion(t *testing.T, sc *parley.Scenario, q *parley.Question) analysis.Question {
	t.Helper()
	index := func(id, v string) int {
		is := sc.Issues[sc.Issue(id)]
		val := parley.Option(v)
		if is.Kind != parley.KindOptions {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("value %q of %s: %v", v, id, err)
			}
			val = parley.Number(x)
		}
		k, ok := is.Index(val)
		if !ok {
			t.Fatalf("no value %q of %s", v, id)
		}
		return k
	}
	pkg := func(m map[string]string) parley.Outcome {
		if m == nil {
			return nil
		}
		o := make(parley.Outcome, len(sc.Issues))
		for i, is := range sc.Issues {
			o[i] = index(is.ID, m[is.ID])
		}
		return o
	}
	aq := analysis.Question{Kind: q.Kind, Package: pkg(q.Package), Other: pkg(q.Other), Issue: q.Issue, OtherIssue: q.OtherIssue}
	if q.Kind == parley.StateBetter {
		is := sc.Issues[sc.Issue(q.Issue)]
		aq.Value, aq.Than = is.Value(index(q.Issue, q.Value)), is.Value(index(q.Issue, q.Than))
	}
	for _, v := range q.Values {
		aq.Values = append(aq.Values, sc.Issues[sc.Issue(q.Issue)].Value(index(q.Issue, v)))
	}
	for _, m := range q.Packages {
		aq.Packages = append(aq.Packages, pkg(m))
	}
	return aq
}

// truthful answers a yes-or-no question as a party whose true profile is t would.
func truthful(t *testing.T, sc *parley.Scenario, truth *analysis.Truth, q *parley.Question) bool {
	return truth.Answer(analysisQuestion(t, sc, q))
}

// formAnswer fills the form of a rank, acceptable_among or order_among question as a party whose true
// profile is truth would, and returns the button that sends it.
func formAnswer(t *testing.T, tb *tab, sc *parley.Scenario, truth *analysis.Truth, q *parley.Question) string {
	r := truth.Reply(analysisQuestion(t, sc, q))
	for place, j := range r.Order {
		tb.do(chromedp.SetValue(chromedp.ID("rank-"+strconv.Itoa(j)), strconv.Itoa(place+1)))
	}
	for j, ok := range r.Acceptable {
		if ok {
			tb.do(chromedp.Click(chromedp.ID("among-" + strconv.Itoa(j))))
		}
	}
	return "#q-given"
}

// TestBrowserElicitation: Ukraine's delegation trades its complete profile for questions and
// answers them truthfully until its verdicts are settled; the mediator's pages then show the
// certain and the possible zone, which equal the zone of the complete profiles.
func TestBrowserElicitation(t *testing.T) {
	f := newFixture(t)
	ua := f.ctx("ua")
	cur, err := f.svc.Profile(ua, f.ws.ID, "ua")
	if err != nil {
		t.Fatal(err)
	}
	sc := f.ws.Scenario()
	truth, err := analysis.NewTruth(sc, cur.Profile.Profile())
	if err != nil {
		t.Fatal(err)
	}
	// Ukraine shares, so that the mediator sees the zone's packages.
	if _, err := f.svc.PutProfile(ua, f.ws.ID, "ua", cur.Rev, &parley.PartyProfile{Profile: cur.Profile, Use: parley.UseShared}); err != nil {
		t.Fatal(err)
	}
	want, err := f.svc.UncertainZone(f.ctx("us"), f.ws.ID)
	if err != nil || !want.Computed || want.Estimate || want.CertainCount == 0 {
		t.Fatalf("the zone of the complete profiles: %+v, %v", want, err)
	}

	b := newBrowser(t)
	del := b.tab(f, "ukraine")
	del.signIn("ua")
	del.open("/w/" + f.ws.ID + "/questions")
	del.accessibility("questions, complete profile")
	del.do(chromedp.Click(chromedp.CSS("#q-start button")), chromedp.WaitVisible(chromedp.ID("q-progress")))
	del.accessibility("questions")
	med := b.tab(f, "mediator")
	med.signIn("us")
	asked := 0
	kinds := map[parley.StatementKind]bool{}
	for ; asked < 60; asked++ {
		settled, err := chromedp.Run(del.ctx, chromedp.Evaluate[bool]("!!document.getElementById('q-settled')"))
		if err != nil {
			t.Fatal(err)
		}
		if settled {
			break
		}
		if asked == 3 {
			med.open("/w/" + f.ws.ID + "/candidates")
			med.screenshot("elicit-zone-open")
			if c, p := med.text("#uzone-certain"), med.text("#uzone-possible"); c == p {
				t.Errorf("after 3 answers the certain zone (%s) already equals the possible zone (%s)", c, p)
			}
		}
		raw, err := chromedp.Run(del.ctx, chromedp.Evaluate[string]("document.querySelector('#q-form input[name=question]').value"))
		if err != nil {
			t.Fatal(err)
		}
		rev, err := chromedp.Run(del.ctx, chromedp.Evaluate[string]("document.querySelector('#q-form input[name=rev]').value"))
		if err != nil {
			t.Fatal(err)
		}
		var q parley.Question
		if err := json.Unmarshal([]byte(raw), &q); err != nil {
			t.Fatalf("question %q: %v", raw, err)
		}
		button := "#q-no"
		switch {
		case q.Kind == parley.QuestionRank || q.Kind == parley.QuestionAcceptableAmong || q.Kind == parley.QuestionOrderAmong:
			kinds[q.Kind] = true
			button = formAnswer(t, del, sc, truth, &q)
		case truthful(t, sc, truth, &q):
			button = "#q-yes"
		}
		del.do(chromedp.Click(chromedp.CSS(button)))
		// The next page is complete: settled, or a question at a later revision.
		del.waitJS(`document.readyState === "complete" && (document.getElementById("q-settled") || document.getElementById("form-error") ||
			(document.querySelector("#q-form input[name=rev]") && document.querySelector("#q-form input[name=rev]").value !== "` + rev + `"))`)
		if msg, err := chromedp.Run(del.ctx, chromedp.Evaluate[string](`(document.getElementById("form-error") || {}).textContent || ""`)); err != nil || msg != "" {
			t.Fatalf("after answer %d: %q %v", asked, msg, err)
		}
	}
	t.Logf("settled after %d questions, kinds %v", asked, kinds)
	if n := strings.Count(del.text("#q-statements"), "Remove"); n < asked {
		t.Errorf("%d statements listed after %d answers", n, asked)
	}
	if !kinds[parley.QuestionOrderAmong] {
		t.Errorf("no order_among question asked in %d questions: %v", asked, kinds)
	}
	if got := del.text("#q-open"); got != "0" {
		t.Errorf("open packages after settling: %s", got)
	}
	del.screenshot("elicit-questions")

	med.open("/w/" + f.ws.ID + "/candidates")
	wantText := strconv.FormatInt(want.CertainCount, 10) + " package(s)"
	if c, p := med.text("#uzone-certain"), med.text("#uzone-possible"); c != wantText || p != wantText {
		t.Errorf("settled: certain %q, possible %q; want both %q", c, p, wantText)
	}
	if got := med.text("#uzone-estimate"); got != "estimate" {
		t.Errorf("the zone is not labelled an estimate: %q", got)
	}
	if !strings.Contains(med.text("#uzone-ranges"), want.CertainRanges["buffer_km"]) {
		t.Errorf("ranges %q do not hold the true range %q", med.text("#uzone-ranges"), want.CertainRanges["buffer_km"])
	}
	med.accessibility("candidates")
	med.screenshot("elicit-zone")
	med.open("/w/" + f.ws.ID)
	if got := med.text("#uzone-certain"); got != wantText {
		t.Errorf("the desk's zone: %q, want %q", got, wantText)
	}
}
