package workspace

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"parley"
	"parley/analysis"
)

// A party's partial profile is its ProfileSpec with Partial set: the statements it wrote,
// its answers to parley's questions and about the mediator's candidate packages, all kept in
// the profile record. statementsOf is the one place that gathers them; everything that
// analyses a partial profile goes through profileOf.

// statementsOf returns every statement of party pp, in the order the analysis numbers
// them (a conflict's indices point into it): the statements its profile holds (said,
// answers, candidate answers). Statements from other records of the party (conditional
// stances) are to be appended here, after those of the profile, so that the indices of the
// profile's own statements stay those of pp.Profile.Statements.
func statementsOf(sc *parley.Scenario, pp *parley.PartyProfile) ([]parley.Statement, error) {
	out := make([]parley.Statement, 0, len(pp.Profile.Statements))
	for j, ss := range pp.Profile.Statements {
		st, err := statementOfSpec(sc, ss)
		if err != nil {
			return nil, prefixField(err, fmt.Sprintf("statements[%d]", j))
		}
		out = append(out, st)
	}
	return out, nil
}

// profileOf returns the profile the analysis reads for pp: the full profile, or the
// partial one bounded by statementsOf.
func profileOf(sc *parley.Scenario, pp *parley.PartyProfile) (*parley.Profile, error) {
	spec := &pp.Profile
	if !spec.Partial {
		return spec.Profile(), nil
	}
	pr := &parley.Profile{Partial: true, Reservation: spec.Reservation, ReservationUnknown: spec.ReservationUnknown,
		RedLines: append([]string(nil), spec.RedLines...), Values: map[string]*parley.ValueFunc{}}
	full := spec.Profile()
	named := 0
	for id, ip := range spec.Issues {
		if len(ip.Options) > 0 || len(ip.Points) > 0 {
			pr.Values[id] = full.Values[id]
		}
		if sc.Issue(id) >= 0 {
			named++
		}
	}
	if named == len(sc.Issues) && named > 0 {
		pr.Weights = full.Weights
	}
	var err error
	pr.Statements, err = statementsOf(sc, pp)
	return pr, err
}

// statementOfSpec reads the JSON form of a statement against the scenario. Errors name
// the field within the statement.
func statementOfSpec(sc *parley.Scenario, ss parley.StatementSpec) (parley.Statement, error) {
	st := parley.Statement{Kind: ss.Kind, Strict: ss.Strict, Condition: ss.Condition}
	var err error
	switch ss.Kind {
	case parley.StatePrefers:
		if st.Package, err = packageOf(sc, ss.Package, "package"); err == nil {
			st.Other, err = packageOf(sc, ss.Other, "other")
		}
	case parley.StateAcceptable, parley.StateUnacceptable:
		st.Package, err = packageOf(sc, ss.Package, "package")
	case parley.StateMattersMore:
		st.Issue, st.OtherIssue = ss.Issue, ss.OtherIssue
		if sc.Issue(ss.Issue) < 0 {
			err = parley.FieldErrorf("issue", "no issue %q in the workspace", ss.Issue)
		} else if sc.Issue(ss.OtherIssue) < 0 {
			err = parley.FieldErrorf("other_issue", "no issue %q in the workspace", ss.OtherIssue)
		}
	case parley.StateBetter:
		st.Issue = ss.Issue
		i := sc.Issue(ss.Issue)
		if i < 0 {
			return st, parley.FieldErrorf("issue", "no issue %q in the workspace", ss.Issue)
		}
		if st.Value, err = valueOf(sc.Issues[i], ss.Value, "value"); err == nil {
			st.Than, err = valueOf(sc.Issues[i], ss.Than, "than")
		}
	case parley.StateAcceptIf:
		if ss.Condition == "" || len(ss.Condition) > 1000 {
			err = parley.FieldErrorf("condition", "a condition is 1 to 1000 bytes of the red-line language")
		}
	default:
		err = parley.FieldErrorf("kind", "kind %q is not one of prefers, acceptable, unacceptable, matters_more, better, accept_if", ss.Kind)
	}
	if err == nil && ss.Source != "" && ss.Source != parley.SourceSaid && ss.Source != parley.SourceAnswer && ss.Source != parley.SourceCandidate {
		err = parley.FieldErrorf("source", "source %q is not said, answer or candidate", ss.Source)
	}
	return st, err
}

// packageOf reads a complete package: every issue id mapped to one of its values in words.
func packageOf(sc *parley.Scenario, pkg map[string]string, field string) (parley.Outcome, error) {
	for id := range pkg {
		if sc.Issue(id) < 0 {
			return nil, parley.FieldErrorf(field+"."+id, "no issue %q in the workspace", id)
		}
	}
	o := make(parley.Outcome, len(sc.Issues))
	for i, is := range sc.Issues {
		v, ok := pkg[is.ID]
		if !ok {
			return nil, parley.FieldErrorf(field+"."+is.ID, "a package gives every issue a value; %s is missing", is.ID)
		}
		k, ok := bindIndex(is, v)
		if !ok {
			return nil, parley.FieldErrorf(field+"."+is.ID, "%q is not a value of issue %s (%s)", v, is.ID, is.Describe())
		}
		o[i] = k
	}
	return o, nil
}

func valueOf(is *parley.Issue, v, field string) (parley.Value, error) {
	k, ok := bindIndex(is, v)
	if !ok {
		return parley.Value{}, parley.FieldErrorf(field, "%q is not a value of issue %s (%s)", v, is.ID, is.Describe())
	}
	return is.Value(k), nil
}

// specOfStatement writes st in its JSON form.
func specOfStatement(sc *parley.Scenario, st parley.Statement, src parley.StatementSource) parley.StatementSpec {
	ss := parley.StatementSpec{Kind: st.Kind, Strict: st.Strict, Issue: st.Issue, OtherIssue: st.OtherIssue,
		Condition: st.Condition, Source: src}
	if st.Package != nil {
		ss.Package = outcomeWords(sc, st.Package)
	}
	if st.Other != nil {
		ss.Other = outcomeWords(sc, st.Other)
	}
	if st.Kind == parley.StateBetter {
		ss.Value, ss.Than = st.Value.String(), st.Than.String()
	}
	return ss
}

// soloScenario is sc with party as its one decider, holding profile pr: the questions put
// to a party depend on nothing but its own profile.
func soloScenario(sc *parley.Scenario, party string, pr *parley.Profile) *parley.Scenario {
	s := *sc
	s.Parties = []*parley.Party{{ID: party, Name: party, Role: parley.RoleParty, Profile: pr}}
	return &s
}

// knowledgeOf builds what pp's profile says of the party, alone. A conflict comes back as
// EINVALID naming the smallest set of statements that cannot all hold.
func knowledgeOf(sc *parley.Scenario, pp *parley.PartyProfile) (*analysis.Knowledge, error) {
	if size := sc.Size(); size.Cmp(big.NewInt(analysis.MaxUncertainOutcomes)) > 0 {
		return nil, parley.Errorf(parley.EINVALID, "the workspace has %s packages; questions and partial profiles need at most %d", size, analysis.MaxUncertainOutcomes)
	}
	pr, err := profileOf(sc, pp)
	if err != nil {
		return nil, prefixField(err, "profile")
	}
	k, err := analysis.NewKnowledge(soloScenario(sc, pp.Party, pr), uint64(pp.Rev)+1)
	if e, ok := err.(*parley.Error); ok {
		// The one decider's fields are "parties[0].profile.X": the profile's are "profile.X".
		e2 := *e
		if _, f, ok := strings.Cut(e.Field, "parties[0]."); ok {
			e2.Field = f
		}
		return nil, &e2
	}
	return k, conflictMessage(err)
}

// conflictMessage turns the analysis's conflict into an EINVALID error naming the
// statements (by their index in the profile, from 0) that cannot all hold.
func conflictMessage(err error) error {
	var ce *analysis.ConflictError
	if !errors.As(err, &ce) {
		return err
	}
	idx := append([]int(nil), ce.Statements...)
	sort.Ints(idx)
	e := parley.FieldErrorf("profile.statements", "%s", ce.Text)
	if len(idx) > 0 {
		e.Field = fmt.Sprintf("profile.statements[%d]", idx[len(idx)-1])
	}
	return e
}

// validatePartial checks a partial profile's statements and that they can all hold.
func validatePartial(sc *parley.Scenario, spec *parley.ProfileSpec) error {
	if !spec.Partial {
		if len(spec.Statements) > 0 {
			return parley.FieldErrorf("statements", "statements belong to a partial profile: set partial")
		}
		return nil
	}
	if len(spec.Statements) > maxStatements {
		return parley.FieldErrorf("statements", "at most %d statements", maxStatements)
	}
	if len(spec.Rectangles) > 0 {
		return parley.FieldErrorf("rectangles", "a partial profile is additive: leave the rectangles out")
	}
	_, err := knowledgeOf(sc, &parley.PartyProfile{Party: "this party", Profile: *spec})
	if e, ok := err.(*parley.Error); ok && len(e.Field) > len("profile.") && e.Field[:len("profile.")] == "profile." {
		e2 := *e
		e2.Field = e.Field[len("profile."):]
		return &e2
	}
	return err
}

// maxStatements bounds the statements of one profile.
const maxStatements = 500

// partialError is what value returns for a partial profile: a draft's value to it is not
// one number, and its verdicts are on the zone under uncertainty (UncertainZone). It
// matches analysis.ErrNoExactMethod, so that the views turn it into a note.
type partialError struct{ err *parley.Error }

func (e partialError) Error() string        { return e.err.Error() }
func (e partialError) Unwrap() error        { return e.err }
func (e partialError) Is(target error) bool { return target == analysis.ErrNoExactMethod }

func errPartial() error {
	return partialError{parley.Errorf(parley.EINVALID, "the profile is partial (statements): its verdicts are estimates, shown with the zone under uncertainty")}
}
