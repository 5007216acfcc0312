package web

import (
	"context"
	"net/http"
	"strings"

	"parley"
	"parley/internal/httpstatus"
)

// suggestion returns the suggested next text for the mediator's overview, or nil when the
// services offer none (parley.Suggester), the member is not the mediator, or no party has
// marked a point that binds an issue yet. An error leaves the page without it: the
// suggestion is an aid, never a reason for the overview to fail.
func (u *ui) suggestion(ctx context.Context, me *signedIn) *parley.Suggestion {
	sg, ok := u.cfg.Plans.(parley.Suggester)
	if !ok || !me.IsMediator() {
		return nil
	}
	s, err := sg.Suggestion(ctx, me.Workspace.ID)
	if err != nil {
		u.log.ErrorContext(ctx, "suggestion", "workspace", me.Workspace.ID, "err", err)
		return nil
	}
	if s.Heard == 0 {
		return nil
	}
	return s
}

// suggestData is what the page of the suggested next text shows.
type suggestData struct {
	S     *parley.Suggestion
	WS    string
	CSRF  string
	Error string
}

// suggestPage serves GET /w/{ws}/suggestion: the suggested next text with the form that
// adopts it into a draft (the mediator's only; it asks for confirmation first).
func (u *ui) suggestPage(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showSuggestion(w, r, me, http.StatusOK, "")
}

func (u *ui) showSuggestion(w http.ResponseWriter, r *http.Request, me *signedIn, status int, msg string) {
	sg, ok := u.cfg.Plans.(parley.Suggester)
	if !ok {
		u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "this server offers no suggested next text"))
		return
	}
	s, err := sg.Suggestion(ctxFor(r.Context(), me), me.Workspace.ID)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	d := suggestData{S: s, WS: me.Workspace.ID, CSRF: csrfToken(u.cfg.CSRFKey, me.token), Error: msg}
	u.render(w, r, status, "suggestion", &page{Title: "Suggested next text", Me: me, Active: "overview", Data: d})
}

// adoptSuggestion serves POST /w/{ws}/suggestion/adopt: the suggestion, as built on the
// version the form names, becomes a new draft of the plan, whose page it then shows.
func (u *ui) adoptSuggestion(w http.ResponseWriter, r *http.Request, me *signedIn) {
	sg, ok := u.cfg.Plans.(parley.Suggester)
	if !ok {
		u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "this server offers no suggested next text"))
		return
	}
	v, err := sg.AdoptSuggestion(ctxFor(r.Context(), me), me.Workspace.ID, &parley.SuggestionAdopt{
		Title: strings.TrimSpace(r.PostFormValue("title")), Version: r.PostFormValue("version")})
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/v/"+v.ID, http.StatusSeeOther)
	case parley.EINVALID, parley.ECONFLICT, parley.ELIMIT:
		u.showSuggestion(w, r, me, httpstatus.Of(parley.ErrorCode(err)), parley.ErrorMessage(err))
	default:
		u.fail(w, r, me, err)
	}
}
