package web_test

import (
	"strings"
	"testing"

	"parley"
)

// secondVersion publishes version 2 of the fixture's plan: the ceasefire reworded (with
// Markdown), the buffer zone rebound from 40 to 35 km with its text unchanged, the alliances
// point shown to the mediator and Ukraine only; and a rival draft by the observer, written
// from scratch. It returns both.
func (f *fixture) secondVersion(tb testing.TB) (v2, rival *parley.Version) {
	tb.Helper()
	med := f.ctx("us")
	d, err := f.svc.CreateDraft(med, f.ws.ID, &parley.DraftCreate{Title: "Second draft", Kind: parley.KindPlan, BasedOn: f.v1.ID})
	if err != nil {
		tb.Fatal(err)
	}
	p := d.Points
	d, err = f.svc.EditDraft(med, f.ws.ID, d.ID, d.Rev, []parley.PointOp{
		{Op: "edit", Point: p[0].ID, Content: parley.PointInput{Text: ptr("Both sides **cease all fire** within 72 hours.")}},
		{Op: "edit", Point: p[1].ID, Content: parley.PointInput{VisibleTo: &[]string{"us", "ua"}}},
		{Op: "edit", Point: p[3].ID, Content: parley.PointInput{Bindings: map[string]string{"buffer_km": "35"}}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	if v2, err = f.svc.Publish(med, f.ws.ID, d.ID, d.Rev); err != nil {
		tb.Fatal(err)
	}
	r, err := f.svc.CreateDraft(f.ctx("eu"), f.ws.ID, &parley.DraftCreate{Title: "European draft", Kind: parley.KindRival, Points: []parley.PointInput{
		{Title: ptr("A demilitarised zone"), Text: ptr("A strip of 20 km, monitored."), Bindings: map[string]string{"buffer_km": "20"}},
		{Title: ptr("Ceasefire"), Text: ptr("Both sides cease fire within 24 hours, monitored.")},
	}})
	if err != nil {
		tb.Fatal(err)
	}
	if rival, err = f.svc.Publish(f.ctx("eu"), f.ws.ID, r.ID, r.Rev); err != nil {
		tb.Fatal(err)
	}
	f.v2 = v2
	return v2, rival
}

func TestDiffPage(t *testing.T) {
	f := newFixture(t)
	v2, rival := f.secondVersion(t)
	c := f.client(t)
	c.signIn("us")
	base := "/w/" + f.ws.ID + "/diff?from=" + f.v1.ID + "&to=" + v2.ID
	t.Run("SideBySide", func(t *testing.T) {
		_, body := c.get(base)
		for _, want := range []string{
			"<strong>cease <ins>all</ins> fire</strong>", // rendered Markdown, the word marked inside it
			"<del>at once.</del>",
			"Buffer zone: <del>40 km</del> → <ins>35 km</ins>", // a bound value, by name with its unit
			"Visible to: <del>everyone</del> → <ins>Mediator, Ukraine</ins>",
			"values changed", "visibility changed", "reworded",
			"Version 1: First draft",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("diff page lacks %q", want)
			}
		}
		for _, bad := range []string{"**cease", "onerror=alert", "javascript:alert", "Ceasefire\nBoth"} {
			if strings.Contains(body, bad) {
				t.Errorf("diff page contains %q", bad)
			}
		}
	})
	t.Run("Inline", func(t *testing.T) {
		_, body := c.get(base + "&view=inline")
		if !strings.Contains(body, "<strong>cease <ins>all</ins> fire</strong> <del>at once.</del>") || !strings.Contains(body, "<ins>within 72 hours.</ins>") {
			t.Errorf("inline diff lacks the removed and added words together:\n%s", body)
		}
		if !strings.Contains(body, `table class="diff inline"`) {
			t.Error("not the inline table")
		}
	})
	t.Run("HideUnchanged", func(t *testing.T) {
		_, all := c.get(base)
		_, body := c.get(base + "&hide=kept")
		if !strings.Contains(all, `data-change="kept"`) {
			t.Fatal("the full diff has no unchanged point: the test proves nothing")
		}
		if strings.Contains(body, `data-change="kept"`) || !strings.Contains(body, `data-change="reworded"`) {
			t.Error("hide=kept still shows unchanged points, or hides the changed ones")
		}
	})
	t.Run("RivalByContent", func(t *testing.T) {
		_, body := c.get("/w/" + f.ws.ID + "/diff?from=" + v2.ID + "&to=" + rival.ID)
		if !strings.Contains(body, "paired by similar content") || !strings.Contains(body, "European draft (rival draft)") {
			t.Errorf("the rival draft's ceasefire is not paired with the plan's:\n%s", body)
		}
	})
}
