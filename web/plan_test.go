package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"parley"
)

// TestPlanEditor drives the draft editor's forms as the mediator: start a draft from version
// 1, add, edit, move, split, merge, remove, carry a rival's point, publish.
func TestPlanEditor(t *testing.T) {
	f := newFixture(t)
	ws := f.ws.ID

	// Ukraine tables a rival draft with one point, for the mediator to carry over.
	rival, err := f.svc.CreateDraft(f.ctx("ua"), ws, &parley.DraftCreate{Title: "Ukraine's counter-proposal", Kind: parley.KindRival,
		Points: []parley.PointInput{{Title: ptr("Guarantees"), Text: ptr("Article 5-like guarantees.")}}})
	if err != nil {
		t.Fatal(err)
	}
	if rival, err = f.svc.Publish(f.ctx("ua"), ws, rival.ID, rival.Rev); err != nil {
		t.Fatal(err)
	}

	c := f.client(t)
	c.signIn("us")
	csrf := c.csrf()
	res, body := c.post("/w/"+ws+"/drafts", url.Values{"title": {"Second draft"}, "based_on": {f.v1.ID}}, csrf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create draft: status %d\n%s", res.StatusCode, body)
	}
	vpath := res.Header.Get("Location")
	vid := vpath[strings.LastIndex(vpath, "/")+1:]
	draft := func() *parley.Version {
		t.Helper()
		v, err := f.svc.Version(f.ctx("us"), ws, vid)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	edit := func(form url.Values) {
		t.Helper()
		form.Set("rev", itoa(draft().Rev))
		res, body := c.post(vpath+"/edit", form, csrf)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: status %d\n%s", form.Get("op"), res.StatusCode, body)
		}
	}
	titles := func() string {
		var ts []string
		for _, p := range draft().Points {
			ts = append(ts, p.Title)
		}
		return strings.Join(ts, "|")
	}
	check := func(step, want string) {
		t.Helper()
		if got := titles(); got != want {
			t.Fatalf("after %s: points %q, want %q", step, got, want)
		}
	}
	check("create", "Ceasefire|Alliances|Undisclosed term|Buffer zone")

	edit(url.Values{"op": {"add"}, "title": {"Elections"}, "text": {"Within *100 days*."}, "at": {"2"},
		"bind.buffer_km": {"30"}, "visible": {"us", "ru"}})
	check("add", "Ceasefire|Elections|Alliances|Undisclosed term|Buffer zone")
	p := draft().Points[1]
	if p.Bindings["buffer_km"] != "30" || !sameSet(p.VisibleTo, []string{"us", "ru"}) {
		t.Errorf("added point binds %v, visible to %v", p.Bindings, p.VisibleTo)
	}

	edit(url.Values{"op": {"edit"}, "point": {p.ID}, "title": {"Free elections"}, "text": {"Within 100 days."}})
	check("edit", "Ceasefire|Free elections|Alliances|Undisclosed term|Buffer zone")
	if p := draft().Points[1]; len(p.Bindings) != 0 || len(p.VisibleTo) != 0 {
		t.Errorf("edit left bindings %v and visibility %v; the form had none", p.Bindings, p.VisibleTo)
	}

	edit(url.Values{"op": {"move"}, "point": {p.ID}, "at": {"5"}})
	check("move", "Ceasefire|Alliances|Undisclosed term|Buffer zone|Free elections")

	pts := draft().Points
	edit(url.Values{"op": {"split"}, "point": {pts[0].ID}, "title1": {"Ceasefire on land"}, "text1": {"On land."},
		"title2": {"Ceasefire at sea"}, "text2": {"At sea."}})
	check("split", "Ceasefire on land|Ceasefire at sea|Alliances|Undisclosed term|Buffer zone|Free elections")

	pts = draft().Points
	edit(url.Values{"op": {"merge"}, "points": {pts[0].ID, pts[1].ID}, "title": {"Ceasefire"}, "text": {"Everywhere."}})
	check("merge", "Ceasefire|Alliances|Undisclosed term|Buffer zone|Free elections")
	if from := draft().Points[0].From; len(from) != 2 {
		t.Errorf("merged point comes from %v, want the two split points", from)
	}

	edit(url.Values{"op": {"remove"}, "point": {draft().Points[4].ID}})
	check("remove", "Ceasefire|Alliances|Undisclosed term|Buffer zone")

	edit(url.Values{"op": {"carry"}, "ref": {rival.ID + "|" + rival.Points[0].ID}})
	check("carry", "Ceasefire|Alliances|Undisclosed term|Buffer zone|Guarantees")
	if c := draft().Points[4].Carried; c == nil || c.Version != rival.ID {
		t.Errorf("carried point's origin %+v, want the rival draft", c)
	}
	_, body = c.get(vpath)
	if !strings.Contains(body, "carried from") || !strings.Contains(body, "Ukraine&#39;s counter-proposal") {
		t.Errorf("the draft page does not show the carried point's origin")
	}

	t.Run("ErrStale", func(t *testing.T) {
		form := url.Values{"op": {"remove"}, "point": {draft().Points[0].ID}, "rev": {"1"}}
		res, body := c.post(vpath+"/edit", form, csrf)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "changed this version meanwhile") {
			t.Fatalf("status %d, want 409 with an explanation\n%s", res.StatusCode, body)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		form := url.Values{"op": {"add"}, "title": {"Bad"}, "bind.buffer_km": {"33"}, "rev": {itoa(draft().Rev)}}
		res, body := c.post(vpath+"/edit", form, csrf)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="form-error"`) {
			t.Fatalf("status %d, want 400 with the error on the page\n%s", res.StatusCode, body)
		}
	})

	res, body = c.post(vpath+"/publish", url.Values{"rev": {itoa(draft().Rev)}}, csrf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: status %d\n%s", res.StatusCode, body)
	}
	if v := draft(); v.Status != parley.StatusPublished || v.Number != 2 {
		t.Fatalf("after publish: status %s, number %d", v.Status, v.Number)
	}
	_, body = c.get("/w/" + ws + "/diff?from=" + f.v1.ID + "&to=" + vid)
	d, err := f.svc.Diff(f.ctx("us"), ws, f.v1.ID, vid)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Entries {
		if want := `data-change="` + string(e.Change) + `"`; !strings.Contains(body, want) {
			t.Errorf("diff page lacks %q", want)
		}
	}
	if d.Counts[parley.ChangeAdded] == 0 {
		t.Errorf("the diff has no added point: %v", d.Counts)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

// TestSplitAndMergeKeepAudience reproduces the attack of issue 15 in the UI: splitting or
// merging a hidden point with the editor's forms (whose audience boxes start unticked) gave
// parts visible to everyone. The UI calls the workspace's rule, so they keep the audience.
func TestSplitAndMergeKeepAudience(t *testing.T) {
	f := newFixture(t)
	ws := f.ws.ID
	c := f.client(t)
	c.signIn("us")
	csrf := c.csrf()
	res, body := c.post("/w/"+ws+"/drafts", url.Values{"title": {"Second draft"}, "based_on": {f.v1.ID}}, csrf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create draft: status %d\n%s", res.StatusCode, body)
	}
	vpath := res.Header.Get("Location")
	vid := vpath[strings.LastIndex(vpath, "/")+1:]
	draft := func() *parley.Version {
		v, err := f.svc.Version(f.ctx("us"), ws, vid)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	edit := func(form url.Values) {
		form.Set("rev", itoa(draft().Rev))
		if res, body := c.post(vpath+"/edit", form, csrf); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: status %d\n%s", form.Get("op"), res.StatusCode, body)
		}
	}
	hidden := draft().Points[2]
	edit(url.Values{"op": {"split"}, "point": {hidden.ID}, "title1": {"Secret, part one"}, "text1": {markHidden + " 1"},
		"title2": {"Secret, part two"}, "text2": {markHidden + " 2"}})
	pts := draft().Points
	for _, p := range pts[2:4] {
		if !sameSet(p.VisibleTo, []string{"us", "ua"}) {
			t.Errorf("split part %q visible to %v, want the source's us, ua", p.Title, p.VisibleTo)
		}
	}
	edit(url.Values{"op": {"merge"}, "points": {pts[0].ID, pts[2].ID}, "title": {"Merged"}, "text": {markHidden + " merged"}})
	if p := draft().Points[0]; !sameSet(p.VisibleTo, []string{"us", "ua"}) {
		t.Errorf("merged point visible to %v, want us, ua", p.VisibleTo)
	}
	v, err := f.svc.Publish(f.ctx("us"), ws, vid, draft().Rev)
	if err != nil {
		t.Fatal(err)
	}
	ru := f.client(t)
	ru.signIn("ru")
	if _, body := ru.get("/w/" + ws + "/v/" + v.ID); strings.Contains(body, markHidden) {
		t.Error("Russia's page of the published version shows the hidden text")
	}
}
