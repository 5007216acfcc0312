package analysis_test

import (
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
)

// TestSimulateTruthful checks that truthful answers settle every party, so that the certain
// zone equals the true zone, and that no answer conflicts.
func TestSimulateTruthful(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	for trial := 0; trial < 6; trial++ {
		s := quantisedScenario(rng)
		res, err := analysis.Simulate(s, analysis.SimOptions{Seed: uint64(trial), MaxQuestions: 200, SkipBaseline: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Parties {
			if !p.Settled || p.Conflicts != 0 {
				t.Fatalf("trial %d: party %+v not settled or conflicting", trial, p)
			}
		}
		if !res.ZoneEqual || res.TrueZone != res.CertainZone {
			t.Fatalf("trial %d: zone %d, certain %d", trial, res.TrueZone, res.CertainZone)
		}
	}
}

// TestSimulateNoise checks that wrong answers are found as conflicts and withdrawn, never
// dropped silently: every withdrawal follows a conflict.
func TestSimulateNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	conflicts := 0
	for trial := 0; trial < 6; trial++ {
		s := quantisedScenario(rng)
		res, err := analysis.Simulate(s, analysis.SimOptions{Seed: uint64(trial), Noise: 0.2, MaxQuestions: 40, SkipBaseline: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Parties {
			if p.Withdrawn > 0 && p.Conflicts == 0 {
				t.Fatalf("trial %d: %d answers withdrawn without a conflict", trial, p.Withdrawn)
			}
			if p.ZoneQuestions > p.Questions || p.Settled && !p.ZoneFound {
				t.Fatalf("trial %d: party %+v settled but its zone count not found, or above the settle count", trial, p)
			}
		}
		conflicts += res.ConflictsTotal
	}
	if conflicts == 0 {
		t.Fatal("20% wrong answers never conflicted")
	}
}

// TestQuestionReplies checks the three questions answered with more than yes or no: a
// truthful reply makes statements that are all true of the hidden profile (a rank a chain of
// better statements, acceptable_among one statement per package, order_among those and a
// chain of prefers statements), and replies that do not fit the question are refused.
func TestQuestionReplies(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	for trial := 0; trial < 40; trial++ {
		s := quantisedScenario(rng)
		truth, err := analysis.NewTruth(s, s.Parties[0].Profile)
		if err != nil {
			t.Fatal(err)
		}
		is := s.Issues[rng.IntN(len(s.Issues))]
		rank := analysis.Question{Kind: parley.QuestionRank, Issue: is.ID}
		for k := 0; k < min(is.Size(), analysis.MaxRankValues); k++ {
			rank.Values = append(rank.Values, is.Value(k))
		}
		among := analysis.Question{Kind: parley.QuestionAcceptableAmong}
		for j := 0; j < analysis.MaxAmongPackages; j++ {
			o := make(parley.Outcome, len(s.Issues))
			for i, x := range s.Issues {
				o[i] = rng.IntN(x.Size())
			}
			among.Packages = append(among.Packages, o)
		}
		ordered := among
		ordered.Kind = parley.QuestionOrderAmong
		for _, q := range []analysis.Question{rank, among, ordered} {
			sts, err := q.Statements(truth.Reply(q))
			want := len(q.Packages)
			switch q.Kind {
			case parley.QuestionRank:
				want = len(q.Values) - 1
			case parley.QuestionOrderAmong:
				want = 2*len(q.Packages) - 1 // the marks and the chain
			}
			if err != nil || len(sts) != want {
				t.Fatalf("trial %d %s: %d statements (want %d), %v", trial, q.Kind, len(sts), want, err)
			}
			for _, st := range sts {
				if !truth.Holds(st) {
					t.Fatalf("trial %d %s: %+v is not true of the profile", trial, q.Kind, st)
				}
			}
		}
		if len(rank.Values) >= 2 {
			if _, err := rank.Statements(analysis.Reply{Order: make([]int, len(rank.Values))}); err == nil {
				t.Fatalf("an order listing value 0 %d times was read", len(rank.Values))
			}
		}
		if _, err := among.Statements(analysis.Reply{Acceptable: []bool{true}}); err == nil {
			t.Fatal("one mark for five packages was read")
		}
		marks := truth.Reply(ordered).Acceptable
		for _, bad := range [][]int{nil, {0, 1, 2, 3}, {0, 1, 2, 3, 3}, {0, 1, 2, 3, 5}} {
			if _, err := ordered.Statements(analysis.Reply{Order: bad, Acceptable: marks}); err == nil {
				t.Fatalf("order %v of five packages was read", bad)
			}
		}
	}
}

// TestSimulateChecked checks the simulation that compares verdicts on a sample of packages:
// it says how many it checked, counts the zones on them only, and truthful answers settle
// every party on them.
func TestSimulateChecked(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	for trial := 0; trial < 6; trial++ {
		s := quantisedScenario(rng)
		n := int(s.Size().Int64())
		check := max(1, n/2)
		res, err := analysis.Simulate(s, analysis.SimOptions{Seed: uint64(trial), MaxQuestions: 200, SkipBaseline: true, Check: check})
		if err != nil {
			t.Fatal(err)
		}
		want := check
		if check >= n {
			want = 0
		}
		if res.Checked != want || res.TrueZone > int64(check) {
			t.Fatalf("trial %d: %d of %d packages checked (want %d), true zone %d", trial, res.Checked, n, want, res.TrueZone)
		}
		for _, p := range res.Parties {
			if !p.Settled {
				t.Fatalf("trial %d: party %+v not settled", trial, p)
			}
		}
		if !res.ZoneEqual || res.TrueZone != res.CertainZone {
			t.Fatalf("trial %d: zone %d, certain %d", trial, res.TrueZone, res.CertainZone)
		}
	}
}

// TestNextQuestionSkipsValuesBeyondRedLines checks that the chooser never asks the order of
// a value that every package holding it crosses a red line with (the party's own or, for the
// party without red lines, the other's): no verdict turns on it.
func TestNextQuestionSkipsValuesBeyondRedLines(t *testing.T) {
	issues := []*parley.Issue{
		{ID: "km", Kind: parley.KindInteger, Min: 0, Max: 10, Step: 1},
		{ID: "deal", Kind: parley.KindOptions, Options: []string{"a", "b", "c"}},
	}
	full := func(lines []string, up bool) *parley.Profile {
		km := &parley.ValueFunc{}
		for k := 0; k <= 10; k++ {
			y := float64(k) / 10
			if !up {
				y = 1 - y
			}
			km.Points = append(km.Points, parley.Knot{X: float64(k), Y: y})
		}
		return &parley.Profile{Weights: map[string]float64{"km": 0.6, "deal": 0.4}, Reservation: 0.5, RedLines: lines,
			Values: map[string]*parley.ValueFunc{"km": km, "deal": {Options: map[string]float64{"a": 0, "b": 0.5, "c": 1}}}}
	}
	s := &parley.Scenario{Name: "lines", Issues: issues, Parties: []*parley.Party{
		{ID: "x", Role: parley.RoleParty, Profile: full([]string{"km >= 4"}, true)},
		{ID: "y", Role: parley.RoleParty, Profile: full(nil, false)},
	}}
	k, truths := unknown(t, s)
	dead := func(v parley.Value) bool { return v.Float() < 4 }
	rng := rand.New(rand.NewPCG(1, 2))
	asked := 0
	for step := 0; step < 30; step++ {
		d := step % 2
		q, ok := k.NextQuestion(d, rng)
		if !ok {
			continue
		}
		asked++
		if q.Issue == "km" && (q.Kind == parley.QuestionRank || q.Kind == parley.StateBetter) {
			for _, v := range append([]parley.Value{q.Value, q.Than}, q.Values...) {
				if v != (parley.Value{}) && dead(v) {
					t.Fatalf("question %d asks the order of km %s, beyond a red line: %+v", step, v, q)
				}
			}
		}
		sts, err := q.Statements(truths[d].Reply(q))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range sts {
			if err := k.Add(d, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	if asked == 0 {
		t.Fatal("no question asked")
	}
}

// unknown returns what parley knows of s's parties when each keeps its profile to itself and
// states only its red lines (nothing else known, reservation value unknown), and each
// party's true profile, to answer truthfully.
func unknown(t *testing.T, s *parley.Scenario) (*analysis.Knowledge, []*analysis.Truth) {
	t.Helper()
	blank := &parley.Scenario{Name: s.Name, Issues: s.Issues}
	var truths []*analysis.Truth
	for _, p := range s.Parties {
		tr, err := analysis.NewTruth(s, p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		truths = append(truths, tr)
		blank.Parties = append(blank.Parties, &parley.Party{ID: p.ID, Role: p.Role,
			Profile: &parley.Profile{Partial: true, ReservationUnknown: true, RedLines: p.Profile.RedLines}})
	}
	k, err := analysis.NewKnowledge(blank, 3)
	if err != nil {
		t.Fatal(err)
	}
	return k, truths
}

// TestSimulateZoneQuestions checks the zone count against the settle count and against an
// independent count: a run capped at the largest zone count (the same questions up to the
// cap) ends with the certain zone equal to the true zone, by Simulate's own final sweep, and
// a run capped one question earlier does not.
func TestSimulateZoneQuestions(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 7))
	for trial := 0; trial < 8; trial++ {
		s := quantisedScenario(rng)
		opt := analysis.SimOptions{Seed: uint64(trial), MaxQuestions: 200}
		res, err := analysis.Simulate(s, opt)
		if err != nil {
			t.Fatal(err)
		}
		most := 0
		for _, p := range res.Parties {
			if !p.Settled || !p.ZoneFound || p.ZoneQuestions > p.Questions {
				t.Fatalf("trial %d: party %+v: zone count beyond the settle count", trial, p)
			}
			if p.BaselineSettled && (!p.BaselineZoneFound || p.BaselineZoneQuestions > p.BaselineQuestions) {
				t.Fatalf("trial %d: baseline of party %+v: zone count beyond the settle count", trial, p)
			}
			most = max(most, p.ZoneQuestions)
		}
		if res.TrueZone == 0 && most != 0 {
			t.Fatalf("trial %d: empty true zone found after %d questions", trial, most)
		}
		for _, cap := range []int{most, most - 1} {
			if cap < 1 {
				continue
			}
			capped := opt
			capped.MaxQuestions, capped.SkipBaseline = cap, true
			r, err := analysis.Simulate(s, capped)
			if err != nil {
				t.Fatal(err)
			}
			if r.ZoneEqual != (cap == most) {
				t.Fatalf("trial %d: capped at %d questions (zone counts %+v): certain zone %d, true %d, equal %v",
					trial, cap, res.Parties, r.CertainZone, r.TrueZone, r.ZoneEqual)
			}
		}
	}
}
