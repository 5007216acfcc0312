package workspace

import (
	"context"
	"math"
	"slices"
	"strconv"

	"parley"
)

// SealBlind implements parley.BlindService.
func (s *Service) SealBlind(ctx context.Context, ws, id string, in *parley.BlindSealInput) (*parley.BlindRound, error) {
	var out *parley.BlindRound
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		bt, err := blindOf(tx)
		if err != nil {
			return nil, err
		}
		r, err := bt.BlindRound(ws, id)
		if err != nil {
			return nil, err
		}
		side, ok := r.Round.Sides[c.MemberID]
		if c.Role != parley.RoleParty || !ok {
			return nil, parley.Errorf(parley.EFORBIDDEN, "only a party of the round seals a value")
		}
		if r.Round.Status != parley.BlindOpen {
			return nil, parley.Errorf(parley.ECONFLICT, "the round is closed")
		}
		is := issueByID(w, r.Round.Issue)
		if is == nil {
			return nil, parley.Errorf(parley.EINTERNAL, "round %s names an unknown issue", id)
		}
		if math.IsNaN(in.Value) || in.Value < is.Min || in.Value > is.Max {
			// The value is not echoed: errors may be logged.
			return nil, parley.FieldErrorf("value", "the value must lie within the issue's range, %s", is.Describe())
		}
		keys, err := s.workspaceKeys(bt, ws)
		if err != nil {
			return nil, err
		}
		retreat, err := s.retreats(bt, keys, r, c.MemberID, side, in.Value)
		if err != nil {
			return nil, err
		}
		if retreat && !in.ConfirmRetreat {
			return nil, parley.FieldErrorf("value", "this value is more demanding than the one you sealed in the previous round, which found no overlap; seal it with confirm_retreat to retreat, and every member will see that you did")
		}
		if err := s.putSeal(bt, keys, r, c.MemberID, in.Value, retreat, is); err != nil {
			return nil, err
		}
		out = publicRound(r)
		evs := []parley.Event{{Type: "blind", Workspace: ws}}
		if err := s.audit(tx, ws, c.MemberID, "blind.seal", blindRecordName(id)+"/"+c.MemberID+"#"+r.Seals[c.MemberID].Commitment); err != nil {
			return nil, err
		}
		if r.Round.Status == parley.BlindClosed {
			return evs, s.audit(tx, ws, c.MemberID, "blind.close", blindRecordName(id)+" "+ruleTerms(&r.Round)+" "+roundResult(&r.Round))
		}
		return evs, nil
	})
	return out, err
}

func issueByID(w *parley.Workspace, id string) *parley.Issue {
	for _, is := range w.Issues {
		if is.ID == id {
			return is
		}
	}
	return nil
}

// retreats reports whether value, sealed by party on side, is more demanding than the
// party's value in the previous round on the same issue, when that round found no overlap.
func (s *Service) retreats(bt BlindTx, keys *wsKeys, r *parley.BlindRecord, party string, side parley.BlindSide, value float64) (bool, error) {
	rs, err := bt.BlindRounds(r.Round.Workspace)
	if err != nil {
		return false, err
	}
	var prev *parley.BlindRecord
	for _, o := range rs {
		if o.Round.Issue == r.Round.Issue && o.Round.Number == r.Round.Number-1 {
			prev = o
		}
	}
	if prev == nil || prev.Round.Overlap == nil || *prev.Round.Overlap || prev.Seals[party] == nil {
		return false, nil
	}
	old, err := openSeal(keys, r.Round.Workspace, prev.Round.ID, party, prev.Seals[party])
	if err != nil {
		return false, err
	}
	if side == parley.BlindAtLeast {
		return value > old+blindTol, nil
	}
	return value < old-blindTol, nil
}

// putSeal stores party's sealed value in r and, when every party has sealed, closes the
// round with its result.
func (s *Service) putSeal(bt BlindTx, keys *wsKeys, r *parley.BlindRecord, party string, value float64, retreat bool, is *parley.Issue) error {
	ws, id := r.Round.Workspace, r.Round.ID
	sl, err := makeSeal(keys, ws, id, party, value)
	if err != nil {
		return err
	}
	sl.At = s.now().UTC()
	if r.Seals == nil {
		r.Seals = map[string]*parley.Seal{}
	}
	r.Seals[party] = sl
	r.Round.Sealed = r.Round.Sealed[:0]
	for _, p := range sortedParties(r.Round.Sides) {
		if r.Seals[p] != nil {
			r.Round.Sealed = append(r.Round.Sealed, p)
		}
	}
	if retreat && !slices.Contains(r.Round.Retreats, party) {
		r.Round.Retreats = append(r.Round.Retreats, party)
	}
	if len(r.Round.Sealed) == len(r.Round.Sides) {
		if err := s.closeBlind(bt, keys, r, is); err != nil {
			return err
		}
	}
	prev := r.Round.Rev
	r.Round.Rev++
	return bt.PutBlindRound(ws, r, prev)
}

// closeBlind opens every seal of r, settles the round by its rule and closes it.
func (s *Service) closeBlind(bt BlindTx, keys *wsKeys, r *parley.BlindRecord, is *parley.Issue) error {
	ws, id := r.Round.Workspace, r.Round.ID
	t := &BlindTerms{Rule: r.Round.Rule, Sides: r.Round.Sides, Values: map[string]float64{}}
	if r.Round.RangePercent != nil {
		t.RangePercent = *r.Round.RangePercent
	}
	for p, sl := range r.Seals {
		v, err := openSeal(keys, ws, id, p, sl)
		if err != nil {
			return err
		}
		t.Values[p] = v
	}
	if t.Rule == parley.BlindConcession {
		var err error
		if t.Conceded, err = conceded(bt, keys, r, t.Values); err != nil {
			return err
		}
	}
	o := BlindResult(is, t)
	r.Round.Overlap, r.Round.Settled = &o.Overlap, &o.Settled
	if o.Settled {
		r.Round.Settlement = &o.Settlement
	}
	r.Round.Status = parley.BlindClosed
	now := s.now().UTC()
	r.Round.ClosedAt = &now
	return nil
}

// conceded is, by party of r, how far its value in r moved toward the other side from its
// value in its first earlier round on the issue where it took the same side.
func conceded(bt BlindTx, keys *wsKeys, r *parley.BlindRecord, values map[string]float64) (map[string]float64, error) {
	rs, err := bt.BlindRounds(r.Round.Workspace)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	seen := map[string]bool{}
	for _, o := range rs { // oldest first
		if o.Round.Issue != r.Round.Issue || o.Round.Number >= r.Round.Number {
			continue
		}
		for p, side := range r.Round.Sides {
			if seen[p] || o.Round.Sides[p] != side || o.Seals[p] == nil {
				continue
			}
			first, err := openSeal(keys, r.Round.Workspace, o.Round.ID, p, o.Seals[p])
			if err != nil {
				return nil, err
			}
			seen[p], out[p] = true, concededBy(side, first, values[p])
		}
	}
	return out, nil
}

// roundResult says a closed round's result as the audit log records it: "overlap=true
// settled=true settlement=35".
func roundResult(r *parley.BlindRound) string {
	s := "overlap=" + strconv.FormatBool(*r.Overlap) + " settled=" + strconv.FormatBool(*r.Settled)
	if r.Settlement != nil {
		s += " settlement=" + strconv.FormatFloat(*r.Settlement, 'g', -1, 64)
	}
	return s
}
