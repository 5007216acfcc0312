package workspace_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestElicitReply answers the two questions of more than yes or no: a rank becomes a chain
// of better statements, an acceptable_among one statement per package, and replies that do
// not fit the question are refused naming the field.
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
}

func fieldOf(err error) string {
	var pe *parley.Error
	if errors.As(err, &pe) {
		return pe.Field
	}
	return ""
}

// FuzzReply feeds arbitrary rank and acceptable_among questions and replies, as a party
// sends them, to their reading: statements, or an invalid error naming a field, never a
// panic.
func FuzzReply(f *testing.F) {
	for _, s := range [][2]string{
		{`{"kind":"rank","issue":"nato","values":["join","renounce"]}`, `{"order":["renounce","join"]}`},
		{`{"kind":"rank","issue":"buffer_km","values":["0","30","30"]}`, `{"order":["30","0"]}`},
		{`{"kind":"acceptable_among","packages":[{"nato":"join","buffer_km":"30"}]}`, `{"acceptable":[0,0,-1]}`},
		{`{"kind":"acceptable_among","packages":[]}`, `{}`},
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
