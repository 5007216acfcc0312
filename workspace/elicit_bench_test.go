package workspace_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"parley"
	"parley/analysis"
	"parley/demo"
	"parley/sqlite"
	"parley/workspace"
)

// elicitBench is the demo's peace-talks workspace (19,305 packages) with both parties'
// profiles made partial (their red lines kept), shared with the mediator (so that the
// mediator's zone is computed in full), and answered questions truthfully from the demo's
// full profiles.
type elicitBench struct {
	db  workspace.Store
	svc *workspace.Service
	ws  string
	as  map[string]context.Context
	sc  *parley.Scenario
	// truth is each party's full profile in the demo, by party ID.
	truth map[string]*analysis.Truth
}

// newElicitBench loads the demo into a SQLite file in tb's temp dir and has every party
// answer answers questions.
func newElicitBench(tb testing.TB, answers int) *elicitBench {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "parley.db"), sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc := workspace.New(db, workspace.Config{})
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), svc)
	if err != nil {
		tb.Fatal(err)
	}
	e := &elicitBench{db: db, svc: svc, ws: res.Workspace.ID, as: map[string]context.Context{}, truth: map[string]*analysis.Truth{}}
	for _, t := range res.Tokens {
		c, err := svc.Authenticate(context.Background(), t.Token)
		if err != nil {
			tb.Fatal(err)
		}
		e.as[t.MemberID] = parley.NewContextWithCaller(context.Background(), c)
	}
	full, err := demo.Create()
	if err != nil {
		tb.Fatal(err)
	}
	sc := res.Workspace.Scenario()
	e.sc = sc
	for _, p := range full.Parties {
		if p.Role != parley.RoleParty {
			continue
		}
		truth, err := analysis.NewTruth(sc, p.Profile.Profile())
		if err != nil {
			tb.Fatal(err)
		}
		e.truth[p.ID] = truth
		e.answer(tb, sc, p.ID, truth, answers)
	}
	return e
}

// answer makes party's profile partial and shared, keeping its red lines, and answers n of
// its questions truthfully.
func (e *elicitBench) answer(tb testing.TB, sc *parley.Scenario, party string, truth *analysis.Truth, n int) {
	tb.Helper()
	ctx := e.as[party]
	cur, err := e.svc.Profile(ctx, e.ws, party)
	if err != nil {
		tb.Fatal(err)
	}
	spec := parley.ProfileSpec{Partial: true, ReservationUnknown: true, RedLines: cur.Profile.RedLines}
	if _, err := e.svc.PutProfile(ctx, e.ws, party, cur.Rev, &parley.PartyProfile{Profile: spec, Use: parley.UseShared}); err != nil {
		tb.Fatal(err)
	}
	el, err := e.svc.Elicitation(ctx, e.ws)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n && el.Question != nil; i++ {
		if el, err = e.answerOne(sc, party, truth, el); err != nil {
			tb.Fatalf("%s, question %d: %v", party, i+1, err)
		}
	}
}

// answerOne answers el's question as party, truthfully, and returns the elicitation that
// follows.
func (e *elicitBench) answerOne(sc *parley.Scenario, party string, truth *analysis.Truth, el *parley.Elicitation) (*parley.Elicitation, error) {
	ctx := e.as[party]
	q, err := workspace.QuestionOfSpec(sc, el.Question)
	if err != nil {
		return nil, err
	}
	if q.Multi() {
		return e.svc.Reply(ctx, e.ws, el.Rev, el.Question, replyOf(el.Question, truth.Reply(q)))
	}
	a := parley.AnswerNo
	if truth.Answer(q) {
		a = parley.AnswerYes
	}
	return e.svc.Answer(ctx, e.ws, el.Rev, el.Question, a)
}

// replyOf writes reply r to rank, acceptable_among or order_among question q as a party
// sends it.
func replyOf(q *parley.Question, r analysis.Reply) parley.Reply {
	var out parley.Reply
	if q.Kind == parley.QuestionOrderAmong {
		out.Ranking = r.Order
	} else {
		for _, k := range r.Order {
			out.Order = append(out.Order, q.Values[k])
		}
	}
	for j, yes := range r.Acceptable {
		if yes {
			out.Acceptable = append(out.Acceptable, j)
		}
	}
	return out
}

// BenchmarkElicitService measures the elicitation service on the demo's peace-talks
// workspace (19,305 packages), as the routes call it, after 0 and 10 truthful answers per
// party:
//   - elicitation: GET /elicitation, a party's statements, verdict counts and next question
//     (Service.Elicitation, as Ukraine), as after an answer: the answer computed it and the
//     service kept it.
//   - elicitation/cold: the same on a fresh service, so that it is computed: the cost of
//     the answer (POST) that changes the party's statements.
//   - uncertain-zone/cold: GET /uncertain-zone as the mediator (Service.UncertainZone) on a
//     fresh service, so that the zone is computed: the cost of the first request after a
//     party's statements change.
//   - uncertain-zone/after-answers: the same on a fresh service where each party's
//     elicitation was read first (as its last answer computes it): the zone from the
//     parties' kept verdicts, the mediator's first request after a party answered.
//   - uncertain-zone/cached: the same request again, answered from the service's cache.
//   - answer: Ukraine answers its next question on the running service (benchAnswer).
//
// Each iteration reads the workspace from the SQLite file, as a request does.
func BenchmarkElicitService(b *testing.B) {
	for _, answers := range []int{0, 10} {
		e := newElicitBench(b, answers)
		name := fmt.Sprintf("peace-talks/answers=%d/", answers)
		elicit := func(b *testing.B, fresh bool) {
			b.ReportAllocs()
			var sink *parley.Elicitation
			for b.Loop() {
				svc := e.svc
				if fresh {
					b.StopTimer()
					svc = workspace.New(e.db, workspace.Config{})
					b.StartTimer()
				}
				var err error
				if sink, err = svc.Elicitation(e.as["ukraine"], e.ws); err != nil {
					b.Fatal(err)
				}
			}
			if sink.Question == nil && !sink.Settled {
				b.Fatalf("no question and not settled: %+v", sink)
			}
		}
		b.Run(name+"elicitation", func(b *testing.B) { elicit(b, false) })
		b.Run(name+"elicitation/cold", func(b *testing.B) { elicit(b, true) })
		zone := func(b *testing.B, fresh, primed bool) {
			if !fresh { // the first request fills the cache
				if _, err := e.svc.UncertainZone(e.as["united_states"], e.ws); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			var sink *parley.UncertainZone
			for b.Loop() {
				svc := e.svc
				if fresh {
					b.StopTimer()
					svc = workspace.New(e.db, workspace.Config{})
					for _, party := range []string{"russia", "ukraine"} {
						if !primed {
							break
						}
						if _, err := svc.Elicitation(e.as[party], e.ws); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
				}
				var err error
				if sink, err = svc.UncertainZone(e.as["united_states"], e.ws); err != nil {
					b.Fatal(err)
				}
			}
			if !sink.Computed {
				b.Fatalf("the zone was not computed: %+v", sink)
			}
		}
		b.Run(name+"uncertain-zone/cold", func(b *testing.B) { zone(b, true, false) })
		b.Run(name+"uncertain-zone/after-answers", func(b *testing.B) { zone(b, true, true) })
		b.Run(name+"uncertain-zone/cached", func(b *testing.B) { zone(b, false, false) })
		// Last, as it changes the workspace.
		b.Run(name+"answer", func(b *testing.B) { e.benchAnswer(b) })
	}
}

// benchAnswer measures an answer (POST /elicitation/answers or /replies, Service.Answer or
// Service.Reply) on a running service: each iteration Ukraine answers its next question
// truthfully, and the service computes its verdicts for the new revision starting from
// those it kept for the revision before (the wait of a delegation that answers).
func (e *elicitBench) benchAnswer(b *testing.B) {
	el, err := e.svc.Elicitation(e.as["ukraine"], e.ws)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if el.Question == nil {
			b.Skip("no question left")
		}
		if el, err = e.answerOne(e.sc, "ukraine", e.truth["ukraine"], el); err != nil {
			b.Fatal(err)
		}
	}
}
