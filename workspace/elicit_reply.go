package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"parley"
	"parley/analysis"
)

// The questions of more than yes or no: rank (order a handful of an issue's values),
// acceptable_among (which of a handful of packages could you live with?) and order_among
// (order a handful of packages and mark those you could live with). A reply becomes
// statements of the party's partial profile through analysis.Question.Statements, the one
// place that turns answers into statements.

// multiQuestionOf writes the fields of rank, acceptable_among or order_among question aq
// into q, with its text, and returns q.
func multiQuestionOf(sc *parley.Scenario, aq analysis.Question, q *parley.Question) *parley.Question {
	switch aq.Kind {
	case parley.QuestionRank:
		var words []string
		for _, v := range aq.Values {
			words = append(words, v.String())
		}
		q.Values = words
		name := aq.Issue
		if i := sc.Issue(aq.Issue); i >= 0 {
			name = sc.Issues[i].DisplayName()
		}
		q.Text = fmt.Sprintf("Order these values of %s from best to worst for you: %s.", name, strings.Join(words, ", "))
	case parley.QuestionAcceptableAmong:
		for _, o := range aq.Packages {
			q.Packages = append(q.Packages, outcomeWords(sc, o))
		}
		q.Text = "Which of these packages could you live with? Mark each one you could; the others you could not."
	case parley.QuestionOrderAmong:
		for _, o := range aq.Packages {
			q.Packages = append(q.Packages, outcomeWords(sc, o))
		}
		q.Text = "Order these packages from best to worst for you, and mark each one you could live with; the others you could not."
	}
	return q
}

// multiQuestionOfSpec reads a rank, acceptable_among or order_among question a party sends
// back.
func multiQuestionOfSpec(sc *parley.Scenario, q *parley.Question) (analysis.Question, error) {
	aq := analysis.Question{Kind: q.Kind}
	if q.Kind == parley.QuestionAcceptableAmong || q.Kind == parley.QuestionOrderAmong {
		if least := minPackages(q.Kind); len(q.Packages) < least || len(q.Packages) > analysis.MaxAmongPackages {
			return aq, parley.FieldErrorf("packages", "an %s question lists %d to %d packages", q.Kind, least, analysis.MaxAmongPackages)
		}
		for j, pkg := range q.Packages {
			o, err := packageOf(sc, pkg, fmt.Sprintf("packages[%d]", j))
			if err != nil {
				return aq, err
			}
			aq.Packages = append(aq.Packages, o)
		}
		return aq, nil
	}
	i := sc.Issue(q.Issue)
	if i < 0 {
		return aq, parley.FieldErrorf("issue", "no issue %q in the workspace", q.Issue)
	}
	aq.Issue = q.Issue
	if len(q.Values) < 2 || len(q.Values) > analysis.MaxRankValues {
		return aq, parley.FieldErrorf("values", "a rank question lists 2 to %d values", analysis.MaxRankValues)
	}
	for j, w := range q.Values {
		v, err := valueOf(sc.Issues[i], w, fmt.Sprintf("values[%d]", j))
		if err != nil {
			return aq, err
		}
		if slices.Contains(aq.Values, v) {
			return aq, parley.FieldErrorf(fmt.Sprintf("values[%d]", j), "value %q is listed twice", w)
		}
		aq.Values = append(aq.Values, v)
	}
	return aq, nil
}

// minPackages is the fewest packages a question of kind lists: an order of one package
// says nothing.
func minPackages(kind parley.StatementKind) int {
	if kind == parley.QuestionOrderAmong {
		return 2
	}
	return 1
}

// replyOf reads reply r to rank, acceptable_among or order_among question aq.
func replyOf(sc *parley.Scenario, aq analysis.Question, r parley.Reply) (analysis.Reply, error) {
	var out analysis.Reply
	if aq.Kind == parley.QuestionAcceptableAmong || aq.Kind == parley.QuestionOrderAmong {
		out.Acceptable = make([]bool, len(aq.Packages))
		for j, x := range r.Acceptable {
			if x < 0 || x >= len(aq.Packages) || out.Acceptable[x] {
				return out, parley.FieldErrorf(fmt.Sprintf("acceptable[%d]", j), "%d is not the index (from 0) of one of the question's %d packages, once", x, len(aq.Packages))
			}
			out.Acceptable[x] = true
		}
		if aq.Kind == parley.QuestionAcceptableAmong {
			return out, nil
		}
		if len(r.Ranking) != len(aq.Packages) {
			return out, parley.FieldErrorf("ranking", "the ranking lists the index (from 0) of each of the question's %d packages once, best first", len(aq.Packages))
		}
		for j, x := range r.Ranking {
			if x < 0 || x >= len(aq.Packages) || slices.Contains(out.Order, x) {
				return out, parley.FieldErrorf(fmt.Sprintf("ranking[%d]", j), "%d is not the index (from 0) of one of the question's %d packages, once", x, len(aq.Packages))
			}
			out.Order = append(out.Order, x)
		}
		return out, nil
	}
	is := sc.Issues[sc.Issue(aq.Issue)]
	if len(r.Order) != len(aq.Values) {
		return out, parley.FieldErrorf("order", "the order lists each of the question's %d values once, best first", len(aq.Values))
	}
	for j, w := range r.Order {
		v, err := valueOf(is, w, fmt.Sprintf("order[%d]", j))
		if err != nil {
			return out, err
		}
		k := slices.Index(aq.Values, v)
		if k < 0 || slices.Contains(out.Order, k) {
			return out, parley.FieldErrorf(fmt.Sprintf("order[%d]", j), "%q is not one of the question's values, or is listed twice", w)
		}
		out.Order = append(out.Order, k)
	}
	return out, nil
}

// Reply implements parley.ElicitService.
func (s *Service) Reply(ctx context.Context, ws string, rev int64, q *parley.Question, r parley.Reply) (*parley.Elicitation, error) {
	return s.changeElicit(ctx, ws, rev, func(in *elicitInput, spec *parley.ProfileSpec) error {
		sc := in.w.Scenario()
		aq, err := questionOfSpec(sc, q)
		if err != nil {
			return err
		}
		if !aq.Multi() {
			return parley.FieldErrorf("question.kind", "a %s question is answered yes or no", aq.Kind)
		}
		ar, err := replyOf(sc, aq, r)
		if err != nil {
			return err
		}
		sts, err := aq.Statements(ar)
		if err != nil {
			return parley.FieldErrorf("answer", "%v", err)
		}
		for _, st := range sts {
			spec.Statements = append(spec.Statements, specOfStatement(sc, st, parley.SourceAnswer))
		}
		return nil
	})
}
