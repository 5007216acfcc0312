package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parley"
)

func TestRatification(t *testing.T) {
	f := newFixture(t)
	med := f.client(t)
	med.signIn("us")
	res, body := med.post("/w/"+f.ws.ID+"/ratification", url.Values{"version": {f.v1.ID}}, med.csrf())
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
	t.Run("ErrDate", func(t *testing.T) {
		form.Set("date", "23/11/2025")
		res, body := med.post("/w/"+f.ws.ID+"/sessions", form, med.csrf())
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "YYYY-MM-DD") {
			t.Errorf("status %d\n%s", res.StatusCode, body)
		}
	})
}
