package analysis_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/redline"
)

const tol = 1e-9

func pointKeys(ps []analysis.Point) map[string]bool {
	m := map[string]bool{}
	for _, p := range ps {
		m[key(p.Outcome)] = p.Acceptable
	}
	return m
}

func sameKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func TestAnalyzeMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for c := 0; c < 400; c++ {
		s := randomScenario(rng, c%4 == 3)
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			checkAgainstBruteForce(t, s)
		})
	}
}

// TestAnalyzeLargerMatchesBruteForce uses more issues, so that red lines link issues into
// composites among others and the counting methods split the space in earnest; each
// counting method is also forced in turn.
func TestAnalyzeLargerMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for c := 0; c < 60; {
		s := randomScenarioSized(rng, c%6 == 5, 4+rng.IntN(3))
		if n := s.Size().Int64(); n > 2500 {
			continue
		}
		c++
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			checkAgainstBruteForce(t, s)
			want := bruteForce(t, s).acceptable
			for _, m := range []string{"halves", "distinct", "branch"} {
				restore := analysis.ForceCount(m)
				r, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
				restore()
				if err != nil {
					t.Fatal(err)
				}
				if r.Acceptable == nil {
					if m != "halves" || len(r.Parties) <= 3 {
						if strings.HasPrefix(r.Method, "additive") && r.AcceptableNote != "" && !strings.Contains(r.AcceptableNote, "does not apply") {
							t.Errorf("count by %s: %s", m, r.AcceptableNote)
						}
					}
					continue
				}
				if got := r.Acceptable.Int64(); got != int64(want) {
					t.Errorf("count by %s = %d, want %d\n%s", m, got, want, describe(s))
				}
			}
		})
	}
}

func describe(s *parley.Scenario) string {
	var b strings.Builder
	for _, is := range s.Issues {
		fmt.Fprintf(&b, "issue %s: %s\n", is.ID, is.Describe())
	}
	for _, p := range s.Parties {
		fmt.Fprintf(&b, "party %s (%s)", p.ID, p.Role)
		if p.Profile != nil {
			fmt.Fprintf(&b, " res %v lines %q rects %d", p.Profile.Reservation, p.Profile.RedLines, len(p.Profile.Rectangles))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func checkAgainstBruteForce(t *testing.T, s *parley.Scenario) {
	t.Helper()
	got, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatalf("Analyze: %v\n%s", err, describe(s))
	}
	want := bruteForce(t, s)
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s (method %s)\n%s", fmt.Sprintf(format, args...), got.Method, describe(s))
	}
	if g := pointKeys(got.Pareto); !sameKeys(g, want.pareto) {
		fail("Pareto = %v, want %v", g, want.pareto)
	} else {
		for k, a := range want.pareto {
			if g[k] != a {
				fail("Pareto outcome %s acceptable = %v, want %v", k, g[k], a)
			}
		}
	}
	if got.Truncated || got.ParetoCount.Cmp(big.NewInt(int64(len(want.pareto)))) != 0 {
		fail("ParetoCount = %v (truncated %v), want %d", got.ParetoCount, got.Truncated, len(want.pareto))
	}
	if got.Acceptable == nil || got.Acceptable.Int64() != int64(want.acceptable) {
		fail("Acceptable = %v (%s), want %d", got.Acceptable, got.AcceptableNote, want.acceptable)
	}
	if n := got.Outcomes.Int64(); n != int64(len(allOutcomes(s))) {
		fail("Outcomes = %d", n)
	}
	for i, b := range want.best {
		if g := got.Best[i]; math.IsNaN(g) != math.IsNaN(b) || math.Abs(g-b) > 1e-7 {
			fail("Best[%d] = %v, want %v", i, g, b)
		}
	}
	accPareto := 0
	for _, a := range want.pareto {
		if a {
			accPareto++
		}
	}
	if got.ParetoAcceptableCount == nil || got.ParetoAcceptableCount.Cmp(big.NewInt(int64(accPareto))) != 0 {
		fail("ParetoAcceptableCount = %v, want %d", got.ParetoAcceptableCount, accPareto)
	}
	counts := map[string]*big.Int{"Nash": got.NashCount, "KalaiSmorodinsky": got.KalaiSmorodinskyCount,
		"Egalitarian": got.EgalitarianCount, "Utilitarian": got.UtilitarianCount}
	for _, tc := range []struct {
		name string
		got  []analysis.Point
		want map[string]bool
	}{
		{"Nash", got.Nash, want.nash},
		{"KalaiSmorodinsky", got.KalaiSmorodinsky, want.ks},
		{"Egalitarian", got.Egalitarian, want.eg},
		{"Utilitarian", got.Utilitarian, want.ut},
	} {
		g := pointKeys(tc.got)
		if n := counts[tc.name]; n == nil || n.Cmp(big.NewInt(int64(len(tc.want)))) != 0 {
			fail("%sCount = %v, want %d", tc.name, n, len(tc.want))
		}
		if !sameKeys(g, tc.want) {
			fail("%s = %v, want %v", tc.name, g, tc.want)
		}
		for _, p := range tc.got {
			if !p.Acceptable {
				fail("%s point %v is not acceptable", tc.name, p.Outcome)
			}
		}
	}
	if len(got.Ranges) != len(s.Issues) {
		fail("got %d ranges (%s), want %d", len(got.Ranges), got.RangesNote, len(s.Issues))
	} else {
		for i, r := range got.Ranges {
			if r.Issue != i || !slices.Equal(r.Allowed, want.ranges[i]) {
				fail("Ranges[%d] = %v, want %v", i, r.Allowed, want.ranges[i])
			}
		}
	}
	// Utilities of the listed points.
	for _, p := range got.Pareto {
		if len(p.Utility) != len(got.Parties) || len(p.MediatorUtility) != len(got.Mediators) {
			fail("point %v has %d utilities and %d mediator utilities", p.Outcome, len(p.Utility), len(p.MediatorUtility))
			break
		}
		for j, m := range got.Mediators {
			f, _ := s.Compile(s.Parties[m].Profile)
			if w := f.Utility(p.Outcome); math.Abs(p.MediatorUtility[j]-w) > tol {
				fail("mediator utility of %v = %v, want %v", p.Outcome, p.MediatorUtility[j], w)
			}
		}
	}
	checkConflicts(t, s, got, want)
}

// checkConflicts compares the conflicts with a naive search over every subset of constraints.
func checkConflicts(t *testing.T, s *parley.Scenario, got *analysis.Result, want *reference) {
	t.Helper()
	if want.acceptable > 0 {
		if len(got.Conflicts) != 0 || len(got.Relaxations) != 0 {
			t.Errorf("conflicts %v with acceptable outcomes", got.Conflicts)
		}
		return
	}
	type cons struct {
		line, res int // index into the flat list of red lines, or of deciders
		c         analysis.Constraint
	}
	var cs []cons
	li, d := 0, 0
	for pi, p := range s.Parties {
		if p.Role != parley.RoleParty {
			continue
		}
		for _, text := range p.Profile.RedLines {
			cs = append(cs, cons{li, -1, analysis.Constraint{Party: pi, Kind: "red_line", RedLine: text}})
			li++
		}
		if p.Profile.Reservation > tol {
			cs = append(cs, cons{-1, d, analysis.Constraint{Party: pi, Kind: "reservation", Reservation: p.Profile.Reservation}})
		}
		d++
	}
	n := len(cs)
	feasible := func(mask int) bool {
		useL, useR := make([]bool, li), make([]bool, d)
		for c := 0; c < n; c++ {
			if mask&(1<<c) != 0 {
				if cs[c].line >= 0 {
					useL[cs[c].line] = true
				} else {
					useR[cs[c].res] = true
				}
			}
		}
		return want.feasibleSet(useL, useR)
	}
	setKey := func(xs []analysis.Constraint) string {
		var ks []string
		for _, c := range xs {
			ks = append(ks, fmt.Sprintf("%d/%s/%s/%v", c.Party, c.Kind, c.RedLine, c.Reservation))
		}
		sort.Strings(ks)
		return strings.Join(ks, ";")
	}
	var wantMUS, wantMCS []string
	maxFeasible := -1
	for mask := 0; mask < 1<<n; mask++ {
		var sub []analysis.Constraint
		for c := 0; c < n; c++ {
			if mask&(1<<c) != 0 {
				sub = append(sub, cs[c].c)
			}
		}
		if feasible(mask) {
			continue
		}
		minimal := true
		for c := 0; c < n; c++ {
			if mask&(1<<c) != 0 && !feasible(mask&^(1<<c)) {
				minimal = false
			}
		}
		if minimal {
			wantMUS = append(wantMUS, setKey(sub))
		}
	}
	for mask := 0; mask < 1<<n; mask++ {
		if !feasible(mask) {
			continue
		}
		size := 0
		for c := 0; c < n; c++ {
			if mask&(1<<c) != 0 {
				size++
			}
		}
		var rel []analysis.Constraint
		for c := 0; c < n; c++ {
			if mask&(1<<c) == 0 {
				rel = append(rel, cs[c].c)
			}
		}
		if size > maxFeasible {
			maxFeasible, wantMCS = size, nil
		}
		if size == maxFeasible {
			wantMCS = append(wantMCS, setKey(rel))
		}
	}
	var gotMUS, gotMCS []string
	for _, c := range got.Conflicts {
		gotMUS = append(gotMUS, setKey(c.Constraints))
		if c.Text == "" {
			t.Errorf("conflict %v has no text", c.Constraints)
		}
	}
	for _, r := range got.Relaxations {
		gotMCS = append(gotMCS, setKey(r))
	}
	sort.Strings(gotMUS)
	sort.Strings(wantMUS)
	sort.Strings(gotMCS)
	sort.Strings(wantMCS)
	if !slices.Equal(gotMUS, wantMUS) {
		t.Errorf("conflicts = %q, want %q\n%s", gotMUS, wantMUS, describe(s))
	}
	if !slices.Equal(gotMCS, wantMCS) {
		t.Errorf("relaxations = %q, want %q\n%s", gotMCS, wantMCS, describe(s))
	}
}

// TestCountMethods compares each counting method with a count by enumeration on scenarios
// where every reservation value binds, coarse values making exact ties at the boundary.
func TestCountMethods(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for c := 0; c < 120; {
		s := randomScenarioSized(rng, false, 3+rng.IntN(5))
		if s.Size().Int64() > 40000 {
			continue
		}
		c++
		var funcs []*parley.UtilityFunc
		var res []float64
		var lines []*redline.RedLine
		for _, p := range s.Parties {
			if p.Role != parley.RoleParty {
				continue
			}
			p.Profile.Reservation = float64(2+rng.IntN(5)) / 10
			f, err := s.Compile(p.Profile)
			if err != nil {
				t.Fatal(err)
			}
			funcs = append(funcs, f)
			res = append(res, p.Profile.Reservation)
			for _, text := range p.Profile.RedLines {
				rl, err := redline.Parse(text, s)
				if err != nil {
					t.Fatal(err)
				}
				lines = append(lines, rl)
			}
		}
		want := 0
	outcomes:
		for _, o := range allOutcomes(s) {
			for _, l := range lines {
				if !l.Allows(o) {
					continue outcomes
				}
			}
			for i, f := range funcs {
				if f.Utility(o) < res[i]-tol {
					continue outcomes
				}
			}
			want++
		}
		for _, m := range []string{"", "halves", "distinct", "branch"} {
			restore := analysis.ForceCount(m)
			r, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if r.Acceptable == nil {
				if m != "halves" || len(funcs) <= 3 {
					t.Errorf("case %d: no count by %q (%s, %s)", c, m, r.AcceptableNote, r.Method)
				}
				continue
			}
			if got := r.Acceptable.Int64(); got != int64(want) {
				t.Errorf("case %d: count by %q = %d, want %d\n%s", c, m, got, want, describe(s))
			}
		}
	}
}
