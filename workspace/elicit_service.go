package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"parley"
	"parley/analysis"
)

var _ parley.ElicitService = (*Service)(nil)

// The questions put to a party depend on its own profile and on the mediator's candidate
// packages only: never on another party's profile, so that a question tells a party nothing
// about the others. A party's answers stay in its own profile record, seen by the mediator
// only when the party shares its profile.

// elicitInput is what one elicitation reads.
type elicitInput struct {
	w          *parley.Workspace
	c          *parley.Caller
	pp         *parley.PartyProfile // the caller's; a new empty partial profile when none
	candidates []*parley.Candidate
}

func (s *Service) readElicit(ctx context.Context, tx Tx, ws string) (*elicitInput, error) {
	w, c, err := member(ctx, tx, ws)
	if err != nil {
		return nil, err
	}
	if c.Role != parley.RoleParty {
		return nil, parley.Errorf(parley.EFORBIDDEN, "only a party answers questions about its preferences")
	}
	in := &elicitInput{w: w, c: c}
	in.pp, err = tx.Profile(ws, c.MemberID)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		in.pp = &parley.PartyProfile{Party: c.MemberID, Use: parley.UsePrivate,
			Profile: parley.ProfileSpec{Issues: map[string]parley.IssuePreference{}, Partial: true, ReservationUnknown: true}}
	} else if err != nil {
		return nil, err
	}
	if med, err := tx.Profile(ws, mediatorID(w)); err == nil {
		in.candidates = med.Candidates
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return nil, err
	}
	return in, nil
}

// Elicitation implements parley.ElicitService.
func (s *Service) Elicitation(ctx context.Context, ws string) (*parley.Elicitation, error) {
	var in *elicitInput
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		in, err = s.readElicit(ctx, tx, ws)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.elicitation(in)
}

// elicitation computes a party's elicitation from what it read, starting from prev, the
// verdicts of an earlier revision (nil if none), and returns its verdicts on every package
// (nil when none were computed).
func elicitation(in *elicitInput, prev *analysis.Settled) (*parley.Elicitation, *analysis.Settled, error) {
	sc := in.w.Scenario()
	pp := in.pp
	e := &parley.Elicitation{Party: pp.Party, Rev: pp.Rev, Partial: pp.Profile.Partial, Statements: []parley.StatementView{}}
	if !pp.Profile.Partial {
		e.Note = "your profile is complete: parley has nothing to ask. To answer questions instead, start a partial profile."
		return e, nil, nil
	}
	k, err := knowledgeOf(sc, pp)
	if err != nil {
		if parley.ErrorCode(err) != parley.EINVALID {
			return nil, nil, err
		}
		e.Conflict = parley.ErrorMessage(err)
	}
	sts, _ := statementsOf(sc, pp)
	for j, st := range sts {
		e.Statements = append(e.Statements, parley.StatementView{Index: j, Statement: pp.Profile.Statements[j], Text: analysis.DescribeStatement(sc, st)})
	}
	if k == nil {
		return e, nil, nil
	}
	st := k.SettleAfter(0, prev)
	e.Verdicts = verdictCounts(st.Counts())
	e.Settled = e.Verdicts.Possibly == 0
	e.Question = nextQuestion(sc, k, in)
	return e, st, nil
}

// nextQuestion is the party's next question: first a candidate package of the mediator it
// has not answered or set aside and whose verdict is open, then analysis's choice among the
// questions it has not set aside; nil when none is left.
func nextQuestion(sc *parley.Scenario, k *analysis.Knowledge, in *elicitInput) *parley.Question {
	answered := map[string]bool{}
	for _, st := range in.pp.Profile.Statements {
		if st.Candidate != "" {
			answered[st.Candidate] = true
		}
	}
	for _, cand := range in.candidates {
		o, err := packageOf(sc, cand.Package, "package")
		if err != nil || answered[cand.ID] {
			continue
		}
		q := questionOf(sc, analysis.Question{Kind: parley.StateAcceptable, Package: o})
		q.Candidate = cand.ID
		q.Text = "The mediator asks: " + q.Text
		if !slices.Contains(in.pp.Skipped, q.ID) && k.Verdict(0, o) == analysis.Possibly {
			return q
		}
	}
	skip := func(aq analysis.Question) bool { return slices.Contains(in.pp.Skipped, questionID(sc, aq)) }
	rng := rand.New(rand.NewPCG(uint64(in.pp.Rev), uint64(len(in.pp.Skipped))))
	aq, ok := k.NextQuestionExcept(0, rng, skip)
	if !ok {
		return nil
	}
	return questionOf(sc, aq)
}

// questionOf writes an analysis question in words.
func questionOf(sc *parley.Scenario, aq analysis.Question) *parley.Question {
	q := &parley.Question{Kind: aq.Kind, Issue: aq.Issue, OtherIssue: aq.OtherIssue}
	if aq.Package != nil {
		q.Package = outcomeWords(sc, aq.Package)
	}
	if aq.Other != nil {
		q.Other = outcomeWords(sc, aq.Other)
	}
	if aq.Kind == parley.StateBetter {
		q.Value, q.Than = aq.Value.String(), aq.Than.String()
	}
	q.ID = questionID(sc, aq)
	if aq.Multi() {
		multiQuestionOf(sc, aq, q)
		return q
	}
	yes := analysis.DescribeStatement(sc, aq.Answer(true))
	switch aq.Kind {
	case parley.StateAcceptable:
		q.Text = "Could you live with " + strings.TrimSuffix(yes, " is acceptable") + "?"
	default:
		q.Text = "Is it true that " + yes + "?"
	}
	return q
}

// questionID names a question by its content: the same question has the same id.
func questionID(sc *parley.Scenario, aq analysis.Question) string {
	var b []byte
	if aq.Multi() {
		b, _ = json.Marshal(multiQuestionOf(sc, aq, &parley.Question{Kind: aq.Kind, Issue: aq.Issue}))
	} else {
		b, _ = json.Marshal(specOfStatement(sc, aq.Answer(true), ""))
	}
	h := sha256.Sum256(b)
	return "q" + hex.EncodeToString(h[:8])
}

// questionOfSpec reads a question a party sends back with its answer.
func questionOfSpec(sc *parley.Scenario, q *parley.Question) (analysis.Question, error) {
	if q == nil {
		return analysis.Question{}, parley.FieldErrorf("question", "the question answered is needed")
	}
	switch q.Kind {
	case parley.StateAcceptable, parley.StatePrefers, parley.StateMattersMore, parley.StateBetter:
	case parley.QuestionRank, parley.QuestionAcceptableAmong, parley.QuestionOrderAmong:
		aq, err := multiQuestionOfSpec(sc, q)
		return aq, prefixField(err, "question")
	default:
		return analysis.Question{}, parley.FieldErrorf("question.kind", "kind %q is not acceptable, prefers, matters_more, better, rank, acceptable_among or order_among", q.Kind)
	}
	st, err := statementOfSpec(sc, parley.StatementSpec{Kind: q.Kind, Package: q.Package, Other: q.Other,
		Issue: q.Issue, OtherIssue: q.OtherIssue, Value: q.Value, Than: q.Than})
	if err != nil {
		return analysis.Question{}, prefixField(err, "question")
	}
	return analysis.Question{Kind: q.Kind, Package: st.Package, Other: st.Other, Issue: st.Issue,
		OtherIssue: st.OtherIssue, Value: st.Value, Than: st.Than}, nil
}

// Answer implements parley.ElicitService.
func (s *Service) Answer(ctx context.Context, ws string, rev int64, q *parley.Question, a parley.AnswerKind) (*parley.Elicitation, error) {
	if a != parley.AnswerYes && a != parley.AnswerNo && a != parley.AnswerSkip {
		return nil, parley.FieldErrorf("answer", "answer %q is not yes, no or skip", a)
	}
	return s.changeElicit(ctx, ws, rev, func(in *elicitInput, spec *parley.ProfileSpec) error {
		sc := in.w.Scenario()
		aq, err := questionOfSpec(sc, q)
		if err != nil {
			return err
		}
		if q.Candidate != "" && !slices.ContainsFunc(in.candidates, func(c *parley.Candidate) bool { return c.ID == q.Candidate }) {
			return parley.FieldErrorf("question.candidate", "no candidate package %q", q.Candidate)
		}
		if a == parley.AnswerSkip {
			in.pp.Skipped = append(in.pp.Skipped, questionID(sc, aq))
			return nil
		}
		if aq.Multi() {
			return parley.FieldErrorf("answer", "a %s question is answered with given and its reply (order, acceptable, ranking), or skip", aq.Kind)
		}
		ss := specOfStatement(sc, aq.Answer(a == parley.AnswerYes), parley.SourceAnswer)
		if q.Candidate != "" {
			ss.Source, ss.Candidate = parley.SourceCandidate, q.Candidate
		}
		spec.Statements = append(spec.Statements, ss)
		return nil
	})
}

// RemoveStatement implements parley.ElicitService.
func (s *Service) RemoveStatement(ctx context.Context, ws string, rev int64, index int) (*parley.Elicitation, error) {
	return s.changeElicit(ctx, ws, rev, func(in *elicitInput, spec *parley.ProfileSpec) error {
		if index < 0 || index >= len(spec.Statements) {
			return parley.FieldErrorf("index", "no statement %d; the profile holds %d", index, len(spec.Statements))
		}
		spec.Statements = slices.Delete(slices.Clone(spec.Statements), index, index+1)
		return nil
	})
}

// changeElicit changes the caller's partial profile at revision rev with fn, checks that its
// statements can all hold, stores it and returns the new elicitation.
func (s *Service) changeElicit(ctx context.Context, ws string, rev int64, fn func(*elicitInput, *parley.ProfileSpec) error) (*parley.Elicitation, error) {
	var in *elicitInput
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		var err error
		if in, err = s.readElicit(ctx, tx, ws); err != nil {
			return nil, err
		}
		if in.pp.Rev != rev {
			return nil, conflict("profile")
		}
		if !in.pp.Profile.Partial {
			return nil, parley.Errorf(parley.EINVALID, "your profile is complete; questions add statements to a partial profile")
		}
		spec := in.pp.Profile
		if err := fn(in, &spec); err != nil {
			return nil, err
		}
		if len(spec.Statements) > maxStatements || len(in.pp.Skipped) > maxStatements {
			return nil, parley.Errorf(parley.EINVALID, "at most %d statements and %d questions set aside", maxStatements, maxStatements)
		}
		out := *in.pp
		out.Profile, out.Rev, out.UpdatedAt = spec, rev+1, s.now().UTC()
		if _, err := knowledgeOf(in.w.Scenario(), &out); err != nil {
			return nil, err
		}
		if err := tx.PutProfile(ws, &out, rev); err != nil {
			return nil, err
		}
		in.pp = &out
		aud := []string{out.Party}
		if out.Use == parley.UseShared {
			aud = append(aud, mediatorID(in.w))
		}
		return []parley.Event{{Type: "profile", Workspace: ws, Member: out.Party, Audience: aud}},
			s.audit(tx, ws, out.Party, "profile.put", "profile/"+out.Party)
	})
	if err != nil {
		return nil, err
	}
	return s.elicitation(in)
}

// Candidates implements parley.ElicitService.
func (s *Service) Candidates(ctx context.Context, ws string) ([]*parley.Candidate, error) {
	var out []*parley.Candidate
	err := s.store.Read(ctx, func(tx Tx) error {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		if err := mediatorOnly(c); err != nil {
			return err
		}
		med, err := tx.Profile(ws, c.MemberID)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		answers := map[string]map[string]string{}
		for _, p := range w.Parties() {
			pp, err := tx.Profile(ws, p.ID)
			if err != nil || pp.Use != parley.UseShared {
				continue // the answers of a party that does not share stay its own
			}
			for _, st := range pp.Profile.Statements {
				if st.Candidate == "" {
					continue
				}
				if answers[st.Candidate] == nil {
					answers[st.Candidate] = map[string]string{}
				}
				answers[st.Candidate][p.ID] = string(st.Kind)
			}
		}
		for _, cand := range med.Candidates {
			cc := *cand
			cc.Answers = answers[cand.ID]
			out = append(out, &cc)
		}
		return nil
	})
	if out == nil {
		out = []*parley.Candidate{}
	}
	return out, err
}

// maxCandidates bounds a workspace's candidate packages.
const maxCandidates = 200

// AddCandidate implements parley.ElicitService.
func (s *Service) AddCandidate(ctx context.Context, ws string, pkg map[string]string, label string) (*parley.Candidate, error) {
	var out *parley.Candidate
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if err := mediatorOnly(c); err != nil {
			return nil, err
		}
		o, err := packageOf(w.Scenario(), pkg, "package")
		if err != nil {
			return nil, err
		}
		if len(label) > 200 {
			return nil, parley.FieldErrorf("label", "a label is at most 200 bytes")
		}
		med, err := tx.Profile(ws, c.MemberID)
		var prev int64
		switch {
		case parley.ErrorCode(err) == parley.ENOTFOUND:
			med = &parley.PartyProfile{Party: c.MemberID, Use: parley.UsePrivate, Profile: parley.ProfileSpec{Issues: map[string]parley.IssuePreference{}}}
		case err != nil:
			return nil, err
		default:
			prev = med.Rev
		}
		if len(med.Candidates) >= maxCandidates {
			return nil, parley.Errorf(parley.EINVALID, "at most %d candidate packages", maxCandidates)
		}
		out = &parley.Candidate{ID: fmt.Sprintf("c%d", len(med.Candidates)+1), Package: outcomeWords(w.Scenario(), o), Label: label, AddedAt: s.now().UTC()}
		next := *med
		next.Candidates = append(slices.Clone(med.Candidates), out)
		next.Rev, next.UpdatedAt = prev+1, s.now().UTC()
		if err := tx.PutProfile(ws, &next, prev); err != nil {
			return nil, err
		}
		aud := []string{c.MemberID}
		for _, p := range w.Parties() {
			aud = append(aud, p.ID)
		}
		return []parley.Event{{Type: "candidate", Workspace: ws, Member: c.MemberID, Audience: aud}},
			s.audit(tx, ws, c.MemberID, "candidate.add", "profile/"+c.MemberID)
	})
	return out, err
}
