package workspace

import (
	"context"

	"parley"
)

// Profile implements parley.ProfileService.
func (s *Service) Profile(ctx context.Context, ws, party string) (*parley.PartyProfile, error) {
	var p *parley.PartyProfile
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		hidden := parley.Errorf(parley.ENOTFOUND, "profile not found")
		if c.MemberID != party && c.Role != parley.RoleMediator {
			return hidden
		}
		p, err = tx.Profile(ws, party)
		if err != nil {
			return hidden
		}
		if c.MemberID != party && p.Use != parley.UseShared {
			p = nil
			return hidden
		}
		return nil
	})
	return p, err
}

// CheckProfile implements parley.ProfileChecker: ValidateProfile, for any member.
func (s *Service) CheckProfile(ctx context.Context, ws string, p *parley.ProfileSpec) error {
	return s.store.Read(ctx, func(tx Tx) error {
		w, _, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		return ValidateProfile(w.Scenario(), p)
	})
}

// PutProfile implements parley.ProfileService.
func (s *Service) PutProfile(ctx context.Context, ws, party string, rev int64, in *parley.PartyProfile) (*parley.PartyProfile, error) {
	var out *parley.PartyProfile
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if c.MemberID != party || c.Role != parley.RoleParty {
			return nil, parley.Errorf(parley.EFORBIDDEN, "a party writes only its own profile")
		}
		if err := ValidateProfile(w.Scenario(), &in.Profile); err != nil {
			return nil, prefixField(err, "profile")
		}
		cur, err := tx.Profile(ws, party)
		switch {
		case parley.ErrorCode(err) == parley.ENOTFOUND:
			if rev != 0 {
				return nil, conflict("profile")
			}
		case err != nil:
			return nil, err
		case cur.Rev != rev:
			return nil, conflict("profile")
		}
		if in.Use != "" && !in.Use.Valid() {
			return nil, parley.FieldErrorf("use", "use %q is not private, neutral or shared", in.Use)
		}
		out = &parley.PartyProfile{Party: party, Profile: in.Profile, Use: useOrPrivate(in.Use), Rev: rev + 1, UpdatedAt: s.now().UTC()}
		if out.Profile.Issues == nil {
			out.Profile.Issues = map[string]parley.IssuePreference{} // a partial profile may name none
		}
		if cur != nil && out.Profile.Partial {
			out.Skipped = cur.Skipped // the questions set aside stay aside
		}
		if err := tx.PutProfile(ws, out, rev); err != nil {
			return nil, err
		}
		aud := []string{party}
		if out.Use == parley.UseShared {
			aud = append(aud, mediatorID(w))
		}
		return []parley.Event{{Type: "profile", Workspace: ws, Member: party, Audience: aud}},
			s.audit(tx, ws, party, "profile.put", "profile/"+party)
	})
	return out, err
}

func mediatorID(w *parley.Workspace) string {
	for _, m := range w.Members {
		if m.Role == parley.RoleMediator {
			return m.ID
		}
	}
	return ""
}

// useOrPrivate returns u, or private when u is empty.
func useOrPrivate(u parley.ProfileUse) parley.ProfileUse {
	if u == "" {
		return parley.UsePrivate
	}
	return u
}
