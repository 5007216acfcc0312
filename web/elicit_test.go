package web_test

import (
	"net/http"
	"net/url"
	"regexp"
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
