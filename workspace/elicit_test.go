package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/workspace"
	"parley/workspace/wstest"
)

// partial makes member's profile partial: nothing known but its red lines.
func partial(t *testing.T, e *wstest.Env, member string, use parley.ProfileUse) *parley.PartyProfile {
	t.Helper()
	ctx := e.As(member)
	cur, err := e.Service.Profile(ctx, e.WS.ID, member)
	if err != nil {
		t.Fatal(err)
	}
	spec := parley.ProfileSpec{Partial: true, ReservationUnknown: true, RedLines: cur.Profile.RedLines}
	pp, err := e.Service.PutProfile(ctx, e.WS.ID, member, cur.Rev, &parley.PartyProfile{Profile: spec, Use: use})
	if err != nil {
		t.Fatal(err)
	}
	return pp
}

// answerAll answers member's questions truthfully from its profile in wstest.Create until
// none is left, and returns the number of questions asked.
func answerAll(t *testing.T, e *wstest.Env, member string, limit int) (*parley.Elicitation, int) {
	t.Helper()
	ctx := e.As(member)
	sc := e.WS.Scenario()
	var truth *analysis.Truth
	for _, p := range wstest.Create().Parties {
		if p.ID == member {
			var err error
			if truth, err = analysis.NewTruth(sc, p.Profile.Profile()); err != nil {
				t.Fatal(err)
			}
		}
	}
	el, err := e.Service.Elicitation(ctx, e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for ; el.Question != nil && n < limit; n++ {
		aq, err := workspace.QuestionOfSpec(sc, el.Question)
		if err != nil {
			t.Fatal(err)
		}
		q := el.Question
		if aq.Multi() {
			el, err = e.Service.Reply(ctx, e.WS.ID, el.Rev, q, replyWords(q, aq, truth.Reply(aq)))
		} else {
			a := parley.AnswerNo
			if truth.Answer(aq) {
				a = parley.AnswerYes
			}
			el, err = e.Service.Answer(ctx, e.WS.ID, el.Rev, q, a)
		}
		if err != nil {
			t.Fatalf("question %d %q: %v", n, q.Text, err)
		}
	}
	return el, n
}

// replyWords writes reply r to question q (aq as analysis reads it) as a party sends it.
func replyWords(q *parley.Question, aq analysis.Question, r analysis.Reply) parley.Reply {
	var out parley.Reply
	if q.Kind == parley.QuestionOrderAmong {
		out.Ranking = r.Order
	} else {
		for _, j := range r.Order {
			out.Order = append(out.Order, q.Values[j])
		}
	}
	for j, yes := range r.Acceptable {
		if yes {
			out.Acceptable = append(out.Acceptable, j)
		}
	}
	return out
}

func TestElicitSettlesZone(t *testing.T) {
	e := wstest.MustOpen(t)
	med := e.As("med")
	// Both share, so that the mediator sees the true zone first.
	cur, _ := e.Service.Profile(e.As("east"), e.WS.ID, "east")
	if _, err := e.Service.PutProfile(e.As("east"), e.WS.ID, "east", cur.Rev, &parley.PartyProfile{Profile: cur.Profile, Use: parley.UseShared}); err != nil {
		t.Fatal(err)
	}
	truth, err := e.Service.UncertainZone(med, e.WS.ID)
	if err != nil || !truth.Computed || truth.Estimate || truth.CertainCount != truth.PossibleCount || truth.CertainCount == 0 {
		t.Fatalf("full profiles: %+v, %v", truth, err)
	}
	partial(t, e, "east", parley.UseShared)
	partial(t, e, "west", parley.UseShared)
	before, err := e.Service.UncertainZone(med, e.WS.ID)
	if err != nil || !before.Estimate || before.CertainCount != 0 || before.PossibleCount <= truth.CertainCount {
		t.Fatalf("nothing said: %+v, %v", before, err)
	}
	for _, m := range []string{"east", "west"} {
		el, n := answerAll(t, e, m, 40)
		if !el.Settled || el.Question != nil || len(el.Statements) < n {
			t.Fatalf("%s: after %d questions: settled %v, %d statements", m, n, el.Settled, len(el.Statements))
		}
	}
	after, err := e.Service.UncertainZone(med, e.WS.ID)
	if err != nil || !after.Estimate || after.CertainCount != truth.CertainCount || after.PossibleCount != truth.CertainCount {
		t.Fatalf("settled: %+v, want %d packages; %v", after, truth.CertainCount, err)
	}
	for id, r := range truth.CertainRanges {
		if after.CertainRanges[id] != r {
			t.Errorf("range of %s: got %q, want %q", id, after.CertainRanges[id], r)
		}
	}
}

func TestElicitAnswers(t *testing.T) {
	e := wstest.MustOpen(t)
	ctx := e.As("east")
	partial(t, e, "east", parley.UsePrivate)
	el, err := e.Service.Elicitation(ctx, e.WS.ID)
	if err != nil || el.Question == nil || !el.Partial || el.Settled {
		t.Fatalf("first question: %+v, %v", el, err)
	}
	t.Run("Skip", func(t *testing.T) {
		next, err := e.Service.Answer(ctx, e.WS.ID, el.Rev, el.Question, parley.AnswerSkip)
		if err != nil || next.Question == nil || next.Question.ID == el.Question.ID || len(next.Statements) != 0 {
			t.Fatalf("after a skip: %+v, %v", next, err)
		}
		el = next
	})
	t.Run("ErrStale", func(t *testing.T) {
		if _, err := e.Service.Answer(ctx, e.WS.ID, el.Rev-1, el.Question, parley.AnswerYes); code(err) != parley.ECONFLICT {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrAnswer", func(t *testing.T) {
		if _, err := e.Service.Answer(ctx, e.WS.ID, el.Rev, el.Question, "maybe"); code(err) != parley.EINVALID {
			t.Fatalf("got %v", err)
		}
		q := *el.Question
		q.Kind = parley.StateAcceptable
		q.Package = map[string]string{"nato": "join", "buffer_km": "35"}
		_, err := e.Service.Answer(ctx, e.WS.ID, el.Rev, &q, parley.AnswerYes)
		if pe, ok := err.(*parley.Error); !ok || pe.Field != "question.package.buffer_km" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Conflict", func(t *testing.T) {
		a := &parley.Question{Kind: parley.StateAcceptable, Package: map[string]string{"nato": "renounce", "buffer_km": "0"}}
		b := &parley.Question{Kind: parley.StatePrefers, Package: map[string]string{"nato": "renounce", "buffer_km": "0"},
			Other: map[string]string{"nato": "moratorium", "buffer_km": "0"}}
		c := &parley.Question{Kind: parley.StateAcceptable, Package: map[string]string{"nato": "moratorium", "buffer_km": "0"}}
		el, err := e.Service.Answer(ctx, e.WS.ID, el.Rev, a, parley.AnswerNo)
		if err == nil {
			el, err = e.Service.Answer(ctx, e.WS.ID, el.Rev, b, parley.AnswerYes)
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Service.Answer(ctx, e.WS.ID, el.Rev, c, parley.AnswerYes)
		if code(err) != parley.EINVALID || !strings.Contains(parley.ErrorMessage(err), "cannot all hold") || !strings.Contains(parley.ErrorMessage(err), "[0]") {
			t.Fatalf("got %v", err)
		}
		el, err = e.Service.RemoveStatement(ctx, e.WS.ID, el.Rev, 0)
		if err != nil || len(el.Statements) != 1 || el.Statements[0].Statement.Kind != parley.StatePrefers {
			t.Fatalf("remove: %+v, %v", el, err)
		}
		if _, err = e.Service.Answer(ctx, e.WS.ID, el.Rev, c, parley.AnswerYes); err != nil {
			t.Fatalf("after the removal: %v", err)
		}
	})
	t.Run("ErrPutConflict", func(t *testing.T) {
		cur, err := e.Service.Profile(ctx, e.WS.ID, "east")
		if err != nil {
			t.Fatal(err)
		}
		pkg := map[string]string{"nato": "join", "buffer_km": "10"}
		spec := parley.ProfileSpec{Partial: true, ReservationUnknown: true, Statements: []parley.StatementSpec{
			{Kind: parley.StateMattersMore, Issue: "nato", OtherIssue: "buffer_km"},
			{Kind: parley.StateAcceptable, Package: pkg}, {Kind: parley.StateUnacceptable, Package: pkg}}}
		_, err = e.Service.PutProfile(ctx, e.WS.ID, "east", cur.Rev, &parley.PartyProfile{Profile: spec})
		pe, ok := err.(*parley.Error)
		if !ok || pe.Code != parley.EINVALID || pe.Field != "profile.statements[2]" || !strings.Contains(pe.Message, "[1]") || strings.Contains(pe.Message, "[0]") {
			t.Fatalf("got %v (field %v)", err, pe)
		}
	})
	t.Run("ErrNotParty", func(t *testing.T) {
		for _, m := range []string{"med", "obs"} {
			if _, err := e.Service.Elicitation(e.As(m), e.WS.ID); code(err) != parley.EFORBIDDEN {
				t.Errorf("%s: got %v", m, err)
			}
		}
	})
	t.Run("FullProfile", func(t *testing.T) {
		el, err := e.Service.Elicitation(e.As("west"), e.WS.ID)
		if err != nil || el.Partial || el.Question != nil || el.Note == "" {
			t.Fatalf("got %+v, %v", el, err)
		}
	})
}

func TestElicitCandidates(t *testing.T) {
	e := wstest.MustOpen(t)
	med := e.As("med")
	partial(t, e, "east", parley.UsePrivate)
	partial(t, e, "west", parley.UseShared)
	pkg := map[string]string{"nato": "moratorium", "buffer_km": "30"}
	if _, err := e.Service.AddCandidate(e.As("east"), e.WS.ID, pkg, ""); code(err) != parley.EFORBIDDEN {
		t.Fatalf("a party adds a candidate: %v", err)
	}
	if _, err := e.Service.AddCandidate(med, e.WS.ID, map[string]string{"nato": "moratorium"}, ""); code(err) != parley.EINVALID {
		t.Fatalf("half a package: %v", err)
	}
	cand, err := e.Service.AddCandidate(med, e.WS.ID, pkg, "the 30 km compromise")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"east", "west"} {
		el, err := e.Service.Elicitation(e.As(m), e.WS.ID)
		if err != nil || el.Question == nil || el.Question.Candidate != cand.ID {
			t.Fatalf("%s: the first question is not the candidate: %+v, %v", m, el, err)
		}
		if _, err := e.Service.Answer(e.As(m), e.WS.ID, el.Rev, el.Question, parley.AnswerYes); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := e.Service.Candidates(med, e.WS.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("got %+v, %v", cs, err)
	}
	if got := cs[0].Answers; len(got) != 1 || got["west"] != "acceptable" {
		t.Errorf("answers: got %v, want only west's (east keeps its profile private)", got)
	}
	if _, err := e.Service.Candidates(e.As("west"), e.WS.ID); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party lists candidates: %v", err)
	}
	z, err := e.Service.UncertainZone(med, e.WS.ID)
	if err != nil || z.Computed || z.Note == "" {
		t.Errorf("east private: the zone must not be computed: %+v, %v", z, err)
	}
}

func TestElicitZoneUse(t *testing.T) {
	e := wstest.MustOpen(t)
	partial(t, e, "east", parley.UseNeutral)
	tests := []struct {
		member       string
		computed     bool
		withPackages bool
	}{
		{"med", true, false}, {"east", true, false}, {"west", true, false}, {"obs", false, false},
	}
	for _, tt := range tests {
		z, err := e.Service.UncertainZone(e.As(tt.member), e.WS.ID)
		if err != nil {
			t.Fatal(err)
		}
		if z.Computed != tt.computed || (z.CertainCount != 0 || z.Possible != nil || z.Parties != nil) != tt.withPackages {
			t.Errorf("%s: got %+v", tt.member, z)
		}
	}
}

// FuzzQuestion feeds arbitrary questions, as a party sends them back with its answer, to
// the reading of a question: nil or an invalid error naming a field, never a panic.
func FuzzQuestion(f *testing.F) {
	for _, s := range []string{
		`{"kind":"acceptable","package":{"nato":"join","buffer_km":"30"}}`,
		`{"kind":"prefers","package":{"nato":"join","buffer_km":"30"},"other":{"nato":"renounce","buffer_km":"1e400"}}`,
		`{"kind":"better","issue":"buffer_km","value":"NaN","than":"-0"}`,
		`{"kind":"matters_more","issue":"nato","other_issue":"ghost"}`,
		`{"kind":"accept_if","condition":"nato == join"}`,
	} {
		f.Add([]byte(s))
	}
	sc := scenario()
	f.Fuzz(func(t *testing.T, data []byte) {
		var q parley.Question
		if json.Unmarshal(data, &q) != nil {
			return
		}
		aq, err := workspace.QuestionOfSpec(sc, &q)
		if err != nil {
			if pe, ok := err.(*parley.Error); !ok || pe.Code != parley.EINVALID || pe.Field == "" {
				t.Fatalf("%s: %v", data, err)
			}
			return
		}
		for _, o := range []parley.Outcome{aq.Package, aq.Other} {
			for i, k := range o {
				if k < 0 || k >= sc.Issues[i].Size() {
					t.Fatalf("%s: value index %d of issue %d", data, k, i)
				}
			}
		}
	})
}
