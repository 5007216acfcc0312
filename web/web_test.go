package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"parley"
)

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)

	t.Run("LinkAsksFirst", func(t *testing.T) {
		res, body := c.get("/signin?token=" + url.QueryEscape(f.tokens["ua"]))
		if got, want := res.StatusCode, http.StatusOK; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if len(res.Cookies()) != 0 {
			t.Errorf("the link alone set a cookie: %v", res.Cookies())
		}
		if !strings.Contains(body, "as <strong>Ukraine</strong>") || !strings.Contains(body, "data-scrub-url") {
			t.Errorf("confirmation page does not name the member or scrub the URL:\n%s", body)
		}
		if got := res.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("Referrer-Policy %q, want no-referrer", got)
		}
	})
	t.Run("OK", func(t *testing.T) {
		res, _ := c.post("/signin", url.Values{"token": {f.tokens["ua"]}}, "")
		if got, want := res.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if got, want := res.Header.Get("Location"), "/w/"+f.ws.ID; got != want {
			t.Errorf("redirect to %q, want %q", got, want)
		}
		var ck *http.Cookie
		for _, k := range res.Cookies() {
			if k.Name == "parley_token" {
				ck = k
			}
		}
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Value != f.tokens["ua"] || ck.Path != "/" {
			t.Fatalf("cookie %+v, want HttpOnly SameSite=Strict with the token", ck)
		}
		res, body := c.get("/w/" + f.ws.ID)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Ukraine") {
			t.Fatalf("overview: status %d\n%s", res.StatusCode, body)
		}
		if strings.Contains(body, f.tokens["ua"]) {
			t.Error("the overview page contains the member's token")
		}
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		res, body := f.client(t).post("/signin", url.Values{"token": {"pt_nonsense"}}, "")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "unknown or has been revoked") {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
	})
	t.Run("ErrAdminToken", func(t *testing.T) {
		res, body := f.client(t).post("/signin", url.Values{"token": {adminToken}}, "")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "the administrator&#39;s token") || strings.Contains(body, "revoked") {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
	})
	t.Run("ErrCrossSite", func(t *testing.T) {
		c2 := f.client(t)
		req, _ := http.NewRequest("POST", f.srv.URL+"/signin", strings.NewReader(url.Values{"token": {f.tokens["ru"]}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, _ := c2.do(req)
		if got, want := res.StatusCode, http.StatusForbidden; got != want {
			t.Fatalf("cross-site sign-in: status %d, want %d", got, want)
		}
	})
	t.Run("NotSignedIn", func(t *testing.T) {
		res, _ := f.client(t).get("/w/" + f.ws.ID + "/plan")
		if got, want := res.StatusCode, http.StatusSeeOther; got != want || res.Header.Get("Location") != "/" {
			t.Fatalf("status %d to %q, want %d to /", got, res.Header.Get("Location"), want)
		}
	})
}

func TestSignOut(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ru")
	res, _ := c.post("/signout", url.Values{}, c.csrf())
	if got, want := res.StatusCode, http.StatusSeeOther; got != want {
		t.Fatalf("status %d, want %d", got, want)
	}
	res, _ = c.get("/w/" + f.ws.ID)
	if got, want := res.StatusCode, http.StatusSeeOther; got != want {
		t.Fatalf("after sign-out: status %d, want %d (back to sign-in)", got, want)
	}
}

func TestRevokedToken(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ru")
	if err := f.svc.RevokeToken(f.ctx("us"), f.ws.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	res, _ := c.get("/w/" + f.ws.ID)
	if got, want := res.StatusCode, http.StatusSeeOther; got != want {
		t.Errorf("page with a revoked token: status %d, want %d", got, want)
	}
	res, _ = c.get("/signin?token=" + url.QueryEscape(f.tokens["ru"]))
	if got, want := res.StatusCode, http.StatusUnauthorized; got != want {
		t.Errorf("sign-in link of a revoked token: status %d, want %d", got, want)
	}
	res, _ = c.post("/signin", url.Values{"token": {f.tokens["ru"]}}, "")
	if got, want := res.StatusCode, http.StatusUnauthorized; got != want {
		t.Errorf("sign-in with a revoked token: status %d, want %d", got, want)
	}
}

func TestCSRF(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ru")
	path := "/w/" + f.ws.ID + "/v/" + f.v1.ID + "/stance/" + f.v1.Points[1].ID
	form := func() url.Values { return url.Values{"mark": {"accept"}, "rev": {"0"}} }
	for _, tc := range []struct {
		name string
		csrf string
		want int
	}{
		{"ErrMissing", "", http.StatusForbidden},
		{"ErrWrong", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", http.StatusForbidden},
		{"OK", c.csrf(), http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := c.post(path, form(), tc.csrf)
			if got := res.StatusCode; got != tc.want {
				t.Fatalf("status %d, want %d\n%s", got, tc.want, body)
			}
		})
	}
	ss, err := f.svc.Stances(f.ctx("ru"), f.ws.ID, f.v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ss), 1; got != want {
		t.Fatalf("%d stances of Russia recorded, want %d (only the request with the token)", got, want)
	}
	t.Run("ErrOtherMembersToken", func(t *testing.T) {
		ua := f.client(t)
		ua.signIn("ua")
		res, _ := c.post(path, form(), ua.csrf())
		if got, want := res.StatusCode, http.StatusForbidden; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
	})
	t.Run("ErrCrossOrigin", func(t *testing.T) {
		v := form()
		v.Set("csrf", c.csrf())
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		res, _ := c.do(req)
		if got, want := res.StatusCode, http.StatusForbidden; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
	})
}

// pages lists every page of the workspace a member may open.
func pages(f *fixture) []string {
	w := "/w/" + f.ws.ID
	return []string{w, w + "/plan", w + "/v/" + f.v1.ID, w + "/diff", w + "/matrix", w + "/matrix/table",
		w + "/analysis", w + "/sessions", w + "/ratification", w + "/profile"}
}

var (
	inlineScript = regexp.MustCompile(`(?i)<script(\s[^>]*)?>\s*[^<\s]`)
	inlineEvent  = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)
	inlineStyle  = regexp.MustCompile(`(?i)<[^>]+\sstyle\s*=`)
)

func TestPagesAreSafe(t *testing.T) {
	f := newFixture(t)
	for _, m := range []string{"us", "ua", "ru", "eu"} {
		c := f.client(t)
		c.signIn(m)
		for _, p := range pages(f) {
			t.Run(m+p, func(t *testing.T) {
				res, body := c.get(p)
				if res.StatusCode != http.StatusOK && !(p == pages(f)[9] && m != "ua" && m != "ru") {
					t.Fatalf("status %d\n%s", res.StatusCode, body)
				}
				if got := res.Header.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") || strings.Contains(got, "unsafe") {
					t.Errorf("Content-Security-Policy %q", got)
				}
				for _, re := range []*regexp.Regexp{inlineScript, inlineEvent, inlineStyle} {
					if loc := re.FindStringIndex(body); loc != nil {
						t.Errorf("inline script or style: %q", body[loc[0]:min(len(body), loc[1]+40)])
					}
				}
				for _, bad := range []string{"<script>alert(1)", "onerror=alert", `href="javascript:`, "<b>test</b>"} {
					if strings.Contains(body, bad) {
						t.Errorf("page contains unescaped hostile text %q", bad)
					}
				}
			})
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("us")
	_, body := c.get("/w/" + f.ws.ID + "/v/" + f.v1.ID)
	for _, want := range []string{"<strong>cease fire</strong>", "Talks &lt;b&gt;test&lt;/b&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("version page lacks %q", want)
		}
	}
	_, body = c.get("/w/" + f.ws.ID + "/matrix")
	if want := "Russia &lt;script&gt;alert(1)&lt;/script&gt;"; !strings.Contains(body, want) {
		t.Errorf("matrix lacks the escaped party name %q", want)
	}
}

// TestNoLeaks opens every page and fragment as each member and searches it for the markers
// planted in Ukraine's profile, its private stance and the hidden point.
func TestNoLeaks(t *testing.T) {
	f := newFixture(t)
	seen := func(m string) string {
		c := f.client(t)
		c.signIn(m)
		var all strings.Builder
		for _, p := range pages(f) {
			_, body := c.get(p)
			all.WriteString(body)
		}
		return all.String()
	}
	for _, tc := range []struct {
		member string
		may    []string
		mayNot []string
	}{
		{"ru", nil, []string{markProfile, markRedLine, markHidden, markPrivate}},
		{"eu", nil, []string{markProfile, markRedLine, markHidden, markPrivate}},
		{"us", []string{markHidden, markPrivate}, []string{markProfile, markRedLine}},
		{"ua", []string{markProfile, markRedLine, markHidden, markPrivate}, nil},
	} {
		t.Run(tc.member, func(t *testing.T) {
			all := seen(tc.member)
			for _, m := range tc.mayNot {
				if strings.Contains(all, m) {
					t.Errorf("%s sees %q", tc.member, m)
				}
			}
			for _, m := range tc.may {
				if !strings.Contains(all, m) {
					t.Errorf("%s does not see %q, which it is entitled to", tc.member, m)
				}
			}
		})
	}
}

func TestStanceByForm(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ru")
	p := f.v1.Points[3]
	form := url.Values{"mark": {"reject"}, "rev": {"0"}, "comment": {"Too wide."}}
	req, _ := http.NewRequest("POST", f.srv.URL+"/w/"+f.ws.ID+"/v/"+f.v1.ID+"/stance/"+p.ID, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", c.csrf())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, body := c.do(req)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Saved: you reject point 4.") || !strings.Contains(body, `value="reject" checked`) {
		t.Fatalf("status %d\n%s", res.StatusCode, body)
	}
	m, err := f.svc.Matrix(f.ctx("us"), f.ws.ID, f.v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Cells[3][1]; s == nil || s.Mark != parley.MarkReject || s.Comment != "Too wide." {
		t.Fatalf("stance recorded %+v", s)
	}
	t.Run("ErrKeepsTyped", func(t *testing.T) {
		form := url.Values{"mark": {"amend"}, "rev": {"1"}, "comment": {"Narrower, please."}}
		req, _ := http.NewRequest("POST", f.srv.URL+"/w/"+f.ws.ID+"/v/"+f.v1.ID+"/stance/"+p.ID, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-CSRF-Token", c.csrf())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		_, body := c.do(req)
		for _, want := range []string{`value="amend" checked`, ">Narrower, please.</textarea>", `aria-invalid="true"`, "Amendment: an amend stance needs the proposed text"} {
			if !strings.Contains(body, want) {
				t.Errorf("the refused stance form lacks %q:\n%s", want, body)
			}
		}
	})
}

// TestBesideTheAPI checks that the UI and the API share one server without stepping on each
// other: the API keeps /api/ and /healthz, and the UI's cookie is no credential for the API.
func TestBesideTheAPI(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ua")
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/healthz", http.StatusOK},
		{"/api/workspaces/" + f.ws.ID, http.StatusUnauthorized},
		{"/w/" + f.ws.ID, http.StatusOK},
	} {
		res, body := c.get(tc.path)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d\n%s", tc.path, res.StatusCode, tc.want, body)
		}
	}
}

func TestPartyOverview(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ua")
	_, body := c.get("/w/" + f.ws.ID)
	// Version 1 binds nato=moratorium and buffer_km=40: 0.6*0.5 + 0.4*(1/3) = 0.43 to Ukraine.
	for _, want := range []string{`id="own-utility"><span class="value-big" data-value>0.43<`, `data-verdict="acceptable"`, `id="own-history"`, "<td>0.43</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("Ukraine's overview lacks %q", want)
		}
	}
}

func TestAnalysisPage(t *testing.T) {
	f := newFixture(t)
	med := f.client(t)
	med.signIn("us")
	// Ukraine keeps its profile private: Russia's values only, no joint result.
	_, body := med.get("/w/" + f.ws.ID + "/analysis?v=" + f.v1.ID)
	for _, want := range []string{`id="joint-note"`, `id="shared-parties"`, `data-party="ru"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the mediator's analysis lacks %q", want)
		}
	}
	for _, not := range []string{`id="acceptable-to-all"`, `id="zone-ranges"`, `data-party="ua"`} {
		if strings.Contains(body, not) {
			t.Errorf("the mediator's analysis shows %q computed from Ukraine's private profile", not)
		}
	}
	// Once Ukraine shares, the whole picture.
	p, err := f.svc.Profile(f.ctx("ua"), f.ws.ID, "ua")
	if err != nil {
		t.Fatal(err)
	}
	p.Use = parley.UseShared
	if _, err := f.svc.PutProfile(f.ctx("ua"), f.ws.ID, "ua", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	_, body = med.get("/w/" + f.ws.ID + "/analysis?v=" + f.v1.ID)
	for _, want := range []string{`id="acceptable-to-all"`, `id="zone-exists"`, `id="zone-ranges"`, "Buffer zone", `data-party="ua"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the mediator's analysis lacks %q", want)
		}
	}
	// Ukraine is shown what its profile served; Russia, from which point 3 is hidden, is not
	// shown results computed from the whole text.
	for m, want := range map[string]bool{"ua": true, "ru": false} {
		c := f.client(t)
		c.signIn(m)
		_, page := c.get("/w/" + f.ws.ID + "/v/" + f.v1.ID)
		if got := strings.Contains(page, `id="joint-shown"`); got != want {
			t.Errorf("%s's version page shows the joint results: %v, want %v", m, got, want)
		}
	}
	for _, m := range []string{"ua", "ru", "eu"} {
		c := f.client(t)
		c.signIn(m)
		_, body := c.get("/w/" + f.ws.ID + "/analysis?v=" + f.v1.ID)
		for _, not := range []string{`id="acceptable-to-all"`, `id="zone-`, "Pareto-optimal"} {
			if strings.Contains(body, not) {
				t.Errorf("%s's analysis page shows the mediator's %q", m, not)
			}
		}
		res, _ := c.get("/w/" + f.ws.ID + "/analysis/space")
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: utility space status %d, want 403", m, res.StatusCode)
		}
	}
}

// TestObserverReadOnly checks that the observer is offered no form that writes stances,
// profiles, sessions or signatures, and that posting one anyway is refused.
func TestObserverReadOnly(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("eu")
	for _, p := range pages(f) {
		_, body := c.get(p)
		a := `action="/w/` + f.ws.ID
		for _, form := range []string{"/stance/", a + `/profile"`, a + `/sessions"`, `/sign"`, a + `/ratification"`} {
			if strings.Contains(body, form) {
				t.Errorf("%s offers the observer a form to %s", p, form)
			}
		}
	}
	res, _ := c.post("/w/"+f.ws.ID+"/v/"+f.v1.ID+"/stance/"+f.v1.Points[0].ID, url.Values{"mark": {"accept"}, "rev": {"0"}}, c.csrf())
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("an observer's stance: status %d, want 403", res.StatusCode)
	}
}

// TestNavigation checks that every role reaches its pages from the navigation: the stance
// matrix for everyone, the analysis for the mediator and the parties, the profile for the
// parties.
func TestNavigation(t *testing.T) {
	f := newFixture(t)
	w := "/w/" + f.ws.ID
	for _, tt := range []struct {
		member    string
		want, not []string
	}{
		{"us", []string{"/plan", "/diff", "/matrix", "/analysis", "/sessions", "/ratification"}, []string{"/profile"}},
		{"ua", []string{"/plan", "/diff", "/matrix", "/analysis", "/profile", "/sessions", "/ratification"}, nil},
		{"eu", []string{"/plan", "/diff", "/matrix", "/sessions", "/ratification"}, []string{"/analysis", "/profile"}},
	} {
		t.Run(tt.member, func(t *testing.T) {
			c := f.client(t)
			c.signIn(tt.member)
			_, body := c.get(w)
			nav := body[strings.Index(body, `<nav aria-label="Workspace">`):]
			nav = nav[:strings.Index(nav, "</nav>")]
			for _, p := range tt.want {
				if !strings.Contains(nav, `href="`+w+p+`"`) {
					t.Errorf("the navigation lacks %s", p)
				}
				if res, _ := c.get(w + p); res.StatusCode != http.StatusOK {
					t.Errorf("%s: status %d", p, res.StatusCode)
				}
			}
			for _, p := range tt.not {
				if strings.Contains(nav, `href="`+w+p+`"`) {
					t.Errorf("the navigation offers %s", p)
				}
			}
		})
	}
}

// TestSignInTicket: after the mediator revoked Russia's tokens, the administrator's one-time
// sign-in link lets Russia in again with a token of its own, and works only once.
func TestSignInTicket(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.RevokeToken(f.ctx("us"), f.ws.ID, "ru"); err != nil {
		t.Fatal(err)
	}
	admin := parley.NewContextWithCaller(t.Context(), &parley.Caller{Admin: true})
	tk, err := f.svc.IssueSignIn(admin, f.ws.ID, "ru")
	if err != nil {
		t.Fatal(err)
	}
	c := f.client(t)
	res, body := c.get("/signin?token=" + url.QueryEscape(tk.Ticket))
	if res.StatusCode != http.StatusOK || len(res.Cookies()) != 0 || !strings.Contains(body, "one-time sign-in link") {
		t.Fatalf("link page: status %d, cookies %v\n%s", res.StatusCode, res.Cookies(), body)
	}
	res, _ = c.post("/signin", url.Values{"token": {tk.Ticket}}, "")
	if got, want := res.StatusCode, http.StatusSeeOther; got != want {
		t.Fatalf("redeem: status %d, want %d", got, want)
	}
	var tok string
	for _, k := range res.Cookies() {
		if k.Name == "parley_token" {
			tok = k.Value
		}
	}
	if tok == "" || tok == tk.Ticket || tok == f.tokens["ru"] {
		t.Fatalf("cookie token %q: want a new member token", tok)
	}
	if cl, err := f.svc.Authenticate(t.Context(), tok); err != nil || cl.MemberID != "ru" {
		t.Fatalf("new token: %+v, %v", cl, err)
	}
	res, body = f.client(t).post("/signin", url.Values{"token": {tk.Ticket}}, "")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "used or expired") {
		t.Fatalf("second use: status %d\n%s", res.StatusCode, body)
	}
}
