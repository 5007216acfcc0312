package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"parley"
)

type sessionsData struct {
	Sessions []*parley.Session
	Versions []*parley.VersionSummary
	Issues   []*parley.Issue
	Progress []*chart
	Error    string
	Field    string     // the field the error is about: "title", "date", "minutes", ...
	Form     url.Values // what was typed, when the form was refused
	Done     string     // the session just recorded, to say so beside it
	WS       string
}

// sessions serves GET /w/{ws}/sessions: the timeline of meetings, the progress chart for the
// mediator, and the mediator's form to record a session.
func (u *ui) sessions(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showSessions(w, r, me, http.StatusOK, "", "")
}

func (u *ui) showSessions(w http.ResponseWriter, r *http.Request, me *signedIn, status int, msg, field string) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	d := sessionsData{WS: ws, Error: msg, Field: field}
	if r.Method == http.MethodPost {
		d.Form = r.PostForm
	} else {
		d.Done = r.URL.Query().Get("done")
	}
	var err error
	if d.Sessions, err = u.cfg.Sessions.Sessions(ctx, ws); err != nil {
		u.fail(w, r, me, err)
		return
	}
	if d.Versions, err = u.cfg.Plans.Versions(ctx, ws); err != nil {
		u.fail(w, r, me, err)
		return
	}
	d.Issues = append(d.Issues, me.Workspace.Issues...)
	if me.IsMediator() {
		ps, err := u.cfg.Plans.Progress(ctx, ws)
		if err != nil {
			u.fail(w, r, me, err)
			return
		}
		d.Progress = progressCharts(ps)
	}
	u.render(w, r, status, "sessions", &page{Title: "Sessions", Me: me, Active: "sessions", Data: d})
}

// createSession serves POST /w/{ws}/sessions. Participants are typed one per line as
// "person; side; role".
func (u *ui) createSession(w http.ResponseWriter, r *http.Request, me *signedIn) {
	f := r.PostForm
	s := &parley.Session{
		Title:    strings.TrimSpace(f.Get("title")),
		Place:    strings.TrimSpace(f.Get("place")),
		Summary:  strings.TrimSpace(f.Get("summary")),
		Tone:     strings.TrimSpace(f.Get("tone")),
		Produced: f.Get("produced"),
		Topics:   f["topics"],
	}
	var err error
	if s.Date, err = time.Parse("2006-01-02", f.Get("date")); err != nil {
		u.showSessions(w, r, me, http.StatusBadRequest, "Date: give the day as YYYY-MM-DD, for example 2025-11-23.", "date")
		return
	}
	if m := strings.TrimSpace(f.Get("minutes")); m != "" {
		if s.Minutes, err = strconv.Atoi(m); err != nil || s.Minutes < 0 {
			u.showSessions(w, r, me, http.StatusBadRequest, "Minutes: give a whole number of minutes.", "minutes")
			return
		}
	}
	for _, line := range strings.Split(f.Get("participants"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, ";", 3)
		p := parley.Participant{Person: strings.TrimSpace(parts[0])}
		if len(parts) > 1 {
			p.Side = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 {
			p.Role = strings.TrimSpace(parts[2])
		}
		s.Participants = append(s.Participants, p)
	}
	created, err := u.cfg.Sessions.CreateSession(ctxFor(r.Context(), me), me.Workspace.ID, s)
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/sessions?done="+url.QueryEscape(created.ID)+"#s-"+created.ID, http.StatusSeeOther)
	case parley.EINVALID:
		field := ""
		if e, ok := err.(*parley.Error); ok {
			field, _, _ = strings.Cut(e.Field, "[")
			field, _, _ = strings.Cut(field, ".")
		}
		u.showSessions(w, r, me, http.StatusBadRequest, parley.ErrorMessage(err), field)
	default:
		u.fail(w, r, me, err)
	}
}
