package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzForms posts arbitrary form bodies to every form handler of the UI, as a signed-in
// party and as the mediator: whatever the body, the answer is a page or a redirect, never a
// panic or an internal error.
func FuzzForms(f *testing.F) {
	fx := newFixture(f)
	seeds := []string{
		"rev=1&reservation=0.3&w.nato=0.6&o.nato.0=1&px.buffer_km.0=0&py.buffer_km.0=1&red_lines=buffer_km+<%3D+50",
		"rev=1&reservation=NaN&w.nato=1e309&px.buffer_km.0=&py.buffer_km.0=2&red_lines=((((",
		"op=add&rev=1&title=x&text=%3Cscript%3E&bind.buffer_km=33&visible=zz&at=-4",
		"op=merge&rev=1&points=a&points=b",
		"op=split&rev=1&point=p&title1=&title2=",
		"op=carry&rev=1&ref=|",
		"mark=amend&rev=0&amendment=x&private=1",
		"title=T&date=2025-11-23&minutes=-1&participants=a;b;c%0A;;",
		"decision=sign&hash=00",
		"rev=1&reservation=0.3&w.nato=0.6&o.nato.0=1&use=neutral",
		"rev=1&reservation=0.3&use=everyone",
		"version=nope&confirm_open=1",
		"%zz&&==;",
		"rev=2&answer=given&rank=2&rank=1&acceptable=1&question=" + url.QueryEscape(`{"kind":"order_among","packages":[{"nato":"moratorium","buffer_km":"60"},{"nato":"renounce","buffer_km":"10"}]}`),
		"rev=2&answer=given&rank=3&rank=9&rank=-1&question=" + url.QueryEscape(`{"kind":"rank","issue":"nato","values":["join","renounce"]}`),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	type caller struct {
		cookie, csrf string
	}
	callers := map[string]caller{}
	for _, m := range []string{"ua", "us"} {
		c := fx.client(f)
		c.signIn(m)
		callers[m] = caller{fx.tokens[m], c.csrf()}
	}
	w := "/w/" + fx.ws.ID
	paths := []string{w + "/profile/preview", w + "/profile", w + "/drafts", w + "/v/" + fx.v1.ID + "/edit",
		w + "/v/" + fx.v1.ID + "/stance/" + fx.v1.Points[0].ID, w + "/sessions", w + "/ratification", w + "/ratification/r1/sign",
		w + "/questions/answer"}
	f.Fuzz(func(t *testing.T, body string) {
		for _, m := range []string{"ua", "us"} {
			for _, p := range paths {
				req := httptest.NewRequest("POST", p, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("X-CSRF-Token", callers[m].csrf)
				req.AddCookie(&http.Cookie{Name: "parley_token", Value: callers[m].cookie})
				rec := httptest.NewRecorder()
				fx.h.ServeHTTP(rec, req)
				if rec.Code >= 500 {
					t.Fatalf("%s as %s: status %d\n%s", p, m, rec.Code, rec.Body)
				}
			}
		}
	})
}
