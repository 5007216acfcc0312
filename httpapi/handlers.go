package httpapi

import (
	"net/http"

	"parley"
)

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	c := parley.CallerFromContext(r.Context())
	if c == nil {
		s.writeError(w, r, parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required"))
		return
	}
	writeJSON(w, 200, Me{Admin: c.Admin, Workspace: c.WorkspaceID, Member: c.MemberID, Role: c.Role})
}

func (s *Server) createWorkspace(w http.ResponseWriter, r *http.Request) {
	var in parley.WorkspaceCreate
	if err := s.guard(r, nil); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ws, toks, err := s.svc.CreateWorkspace(r.Context(), &in)
	s.reply(w, r, 201, WorkspaceCreated{ws, toks}, err)
}

// guard rejects an anonymous caller before the body is read, so no one without a token
// learns anything from validation errors.
func (s *Server) guard(r *http.Request, _ any) error {
	if parley.CallerFromContext(r.Context()) == nil {
		return parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required")
	}
	return nil
}

// body guards then decodes; it writes the error and returns false on failure.
func (s *Server) body(w http.ResponseWriter, r *http.Request, dst any) bool {
	err := s.guard(r, nil)
	if err == nil {
		err = s.member(r)
	}
	if err == nil {
		err = decode(w, r, dst)
	}
	if err != nil {
		s.writeError(w, r, err)
		return false
	}
	return true
}

// member checks, before a body is decoded, that the caller belongs to the workspace in
// the path: someone else's token learns nothing from validation errors.
func (s *Server) member(r *http.Request) error {
	c := parley.CallerFromContext(r.Context())
	if ws := r.PathValue("ws"); ws != "" && (c.Admin || c.WorkspaceID != ws) {
		return parley.Errorf(parley.ENOTFOUND, "workspace not found")
	}
	return nil
}

func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request) {
	ws, err := s.svc.Workspace(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, ws, err)
}

func (s *Server) putSettings(w http.ResponseWriter, r *http.Request) {
	var in SettingsUpdate
	if !s.body(w, r, &in) {
		return
	}
	ws, err := s.svc.UpdateSettings(r.Context(), r.PathValue("ws"), in.Rev, in.Settings)
	s.reply(w, r, 200, ws, err)
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	var in parley.Member
	if !s.body(w, r, &in) {
		return
	}
	m, tok, err := s.svc.AddObserver(r.Context(), r.PathValue("ws"), &in)
	s.reply(w, r, 201, MemberAdded{m, tok}, err)
}

func (s *Server) rotateToken(w http.ResponseWriter, r *http.Request) {
	tok, err := s.svc.RotateToken(r.Context(), r.PathValue("ws"), r.PathValue("member"))
	s.reply(w, r, 201, tok, err)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.RevokeToken(r.Context(), r.PathValue("ws"), r.PathValue("member")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) issueSignIn(w http.ResponseWriter, r *http.Request) {
	t, err := s.svc.IssueSignIn(r.Context(), r.PathValue("ws"), r.PathValue("member"))
	s.reply(w, r, 201, t, err)
}

func (s *Server) redeemSignIn(w http.ResponseWriter, r *http.Request) {
	var in SignInRedeem
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.svc.RedeemSignIn(r.Context(), in.Ticket)
	s.reply(w, r, 201, t, err)
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.Profile(r.Context(), r.PathValue("ws"), r.PathValue("party"))
	s.reply(w, r, 200, p, err)
}

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) {
	// A party writes only its own profile: refuse before reading someone else's body.
	c := parley.CallerFromContext(r.Context())
	if c != nil && s.member(r) == nil && c.MemberID != r.PathValue("party") {
		s.writeError(w, r, parley.Errorf(parley.EFORBIDDEN, "a party writes only its own profile"))
		return
	}
	var in ProfilePut
	if !s.body(w, r, &in) {
		return
	}
	p, err := s.svc.PutProfile(r.Context(), r.PathValue("ws"), r.PathValue("party"), in.Rev,
		&parley.PartyProfile{Profile: in.Profile, Use: in.Use})
	s.reply(w, r, 200, p, err)
}

func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	var in ProfilePreview
	if !s.body(w, r, &in) {
		return
	}
	pa, err := s.svc.Preview(r.Context(), r.PathValue("ws"), r.PathValue("version"), &in.Profile)
	s.reply(w, r, 200, pa, err)
}

func (s *Server) listVersions(w http.ResponseWriter, r *http.Request) {
	b, err := s.svc.VersionsJSON(r.Context(), r.PathValue("ws"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeEncoded(w, 200, b)
}

func (s *Server) createDraft(w http.ResponseWriter, r *http.Request) {
	var in parley.DraftCreate
	if !s.body(w, r, &in) {
		return
	}
	v, err := s.svc.CreateDraft(r.Context(), r.PathValue("ws"), &in)
	s.reply(w, r, 201, v, err)
}

func (s *Server) getVersion(w http.ResponseWriter, r *http.Request) {
	b, err := s.svc.VersionJSON(r.Context(), r.PathValue("ws"), r.PathValue("version"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeEncoded(w, 200, b)
}

func (s *Server) editDraft(w http.ResponseWriter, r *http.Request) {
	var in DraftEdit
	if !s.body(w, r, &in) {
		return
	}
	v, err := s.svc.EditDraft(r.Context(), r.PathValue("ws"), r.PathValue("version"), in.Rev, in.Ops)
	s.reply(w, r, 200, v, err)
}

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	var in Publish
	if !s.body(w, r, &in) {
		return
	}
	v, err := s.svc.Publish(r.Context(), r.PathValue("ws"), r.PathValue("version"), in.Rev)
	s.reply(w, r, 200, v, err)
}

func (s *Server) analytics(w http.ResponseWriter, r *http.Request) {
	a, err := s.svc.Analytics(r.Context(), r.PathValue("ws"), r.PathValue("version"))
	s.reply(w, r, 200, a, err)
}

func (s *Server) listStances(w http.ResponseWriter, r *http.Request) {
	sts, err := s.svc.Stances(r.Context(), r.PathValue("ws"), r.PathValue("version"))
	s.reply(w, r, 200, sts, err)
}

func (s *Server) matrix(w http.ResponseWriter, r *http.Request) {
	m, err := s.svc.Matrix(r.Context(), r.PathValue("ws"), r.PathValue("version"))
	s.reply(w, r, 200, m, err)
}

func (s *Server) putStance(w http.ResponseWriter, r *http.Request) {
	var in StancePut
	if !s.body(w, r, &in) {
		return
	}
	st, err := s.svc.SetStance(r.Context(), r.PathValue("ws"), r.PathValue("version"), r.PathValue("point"), in.Rev,
		&parley.StanceInput{Mark: in.Mark, Amendment: in.Amendment, Comment: in.Comment, Private: in.Private, Condition: in.Condition})
	s.reply(w, r, 200, st, err)
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("from") == "" || q.Get("to") == "" {
		if err := s.guard(r, nil); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeError(w, r, parley.FieldErrorf("from", "give the versions to compare as ?from=ID&to=ID"))
		return
	}
	d, err := s.svc.Diff(r.Context(), r.PathValue("ws"), q.Get("from"), q.Get("to"))
	s.reply(w, r, 200, d, err)
}

func (s *Server) progress(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.Progress(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, p, err)
}

func (s *Server) listSessions(w http.ResponseWriter, r *http.Request) {
	ss, err := s.svc.Sessions(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, ss, err)
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	var in parley.Session
	if !s.body(w, r, &in) {
		return
	}
	ss, err := s.svc.CreateSession(r.Context(), r.PathValue("ws"), &in)
	s.reply(w, r, 201, ss, err)
}

func (s *Server) putSession(w http.ResponseWriter, r *http.Request) {
	var in SessionPut
	if !s.body(w, r, &in) {
		return
	}
	in.Session.ID = r.PathValue("session")
	ss, err := s.svc.UpdateSession(r.Context(), r.PathValue("ws"), in.Rev, &in.Session)
	s.reply(w, r, 200, ss, err)
}

func (s *Server) listRatifications(w http.ResponseWriter, r *http.Request) {
	rs, err := s.svc.Ratifications(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, rs, err)
}

func (s *Server) propose(w http.ResponseWriter, r *http.Request) {
	var in Proposal
	if !s.body(w, r, &in) {
		return
	}
	rt, err := s.svc.Propose(r.Context(), r.PathValue("ws"), in.Version, parley.ProposeOptions{ConfirmOpen: in.ConfirmOpen})
	s.reply(w, r, 201, rt, err)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	var in DecisionPut
	if !s.body(w, r, &in) {
		return
	}
	rt, err := s.svc.Sign(r.Context(), r.PathValue("ws"), r.PathValue("ratification"), in.Decision, in.Hash, in.Comment)
	s.reply(w, r, 200, rt, err)
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	after, err := queryInt(r, "after")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	es, err := s.svc.Audit(r.Context(), r.PathValue("ws"), after)
	s.reply(w, r, 200, es, err)
}

func (s *Server) checkpoint(w http.ResponseWriter, r *http.Request) {
	since, err := queryInt(r, "since")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cp, err := s.svc.Checkpoint(r.Context(), r.PathValue("ws"), since)
	s.reply(w, r, 200, cp, err)
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	rep, err := s.svc.VerifyAudit(r.Context())
	s.reply(w, r, 200, rep, err)
}
