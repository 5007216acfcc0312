package web

import (
	"errors"
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
	// Text is the version of the open ratification, as the signed-in member reads it (the
	// whole text: a version hiding a point from a party is never proposed), and A its
	// analytics: the outcome it implies, what it leaves open and, for a party, its verdict.
	Text *parley.Version
	A    *parley.Analytics
	// Confirm asks the mediator to confirm proposing a version that leaves issues open.
	Confirm string
}

// ratification serves GET /w/{ws}/ratification: every ratification with its signatures; the
// mediator proposes a published version, each party signs or declines for itself.
func (u *ui) ratification(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showRatification(w, r, me, http.StatusOK, "")
}

func (u *ui) showRatification(w http.ResponseWriter, r *http.Request, me *signedIn, status int, msg string) {
	u.showRatificationData(w, r, me, status, ratificationData{Error: msg})
}

// showRatificationConfirm shows the page asking the mediator to confirm proposing version,
// which leaves issues open.
func (u *ui) showRatificationConfirm(w http.ResponseWriter, r *http.Request, me *signedIn, msg, version string) {
	u.showRatificationData(w, r, me, http.StatusConflict, ratificationData{Error: msg, Confirm: version})
}

func (u *ui) showRatificationData(w http.ResponseWriter, r *http.Request, me *signedIn, status int, d ratificationData) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	d.WS, d.Me, d.Parties = ws, me.Member.ID, me.Workspace.Parties()
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
	for _, rt := range d.Ratifications {
		if rt.State != parley.RatificationOpen {
			continue
		}
		if d.Text, err = u.cfg.Plans.Version(ctx, ws, rt.Version); err != nil {
			u.fail(w, r, me, err)
			return
		}
		if d.A, err = u.cfg.Plans.Analytics(ctx, ws, rt.Version); err != nil {
			u.fail(w, r, me, err)
			return
		}
	}
	u.render(w, r, status, "ratification", &page{Title: "Ratification", Me: me, Active: "ratification", Data: d})
}

// propose serves POST /w/{ws}/ratification.
func (u *ui) propose(w http.ResponseWriter, r *http.Request, me *signedIn) {
	version := r.PostFormValue("version")
	_, err := u.cfg.Ratify.Propose(ctxFor(r.Context(), me), me.Workspace.ID, version,
		parley.ProposeOptions{ConfirmOpen: r.PostFormValue("confirm_open") != ""})
	if pe := (*parley.Error)(nil); errors.As(err, &pe) && pe.Field == "confirm_open" {
		// Ask again, with the open issues named and the box to confirm them.
		u.showRatificationConfirm(w, r, me, pe.Message, version)
		return
	}
	u.afterRatify(w, r, me, err)
}

// sign serves POST /w/{ws}/ratification/{r}/sign: the calling party signs or declines the
// version whose content hash the form carries.
func (u *ui) sign(w http.ResponseWriter, r *http.Request, me *signedIn) {
	_, err := u.cfg.Ratify.Sign(ctxFor(r.Context(), me), me.Workspace.ID, r.PathValue("r"),
		parley.Decision(r.PostFormValue("decision")), r.PostFormValue("hash"), strings.TrimSpace(r.PostFormValue("comment")))
	u.afterRatify(w, r, me, err)
}

func (u *ui) afterRatify(w http.ResponseWriter, r *http.Request, me *signedIn, err error) {
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/ratification", http.StatusSeeOther)
	case parley.EINVALID:
		u.showRatification(w, r, me, http.StatusBadRequest, parley.ErrorMessage(err))
	case parley.ECONFLICT:
		u.showRatification(w, r, me, http.StatusConflict, parley.ErrorMessage(err))
	default:
		u.fail(w, r, me, err)
	}
}
