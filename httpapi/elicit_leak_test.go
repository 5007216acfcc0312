package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/app"
	"parley/httpapi/client"
)

// makePartial makes east's and west's profiles partial (revision 2), each with one statement.
func makePartial(t testing.TB, m *app.Main, f *fixture) {
	t.Helper()
	for _, who := range []string{"east", "west"} {
		c := client.New(m.URL, f.tokens[who])
		p, err := c.Profile(context.Background(), f.ws, who)
		if err != nil {
			t.Fatal(err)
		}
		p.Profile = parley.ProfileSpec{Partial: true, ReservationUnknown: true, RedLines: p.Profile.RedLines,
			Statements: []parley.StatementSpec{{Kind: parley.StateMattersMore, Issue: "nato", OtherIssue: "buffer_km"}}}
		if _, err := c.PutProfile(context.Background(), f.ws, who, p.Rev, p); err != nil {
			t.Fatal(err)
		}
	}
}

// Markers planted in east's statements and elicitation.
const markAcceptIf = "nato != join and buffer_km != 20" // east's accept_if statement

// TestNoLeakElicit plants a statement, answers, a set-aside question and an answer about
// the mediator's candidate package in east's partial profile, kept private or neutral, and
// searches every answer, error and event stream west, the observer and the mediator receive
// for them.
func TestNoLeakElicit(t *testing.T) {
	for _, use := range []parley.ProfileUse{parley.UsePrivate, parley.UseNeutral} {
		t.Run(string(use), func(t *testing.T) { testNoLeakElicit(t, use) })
	}
}

// eastReply answers a rank, acceptable_among or order_among question as east may, given its
// accept_if statement: the packages meeting markAcceptIf acceptable and first, the others
// not.
func eastReply(q *parley.Question) parley.Reply {
	if q.Kind == parley.QuestionRank {
		return parley.Reply{Order: q.Values}
	}
	var r parley.Reply
	var rest []int
	for j, pkg := range q.Packages {
		if pkg["nato"] != "join" && pkg["buffer_km"] != "20" {
			r.Acceptable = append(r.Acceptable, j)
		} else {
			rest = append(rest, j)
		}
	}
	if q.Kind == parley.QuestionOrderAmong {
		r.Ranking = append(slices.Clone(r.Acceptable), rest...)
	}
	return r
}

func testNoLeakElicit(t *testing.T, use parley.ProfileUse) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	east := client.New(m.URL, f.tokens["east"])
	med := client.New(m.URL, f.tokens["med"])
	events := map[string]*sseRecorder{}
	for _, who := range []string{"west", "obs", "med"} {
		events[who] = record(t, m.URL+"/api/workspaces/"+f.ws+"/events", f.tokens[who])
	}
	p, err := east.Profile(ctx, f.ws, "east")
	if err != nil {
		t.Fatal(err)
	}
	p.Profile = parley.ProfileSpec{Partial: true, ReservationUnknown: true,
		Statements: []parley.StatementSpec{{Kind: parley.StateAcceptIf, Condition: markAcceptIf}}}
	p.Use = use
	if _, err := east.PutProfile(ctx, f.ws, "east", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	if _, err := med.AddCandidate(ctx, f.ws, map[string]string{"nato": "join", "buffer_km": "50"}, "fifty"); err != nil {
		t.Fatal(err)
	}
	el, err := east.Elicitation(ctx, f.ws)
	if err != nil || el.Question == nil || el.Question.Candidate == "" {
		t.Fatalf("east's first question is not the candidate: %+v, %v", el, err)
	}
	if el, err = east.Answer(ctx, f.ws, el.Rev, el.Question, parley.AnswerNo); err != nil {
		t.Fatal(err)
	}
	markSkip := el.Question.ID // derived from east's statements
	if el, err = east.Answer(ctx, f.ws, el.Rev, el.Question, parley.AnswerSkip); err != nil {
		t.Fatal(err)
	}
	if el.Question == nil {
		t.Fatal("no question after the skip")
	}
	markAnswer := el.Question.Text // east's next question, in words
	if q := el.Question; q.Kind == parley.QuestionRank || q.Kind == parley.QuestionAcceptableAmong || q.Kind == parley.QuestionOrderAmong {
		// A rank or a screen of packages: east's answer in words is its last statement.
		if el, err = east.Reply(ctx, f.ws, el.Rev, q, eastReply(q)); err != nil {
			t.Fatal(err)
		}
		markAnswer = "Is it true that " + el.Statements[len(el.Statements)-1].Text + "?"
	} else if _, err = east.Answer(ctx, f.ws, el.Rev, el.Question, parley.AnswerYes); err != nil {
		t.Fatal(err)
	}
	secrets := []string{markAcceptIf, markSkip, markAnswer, strings.TrimSuffix(strings.TrimPrefix(markAnswer, "Is it true that "), "?"),
		`"source":"answer"`, `"source":"candidate"`, `"east":"unacceptable"`, `"skipped"`}
	_, own := do(t, "GET", m.URL+"/api/workspaces/"+f.ws+"/profiles/east", f.tokens["east"], "")
	for _, mk := range secrets[:2] {
		if !strings.Contains(string(own), mk) {
			t.Fatalf("east's own profile does not hold %q: %s", mk, own)
		}
	}
	var requests []struct{ method, path, body string }
	for _, tc := range authzCases() {
		if tc.ratification || tc.blind || tc.body == "CREATE" || tc.path == "/api/openapi.json" { // the document's examples are not east's; blind routes: TestBlindNoLeak
			continue
		}
		requests = append(requests, struct{ method, path, body string }{tc.method, f.expand(tc.path), f.expand(tc.body)})
	}
	requests = append(requests, struct{ method, path, body string }{"POST", "/api/workspaces/" + f.ws + "/elicitation/answers",
		`{"rev":3,"question":{"kind":"acceptable","package":{"nato":"moratorium"}},"answer":"yes"}`})
	for _, who := range []string{"west", "obs", "med"} {
		for _, rq := range requests {
			if rq.method == "DELETE" && strings.Contains(rq.path, "/token") {
				continue
			}
			status, body := do(t, rq.method, m.URL+rq.path, f.tokens[who], rq.body)
			for _, mk := range secrets {
				if strings.Contains(string(body), mk) {
					t.Errorf("%s %s %s (%d) leaks %q: %s", who, rq.method, rq.path, status, mk, body)
				}
			}
		}
	}
	_, zone := do(t, "GET", m.URL+"/api/workspaces/"+f.ws+"/uncertain-zone", f.tokens["med"], "")
	if strings.Contains(string(zone), `"parties"`) || strings.Contains(string(zone), `"certain_ranges"`) {
		t.Errorf("the mediator sees per-party or per-issue results of a %s profile: %s", use, zone)
	}
	for who, rec := range events {
		stream := rec.stop()
		if !strings.Contains(stream, `"type":"candidate"`) && who != "obs" {
			t.Errorf("%s's event stream saw no candidate event: %q", who, stream)
		}
		for _, mk := range secrets {
			if strings.Contains(stream, mk) {
				t.Errorf("%s's event stream leaks %q", who, mk)
			}
		}
		if strings.Contains(stream, `"type":"profile"`) && strings.Contains(stream, `"member":"east"`) {
			t.Errorf("%s's event stream tells of east's answers", who)
		}
	}
}
