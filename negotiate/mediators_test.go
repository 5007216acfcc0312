package negotiate_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/negotiate"
	"parley/redline"
)

// strategies are the mediator strategies that run the mediated protocol of this version
// (veto runs the protocol of earlier versions, tested in mediated_test.go).
var strategies = []string{"learn", "learn:probe=1", "hillclimb", "anneal", "anneal:t0=5"}

func mustMediator(tb testing.TB, spec string) *negotiate.MediatorSpec {
	tb.Helper()
	m, err := negotiate.ParseMediator(spec)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestMediatorSeesNoProfile checks, on the types, that a strategy can learn nothing of a
// party but what the protocol tells it: its setup holds the public structure and the
// mediator's own profile only, and a vote holds a party's answer only.
func TestMediatorSeesNoProfile(t *testing.T) {
	allowed := map[reflect.Type]bool{
		reflect.TypeFor[[]string]():            true,
		reflect.TypeFor[[]*parley.Issue]():     true,
		reflect.TypeFor[[]int]():               true,
		reflect.TypeFor[int]():                 true,
		reflect.TypeFor[*rand.Rand]():          true,
		reflect.TypeFor[bool]():                true,
		reflect.TypeFor[parley.Outcome]():      true,
		reflect.TypeFor[*parley.UtilityFunc](): true, // only as Own, checked below
		// Only the red lines the parties stated, when the spec asks them to: checked below.
		reflect.TypeFor[[][]*redline.RedLine](): true,
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[negotiate.MediatorSetup](), reflect.TypeFor[negotiate.Vote]()} {
		for f := range typ.Fields() {
			if !allowed[f.Type] {
				t.Errorf("%s.%s has type %s, which a strategy must not see (it could carry a party's profile)", typ.Name(), f.Name, f.Type)
			}
			if f.Type == reflect.TypeFor[*parley.UtilityFunc]() && f.Name != "Own" {
				t.Errorf("%s.%s is a utility function: only the mediator's own (Own) may be one", typ.Name(), f.Name)
			}
		}
	}
	// An issue is public structure: it must not point to anything else.
	for f := range reflect.TypeFor[parley.Issue]().Fields() {
		switch f.Type.Kind() {
		case reflect.String, reflect.Float64, reflect.Bool, reflect.Uint8, reflect.Int:
		case reflect.Slice:
			if f.Type.Elem().Kind() != reflect.String {
				t.Errorf("Issue.%s has type %s: a mediator sees issues, which must hold public data only", f.Name, f.Type)
			}
		default:
			if f.Type.Name() != "IssueKind" {
				t.Errorf("Issue.%s has type %s: a mediator sees issues, which must hold public data only", f.Name, f.Type)
			}
		}
	}
	// The setup a strategy receives holds no party's utility function.
	withM, _ := peaceTalks(t)
	d := mustDomain(t, withM)
	spy := &spyMediator{}
	spec := negotiate.NewMediatorSpec("spy", func() negotiate.Mediator { return spy })
	if _, err := negotiate.NewSession(d).RunMediated(mustAgents(t, "conceder", "conceder"), negotiate.Config{Rounds: 5, Seed: 1, Mediator: spec}); err != nil {
		t.Fatal(err)
	}
	if spy.setup.Own != d.Mediator {
		t.Error("Own is not the mediator's own utility function")
	}
	for _, u := range d.Utility {
		if spy.setup.Own == u {
			t.Error("Own is a party's utility function")
		}
	}
	if got, want := strings.Join(spy.setup.Parties, ","), "russia,ukraine"; got != want {
		t.Errorf("parties %q, want %q", got, want)
	}
	if spy.setup.RedLines != nil {
		t.Error("the parties' red lines reached a strategy whose spec does not ask for them")
	}
}

// TestStatedRedLines checks that with learn:redlines=1 the parties' red lines reach the
// strategy, and that it never tables a text that crosses one.
func TestStatedRedLines(t *testing.T) {
	_, s := peaceTalks(t)
	d := mustDomain(t, s)
	crossings := func(spec string) (crossed, tabled int) {
		t.Helper()
		return countCrossings(t, d, spec)
	}
	if crossed, _ := crossings("learn"); crossed == 0 {
		t.Fatal("learn never tables a text across a red line when the parties do not state them: the test cannot tell")
	}
	for _, spec := range []string{"learn:redlines=1", "learn:redlines=1:probe=1"} {
		if crossed, tabled := crossings(spec); tabled == 0 || crossed > 0 {
			t.Errorf("%s: %d of %d texts tabled cross a stated red line, want none", spec, crossed, tabled)
		}
	}
}

// TestLearnProbe checks when learn tables parties' own amendments as they were, each at
// most once: learn:probe=1 in the first tenth of the time; learn one opening position
// first, and more only once a party that still asks for its opening position accepted a
// text the model chose in the first tenth (a discount for time: Kitchen), not where parties
// accept nothing so early (Travel's Boulware against a linear conceder).
func TestLearnProbe(t *testing.T) {
	probed := func(domain, spec string, agents ...string) (early, repeats int) {
		t.Helper()
		d := mustDomain(t, sharedDomain(t, domain))
		res, err := negotiate.NewSession(d).RunMediated(mustAgents(t, agents...), negotiate.Config{Rounds: 100, Seed: 1, Mediator: mustMediator(t, spec), Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		var amends, tabledAmends []parley.Outcome
		for _, e := range res.Trace.Events {
			switch e.Kind {
			case "amend", "position":
				amends = append(amends, e.Outcome)
			case "propose":
				if !slices.ContainsFunc(amends, func(o parley.Outcome) bool { return slices.Equal(o, e.Outcome) }) {
					continue
				}
				if slices.ContainsFunc(tabledAmends, func(o parley.Outcome) bool { return slices.Equal(o, e.Outcome) }) {
					repeats++
				}
				tabledAmends = append(tabledAmends, e.Outcome)
				if e.Time < 0.1 {
					early++
				}
			}
		}
		return early, repeats
	}
	if early, repeats := probed("Travel", "learn", "boulware", "linear"); early != 1 || repeats > 0 {
		t.Errorf("learn on Travel tabled %d amendments in the first tenth (want 1, an opening position), %d of them again (want none)", early, repeats)
	}
	if early, repeats := probed("Kitchen", "learn", "boulware", "conceder"); early < 2 || repeats > 0 {
		t.Errorf("learn on Kitchen tabled %d amendments in the first tenth (want more than the opening position), %d of them again (want none)", early, repeats)
	}
	if early, repeats := probed("Kitchen", "learn:probe=1", "boulware", "conceder"); early == 0 || repeats > 0 {
		t.Errorf("learn:probe=1 tabled %d amendments in the first tenth (want some), %d of them again (want none)", early, repeats)
	}
}

// countCrossings runs the mediated protocol with the mediator spec on d for a few seeds and
// counts the red lines crossed by the texts tabled, and the texts.
func countCrossings(t *testing.T, d *negotiate.Domain, mediator string) (crossed, tabled int) {
	t.Helper()
	spec, err := negotiate.ParseMediator(mediator)
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(6) {
		res, err := negotiate.NewSession(d).RunMediated(mustAgents(t, "boulware", "conceder"), negotiate.Config{Rounds: 100, Seed: seed, Mediator: spec, Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Trace.Events {
			if e.Kind != "propose" {
				continue
			}
			tabled++
			for _, rls := range d.RedLines {
				for _, r := range rls {
					if !r.Allows(e.Outcome) {
						crossed++
					}
				}
			}
		}
	}
	return crossed, tabled
}

// spyMediator records its setup and every vote, and tables a text of its own choice each
// round (text, or the first value of every issue).
type spyMediator struct {
	setup  negotiate.MediatorSetup
	text   parley.Outcome
	tabled int
	heard  [][]negotiate.Vote
}

func (m *spyMediator) Init(s *negotiate.MediatorSetup) error {
	m.setup = *s
	if m.text == nil {
		m.text = make(parley.Outcome, len(s.Sizes))
	}
	m.heard = nil
	return nil
}

func (m *spyMediator) Propose(float64) (text, draft parley.Outcome) {
	m.tabled++
	return m.text, nil
}

func (m *spyMediator) Hear(votes []negotiate.Vote) {
	vs := make([]negotiate.Vote, len(votes))
	for p, v := range votes {
		vs[p] = v
		vs[p].Amend = append(parley.Outcome(nil), v.Amend...)
	}
	m.heard = append(m.heard, vs)
}

// TestMediatedUnanimityEndsTheTalks checks, for every strategy, that the agreement is the
// first tabled text every party accepts, and that talks end there.
func TestMediatedUnanimityEndsTheTalks(t *testing.T) {
	scs := []*parley.Scenario{sharedDomain(t, "EnglandZimbabwe"), synthetic(t, 5, 3, 4, 4)}
	pairs := [][]string{{"conceder", "boulware", "linear"}, {"rational", "linear", "conceder"}, {"boulware", "boulware", "rational"}}
	for _, s := range scs {
		d := mustDomain(t, s)
		for _, strat := range strategies {
			agreed := 0
			for i, agents := range pairs {
				agents = agents[:len(d.Parties)]
				r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, agents...), negotiate.Config{Rounds: 100, Seed: uint64(i), Trace: true, Mediator: mustMediator(t, strat)})
				if err != nil {
					t.Fatal(err)
				}
				var last *negotiate.Event
				for k, e := range r.Trace.Events {
					if e.Kind != "propose" {
						continue
					}
					if last != nil && all(last.Votes) {
						t.Errorf("%s %s %v: talks went on after round %d, which every party accepted", s.Name, strat, agents, last.Round)
					}
					last = &r.Trace.Events[k]
				}
				if last == nil {
					t.Fatalf("%s %s %v: no text tabled", s.Name, strat, agents)
				}
				if r.Agreement != nil {
					agreed++
					if !all(last.Votes) || !bytes.Equal(outcomeBytes(r.Agreement), outcomeBytes(last.Outcome)) {
						t.Errorf("%s %s %v: agreement %v is not the last text %v every party accepted (votes %v)", s.Name, strat, agents, r.Agreement, last.Outcome, last.Votes)
					}
					if r.Rounds != last.Round {
						t.Errorf("%s %s %v: agreement in round %d, text tabled in round %d", s.Name, strat, agents, r.Rounds, last.Round)
					}
				} else if all(last.Votes) {
					t.Errorf("%s %s %v: every party accepted %v, yet no agreement", s.Name, strat, agents, last.Outcome)
				}
			}
			if agreed == 0 {
				t.Errorf("%s %s: no agreement in %d negotiations", s.Name, strat, len(pairs))
			}
		}
	}
}

func all(vs []bool) bool {
	for _, v := range vs {
		if !v {
			return false
		}
	}
	return len(vs) > 0
}

func outcomeBytes(o parley.Outcome) []byte {
	var b []byte
	for _, v := range o {
		b = append(b, byte(v), byte(v>>8))
	}
	return b
}

// TestMediatorCannotImpose tables party 0's best text every round to a party that never
// accepts it: there is no agreement, and the mediator hears every party's answer.
func TestMediatorCannotImpose(t *testing.T) {
	d := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	best := append(parley.Outcome(nil), d.Bids(0).At(0)...)
	spy := &spyMediator{text: best}
	spec := negotiate.NewMediatorSpec("insist", func() negotiate.Mediator { return spy })
	r, err := negotiate.NewSession(d).RunMediated([]negotiate.Agent{mustAgents(t, "conceder")[0], stubborn{d.Bids(1).At(0)}}, negotiate.Config{Rounds: 30, Seed: 1, Mediator: spec})
	if err != nil {
		t.Fatal(err)
	}
	if r.Agreement != nil {
		t.Fatalf("agreement %v imposed on a party that never accepts", r.Agreement)
	}
	if r.Rounds != 30 || spy.tabled != 30 || len(spy.heard) != 30 {
		t.Errorf("rounds %d, texts tabled %d, votes heard %d; want 30 each", r.Rounds, spy.tabled, len(spy.heard))
	}
	for k, vs := range spy.heard {
		if !vs[0].Accept || vs[0].Amend != nil {
			t.Errorf("round %d: party 0 voted %+v on its own best text, want accept", k+1, vs[0])
		}
		if vs[1].Accept || !bytes.Equal(outcomeBytes(vs[1].Amend), outcomeBytes(d.Bids(1).At(0))) {
			t.Errorf("round %d: party 1 voted %+v, want an amendment with its offer", k+1, vs[1])
		}
	}
	if got, want := r.Utility, d.Reservation; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("utilities %v without agreement, want the reservation values %v", got, want)
	}
}

// badMediator tables something that is not an outcome of the scenario.
type badMediator struct{ n int }

func (m *badMediator) Init(s *negotiate.MediatorSetup) error { m.n = len(s.Sizes); return nil }
func (m *badMediator) Propose(float64) (text, draft parley.Outcome) {
	o := make(parley.Outcome, m.n)
	o[0] = 1 << 20
	return o, nil
}
func (m *badMediator) Hear([]negotiate.Vote) {}

func TestMediatedBrokenProtocol(t *testing.T) {
	d := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	t.Run("BadText", func(t *testing.T) {
		spec := negotiate.NewMediatorSpec("bad", func() negotiate.Mediator { return &badMediator{} })
		r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, "conceder", "conceder"), negotiate.Config{Rounds: 10, Seed: 1, Mediator: spec})
		if err != nil {
			t.Fatal(err)
		}
		if r.Agreement != nil || r.EndedBy != -1 || !strings.Contains(r.Broken, "the mediator tabled") {
			t.Errorf("agreement %v, ended by %d, broken %q; want no agreement, broken by the mediator", r.Agreement, r.EndedBy, r.Broken)
		}
	})
	t.Run("AcceptNothing", func(t *testing.T) {
		// Asked for its position, a party that accepts breaks the protocol.
		r, err := negotiate.NewSession(d).RunMediated([]negotiate.Agent{scripted{negotiate.Action{Kind: negotiate.Accept}}, mustAgents(t, "conceder")[0]}, negotiate.Config{Rounds: 10, Seed: 1, Mediator: mustMediator(t, "learn")})
		if err != nil {
			t.Fatal(err)
		}
		if r.Agreement != nil || r.EndedBy != 0 || !strings.Contains(r.Broken, "no text on the table") {
			t.Errorf("agreement %v, ended by %d, broken %q; want party 0 to break the protocol", r.Agreement, r.EndedBy, r.Broken)
		}
	})
	t.Run("WalkAway", func(t *testing.T) {
		r, err := negotiate.NewSession(d).RunMediated([]negotiate.Agent{mustAgents(t, "conceder")[0], scripted{negotiate.Action{Kind: negotiate.End}}}, negotiate.Config{Rounds: 10, Seed: 1, Mediator: mustMediator(t, "hillclimb")})
		if err != nil {
			t.Fatal(err)
		}
		if r.Agreement != nil || r.EndedBy != 1 || r.Broken != "" || r.Rounds != 1 {
			t.Errorf("agreement %v, ended by %d, broken %q, rounds %d; want party 1 to walk away in round 1", r.Agreement, r.EndedBy, r.Broken, r.Rounds)
		}
	})
}

// TestRationalMediatedNeverAgreesBelowReservationOrAcrossRedLine is the property that a
// rational party never agrees, under any mediator strategy, to a text below its
// reservation value or across one of its red lines, whatever the other party plays.
func TestRationalMediatedNeverAgreesBelowReservationOrAcrossRedLine(t *testing.T) {
	opponents := []string{"random:p=0.5", "random:p=1", "conceder", "boulware", "hardliner", "tft", "frequency", "rational"}
	agreements := 0
	withM, _ := peaceTalks(t)
	for seed := range uint64(6) {
		s := constrained(t, seed)
		if seed == 5 {
			s = withM
		}
		d := mustDomain(t, s)
		sess := negotiate.NewSession(d)
		for _, strat := range append(strategies, "veto") {
			for _, opp := range opponents {
				for side := range 2 {
					specs := []string{"rational", opp}
					if side == 1 {
						specs = []string{opp, "rational"}
					}
					r, err := sess.RunMediated(mustAgents(t, specs...), negotiate.Config{Rounds: 100, Seed: seed, Mediator: mustMediator(t, strat)})
					if err != nil {
						t.Fatal(err)
					}
					if r.Agreement == nil {
						continue
					}
					agreements++
					p := side
					if u := d.Utility[p].Utility(r.Agreement); u < d.Reservation[p]-1e-12 {
						t.Errorf("seed %d, %s, %v: rational party %d agreed to %v worth %.3f, below its reservation %.2f", seed, strat, specs, p, r.Agreement, u, d.Reservation[p])
					}
					for _, rl := range d.RedLines[p] {
						if !rl.Allows(r.Agreement) {
							t.Errorf("seed %d, %s, %v: rational party %d agreed to %v across its red line %q", seed, strat, specs, p, r.Agreement, rl.Text)
						}
					}
				}
			}
		}
	}
	if agreements < 100 {
		t.Errorf("only %d agreements: the property was barely exercised", agreements)
	}
}

// TestLearnFindsTheZone checks that the learning mediator does what it is for: with
// time-dependent and rational parties it agrees at least as often as SAOP with the same
// parties and lands nearer the Pareto frontier than the strategies that only climb over
// votes, on domains of different shapes.
func TestLearnFindsTheZone(t *testing.T) {
	agents := []string{"boulware", "linear", "conceder", "rational"}
	for _, name := range []string{"EnglandZimbabwe", "Grocery", "Travel"} {
		d := mustDomain(t, sharedDomain(t, name))
		// The frontier of the domain's bids: enough to compare strategies.
		front := frontier(d)
		dist := func(u []float64) float64 {
			best := math.Inf(1)
			for _, f := range front {
				best = min(best, math.Hypot(f[0]-u[0], f[1]-u[1]))
			}
			return best
		}
		type tally struct {
			agreed int
			pareto float64
		}
		run := func(mediated bool, strat string) tally {
			var tl tally
			for _, a := range agents {
				for _, b := range agents {
					cfg := negotiate.Config{Rounds: 100, Seed: 3}
					var r negotiate.Result
					var err error
					if mediated {
						cfg.Mediator = mustMediator(t, strat)
						r, err = negotiate.NewSession(d).RunMediated(mustAgents(t, a, b), cfg)
					} else {
						r, err = negotiate.NewSession(d).Run(mustAgents(t, a, b), cfg)
					}
					if err != nil {
						t.Fatal(err)
					}
					if r.Agreement != nil {
						tl.agreed++
					}
					tl.pareto += dist(r.Utility) / 16
				}
			}
			return tl
		}
		saop, learn := run(false, ""), run(true, "learn")
		if learn.agreed < saop.agreed {
			t.Errorf("%s: learn agreed in %d of 16, SAOP in %d", name, learn.agreed, saop.agreed)
		}
		if learn.pareto > 0.01 {
			t.Errorf("%s: learn's mean distance to the frontier %.4f, want at most 0.01", name, learn.pareto)
		}
		for _, strat := range []string{"hillclimb", "anneal", "veto"} {
			if o := run(true, strat); learn.pareto > o.pareto {
				t.Errorf("%s: learn's mean distance to the frontier %.4f, %s's %.4f", name, learn.pareto, strat, o.pareto)
			}
		}
		t.Logf("%s: learn agreed %d/16, Pareto distance %.4f; SAOP %d/16, %.4f", name, learn.agreed, learn.pareto, saop.agreed, saop.pareto)
	}
}

// frontier returns the utility pairs of the Pareto-optimal bids of a two-party domain.
func frontier(d *negotiate.Domain) [][2]float64 {
	b := d.Bids(0)
	var front [][2]float64
	best1 := math.Inf(-1)
	for i := range b.Len() {
		o := b.At(i)
		u0, u1 := d.Utility[0].Utility(o), d.Utility[1].Utility(o)
		if u1 > best1 {
			front = append(front, [2]float64{u0, u1})
			best1 = u1
		}
	}
	return front
}

func TestMediatedStrategiesSameSeedSameBytes(t *testing.T) {
	d := mustDomain(t, sharedDomain(t, "Travel"))
	for _, strat := range strategies {
		run := func() []byte {
			r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, "boulware", "rational"), negotiate.Config{Rounds: 60, Seed: 9, Trace: true, Mediator: mustMediator(t, strat)})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.Trace.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		}
		a, b := run(), run()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same seed, different traces", strat)
		}
		for _, want := range []string{`"strategy": "` + strat + `"`, `"action": "propose"`, `"votes": {`} {
			if !bytes.Contains(a, []byte(want)) {
				t.Errorf("%s: trace lacks %s", strat, want)
			}
		}
	}
}

func TestParseMediator(t *testing.T) {
	for _, tc := range []struct{ spec, want, err string }{
		{"learn", "learn", ""},
		{" Anneal:T0=2 ", "anneal:t0=2", ""},
		{"anneal:t0=1", "anneal:t0=1", ""},
		{"oracle", "", `unknown mediator "oracle"; known mediators: anneal, hillclimb, learn, veto`},
		{"anneal:t0=0", "", "t0 must be in (0, 100]"},
		{"anneal:heat=2", "", `mediator "anneal" has no parameter "heat"; its parameters: t0`},
		{"learn:x=1", "", `mediator "learn" has no parameter "x"; its parameters: redlines`},
		{"hillclimb:x=1", "", `mediator "hillclimb" takes no parameters`},
		{"learn:redlines=1", "learn:redlines=1", ""},
		{"learn:probe=1:redlines=1", "learn:redlines=1:probe=1", ""},
		{"learn:redlines=2", "", "redlines must be in [0, 1]"},
		{"anneal:t0", "", "has no value"},
	} {
		m, err := negotiate.ParseMediator(tc.spec)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.spec, err)
			continue
		}
		if got := m.String(); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.spec, got, tc.want)
		}
	}
	if _, err := negotiate.ParseMediators("learn,,veto"); err == nil || !strings.Contains(err.Error(), "empty mediator name") {
		t.Errorf("empty name: %v", err)
	}
	if veto := mustMediator(t, "veto"); veto.New() != nil {
		t.Error("veto makes a strategy; the protocol runs it itself")
	}
}

func FuzzParseMediator(f *testing.F) {
	for _, s := range []string{"learn", "anneal:t0=2", "anneal:t0=1:x", "veto:", ":=", "hillclimb,learn", "anneal:t0=0x1p-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		if specs, err := negotiate.ParseMediators(spec); err == nil && len(specs) == 0 {
			t.Errorf("ParseMediators(%q) gave no strategy and no error", spec)
		}
		m, err := negotiate.ParseMediator(spec)
		if err != nil {
			return
		}
		// A spec that parses round-trips through its canonical form.
		n, err := negotiate.ParseMediator(m.String())
		if err != nil || n.String() != m.String() {
			t.Errorf("canonical form %q of %q does not round-trip: %v", m.String(), spec, err)
		}
	})
}
