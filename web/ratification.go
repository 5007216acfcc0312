package web

import (
	"net/http"
	"strings"

	"parley"
)

type ratificationData struct {
	Ratifications []*parley.Ratification
	Published     []*parley.VersionSummary
	Parties       []*parley.Member
	Me            string
	Error         string
	WS            string
}

// ratification serves GET /w/{ws}/ratification: every ratification with its signatures; the
// mediator proposes a published version, each party signs or declines for itself.
func (u *ui) ratification(w http.ResponseWriter, r *http.Request, me *session) {
	u.showRatification(w, r, me, http.StatusOK, "")
}

func (u *ui) showRatification(w http.ResponseWriter, r *http.Request, me *session, status int, msg string) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	d := ratificationData{WS: ws, Me: me.Member.ID, Error: msg, Parties: me.Workspace.Parties()}
	var err error
	if d.Ratifications, err = u.cfg.Ratify.Ratifications(ctx, ws); err != nil {
		u.fail(w, r, me, err)
		return
	}
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
			d.Published = append(d.Published, v)
		}
	}
	u.render(w, r, status, "ratification", &page{Title: "Ratification", Me: me, Active: "ratification", Data: d})
}

// propose serves POST /w/{ws}/ratification.
func (u *ui) propose(w http.ResponseWriter, r *http.Request, me *session) {
	_, err := u.cfg.Ratify.Propose(ctxFor(r.Context(), me), me.Workspace.ID, r.PostFormValue("version"))
	u.afterRatify(w, r, me, err)
}

// sign serves POST /w/{ws}/ratification/{r}/sign: the calling party signs or declines the
// version whose content hash the form carries.
func (u *ui) sign(w http.ResponseWriter, r *http.Request, me *session) {
	_, err := u.cfg.Ratify.Sign(ctxFor(r.Context(), me), me.Workspace.ID, r.PathValue("r"),
		parley.Decision(r.PostFormValue("decision")), r.PostFormValue("hash"), strings.TrimSpace(r.PostFormValue("comment")))
	u.afterRatify(w, r, me, err)
}

func (u *ui) afterRatify(w http.ResponseWriter, r *http.Request, me *session, err error) {
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/ratification", http.StatusSeeOther)
	case parley.EINVALID, parley.ECONFLICT:
		u.showRatification(w, r, me, http.StatusBadRequest, parley.ErrorMessage(err))
	default:
		u.fail(w, r, me, err)
	}
}
