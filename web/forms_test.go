package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parley"
)

// TestEditorKeepsWork checks that a refused editor form comes back as typed with the faulty
// field marked and the message in words, and that a successful one returns to the point it
// changed, saying what it did.
func TestEditorKeepsWork(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("us")
	csrf := c.csrf()
	res, body := c.post("/w/"+f.ws.ID+"/drafts", url.Values{"title": {"Second draft"}, "based_on": {f.v1.ID}}, csrf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create draft: status %d\n%s", res.StatusCode, body)
	}
	vpath := res.Header.Get("Location")
	rev := func() string {
		v, err := f.svc.Version(f.ctx("us"), f.ws.ID, vpath[strings.LastIndex(vpath, "/")+1:])
		if err != nil {
			t.Fatal(err)
		}
		return itoa(v.Rev)
	}
	t.Run("ErrBindingKeepsTheForm", func(t *testing.T) {
		res, body := c.post(vpath+"/edit", url.Values{"op": {"add"}, "rev": {rev()}, "title": {"A strip"}, "text": {"A *strip* of land."},
			"bind.buffer_km": {"33"}, "bind.nato": {"join"}, "visible": {"ua"}}, csrf)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", res.StatusCode)
		}
		body = html.UnescapeString(body)
		for _, want := range []string{
			`Buffer zone: "33" is not one of its values; give a number from 0 to 60 km in steps of 5.`,
			`name="title" value="A strip"`,
			`>A *strip* of land.</textarea>`,
			`name="bind.buffer_km" value="33"`,
			`<option selected>join</option>`,
			`name="visible" value="ua" checked`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the refused form lacks %q", want)
			}
		}
		i := strings.Index(body, `id="bind-add-buffer_km"`)
		if i < 0 || !strings.Contains(body[i:i+400], `aria-invalid="true"`) {
			t.Error("the buffer zone field is not marked invalid")
		}
		if strings.Contains(body, "ops[0]") {
			t.Error("the message shows the API's field path")
		}
	})
	t.Run("OKConfirmsAtThePoint", func(t *testing.T) {
		res, _ := c.post(vpath+"/edit", url.Values{"op": {"add"}, "rev": {rev()}, "title": {"A strip"}, "text": {"A strip of land."},
			"bind.buffer_km": {"35"}}, csrf)
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "?done=add&point=") || !strings.Contains(loc, "#p-") {
			t.Fatalf("status %d, location %q: want the version at the new point", res.StatusCode, loc)
		}
		pid := loc[strings.Index(loc, "#p-")+3:]
		_, body := c.get(loc[:strings.Index(loc, "#")])
		li := body[strings.Index(body, `id="p-`+pid+`"`):]
		li = li[:strings.Index(li, "</li>")]
		if !strings.Contains(li, `<p class="flash" role="status" id="flash">Point 5 added.</p>`) {
			t.Errorf("the new point does not say it was added:\n%s", li)
		}
		if !strings.Contains(li, "Buffer zone = 35 km") {
			t.Errorf("the point's binding is not in words with its unit:\n%s", li)
		}
	})
	t.Run("OnlyKnownMessages", func(t *testing.T) {
		_, body := c.get(vpath + "?done=%3Cscript%3Ehacked&point=x")
		if strings.Contains(body, "hacked") || strings.Contains(body, `id="flash"`) {
			t.Error("an unknown done= puts words on the page")
		}
	})
}

// TestOriginsNamed checks that a merged point names its sources by version, number and title
// even two versions later, where the version it is based on no longer holds them.
func TestOriginsNamed(t *testing.T) {
	f := newFixture(t)
	med := f.ctx("us")
	d, err := f.svc.CreateDraft(med, f.ws.ID, &parley.DraftCreate{Title: "Merged", Kind: parley.KindPlan, BasedOn: f.v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	p := d.Points
	if d, err = f.svc.EditDraft(med, f.ws.ID, d.ID, d.Rev, []parley.PointOp{{Op: "merge", Points: []string{p[0].ID, p[1].ID},
		Content: parley.PointInput{Title: ptr("Ceasefire and alliances"), Text: ptr("Both.")}}}); err != nil {
		t.Fatal(err)
	}
	v2, err := f.svc.Publish(med, f.ws.ID, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	d3, err := f.svc.CreateDraft(med, f.ws.ID, &parley.DraftCreate{Title: "Third", Kind: parley.KindPlan, BasedOn: v2.ID})
	if err != nil {
		t.Fatal(err)
	}
	c := f.client(t)
	c.signIn("us")
	_, body := c.get("/w/" + f.ws.ID + "/v/" + d3.ID)
	if !strings.Contains(body, "from version 1, point 1: Ceasefire; version 1, point 2: Alliances") {
		t.Errorf("the merged point does not name its sources:\n%s", body[strings.Index(body, "<ol"):][:1500])
	}
	if strings.Contains(body, "an earlier point") {
		t.Error("a source is left unnamed")
	}
}
