package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestElicitPages checks who may open the questions and candidates pages, that they are
// safe like every page, and that a party's answers reach only itself.
func TestElicitPages(t *testing.T) {
	f := newFixture(t)
	w := "/w/" + f.ws.ID
	status := map[string][2]int{ // questions, candidates
		"us": {http.StatusForbidden, http.StatusOK},
		"ua": {http.StatusOK, http.StatusForbidden},
		"ru": {http.StatusOK, http.StatusForbidden},
		"eu": {http.StatusForbidden, http.StatusForbidden},
	}
	clients := map[string]*client{}
	for m, want := range status {
		c := f.client(t)
		c.signIn(m)
		clients[m] = c
		for i, p := range []string{w + "/questions", w + "/candidates"} {
			res, body := c.get(p)
			if res.StatusCode != want[i] {
				t.Errorf("%s %s: status %d, want %d", m, p, res.StatusCode, want[i])
			}
			for _, re := range []*regexp.Regexp{inlineScript, inlineEvent, inlineStyle} {
				if loc := re.FindStringIndex(body); loc != nil {
					t.Errorf("%s %s: inline script or style: %q", m, p, body[loc[0]:min(loc[1]+40, len(body))])
				}
			}
		}
	}
	// Ukraine starts answering and says something about a candidate of the mediator.
	ua, us := clients["ua"], clients["us"]
	res, body := us.post(w+"/candidates", url.Values{"v-nato": {"renounce"}, "v-buffer_km": {"55"}, "label": {"MARKLABEL"}}, us.csrf())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding a candidate: %d %s", res.StatusCode, body)
	}
	ua.get(w + "/questions")
	ua.post(w+"/questions/start", url.Values{}, ua.csrf())
	_, page := ua.get(w + "/questions")
	if !strings.Contains(page, "The mediator asks: Could you live with") {
		t.Fatalf("Ukraine is not asked about the candidate: %s", page)
	}
	q := page[strings.Index(page, `name="question" value="`)+len(`name="question" value="`):]
	q = q[:strings.Index(q, `"`)]
	q = strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&amp;", "&").Replace(q)
	res, body = ua.post(w+"/questions/answer", url.Values{"question": {q}, "rev": {"2"}, "answer": {"no"}}, ua.csrf())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answering: %d %s", res.StatusCode, body)
	}
	_, page = ua.get(w + "/questions")
	if !strings.Contains(page, "{buffer_km: 55, nato: renounce} is not acceptable") && !strings.Contains(page, "is not acceptable") {
		t.Errorf("Ukraine's statement is not listed: %s", page)
	}
	// Ukraine keeps its profile private: nobody else sees the answer.
	for _, m := range []string{"us", "ru", "eu"} {
		for _, p := range []string{w, w + "/questions", w + "/candidates", w + "/analysis"} {
			if _, body := clients[m].get(p); strings.Contains(body, "not acceptable") || strings.Contains(body, "unacceptable") {
				t.Errorf("%s %s shows Ukraine's answer", m, p)
			}
		}
	}
}

// TestElicitFormReplies answers a rank, an acceptable_among and an order_among question
// through the questions page's form (places 1 for the best, ticks for the packages one
// could live with): each becomes its statements, and places that are not 1 to n, each
// once, are refused with a message.
func TestElicitFormReplies(t *testing.T) {
	f := newFixture(t)
	w := "/w/" + f.ws.ID
	ua := f.client(t)
	ua.signIn("ua")
	ua.post(w+"/questions/start", url.Values{}, ua.csrf())
	rev := 2 // the complete profile, then the partial one
	send := func(q string, form url.Values) (int, string) {
		t.Helper()
		form.Set("question", q)
		form.Set("rev", strconv.Itoa(rev))
		form.Set("answer", "given")
		res, body := ua.post(w+"/questions/answer", form, ua.csrf())
		if res.StatusCode == http.StatusSeeOther {
			rev++
		}
		return res.StatusCode, body
	}
	rank := `{"kind":"rank","issue":"nato","values":["join","moratorium","renounce"]}`
	if status, body := send(rank, url.Values{"rank": {"1", "1", "3"}}); status != http.StatusBadRequest || !strings.Contains(body, "Give each value its own place") {
		t.Errorf("places 1, 1, 3: %d", status)
	}
	if status, body := send(rank, url.Values{"rank": {"3", "2", "1"}}); status != http.StatusSeeOther {
		t.Fatalf("a rank: %d %s", status, body)
	}
	among := `{"kind":"acceptable_among","packages":[{"nato":"renounce","buffer_km":"0"},{"nato":"join","buffer_km":"60"}]}`
	if status, body := send(among, url.Values{"acceptable": {"0"}}); status != http.StatusSeeOther {
		t.Fatalf("marks: %d %s", status, body)
	}
	order := `{"kind":"order_among","packages":[{"nato":"moratorium","buffer_km":"60"},{"nato":"renounce","buffer_km":"10"}]}`
	if status, body := send(order, url.Values{"rank": {"2", "2"}, "acceptable": {"1"}}); status != http.StatusBadRequest || !strings.Contains(body, "Give each package its own place") {
		t.Errorf("package places 2, 2: %d", status)
	}
	if status, body := send(order, url.Values{"rank": {"2", "1"}, "acceptable": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("an order and marks: %d %s", status, body)
	}
	el, err := f.svc.Elicitation(f.ctx("ua"), f.ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, sv := range el.Statements {
		kinds = append(kinds, string(sv.Statement.Kind))
	}
	// The rank: 2 better; the marks: acceptable, unacceptable; the order: the marks and
	// the second package at least as good as the first.
	want := "better better acceptable unacceptable unacceptable acceptable prefers"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("statements %q, want %q", got, want)
	}
	if last := el.Statements[len(el.Statements)-1].Statement; last.Package["nato"] != "renounce" || last.Other["nato"] != "moratorium" {
		t.Errorf("the order made %+v", last)
	}
}
