package workspace

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"

	"parley"
)

var _ parley.BlindService = (*Service)(nil)

// blindOf returns the blind-round storage of tx, recording in the audit entry the rounds a
// write stores.
func blindOf(tx Tx) (BlindTx, error) {
	switch t := tx.(type) {
	case *auditTx:
		inner, err := blindOf(t.Tx)
		if err != nil {
			return nil, err
		}
		return &auditBlindTx{BlindTx: inner, t: t}, nil
	case *cachingTx:
		return blindOf(t.Tx)
	case BlindTx:
		return t, nil
	}
	return nil, parley.Errorf(parley.EINVALID, "this server's storage keeps no blind overlap rounds")
}

type auditBlindTx struct {
	BlindTx
	t *auditTx
}

func (a *auditBlindTx) PutBlindRound(ws string, r *parley.BlindRecord, prevRev int64) error {
	err := a.BlindTx.PutBlindRound(ws, r, prevRev)
	if err == nil {
		a.t.note(blindRecordName(r.Round.ID), r)
	}
	return err
}

func blindRecordName(id string) string { return "blind/" + id }

// OpenBlind implements parley.BlindService.
func (s *Service) OpenBlind(ctx context.Context, ws string, open *parley.BlindOpenInput) (*parley.BlindRound, error) {
	in0 := *open // checkBlindOpen fills in the defaults
	var out *parley.BlindRound
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		bt, err := blindOf(tx)
		if err != nil {
			return nil, err
		}
		in := &in0
		if err := checkBlindOpen(w, in); err != nil {
			return nil, err
		}
		rs, err := bt.BlindRounds(ws)
		if err != nil {
			return nil, err
		}
		number := 1
		for _, r := range rs {
			if r.Round.Issue != in.Issue {
				continue
			}
			if r.Round.Status == parley.BlindOpen {
				return nil, parley.Errorf(parley.ECONFLICT, "round %d on %s is still open", r.Round.Number, in.Issue)
			}
			number++
		}
		r := &parley.BlindRecord{Seq: int64(len(rs) + 1), Round: parley.BlindRound{ID: newID("b"), Workspace: ws, Issue: in.Issue,
			Number: number, Sides: in.Sides, Rule: in.Rule, RangePercent: in.RangePercent, Status: parley.BlindOpen, Sealed: []string{},
			OpenedBy: c.MemberID, OpenedAt: s.now().UTC(), Rev: 1}}
		if err := bt.PutBlindRound(ws, r, 0); err != nil {
			return nil, err
		}
		out = publicRound(r)
		return []parley.Event{{Type: "blind", Workspace: ws}}, s.audit(tx, ws, c.MemberID, "blind.open", blindRecordName(r.Round.ID)+" "+ruleTerms(&r.Round))
	})
	return out, err
}

// ruleTerms says a round's rule as the audit log records it: "rule=cybersettle
// range_percent=30".
func ruleTerms(r *parley.BlindRound) string {
	s := "rule=" + string(r.Rule)
	if r.RangePercent != nil {
		s += " range_percent=" + strconv.FormatFloat(*r.RangePercent, 'g', -1, 64)
	}
	return s
}

// checkBlindOpen validates a round's opening against the workspace, and fills in the
// default rule and range.
func checkBlindOpen(w *parley.Workspace, in *parley.BlindOpenInput) error {
	var is *parley.Issue
	for _, x := range w.Issues {
		if x.ID == in.Issue {
			is = x
		}
	}
	if is == nil {
		return parley.FieldErrorf("issue", "unknown issue %q", in.Issue)
	}
	if is.Kind == parley.KindOptions {
		return parley.FieldErrorf("issue", "issue %q is not numeric: blind overlap is for an integer or real issue", in.Issue)
	}
	if err := checkBlindRule(in); err != nil {
		return err
	}
	if len(in.Sides) < 2 {
		return parley.FieldErrorf("sides", "a round needs at least two parties, each at_least or at_most")
	}
	for p, side := range in.Sides {
		if m := w.Member(p); m == nil || m.Role != parley.RoleParty {
			return parley.FieldErrorf("sides", "%q is not a party of the workspace", p)
		}
		if !side.Valid() {
			return parley.FieldErrorf("sides", "side %q of %s is not at_least or at_most", side, p)
		}
	}
	return nil
}

// checkBlindRule validates in's rule and range, and fills in their defaults.
func checkBlindRule(in *parley.BlindOpenInput) error {
	if in.Rule == "" {
		in.Rule = parley.BlindMidpoint
	}
	if !in.Rule.Valid() {
		return parley.FieldErrorf("rule", "rule %q is not known; accepted: %s", in.Rule, parley.BlindRuleNames())
	}
	if in.Rule != parley.BlindCybersettle {
		if in.RangePercent != nil {
			return parley.FieldErrorf("range_percent", "range_percent applies only to the cybersettle rule, not %s", in.Rule)
		}
		return nil
	}
	p := parley.BlindDefaultRange
	if in.RangePercent != nil {
		p = *in.RangePercent
	}
	in.RangePercent = &p // a copy: the caller's input is left as it was
	if math.IsNaN(p) || p < 0 || p > 100 {
		return parley.FieldErrorf("range_percent", "range_percent must be a number from 0 to 100 (percent of the at-least value)")
	}
	return nil
}

// publicRound is the round as every member sees it: a copy without the seals.
func publicRound(r *parley.BlindRecord) *parley.BlindRound {
	c := r.Round
	c.Sealed = append([]string{}, r.Round.Sealed...)
	if c.Overlap != nil && c.Settled == nil {
		// A round closed before rules other than midpoint existed settled on an overlap.
		settled := *c.Overlap
		c.Settled = &settled
	}
	return &c
}

// sealed is the plaintext of a seal.
type sealed struct {
	Value float64 `json:"value"`
	Salt  []byte  `json:"salt"`
}

func sealAAD(ws, round, party string) []byte {
	return []byte("parley blind seal\x00" + ws + "\x00" + round + "\x00" + party)
}

// commitment is the keyed, salted hash of a sealed value.
func commitment(k *wsKeys, round, party string, v sealed) string {
	m := hmac.New(sha256.New, k.commit)
	m.Write([]byte(round + "\x00" + party + "\x00"))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], math.Float64bits(v.Value))
	m.Write(b[:])
	m.Write(v.Salt)
	return hex.EncodeToString(m.Sum(nil))
}

func makeSeal(k *wsKeys, ws, round, party string, value float64) (*parley.Seal, error) {
	v := sealed{Value: value, Salt: make([]byte, 32)}
	if _, err := rand.Read(v.Salt); err != nil {
		return nil, err
	}
	plain, _ := json.Marshal(v)
	box, err := seal(k.enc, plain, sealAAD(ws, round, party))
	if err != nil {
		return nil, err
	}
	return &parley.Seal{Box: box, Commitment: commitment(k, round, party, v)}, nil
}

func openSeal(k *wsKeys, ws, round, party string, s *parley.Seal) (float64, error) {
	plain, err := open(k.enc, s.Box, sealAAD(ws, round, party))
	if err != nil {
		return 0, errors.New("a sealed value does not decrypt")
	}
	var v sealed
	if err := json.Unmarshal(plain, &v); err != nil {
		return 0, err
	}
	if !hmac.Equal([]byte(commitment(k, round, party, v)), []byte(s.Commitment)) {
		return 0, errors.New("a sealed value does not match its commitment")
	}
	return v.Value, nil
}

// BlindRounds implements parley.BlindService.
func (s *Service) BlindRounds(ctx context.Context, ws string) ([]*parley.BlindRound, error) {
	out := []*parley.BlindRound{}
	err := s.store.Read(ctx, func(tx Tx) error {
		if _, _, err := member(ctx, tx, ws); err != nil {
			return err
		}
		bt, err := blindOf(tx)
		if err != nil {
			return err
		}
		rs, err := bt.BlindRounds(ws)
		for _, r := range rs {
			out = append(out, publicRound(r))
		}
		return err
	})
	return out, err
}

// BlindRound implements parley.BlindService.
func (s *Service) BlindRound(ctx context.Context, ws, id string) (*parley.BlindRound, error) {
	var out *parley.BlindRound
	err := s.store.Read(ctx, func(tx Tx) error {
		if _, _, err := member(ctx, tx, ws); err != nil {
			return err
		}
		bt, err := blindOf(tx)
		if err != nil {
			return err
		}
		r, err := bt.BlindRound(ws, id)
		if err == nil {
			out = publicRound(r)
		}
		return err
	})
	return out, err
}

// sortedParties returns the parties of a round's sides in order.
func sortedParties(sides map[string]parley.BlindSide) []string {
	ps := make([]string, 0, len(sides))
	for p := range sides {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// storedBlind lists ws's blind rounds for Verify (none on a store without them).
func storedBlind(tx Tx, ws string, enc func(name string, v any)) error {
	bt, err := blindOf(tx)
	if err != nil {
		return nil
	}
	rs, err := bt.BlindRounds(ws)
	for _, r := range rs {
		enc(blindRecordName(r.Round.ID), r)
	}
	return err
}

// readBlind reads one blind round for Verify.
func readBlind(tx Tx, ws, id string) (any, error) {
	bt, err := blindOf(tx)
	if err != nil {
		return nil, err
	}
	return bt.BlindRound(ws, id)
}
