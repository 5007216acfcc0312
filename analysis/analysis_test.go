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

// randomScenario builds a small scenario: 2 to 4 deciders, sometimes a mediator with a profile
// and an observer, option and number issues, reservation values, red lines over one or two
// issues, and, when nonAdditive, rectangle terms.
func randomScenario(rng *rand.Rand, nonAdditive bool) *parley.Scenario {
	return randomScenarioSized(rng, nonAdditive, 1+rng.IntN(4))
}

// randomScenarioSized is randomScenario with nIssues issues.
func randomScenarioSized(rng *rand.Rand, nonAdditive bool, nIssues int) *parley.Scenario {
	s := &parley.Scenario{Name: "random"}
	for i := 0; i < nIssues; i++ {
		id := fmt.Sprintf("i%d", i)
		if rng.IntN(2) == 0 {
			n := 2 + rng.IntN(3)
			var opts []string
			for k := 0; k < n; k++ {
				opts = append(opts, fmt.Sprintf("o%d", k))
			}
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindOptions, Options: opts, Ordered: rng.IntN(2) == 0})
		} else {
			step := float64(1 + rng.IntN(5))
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindInteger, Min: 0, Max: step * float64(1+rng.IntN(4)), Step: step})
		}
	}
	// Coarse values make exact ties common; fine ones make them rare.
	coarse := rng.IntN(2) == 0
	val := func() float64 {
		if coarse {
			return float64(rng.IntN(5)) / 4
		}
		return rng.Float64()
	}
	profile := func() *parley.Profile {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
		ws := make([]float64, nIssues)
		sum := 0.0
		for i := range ws {
			if rng.IntN(6) > 0 {
				ws[i] = float64(1 + rng.IntN(4))
				if !coarse {
					ws[i] = rng.Float64() + 0.1
				}
			}
			sum += ws[i]
		}
		// Now and then weights sum above 1, so that clamping to [0, 1] matters.
		if rng.IntN(8) == 0 {
			sum /= 1.4
		}
		for i, is := range s.Issues {
			if sum > 0 {
				pr.Weights[is.ID] = ws[i] / sum
			}
			f := &parley.ValueFunc{}
			if is.Kind == parley.KindOptions {
				f.Options = map[string]float64{}
				for _, o := range is.Options {
					f.Options[o] = val()
				}
			} else {
				f.Points = []parley.Point{{X: is.Min, Y: val()}, {X: is.Max, Y: val()}}
			}
			pr.Values[is.ID] = f
		}
		if rng.IntN(2) == 0 {
			pr.Reservation = float64(rng.IntN(8)) / 10
		}
		for n := rng.IntN(3); n > 0; n-- {
			pr.RedLines = append(pr.RedLines, randomRedLine(rng, s))
		}
		if nonAdditive {
			for n := 1 + rng.IntN(3); n > 0; n-- {
				is := s.Issues[rng.IntN(nIssues)]
				b := parley.Bound{Issue: is.ID}
				if is.Kind == parley.KindOptions {
					b.Options = []string{is.Options[rng.IntN(len(is.Options))]}
				} else {
					b.Min, b.Max = is.Min, is.Min+is.Step*float64(rng.IntN(3))
				}
				pr.Rectangles = append(pr.Rectangles, parley.Rectangle{Bounds: []parley.Bound{b}, Utility: val() - 0.5})
			}
		}
		return pr
	}
	nParties := 1 + rng.IntN(4)
	for i := 0; i < nParties; i++ {
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Party %d", i), Role: parley.RoleParty, Profile: profile()})
	}
	if rng.IntN(2) == 0 {
		med := &parley.Party{ID: "med", Role: parley.RoleMediator, Profile: profile()}
		s.Parties = slices.Insert(s.Parties, rng.IntN(len(s.Parties)+1), med)
	}
	if rng.IntN(3) == 0 {
		s.Parties = append(s.Parties, &parley.Party{ID: "obs", Role: parley.RoleObserver})
	}
	return s
}

func randomRedLine(rng *rand.Rand, s *parley.Scenario) string {
	atom := func() string {
		is := s.Issues[rng.IntN(len(s.Issues))]
		if is.Kind == parley.KindOptions {
			o := is.Options[rng.IntN(len(is.Options))]
			if rng.IntN(2) == 0 {
				return is.ID + " != " + o
			}
			return is.ID + " == " + o
		}
		x := is.Value(rng.IntN(is.Size())).String()
		return is.ID + []string{" <= ", " >= ", " != "}[rng.IntN(3)] + x
	}
	if rng.IntN(3) == 0 {
		return atom() + []string{" or ", " and "}[rng.IntN(2)] + atom()
	}
	return atom()
}

// reference is the brute-force analysis: every outcome enumerated, every comparison naive.
type reference struct {
	pareto      map[string]bool // outcome key -> acceptable
	acceptable  int
	best        []float64
	nash        map[string]bool
	ks, eg, ut  map[string]bool
	ranges      [][]bool
	feasibleSet func(lines []bool, res []bool) bool
}

func key(o parley.Outcome) string { return fmt.Sprint([]int(o)) }

func dominates(a, b []float64) bool {
	strict := false
	for i := range a {
		if a[i] < b[i]-tol {
			return false
		}
		if a[i] > b[i]+tol {
			strict = true
		}
	}
	return strict
}

func allOutcomes(s *parley.Scenario) []parley.Outcome {
	outs := []parley.Outcome{{}}
	for _, is := range s.Issues {
		var next []parley.Outcome
		for _, o := range outs {
			for v := 0; v < is.Size(); v++ {
				next = append(next, append(slices.Clone(o), v))
			}
		}
		outs = next
	}
	return outs
}

func naivePareto(us [][]float64) []bool {
	on := make([]bool, len(us))
	for i := range us {
		on[i] = true
		for j := range us {
			if dominates(us[j], us[i]) {
				on[i] = false
				break
			}
		}
	}
	return on
}

func bruteForce(t *testing.T, s *parley.Scenario) *reference {
	t.Helper()
	var funcs []*parley.UtilityFunc
	var res []float64
	var lines [][]*redline.RedLine
	for _, p := range s.Parties {
		if p.Role != parley.RoleParty {
			continue
		}
		f, err := s.Compile(p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		funcs = append(funcs, f)
		res = append(res, p.Profile.Reservation)
		var ls []*redline.RedLine
		for _, text := range p.Profile.RedLines {
			rl, err := redline.Parse(text, s)
			if err != nil {
				t.Fatal(err)
			}
			ls = append(ls, rl)
		}
		lines = append(lines, ls)
	}
	outs := allOutcomes(s)
	us := make([][]float64, len(outs))
	for i, o := range outs {
		for _, f := range funcs {
			us[i] = append(us[i], f.Utility(o))
		}
	}
	respects := func(o parley.Outcome, use []bool) bool {
		x := 0
		for _, ls := range lines {
			for _, l := range ls {
				if (use == nil || use[x]) && !l.Allows(o) {
					return false
				}
				x++
			}
		}
		return true
	}
	reaches := func(u []float64, use []bool) bool {
		for i := range u {
			if (use == nil || use[i]) && u[i] < res[i]-tol {
				return false
			}
		}
		return true
	}
	ref := &reference{pareto: map[string]bool{}}
	for i, on := range naivePareto(us) {
		if on {
			ref.pareto[key(outs[i])] = respects(outs[i], nil) && reaches(us[i], nil)
		}
	}
	var acc []int
	for _, is := range s.Issues {
		ref.ranges = append(ref.ranges, make([]bool, is.Size()))
	}
	for i, o := range outs {
		if respects(o, nil) && reaches(us[i], nil) {
			acc = append(acc, i)
			for j, v := range o {
				ref.ranges[j][v] = true
			}
		}
	}
	ref.acceptable = len(acc)
	k := len(funcs)
	ref.best = make([]float64, k)
	for i := range ref.best {
		ref.best[i] = math.NaN()
		for _, a := range acc {
			if math.IsNaN(ref.best[i]) || us[a][i] > ref.best[i] {
				ref.best[i] = us[a][i]
			}
		}
	}
	var accU [][]float64
	for _, a := range acc {
		accU = append(accU, us[a])
	}
	onAcc := naivePareto(accU)
	point := func(val func(u []float64) (float64, bool)) map[string]bool {
		best := math.Inf(-1)
		for x, a := range acc {
			if v, ok := val(us[a]); ok && onAcc[x] && v > best {
				best = v
			}
		}
		m := map[string]bool{}
		for x, a := range acc {
			if v, ok := val(us[a]); ok && onAcc[x] && v >= best-tol*math.Max(1, math.Abs(best)) {
				m[key(outs[a])] = true
			}
		}
		return m
	}
	ref.nash = point(func(u []float64) (float64, bool) {
		v := 1.0
		for i := range u {
			if u[i] <= res[i]+tol {
				return 0, false
			}
			v *= u[i] - res[i]
		}
		return v, true
	})
	ref.ks = point(func(u []float64) (float64, bool) {
		v := math.Inf(1)
		for i := range u {
			r := 1.0
			if ref.best[i]-res[i] > tol {
				r = (u[i] - res[i]) / (ref.best[i] - res[i])
			}
			v = math.Min(v, r)
		}
		return v, true
	})
	ref.eg = point(func(u []float64) (float64, bool) {
		v := math.Inf(1)
		for i := range u {
			v = math.Min(v, u[i]-res[i])
		}
		return v, true
	})
	ref.ut = point(func(u []float64) (float64, bool) {
		v := 0.0
		for _, x := range u {
			v += x
		}
		return v, true
	})
	ref.feasibleSet = func(useLines, useRes []bool) bool {
		for i, o := range outs {
			if respects(o, useLines) && reaches(us[i], useRes) {
				return true
			}
		}
		return false
	}
	return ref
}

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
