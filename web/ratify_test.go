package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"parley"
)

func TestRatification(t *testing.T) {
	f := newFixture(t)
	med := f.client(t)
	med.signIn("us")
	// Version 1 hides point 3 from Russia: every party signs the whole text, so it is refused.
	res, body := med.post("/w/"+f.ws.ID+"/ratification", url.Values{"version": {f.v1.ID}}, med.csrf())
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "point 3 is hidden from ru") {
		t.Fatalf("propose version 1: status %d\n%s", res.StatusCode, body)
	}
	// Version 2 shows it to everyone and leaves buffer_km open: proposed once confirmed.
	ctx := f.ctx("us")
	d, err := f.svc.CreateDraft(ctx, f.ws.ID, &parley.DraftCreate{Title: "Second draft", BasedOn: f.v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = f.svc.EditDraft(ctx, f.ws.ID, d.ID, d.Rev, []parley.PointOp{
		{Op: "edit", Point: d.Points[2].ID, Content: parley.PointInput{VisibleTo: &[]string{}}},
		{Op: "remove", Point: d.Points[3].ID},
	}); err != nil {
		t.Fatal(err)
	}
	v2, err := f.svc.Publish(ctx, f.ws.ID, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	res, body = med.post("/w/"+f.ws.ID+"/ratification", url.Values{"version": {v2.ID}}, med.csrf())
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "leaves issues open") || !strings.Contains(body, `id="confirm-open"`) {
		t.Fatalf("propose version 2 unconfirmed: status %d\n%s", res.StatusCode, body)
	}
	res, body = med.post("/w/"+f.ws.ID+"/ratification", url.Values{"version": {v2.ID}, "confirm_open": {"1"}}, med.csrf())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: status %d\n%s", res.StatusCode, body)
	}
	rs, err := f.svc.Ratifications(f.ctx("us"), f.ws.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("ratifications %v, %v", rs, err)
	}
	r := rs[0]
	for _, m := range []string{"ua", "ru"} {
		c := f.client(t)
		c.signIn(m)
		_, page := c.get("/w/" + f.ws.ID + "/ratification")
		if !strings.Contains(page, `id="sign-form"`) || !strings.Contains(page, r.Hash) {
			t.Fatalf("%s: no signing form with the version's hash:\n%s", m, page)
		}
		// Before signing: the whole text, its hash, what it settles and leaves open, and
		// the party's own verdict.
		for _, want := range []string{`id="sign-text"`, `id="sign-hash"`, `id="sign-outcome"`, `id="sign-open"`, "Buffer zone", `id="sign-verdict"`, "Undisclosed term"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the signing page lacks %q", m, want)
			}
		}
		res, body := c.post("/w/"+f.ws.ID+"/ratification/"+r.ID+"/sign", url.Values{"decision": {"sign"}, "hash": {r.Hash}}, c.csrf())
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s signs: status %d\n%s", m, res.StatusCode, body)
		}
		_, page = c.get("/w/" + f.ws.ID + "/ratification")
		if strings.Contains(page, `id="sign-form"`) {
			t.Errorf("%s: the signing form is still offered after signing", m)
		}
	}
	_, page := med.get("/w/" + f.ws.ID + "/ratification")
	if want := `id="state-` + r.ID + `">agreed<`; !strings.Contains(page, want) {
		t.Errorf("ratification panel lacks %q", want)
	}
	// The overview names the agreed version, and marks a version published after it.
	if _, page := med.get("/w/" + f.ws.ID); !strings.Contains(page, `id="agreed-version"`) || !strings.Contains(page, "Second draft") {
		t.Errorf("the overview does not name the agreed version")
	}
	d3, err := f.svc.CreateDraft(ctx, f.ws.ID, &parley.DraftCreate{Title: "Third draft", BasedOn: v2.ID})
	if err != nil {
		t.Fatal(err)
	}
	v3, err := f.svc.Publish(ctx, f.ws.ID, d3.ID, d3.Rev)
	if err != nil {
		t.Fatal(err)
	}
	if _, page := med.get("/w/" + f.ws.ID); !strings.Contains(page, `id="current-after-agreement"`) {
		t.Errorf("the overview does not mark the version published after the agreement")
	}
	if _, page := med.get("/w/" + f.ws.ID + "/v/" + v3.ID); !strings.Contains(page, `id="after-agreement"`) {
		t.Errorf("the version page does not mark the version published after the agreement")
	}
	t.Run("ErrWrongHash", func(t *testing.T) {
		c := f.client(t)
		c.signIn("ru")
		res, _ := c.post("/w/"+f.ws.ID+"/ratification/"+r.ID+"/sign", url.Values{"decision": {"decline"}, "hash": {"0000"}}, c.csrf())
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", res.StatusCode)
		}
	})
	t.Run("ErrObserverSigns", func(t *testing.T) {
		c := f.client(t)
		c.signIn("eu")
		res, _ := c.post("/w/"+f.ws.ID+"/ratification/"+r.ID+"/sign", url.Values{"decision": {"sign"}, "hash": {r.Hash}}, c.csrf())
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 403 or 400", res.StatusCode)
		}
	})
}

func TestSessionForm(t *testing.T) {
	f := newFixture(t)
	med := f.client(t)
	med.signIn("us")
	form := url.Values{"title": {"Geneva talks"}, "date": {"2025-11-23"}, "place": {"Geneva"}, "minutes": {"290"},
		"tone": {"very constructive"}, "participants": {"Envoy A; us; special envoy\nAide B; ru; presidential aide"},
		"topics": {"nato", "buffer_km"}, "summary": {"Talks on **NATO**."}, "produced": {f.v1.ID}}
	res, body := med.post("/w/"+f.ws.ID+"/sessions", form, med.csrf())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", res.StatusCode, body)
	}
	// The mediator comes back to the session, which says it was recorded.
	loc := res.Header.Get("Location")
	if _, back := med.get(loc[:strings.Index(loc, "#")]); !strings.Contains(back, `role="status" id="flash">Session recorded.`) || !strings.Contains(loc, "#s-") {
		t.Errorf("no confirmation after recording a session (location %q)", loc)
	}
	ss, err := f.svc.Sessions(f.ctx("ru"), f.ws.ID)
	if err != nil || len(ss) != 1 {
		t.Fatalf("sessions %v, %v", ss, err)
	}
	s := ss[0]
	if s.Minutes != 290 || len(s.Participants) != 2 || s.Participants[1] != (parley.Participant{Person: "Aide B", Side: "ru", Role: "presidential aide"}) || len(s.Topics) != 2 {
		t.Errorf("session recorded as %+v", s)
	}
	c := f.client(t)
	c.signIn("eu")
	_, page := c.get("/w/" + f.ws.ID + "/sessions")
	if !strings.Contains(page, "Talks on <strong>NATO</strong>.") || strings.Contains(page, `id="session-form"`) {
		t.Errorf("the observer's timeline lacks the session or offers the mediator's form")
	}
	// Words for people: sides, topics and the version by name.
	for _, want := range []string{"Envoy A (Mediator)", "Topics: NATO accession, Buffer zone", "Version 1: First draft"} {
		if !strings.Contains(page, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	t.Run("ErrDate", func(t *testing.T) {
		form.Set("date", "23/11/2025")
		res, body := med.post("/w/"+f.ws.ID+"/sessions", form, med.csrf())
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "YYYY-MM-DD") {
			t.Errorf("status %d\n%s", res.StatusCode, body)
		}
		// What was typed stays; the date is marked.
		for _, want := range []string{`value="Geneva talks"`, `value="23/11/2025" aria-invalid="true"`, "Aide B; ru; presidential aide</textarea>", `value="nato" checked`} {
			if !strings.Contains(body, want) {
				t.Errorf("the refused form lacks %q", want)
			}
		}
	})
}

func TestPublishConflictingBindings(t *testing.T) {
	f := newFixture(t)
	med := f.client(t)
	med.signIn("us")
	ctx := f.ctx("us")
	d, err := f.svc.CreateDraft(ctx, f.ws.ID, &parley.DraftCreate{Title: "Two widths", BasedOn: f.v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	w := "A second strip."
	if d, err = f.svc.EditDraft(ctx, f.ws.ID, d.ID, d.Rev, []parley.PointOp{
		{Op: "add", Content: parley.PointInput{Title: &w, Text: &w, Bindings: map[string]string{"buffer_km": "35"}}},
	}); err != nil {
		t.Fatal(err)
	}
	// The draft holds the conflict with a warning naming both points and values.
	_, page := med.get("/w/" + f.ws.ID + "/v/" + d.ID)
	if !strings.Contains(page, `id="binding-conflicts"`) || !strings.Contains(page, "point 4 binds 40, point 5 binds 35") {
		t.Errorf("the draft page does not warn of the conflict:\n%s", page)
	}
	res, body := med.post("/w/"+f.ws.ID+"/v/"+d.ID+"/publish", url.Values{"rev": {strconv.FormatInt(d.Rev, 10)}}, med.csrf())
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "buffer_km: point 4 binds 40, point 5 binds 35") {
		t.Errorf("publish: status %d\n%s", res.StatusCode, body)
	}
}
