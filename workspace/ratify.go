package workspace

import (
	"context"
	"crypto/subtle"

	"parley"
)

// Propose implements parley.RatificationService.
func (s *Service) Propose(ctx context.Context, ws, version string, opt parley.ProposeOptions) (*parley.Ratification, error) {
	var r *parley.Ratification
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		v, err := visibleVersion(tx, ws, version, c)
		if err != nil {
			return nil, prefixField(err, "version")
		}
		if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished {
			return nil, parley.FieldErrorf("version", "only a published version of the plan is proposed for ratification")
		}
		open, err := checkProposal(w, v, opt)
		if err != nil {
			return nil, err
		}
		sts, err := tx.Stances(ws, v.ID)
		if err != nil {
			return nil, err
		}
		if err := checkConditions(w.Scenario(), v, sts); err != nil {
			return nil, err
		}
		rs, err := tx.Ratifications(ws)
		if err != nil {
			return nil, err
		}
		for _, o := range rs {
			if o.State == parley.RatificationOpen {
				return nil, parley.Errorf(parley.ECONFLICT, "ratification %s is still open", o.ID)
			}
			if o.State == parley.RatificationAgreed {
				return nil, parley.Errorf(parley.ECONFLICT, "the parties have already agreed on version %s", o.Version)
			}
		}
		r = &parley.Ratification{ID: newID("r"), Version: v.ID, Hash: v.Hash, ProposedBy: c.MemberID,
			ProposedAt: s.now().UTC(), State: parley.RatificationOpen, Open: open, Signatures: []parley.Signature{}, Rev: 1}
		if err := tx.PutRatification(ws, r, 0); err != nil {
			return nil, err
		}
		return []parley.Event{{Type: "ratification", Workspace: ws, Version: v.ID}},
			s.audit(tx, ws, c.MemberID, "ratification.propose", "ratification/"+r.ID+"#"+r.Hash)
	})
	return r, err
}

// Sign implements parley.RatificationService.
func (s *Service) Sign(ctx context.Context, ws, id string, d parley.Decision, hash, comment string) (*parley.Ratification, error) {
	var r *parley.Ratification
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if r, err = tx.Ratification(ws, id); err != nil {
			return nil, err
		}
		if c.Role != parley.RoleParty {
			return nil, parley.Errorf(parley.EFORBIDDEN, "only a party signs, and only for itself")
		}
		if d != parley.DecisionSign && d != parley.DecisionDecline {
			return nil, parley.FieldErrorf("decision", "decision %q is not sign or decline", d)
		}
		if subtle.ConstantTimeCompare([]byte(hash), []byte(r.Hash)) != 1 {
			return nil, parley.FieldErrorf("hash", "the hash is not the proposed version's content hash %s; read the version again", r.Hash)
		}
		if len(comment) > maxText {
			return nil, parley.FieldErrorf("comment", "the comment is longer than %d bytes", maxText)
		}
		if r.State != parley.RatificationOpen {
			return nil, parley.Errorf(parley.ECONFLICT, "the ratification is %s", r.State)
		}
		for _, sg := range r.Signatures {
			if sg.Party == c.MemberID {
				return nil, parley.Errorf(parley.ECONFLICT, "%s has already decided", c.MemberID)
			}
		}
		prev := r.Rev
		r.Signatures = append(r.Signatures, parley.Signature{Party: c.MemberID, Decision: d, Hash: hash, Comment: comment, At: s.now().UTC()})
		if d == parley.DecisionDecline {
			r.State = parley.RatificationDeclined
		} else {
			signed := 0
			for _, sg := range r.Signatures {
				if sg.Decision == parley.DecisionSign {
					signed++
				}
			}
			if signed == len(w.Parties()) {
				r.State = parley.RatificationAgreed
			}
		}
		r.Rev++
		if err := tx.PutRatification(ws, r, prev); err != nil {
			return nil, err
		}
		return []parley.Event{{Type: "ratification", Workspace: ws, Version: r.Version, Member: c.MemberID}},
			s.audit(tx, ws, c.MemberID, "ratification."+string(d), "ratification/"+r.ID+"#"+hash)
	})
	return r, err
}

// Ratifications implements parley.RatificationService.
func (s *Service) Ratifications(ctx context.Context, ws string) ([]*parley.Ratification, error) {
	return listForMember(ctx, s, ws, func(tx Tx) ([]*parley.Ratification, error) { return tx.Ratifications(ws) })
}
