package web

import (
	"net/http"
	"strings"

	"parley"
)

// cookieName is the cookie that carries the member's bearer token. It is HttpOnly (no script
// reads it) and SameSite=Strict (no other site's page sends it).
const cookieName = "parley_token"

// signedIn is the signed-in member of a request (not a parley.Session, which is a meeting).
type signedIn struct {
	token     string
	caller    *parley.Caller
	Workspace *parley.Workspace
	Member    *parley.Member
}

// IsMediator, IsParty and IsObserver tell templates the member's role.
func (s *signedIn) IsMediator() bool { return s.caller.Role == parley.RoleMediator }
func (s *signedIn) IsParty() bool    { return s.caller.Role == parley.RoleParty }
func (s *signedIn) IsObserver() bool { return s.caller.Role == parley.RoleObserver }

// authenticate resolves the request's cookie into a session, or returns nil when there is no
// valid cookie (none, unknown, malformed or revoked token).
func (u *ui) authenticate(r *http.Request) *signedIn {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil
	}
	return u.sessionFor(r, c.Value)
}

func (u *ui) sessionFor(r *http.Request, token string) *signedIn {
	caller, err := u.cfg.Auth.Authenticate(r.Context(), token)
	if err != nil || caller == nil || caller.Admin {
		return nil
	}
	s := &signedIn{token: token, caller: caller}
	ws, err := u.cfg.Workspaces.Workspace(ctxFor(r.Context(), s), caller.WorkspaceID)
	if err != nil {
		return nil
	}
	s.Workspace = ws
	s.Member = ws.Member(caller.MemberID)
	if s.Member == nil {
		return nil
	}
	return s
}

// member wraps a handler that needs a signed-in member of the workspace in the path. Without
// a valid cookie a page request goes to the sign-in page; a state-changing request must also
// carry the member's CSRF token. With Config.Limit set, the member's requests (event
// streams apart) are served under its limits, as its API requests are, before any form is
// read.
func (u *ui) member(h func(http.ResponseWriter, *http.Request, *signedIn)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		me := u.authenticate(r)
		if me == nil {
			u.clearCookie(w)
			if !isSafeMethod(r.Method) || r.Header.Get("Accept") == "text/event-stream" {
				http.Error(w, "Sign in first.", http.StatusUnauthorized)
				return
			}
			if r.Header.Get("HX-Request") == "true" {
				w.Header().Set("HX-Redirect", "/")
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		if ws := r.PathValue("ws"); ws != "" && ws != me.Workspace.ID {
			u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "no workspace %q", ws))
			return
		}
		if u.cfg.Limit != nil && !strings.HasSuffix(r.URL.Path, "/events") {
			if err := u.cfg.Limit(w, r, me.caller, func(r *http.Request) { u.serveMember(w, r, me, h) }); err != nil {
				u.fail(w, r, me, err)
			}
			return
		}
		u.serveMember(w, r, me, h)
	}
}

// serveMember serves r for the signed-in member me: a state-changing request must carry
// the member's CSRF token.
func (u *ui) serveMember(w http.ResponseWriter, r *http.Request, me *signedIn, h func(http.ResponseWriter, *http.Request, *signedIn)) {
	if !isSafeMethod(r.Method) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "The form could not be read.", http.StatusBadRequest)
			return
		}
		if !validCSRF(r, u.cfg.CSRFKey, me.token) {
			http.Error(w, "Missing or wrong CSRF token: reload the page and try again.", http.StatusForbidden)
			return
		}
	}
	h(w, r, me)
}

func (u *ui) setCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: u.cfg.Secure,
	})
}

func (u *ui) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: u.cfg.Secure,
	})
}

// home serves GET /: the member's workspace when signed in, else the sign-in form.
func (u *ui) home(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		u.render(w, r, http.StatusNotFound, "error", &page{Title: "Not found", Data: "There is no such page."})
		return
	}
	if me := u.authenticate(r); me != nil {
		http.Redirect(w, r, "/w/"+me.Workspace.ID, http.StatusSeeOther)
		return
	}
	u.render(w, r, http.StatusOK, "signin", &page{Title: "Sign in"})
}

// signinLink serves GET /signin?token=...: the link the demo prints for each member. It
// signs nobody in by itself (so a link planted by another site cannot switch the browser to
// someone else's account): it names the member and asks for a click, and the page's script
// removes the token from the address bar at once.
func (u *ui) signinLink(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimSpace(r.URL.Query().Get("token"))
	if token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if parley.IsSignInTicket(token) {
		// A one-time link: checking it would use it up, so it is redeemed only on the click.
		u.render(w, r, http.StatusOK, "signin", &page{Title: "Sign in", Data: signinData{Token: token, Ticket: true}})
		return
	}
	s := u.sessionFor(r, token)
	if s == nil {
		u.render(w, r, http.StatusUnauthorized, "signin", &page{Title: "Sign in", Data: signinData{Error: u.refusal(r, token, "This sign-in link is not valid: the token is unknown or has been revoked.")}})
		return
	}
	u.render(w, r, http.StatusOK, "signin", &page{Title: "Sign in", Data: signinData{Token: token, As: s}})
}

// refusal says why a token does not sign in: the administrator's token is valid but the web
// UI is for the members of a workspace; any other refused token gets msg.
func (u *ui) refusal(r *http.Request, token, msg string) string {
	if c, err := u.cfg.Auth.Authenticate(r.Context(), token); err == nil && c != nil && c.Admin {
		return "That is the administrator's token. The web UI is for the members of a workspace: sign in with a member's token or sign-in link (parley demo prints them; parley workspace rotate MEMBER issues a new one)."
	}
	return msg
}

type signinData struct {
	Token  string    // the token to confirm, from a sign-in link
	Ticket bool      // Token is a one-time sign-in ticket
	As     *signedIn // whom it signs in as
	Error  string
}

// signin serves POST /signin: it checks the token and puts it into the cookie. Cross-site
// posts are refused by the cross-origin protection around every route.
func (u *ui) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	token := strings.TrimSpace(r.PostFormValue("token"))
	if parley.IsSignInTicket(token) {
		// A one-time sign-in link gives the member a new token of its own.
		tok, err := u.cfg.Workspaces.RedeemSignIn(r.Context(), token)
		if err != nil {
			u.render(w, r, http.StatusUnauthorized, "signin", &page{Title: "Sign in", Data: signinData{Error: "This sign-in link is not valid: it is unknown, used or expired. Ask the administrator for a new one."}})
			return
		}
		token = tok.Token
	}
	s := u.sessionFor(r, token)
	if s == nil {
		u.render(w, r, http.StatusUnauthorized, "signin", &page{Title: "Sign in", Data: signinData{Error: u.refusal(r, token, "That token is unknown or has been revoked.")}})
		return
	}
	u.setCookie(w, token)
	http.Redirect(w, r, "/w/"+s.Workspace.ID, http.StatusSeeOther)
}

// signout serves POST /signout. It works with a revoked token too (the cookie is simply
// dropped); cross-site posts are refused by the cross-origin protection.
func (u *ui) signout(w http.ResponseWriter, r *http.Request) {
	u.clearCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// IssueName returns the display name of the workspace's issue id (the id when unknown).
func (s *signedIn) IssueName(id string) string {
	for _, is := range s.Workspace.Issues {
		if is.ID == id {
			if is.Name != "" {
				return is.Name
			}
			break
		}
	}
	return id
}

// MemberName returns the name of the workspace's member id (the id when unknown).
func (s *signedIn) MemberName(id string) string {
	if m := s.Workspace.Member(id); m != nil && m.Name != "" {
		return m.Name
	}
	return id
}

// MemberNames returns the names of the members ids, joined with ", ".
func (s *signedIn) MemberNames(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += s.MemberName(id)
	}
	return out
}
