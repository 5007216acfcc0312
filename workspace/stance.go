package workspace

import (
	"context"
	"strings"

	"parley"
)

// stanceVisible reports whether the caller may see stance st on a point it can see.
func stanceVisible(w *parley.Workspace, c *parley.Caller, st *parley.Stance) bool {
	switch w.StancesSeen(c, st.Party) {
	case parley.SeesAllStances:
		return true
	case parley.SeesPublicStances:
		return !st.Private
	}
	return false
}

// SetStance implements parley.StanceService.
func (s *Service) SetStance(ctx context.Context, ws, version, point string, rev int64, in *parley.StanceInput) (*parley.Stance, error) {
	var st *parley.Stance
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		v, err := visibleVersion(tx, ws, version, c)
		if err != nil {
			return nil, err
		}
		i := indexOf(v, point)
		if i < 0 || v.Points[i].Hidden {
			return nil, parley.Errorf(parley.ENOTFOUND, "point not found")
		}
		if c.Role != parley.RoleParty {
			return nil, parley.Errorf(parley.EFORBIDDEN, "only a party marks stances")
		}
		if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished {
			return nil, parley.Errorf(parley.EINVALID, "stances are marked on published versions of the plan")
		}
		if !in.Mark.Valid() {
			return nil, parley.FieldErrorf("mark", "mark %q is not accept, reject, amend or reserve", in.Mark)
		}
		if in.Mark == parley.MarkAmend && strings.TrimSpace(in.Amendment) == "" {
			return nil, parley.FieldErrorf("amendment", "an amend stance needs the proposed text")
		}
		if in.Mark != parley.MarkAmend && in.Amendment != "" {
			return nil, parley.FieldErrorf("amendment", "only an amend stance has an amendment")
		}
		if len(in.Amendment) > maxText || len(in.Comment) > maxText {
			return nil, parley.FieldErrorf("comment", "comment and amendment are at most %d bytes each", maxText)
		}
		if err := checkCondition(w, in); err != nil {
			return nil, err
		}
		cur, err := tx.Stance(ws, version, point, c.MemberID)
		switch {
		case parley.ErrorCode(err) == parley.ENOTFOUND:
			if rev != 0 {
				return nil, conflict("stance")
			}
		case err != nil:
			return nil, err
		case cur.Rev != rev:
			return nil, conflict("stance")
		}
		st = &parley.Stance{Version: version, Point: point, Party: c.MemberID, Mark: in.Mark, Amendment: in.Amendment,
			Comment: in.Comment, Private: in.Private, Condition: in.Condition, Rev: rev + 1, UpdatedAt: s.now().UTC()}
		if err := tx.PutStance(ws, st, rev); err != nil {
			return nil, err
		}
		var aud []string
		if st.Private || w.Settings.StanceVisibility != parley.StancesShared {
			aud = []string{c.MemberID, mediatorID(w)}
		} else if vis := v.Points[i].VisibleTo; len(vis) > 0 {
			aud = vis
		}
		return []parley.Event{{Type: "stance", Workspace: ws, Version: version, Point: point, Member: c.MemberID, Audience: aud}},
			s.audit(tx, ws, c.MemberID, "stance.set", "stance/"+version+"/"+point+"/"+c.MemberID)
	})
	return st, err
}

func (s *Service) visibleStances(ctx context.Context, ws, version string) (*parley.Workspace, *parley.Version, []*parley.Stance, error) {
	var (
		w   *parley.Workspace
		v   *parley.Version
		out []*parley.Stance
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if v, err = visibleVersion(tx, ws, version, c); err != nil {
			return err
		}
		sts, err := tx.Stances(ws, version)
		if err != nil {
			return err
		}
		for _, st := range sts {
			if i := indexOf(v, st.Point); i >= 0 && !v.Points[i].Hidden && stanceVisible(w, c, st) {
				out = append(out, st)
			}
		}
		return nil
	})
	return w, v, out, err
}

// Stances implements parley.StanceService.
func (s *Service) Stances(ctx context.Context, ws, version string) ([]*parley.Stance, error) {
	_, _, sts, err := s.visibleStances(ctx, ws, version)
	if sts == nil && err == nil {
		sts = []*parley.Stance{}
	}
	return sts, err
}

// Matrix implements parley.StanceService.
func (s *Service) Matrix(ctx context.Context, ws, version string) (*parley.Matrix, error) {
	w, v, sts, err := s.visibleStances(ctx, ws, version)
	if err != nil {
		return nil, err
	}
	m := &parley.Matrix{Version: version, Points: []string{}, Parties: []string{}, Cells: [][]*parley.Stance{}}
	col := map[string]int{}
	for _, p := range w.Parties() {
		col[p.ID] = len(m.Parties)
		m.Parties = append(m.Parties, p.ID)
	}
	row := map[string]int{}
	for _, p := range v.Points {
		if p.Hidden {
			continue
		}
		row[p.ID] = len(m.Points)
		m.Points = append(m.Points, p.ID)
		m.Cells = append(m.Cells, make([]*parley.Stance, len(m.Parties)))
	}
	sc := w.Scenario()
	for _, st := range sts {
		i, ok1 := row[st.Point]
		j, ok2 := col[st.Party]
		if ok1 && ok2 {
			m.Cells[i][j] = st
			if st.Condition != "" {
				if m.Conditions == nil {
					m.Conditions = make([][]parley.ConditionStatus, len(m.Cells))
					for k := range m.Conditions {
						m.Conditions[k] = make([]parley.ConditionStatus, len(m.Parties))
						for j := range m.Conditions[k] {
							m.Conditions[k][j] = parley.ConditionNone
						}
					}
				}
				m.Conditions[i][j] = ConditionHolds(sc, v, st)
			}
		}
	}
	if m.Reopened, err = s.reopenedIn(ctx, ws, sc, v, sts); err != nil {
		return nil, err
	}
	return m, nil
}

// checkCondition validates a stance's condition: on an accept only, in the red-line
// language, over the workspace's issues.
func checkCondition(w *parley.Workspace, in *parley.StanceInput) error {
	if in.Condition == "" {
		return nil
	}
	if in.Mark != parley.MarkAccept {
		return parley.FieldErrorf("condition", "only an accept has a condition (accept if ...)")
	}
	_, err := parseCondition(w.Scenario(), in.Condition)
	return err
}

// reopenedIn lists the points of published plan version v reopened since the previous
// published plan version, from the stances the caller may see.
func (s *Service) reopenedIn(ctx context.Context, ws string, sc *parley.Scenario, v *parley.Version, sts []*parley.Stance) ([]*parley.Reopened, error) {
	if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished || v.Number < 2 {
		return nil, nil
	}
	var prevID string
	err := s.store.Read(ctx, func(tx Tx) error {
		sums, err := tx.VersionSummaries(ws)
		best := 0
		for _, o := range sums {
			if o.Kind == parley.KindPlan && o.Status == parley.StatusPublished && o.Number < v.Number && o.Number > best {
				best, prevID = o.Number, o.ID
			}
		}
		return err
	})
	if err != nil || prevID == "" {
		return nil, err
	}
	_, prev, prevSts, err := s.visibleStances(ctx, ws, prevID)
	if err != nil {
		return nil, err
	}
	return reopened(sc, v, prev, sts, prevSts), nil
}
