package workspace_test

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestElicitReply answers the three questions of more than yes or no: a rank becomes a
// chain of better statements, an acceptable_among one statement per package, an order_among
// those and a chain of prefers statements, and replies that do not fit the question are
// refused naming the field.
func TestElicitReply(t *testing.T) {
	e := wstest.MustOpen(t)
	ctx := e.As("east")
	partial(t, e, "east", parley.UsePrivate)
	el, err := e.Service.Elicitation(ctx, e.WS.ID)
	if err != nil || el.Question == nil || el.Question.Kind != parley.QuestionRank || len(el.Question.Values) < 2 {
		t.Fatalf("first question: %+v, %v", el.Question, err)
	}
	q := el.Question
	if !strings.HasPrefix(q.Text, "Order these values of") {
		t.Errorf("text %q", q.Text)
	}
	bad := []struct {
		field string
		r     parley.Reply
	}{
		{"order", parley.Reply{Order: q.Values[:1]}},
		{"order[1]", parley.Reply{Order: append([]string{q.Values[0]}, q.Values[:len(q.Values)-1]...)}},
		{"order[0]", parley.Reply{Order: append([]string{"no such value"}, q.Values[1:]...)}},
	}
	for _, b := range bad {
		_, err := e.Service.Reply(ctx, e.WS.ID, el.Rev, q, b.r)
		if code(err) != parley.EINVALID || !strings.HasPrefix(fieldOf(err), b.field) {
			t.Errorf("reply %+v: got %v (field %q)", b.r, err, fieldOf(err))
		}
	}
	if _, err := e.Service.Answer(ctx, e.WS.ID, el.Rev, q, parley.AnswerYes); code(err) != parley.EINVALID {
		t.Errorf("yes to a rank: got %v", err)
	}
	rev := el.Rev
	if el, err = e.Service.Reply(ctx, e.WS.ID, el.Rev, q, parley.Reply{Order: q.Values}); err != nil {
		t.Fatal(err)
	}
	if len(el.Statements) != len(q.Values)-1 || el.Rev != rev+1 {
		t.Fatalf("a rank of %d values made %d statements", len(q.Values), len(el.Statements))
	}
	for j, sv := range el.Statements {
		if sv.Statement.Kind != parley.StateBetter || sv.Statement.Value != q.Values[j] || sv.Statement.Than != q.Values[j+1] || sv.Statement.Source != parley.SourceAnswer {
			t.Errorf("statement %d: %+v", j, sv.Statement)
		}
	}
	// An acceptable_among question about two packages: the first acceptable, the second not.
	pkgs := []map[string]string{{}, {}}
	for _, is := range e.WS.Issues {
		pkgs[0][is.ID], pkgs[1][is.ID] = is.Value(0).String(), is.Value(is.Size()-1).String()
	}
	among := &parley.Question{Kind: parley.QuestionAcceptableAmong, Packages: pkgs}
	if _, err := e.Service.Reply(ctx, e.WS.ID, el.Rev, among, parley.Reply{Acceptable: []int{2}}); code(err) != parley.EINVALID || fieldOf(err) != "acceptable[0]" {
		t.Errorf("index 2 of 2 packages: got %v", err)
	}
	n := len(el.Statements)
	if el, err = e.Service.Reply(ctx, e.WS.ID, el.Rev, among, parley.Reply{Acceptable: []int{0}}); err != nil {
		t.Fatal(err)
	}
	if len(el.Statements) != n+2 || el.Statements[n].Statement.Kind != parley.StateAcceptable || el.Statements[n+1].Statement.Kind != parley.StateUnacceptable {
		t.Fatalf("marks made %+v", el.Statements[n:])
	}
	// An order_among question about the same packages.
	ordered := &parley.Question{Kind: parley.QuestionOrderAmong, Packages: pkgs}
	for _, b := range []struct {
		field string
		r     parley.Reply
	}{
		{"ranking", parley.Reply{Ranking: []int{1}}},
		{"ranking[1]", parley.Reply{Ranking: []int{1, 1}}},
		{"ranking[0]", parley.Reply{Ranking: []int{-1, 0}}},
		{"acceptable[0]", parley.Reply{Ranking: []int{1, 0}, Acceptable: []int{5}}},
	} {
		if _, err := e.Service.Reply(ctx, e.WS.ID, el.Rev, ordered, b.r); code(err) != parley.EINVALID || fieldOf(err) != b.field {
			t.Errorf("order_among reply %+v: got %v (field %q)", b.r, err, fieldOf(err))
		}
	}
	if _, err := e.Service.Reply(ctx, e.WS.ID, el.Rev, &parley.Question{Kind: parley.QuestionOrderAmong, Packages: pkgs[:1]},
		parley.Reply{Ranking: []int{0}}); code(err) != parley.EINVALID || fieldOf(err) != "question.packages" {
		t.Errorf("an order of one package: got %v", err)
	}
	n = len(el.Statements)
	if _, err := e.Service.Reply(ctx, e.WS.ID, el.Rev, ordered, parley.Reply{Ranking: []int{1, 0}}); code(err) != parley.EINVALID {
		// No marks: neither package acceptable, though the first was said to be: a reply
		// that contradicts earlier statements is refused as a conflict.
		t.Fatalf("contradicting marks: got %v", err)
	}
	el, err = e.Service.Elicitation(ctx, e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	if el, err = e.Service.Reply(ctx, e.WS.ID, el.Rev, ordered, parley.Reply{Ranking: []int{0, 1}, Acceptable: []int{0}}); err != nil {
		t.Fatal(err)
	}
	got := el.Statements[n:]
	if len(got) != 3 || got[0].Statement.Kind != parley.StateAcceptable || got[1].Statement.Kind != parley.StateUnacceptable ||
		got[2].Statement.Kind != parley.StatePrefers || !maps.Equal(got[2].Statement.Package, pkgs[0]) || !maps.Equal(got[2].Statement.Other, pkgs[1]) {
		t.Fatalf("order and marks made %+v", got)
	}
}

func fieldOf(err error) string {
	var pe *parley.Error
	if errors.As(err, &pe) {
		return pe.Field
	}
	return ""
}

// FuzzReply feeds arbitrary rank, acceptable_among and order_among questions and replies, as a party
// sends them, to their reading: statements, or an invalid error naming a field, never a
// panic.
func FuzzReply(f *testing.F) {
	for _, s := range [][2]string{
		{`{"kind":"rank","issue":"nato","values":["join","renounce"]}`, `{"order":["renounce","join"]}`},
		{`{"kind":"rank","issue":"buffer_km","values":["0","30","30"]}`, `{"order":["30","0"]}`},
		{`{"kind":"acceptable_among","packages":[{"nato":"join","buffer_km":"30"}]}`, `{"acceptable":[0,0,-1]}`},
		{`{"kind":"acceptable_among","packages":[]}`, `{}`},
		{`{"kind":"order_among","packages":[{"nato":"join","buffer_km":"30"},{"nato":"renounce","buffer_km":"0"}]}`, `{"ranking":[1,0],"acceptable":[1]}`},
		{`{"kind":"order_among","packages":[{"nato":"join","buffer_km":"30"}]}`, `{"ranking":[0,0]}`},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	sc := scenario()
	f.Fuzz(func(t *testing.T, qdata, rdata []byte) {
		var q parley.Question
		var r parley.Reply
		if json.Unmarshal(qdata, &q) != nil || json.Unmarshal(rdata, &r) != nil {
			return
		}
		invalid := func(err error) {
			if pe, ok := err.(*parley.Error); !ok || pe.Code != parley.EINVALID || pe.Field == "" {
				t.Fatalf("%s %s: %v", qdata, rdata, err)
			}
		}
		aq, err := workspace.QuestionOfSpec(sc, &q)
		if err != nil {
			invalid(err)
			return
		}
		if !aq.Multi() {
			return
		}
		ar, err := workspace.ReplyOf(sc, aq, r)
		if err != nil {
			invalid(err)
			return
		}
		sts, err := aq.Statements(ar)
		if err != nil || len(sts) == 0 {
			t.Fatalf("%s %s: a reply read without error makes %d statements: %v", qdata, rdata, len(sts), err)
		}
	})
}
