package workspace

import (
	"context"
	"fmt"
	"strings"

	"parley"
)

func checkSession(tx Tx, w *parley.Workspace, s *parley.Session) error {
	if strings.TrimSpace(s.Title) == "" || len(s.Title) > maxShort {
		return parley.FieldErrorf("title", "a session needs a title of at most %d bytes", maxShort)
	}
	if s.Date.IsZero() {
		return parley.FieldErrorf("date", "a session needs a date (RFC 3339, e.g. 2025-12-02T15:00:00Z)")
	}
	if s.Minutes < 0 || s.Minutes > 60*24*30 {
		return parley.FieldErrorf("minutes", "minutes must be between 0 and 43200")
	}
	if len(s.Place) > maxShort || len(s.Tone) > maxShort {
		return parley.FieldErrorf("place", "place and tone are at most %d bytes", maxShort)
	}
	if len(s.Summary) > maxText {
		return parley.FieldErrorf("summary", "the summary is longer than %d bytes", maxText)
	}
	if len(s.Participants) > 200 {
		return parley.FieldErrorf("participants", "at most 200 participants")
	}
	for i, p := range s.Participants {
		if strings.TrimSpace(p.Person) == "" || len(p.Person) > maxShort || len(p.Side) > maxShort || len(p.Role) > maxShort {
			return parley.FieldErrorf(fmt.Sprintf("participants[%d].person", i), "a participant needs a person; person, side and role are at most %d bytes", maxShort)
		}
	}
	for i, t := range s.Topics {
		found := false
		for _, is := range w.Issues {
			found = found || is.ID == t
		}
		if !found {
			return parley.FieldErrorf(fmt.Sprintf("topics[%d]", i), "no issue %q in the workspace", t)
		}
	}
	if s.Produced != "" {
		v, err := tx.Version(w.ID, s.Produced)
		if err != nil || v.Status != parley.StatusPublished {
			return parley.FieldErrorf("produced", "no published version %q", s.Produced)
		}
	}
	return nil
}

// CreateSession implements parley.SessionService.
func (s *Service) CreateSession(ctx context.Context, ws string, in *parley.Session) (*parley.Session, error) {
	var out *parley.Session
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		if err := checkSession(tx, w, in); err != nil {
			return nil, err
		}
		cp := *in
		cp.ID = newID("s")
		cp.Rev = 1
		cp.Date = cp.Date.UTC()
		if err := tx.PutSession(ws, &cp, 0); err != nil {
			return nil, err
		}
		out = &cp
		return []parley.Event{{Type: "session", Workspace: ws}}, s.audit(tx, ws, c.MemberID, "session.create", "session/"+cp.ID)
	})
	return out, err
}

// UpdateSession implements parley.SessionService.
func (s *Service) UpdateSession(ctx context.Context, ws string, rev int64, in *parley.Session) (*parley.Session, error) {
	var out *parley.Session
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		cur, err := tx.Session(ws, in.ID)
		if err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		if cur.Rev != rev {
			return nil, conflict("session")
		}
		if err := checkSession(tx, w, in); err != nil {
			return nil, err
		}
		cp := *in
		cp.Rev = rev + 1
		cp.Date = cp.Date.UTC()
		if err := tx.PutSession(ws, &cp, rev); err != nil {
			return nil, err
		}
		out = &cp
		return []parley.Event{{Type: "session", Workspace: ws}}, s.audit(tx, ws, c.MemberID, "session.update", "session/"+cp.ID)
	})
	return out, err
}

// Sessions implements parley.SessionService.
func (s *Service) Sessions(ctx context.Context, ws string) ([]*parley.Session, error) {
	return listForMember(ctx, s, ws, func(tx Tx) ([]*parley.Session, error) { return tx.Sessions(ws) })
}
