package analysis_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
	"parley/redline"
)

// quantisedScenario builds a small scenario with hidden full profiles whose weights and
// values are multiples of 0.05, so that two utilities differ by 0 or by at least 0.0025,
// far beyond analysis.StrictMargin.
func quantisedScenario(rng *rand.Rand) *parley.Scenario {
	s := &parley.Scenario{Name: "hidden"}
	nIssues := 1 + rng.IntN(3)
	for i := 0; i < nIssues; i++ {
		id := fmt.Sprintf("i%d", i)
		if rng.IntN(2) == 0 {
			var opts []string
			for k := 0; k < 2+rng.IntN(3); k++ {
				opts = append(opts, fmt.Sprintf("o%d", k))
			}
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindOptions, Options: opts})
		} else {
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindInteger, Min: 0, Max: float64(1 + rng.IntN(4)), Step: 1})
		}
	}
	for d := 0; d < 2+rng.IntN(2); d++ {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
		left := 20
		for i, is := range s.Issues {
			w := left
			if i < nIssues-1 {
				w = rng.IntN(left + 1)
			}
			left -= w
			pr.Weights[is.ID] = float64(w) / 20
			f := &parley.ValueFunc{}
			if is.Kind == parley.KindOptions {
				f.Options = map[string]float64{}
			}
			for k := 0; k < is.Size(); k++ {
				v := float64(rng.IntN(21)) / 20
				if is.Kind == parley.KindOptions {
					f.Options[is.Options[k]] = v
				} else {
					f.Points = append(f.Points, parley.Knot{X: is.Value(k).Float(), Y: v})
				}
			}
			pr.Values[is.ID] = f
		}
		pr.Reservation = float64(rng.IntN(12)) / 20
		if rng.IntN(4) == 0 {
			pr.RedLines = []string{fmt.Sprintf("%s != %s", s.Issues[0].ID, s.Issues[0].Value(0))}
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", d), Role: parley.RoleParty, Profile: pr})
	}
	return s
}

func outcomes(s *parley.Scenario) []parley.Outcome {
	var out []parley.Outcome
	var rec func(o parley.Outcome, i int)
	rec = func(o parley.Outcome, i int) {
		if i == len(s.Issues) {
			out = append(out, append(parley.Outcome(nil), o...))
			return
		}
		for k := 0; k < s.Issues[i].Size(); k++ {
			rec(append(o, k), i+1)
		}
	}
	rec(nil, 0)
	return out
}

// truth holds a hidden profile's utilities and acceptability.
type truth struct {
	u   *parley.UtilityFunc
	pr  *parley.Profile
	acc func(parley.Outcome) bool
}

func hidden(t *testing.T, s *parley.Scenario, p *parley.Party) truth {
	t.Helper()
	u, err := s.Compile(p.Profile)
	if err != nil {
		t.Fatal(err)
	}
	tr := truth{u: u, pr: p.Profile}
	var lines []*redline.RedLine
	for _, text := range p.Profile.RedLines {
		rl, err := redline.Parse(text, s)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, rl)
	}
	tr.acc = func(o parley.Outcome) bool {
		for _, rl := range lines {
			if !rl.Allows(o) {
				return false
			}
		}
		return u.Utility(o) >= p.Profile.Reservation-analysis.Tol
	}
	return tr
}

// statementsFrom draws n statements that the hidden profile makes true.
func statementsFrom(rng *rand.Rand, s *parley.Scenario, tr truth, all []parley.Outcome, n int) []parley.Statement {
	var sts []parley.Statement
	for len(sts) < n {
		a, b := all[rng.IntN(len(all))], all[rng.IntN(len(all))]
		switch rng.IntN(7) {
		case 6:
			// A truthful answer to a rank, acceptable_among or order_among question.
			sts = append(sts, replyFrom(rng, s, tr, a, b)...)
		case 0:
			ua, ub := tr.u.Utility(a), tr.u.Utility(b)
			if ua < ub {
				a, b, ua, ub = b, a, ub, ua
			}
			sts = append(sts, parley.Statement{Kind: parley.StatePrefers, Package: a, Other: b, Strict: ua > ub+analysis.Tol})
		case 1:
			k := parley.StateAcceptable
			if !tr.acc(a) {
				k = parley.StateUnacceptable
			}
			sts = append(sts, parley.Statement{Kind: k, Package: a})
		case 2:
			x, y := s.Issues[rng.IntN(len(s.Issues))].ID, s.Issues[rng.IntN(len(s.Issues))].ID
			if tr.pr.Weights[x] < tr.pr.Weights[y] {
				x, y = y, x
			}
			sts = append(sts, parley.Statement{Kind: parley.StateMattersMore, Issue: x, OtherIssue: y})
		case 3:
			i := rng.IntN(len(s.Issues))
			is := s.Issues[i]
			f := tr.pr.Values[is.ID]
			va, vb := is.Value(a[i]), is.Value(b[i])
			if f.Eval(va) < f.Eval(vb) {
				va, vb = vb, va
			}
			sts = append(sts, parley.Statement{Kind: parley.StateBetter, Issue: is.ID, Value: va, Than: vb})
		case 4:
			// accept_if on one issue's value, when the profile truly accepts all of them.
			i := rng.IntN(len(s.Issues))
			cond := fmt.Sprintf("%s == %s", s.Issues[i].ID, s.Issues[i].Value(a[i]))
			ok := true
			for _, o := range all {
				if o[i] == a[i] && !tr.acc(o) {
					ok = false
				}
			}
			if ok {
				sts = append(sts, parley.Statement{Kind: parley.StateAcceptIf, Condition: cond})
			}
		case 5:
			// accept_if over two issues (not a product set when it is an or).
			if len(s.Issues) < 2 {
				continue
			}
			cond := fmt.Sprintf("%s == %s or %s == %s", s.Issues[0].ID, s.Issues[0].Value(a[0]), s.Issues[1].ID, s.Issues[1].Value(a[1]))
			ok := true
			for _, o := range all {
				if (o[0] == a[0] || o[1] == a[1]) && !tr.acc(o) {
					ok = false
				}
			}
			if ok {
				sts = append(sts, parley.Statement{Kind: parley.StateAcceptIf, Condition: cond})
			}
		}
	}
	return sts
}

// replyFrom returns the statements of a truthful reply to a rank question on a random issue
// or an acceptable_among or order_among question on packages a and b.
func replyFrom(rng *rand.Rand, s *parley.Scenario, tr truth, a, b parley.Outcome) []parley.Statement {
	t, err := analysis.NewTruth(s, tr.pr)
	if err != nil {
		return nil
	}
	q := analysis.Question{Kind: parley.QuestionAcceptableAmong, Packages: []parley.Outcome{a, b}}
	switch rng.IntN(3) {
	case 1:
		q.Kind = parley.QuestionOrderAmong
	case 2:
		is := s.Issues[rng.IntN(len(s.Issues))]
		q = analysis.Question{Kind: parley.QuestionRank, Issue: is.ID}
		for _, k := range rng.Perm(is.Size())[:min(is.Size(), analysis.MaxRankValues)] {
			q.Values = append(q.Values, is.Value(k))
		}
	}
	sts, _ := q.Statements(t.Reply(q))
	return sts
}

// partialCopy returns s with every decider's profile replaced by statements drawn from it.
func partialCopy(t *testing.T, rng *rand.Rand, s *parley.Scenario, nStatements int) (*parley.Scenario, []truth) {
	t.Helper()
	all := outcomes(s)
	c := &parley.Scenario{Name: s.Name, Issues: s.Issues}
	var trs []truth
	for _, p := range s.Parties {
		tr := hidden(t, s, p)
		trs = append(trs, tr)
		pr := &parley.Profile{Partial: true, ReservationUnknown: rng.IntN(2) == 0, Reservation: p.Profile.Reservation,
			RedLines: p.Profile.RedLines, Statements: statementsFrom(rng, s, tr, all, nStatements)}
		if rng.IntN(5) == 0 { // now and then the weights are known
			pr.Weights = p.Profile.Weights
		}
		if rng.IntN(5) == 0 { // and the value function of the first issue
			pr.Values = map[string]*parley.ValueFunc{s.Issues[0].ID: p.Profile.Values[s.Issues[0].ID]}
		}
		c.Parties = append(c.Parties, &parley.Party{ID: p.ID, Role: p.Role, Profile: pr})
	}
	return c, trs
}

// TestUncertainTruthInside checks, for random hidden profiles and random true statements,
// that the statements never conflict, that every certain verdict is right and that the
// utility bounds hold the true utility.
func TestUncertainTruthInside(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for trial := 0; trial < 60; trial++ {
		s := quantisedScenario(rng)
		c, trs := partialCopy(t, rng, s, rng.IntN(25))
		k, err := analysis.NewKnowledge(c, uint64(trial))
		if err != nil {
			t.Fatalf("trial %d: statements drawn from a true profile conflict: %v", trial, err)
		}
		for n, o := range outcomes(s) {
			for d, tr := range trs {
				v := k.Verdict(d, o)
				if v == analysis.Certainly && !tr.acc(o) || v == analysis.Never && tr.acc(o) {
					t.Fatalf("trial %d: party %d, package %v: verdict %v, but the true profile says acceptable=%v", trial, d, o, v, tr.acc(o))
				}
				if n%11 != 0 {
					continue // bounds are two linear programs: check some
				}
				lo, hi := k.UtilityBounds(d, o)
				if u := tr.u.Utility(o); u < lo-1e-7 || u > hi+1e-7 {
					t.Fatalf("trial %d: party %d, package %v: true utility %v outside bounds [%v, %v]", trial, d, o, u, lo, hi)
				}
			}
		}
	}
}

// TestUncertainFullProfile checks that full profiles give today's exact analysis: the certain
// and the possible zone are the acceptable outcomes, and the estimate is the exact result.
func TestUncertainFullProfile(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := 0; trial < 40; trial++ {
		s := quantisedScenario(rng)
		want, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := analysis.AnalyzeUncertain(s, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got.CertainCount != want.Acceptable.Int64() || got.PossibleCount != want.Acceptable.Int64() {
			t.Fatalf("trial %d: certain %d, possible %d, want both %d", trial, got.CertainCount, got.PossibleCount, want.Acceptable)
		}
		for d := range got.Verdicts {
			if got.Verdicts[d][analysis.Possibly] != 0 {
				t.Fatalf("trial %d: a full profile leaves %d verdicts open", trial, got.Verdicts[d][analysis.Possibly])
			}
		}
		for i, r := range got.CertainRanges {
			for k, a := range r.Allowed {
				if a != want.Ranges[i].Allowed[k] {
					t.Fatalf("trial %d: range of issue %d value %d: %v, want %v", trial, i, k, a, want.Ranges[i].Allowed[k])
				}
			}
		}
		e := got.Estimate
		if len(e.Pareto) != len(want.Pareto) || len(e.Nash) != len(want.Nash) {
			t.Fatalf("trial %d: estimate of full profiles differs from the exact analysis", trial)
		}
		for j := range e.Pareto {
			if !analysis.Equal(e.Pareto[j].Utility, want.Pareto[j].Utility) {
				t.Fatalf("trial %d: Pareto point %d differs", trial, j)
			}
		}
		for _, p := range got.Certain {
			for d := range p.Lo {
				if math.Abs(p.Lo[d]-p.Hi[d]) > 1e-12 {
					t.Fatalf("trial %d: full profile has bounds [%v, %v]", trial, p.Lo[d], p.Hi[d])
				}
			}
		}
	}
}

// TestUncertainConflict checks that conflicting statements are reported with a minimal set.
func TestUncertainConflict(t *testing.T) {
	s := &parley.Scenario{Issues: []*parley.Issue{
		{ID: "a", Kind: parley.KindOptions, Options: []string{"x", "y"}},
		{ID: "b", Kind: parley.KindOptions, Options: []string{"x", "y"}},
	}}
	sts := []parley.Statement{
		{Kind: parley.StateMattersMore, Issue: "a", OtherIssue: "b"},
		{Kind: parley.StateAcceptable, Package: parley.Outcome{0, 0}},
		{Kind: parley.StatePrefers, Package: parley.Outcome{1, 1}, Other: parley.Outcome{0, 0}, Strict: true},
		{Kind: parley.StateBetter, Issue: "a", Value: parley.Option("x"), Than: parley.Option("y")},
		{Kind: parley.StateBetter, Issue: "b", Value: parley.Option("x"), Than: parley.Option("y")},
	}
	s.Parties = []*parley.Party{{ID: "p", Role: parley.RoleParty, Profile: &parley.Profile{Partial: true, ReservationUnknown: true, Statements: sts}}}
	_, err := analysis.NewKnowledge(s, 1)
	var ce *analysis.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a conflict", err)
	}
	if got, want := fmt.Sprint(ce.Statements), "[2 3 4]"; got != want {
		t.Fatalf("conflicting set %s, want %s (%s)", got, want, ce.Text)
	}
}
