package analysis_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/examples"
	"parley/redline"
	"parley/scenario"
)

// refDraft is the brute-force valuation of a draft: every outcome of the space visited, the
// completions of the draft picked out.
type refDraft struct {
	min, max        []float64
	crossed, atRisk [][]string
	verdict         []parley.Verdict
	all             parley.Verdict
}

func referenceDraft(t *testing.T, s *parley.Scenario, d analysis.Draft) refDraft {
	t.Helper()
	var us []*parley.UtilityFunc
	var res []float64
	var lines [][]*redline.RedLine
	for _, p := range s.Deciders() {
		u, err := s.Compile(p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		us = append(us, u)
		res = append(res, p.Profile.Reservation)
		var ls []*redline.RedLine
		for _, src := range p.Profile.RedLines {
			rl, err := redline.Parse(src, s)
			if err != nil {
				t.Fatal(err)
			}
			ls = append(ls, rl)
		}
		lines = append(lines, ls)
	}
	k := len(us)
	r := refDraft{min: make([]float64, k), max: make([]float64, k), crossed: make([][]string, k), atRisk: make([][]string, k)}
	some, every := make([]bool, k), make([]bool, k)
	respect := make([][]bool, k)
	cross := make([][]bool, k)
	for i := range us {
		r.min[i], r.max[i], every[i] = math.Inf(1), math.Inf(-1), true
		respect[i], cross[i] = make([]bool, len(lines[i])), make([]bool, len(lines[i]))
	}
	someAll, everyAll := false, true
	eachOutcome(s, func(o parley.Outcome) {
		for i, x := range d {
			if x != analysis.Open && o[i] != x {
				return
			}
		}
		joint := true
		for i, u := range us {
			x := u.Utility(o)
			r.min[i], r.max[i] = math.Min(r.min[i], x), math.Max(r.max[i], x)
			ok := x >= res[i]-analysis.Tol
			for j, rl := range lines[i] {
				if rl.Allows(o) {
					respect[i][j] = true
				} else {
					cross[i][j], ok = true, false
				}
			}
			some[i] = some[i] || ok
			every[i] = every[i] && ok
			joint = joint && ok
		}
		someAll, everyAll = someAll || joint, everyAll && joint
	})
	three := func(some, every bool) parley.Verdict {
		if every {
			return parley.VerdictAcceptable
		}
		if some {
			return parley.VerdictPossible
		}
		return parley.VerdictUnacceptable
	}
	for i := range us {
		r.verdict = append(r.verdict, three(some[i], every[i]))
		for j, rl := range lines[i] {
			if !respect[i][j] {
				r.crossed[i] = append(r.crossed[i], rl.Text)
			} else if cross[i][j] {
				r.atRisk[i] = append(r.atRisk[i], rl.Text)
			}
		}
	}
	r.all = three(someAll, everyAll)
	return r
}

// eachOutcome calls fn with every outcome of s.
func eachOutcome(s *parley.Scenario, fn func(parley.Outcome)) {
	o := make(parley.Outcome, len(s.Issues))
	for {
		fn(o)
		i := 0
		for ; i < len(o); i++ {
			o[i]++
			if o[i] < s.Issues[i].Size() {
				break
			}
			o[i] = 0
		}
		if i == len(o) {
			return
		}
	}
}

func randomDraft(rng *rand.Rand, s *parley.Scenario) analysis.Draft {
	d := make(analysis.Draft, len(s.Issues))
	for i, is := range s.Issues {
		d[i] = analysis.Open
		if rng.IntN(2) == 0 {
			d[i] = rng.IntN(is.Size())
		}
	}
	return d
}

// checkDraft compares EvaluateDraft with the brute force on draft d.
func checkDraft(t *testing.T, s *parley.Scenario, d analysis.Draft) {
	t.Helper()
	want := referenceDraft(t, s, d)
	zone, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := analysis.EvaluateDraft(s, d, zone, analysis.Options{})
	if err != nil {
		t.Fatalf("draft %v: %v", d, err)
	}
	if len(got.Parties) != len(want.min) {
		t.Fatalf("draft %v: %d parties, want %d", d, len(got.Parties), len(want.min))
	}
	for i, v := range got.Parties {
		if math.Abs(v.Min-want.min[i]) > analysis.Tol || math.Abs(v.Max-want.max[i]) > analysis.Tol {
			t.Errorf("draft %v, decider %d: utility [%v, %v], want [%v, %v] (%s)", d, i, v.Min, v.Max, want.min[i], want.max[i], got.Method)
		}
		if v.Verdict != want.verdict[i] {
			t.Errorf("draft %v, decider %d: verdict %s, want %s (%s)", d, i, v.Verdict, want.verdict[i], got.Method)
		}
		if !slices.Equal(v.Crossed, want.crossed[i]) || !slices.Equal(v.AtRisk, want.atRisk[i]) {
			t.Errorf("draft %v, decider %d: crossed %q at risk %q, want %q and %q", d, i, v.Crossed, v.AtRisk, want.crossed[i], want.atRisk[i])
		}
	}
	if got.AcceptableToAll != want.all {
		t.Errorf("draft %v: acceptable to all %s, want %s (%s)", d, got.AcceptableToAll, want.all, got.Method)
	}
	checkFrontier(t, s, d, got)
}

// checkFrontier checks the distance to the frontier and the improvements against every
// outcome of the space.
func checkFrontier(t *testing.T, s *parley.Scenario, d analysis.Draft, e *analysis.Evaluation) {
	t.Helper()
	if len(e.Open) > 0 {
		if !math.IsNaN(e.FrontierDistance) || len(e.Improvements) > 0 {
			t.Errorf("draft %v with open issues: distance %v, %d improvements", d, e.FrontierDistance, len(e.Improvements))
		}
		return
	}
	var us []*parley.UtilityFunc
	for _, p := range s.Deciders() {
		u, _ := s.Compile(p.Profile)
		us = append(us, u)
	}
	vec := func(o parley.Outcome) []float64 {
		var x []float64
		for _, u := range us {
			x = append(x, u.Utility(o))
		}
		return x
	}
	var all [][]float64
	eachOutcome(s, func(o parley.Outcome) { all = append(all, vec(o)) })
	optimal := func(x []float64) bool {
		for _, y := range all {
			if analysis.Dominates(y, x) {
				return false
			}
		}
		return true
	}
	base := vec(parley.Outcome(d))
	best := math.Inf(1)
	improvable := false
	for _, x := range all {
		if !optimal(x) {
			continue
		}
		dist := 0.0
		for k := range x {
			dist += (x[k] - base[k]) * (x[k] - base[k])
		}
		best = math.Min(best, math.Sqrt(dist))
		improvable = improvable || analysis.Dominates(x, base)
	}
	if math.Abs(e.FrontierDistance-best) > 1e-6 {
		t.Errorf("draft %v: distance %v, want %v", d, e.FrontierDistance, best)
	}
	if improvable != (len(e.Improvements) > 0) {
		t.Errorf("draft %v: %d improvements, brute force finds improvements: %v", d, len(e.Improvements), improvable)
	}
	// The smallest change that is an improvement and acceptable to all: the first listed
	// improvement is no larger when it changes at most two issues.
	fewest := math.MaxInt
	eachOutcome(s, func(o parley.Outcome) {
		if !analysis.Dominates(vec(o), base) || !acceptableToAll(t, s, o) {
			return
		}
		n := 0
		for i := range o {
			if o[i] != d[i] {
				n++
			}
		}
		fewest = min(fewest, n)
	})
	if fewest <= 2 && (len(e.Improvements) == 0 || !e.Improvements[0].Acceptable || len(e.Improvements[0].Changed) > fewest) {
		t.Errorf("draft %v: an acceptable improvement changes %d issues; the first listed is %+v", d, fewest, e.Improvements)
	}
	for _, im := range e.Improvements {
		if !analysis.Dominates(im.Utility, base) || !analysis.Equal(im.Utility, vec(im.Outcome)) {
			t.Errorf("draft %v: improvement %v (%v) does not dominate %v", d, im.Outcome, im.Utility, base)
		}
		if im.Acceptable != acceptableToAll(t, s, im.Outcome) {
			t.Errorf("draft %v: improvement %v marked acceptable %v", d, im.Outcome, im.Acceptable)
		}
		strict := false
		for _, g := range im.Gain {
			strict = strict || g > analysis.Tol
		}
		if !strict {
			t.Errorf("draft %v: improvement %v gains nobody more than Tol: %v", d, im.Outcome, im.Gain)
		}
	}
}

// acceptableToAll reports whether o is acceptable to every decider of s, by brute force.
func acceptableToAll(t *testing.T, s *parley.Scenario, o parley.Outcome) bool {
	t.Helper()
	d := make(analysis.Draft, len(o))
	copy(d, o)
	return referenceDraft(t, s, d).all == parley.VerdictAcceptable
}

func TestEvaluateDraftRandom(t *testing.T) {
	for _, mode := range []string{"enumerate", "reduce"} {
		t.Run(mode, func(t *testing.T) {
			if mode == "reduce" {
				defer analysis.ReduceDrafts()()
			}
			rng := rand.New(rand.NewPCG(9, 1))
			for n := 0; n < 150; n++ {
				s := randomScenario(rng, n%2 == 1)
				for k := 0; k < 4; k++ {
					checkDraft(t, s, randomDraft(rng, s))
				}
				if t.Failed() {
					t.Fatalf("scenario %d: %+v", n, s)
				}
			}
		})
	}
}

func TestEvaluateDraftExamples(t *testing.T) {
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			data, err := examples.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := scenario.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(9, 2))
			for k := 0; k < 6; k++ {
				d := randomDraft(rng, s)
				checkDraft(t, s, d)
				restore := analysis.ReduceDrafts()
				checkDraft(t, s, d)
				restore()
			}
		})
	}
}

// TestEvaluateDraftNoExact leaves 10^8 completions of a non-additive 10^10 space open: no
// exact method fits, and the error says so rather than approximating.
func TestEvaluateDraftNoExact(t *testing.T) {
	s := synthetic(5, 2, sizesOf(10, 10), 3)
	s.Parties[0].Profile.RedLines = []string{"i0 != v3"}
	s.Parties[1].Profile.RedLines = []string{"i9 != v1 or i1 == v2"}
	d := make(analysis.Draft, 10)
	for i := range d {
		d[i] = analysis.Open
	}
	d[8], d[9] = 1, 2
	_, err := analysis.EvaluateDraft(s, d, nil, analysis.Options{})
	if !errors.Is(err, analysis.ErrNoExactMethod) || parley.ErrorCode(err) != parley.EINVALID || !strings.Contains(parley.ErrorMessage(err), "100000000 ways") {
		t.Errorf("error %v, want ErrNoExactMethod naming the 10^8 completions", err)
	}
}

func TestEvaluateDraftErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 3))
	s := randomScenario(rng, false)
	for _, d := range []analysis.Draft{make(analysis.Draft, len(s.Issues)+1), append(make(analysis.Draft, len(s.Issues)-1), 99)} {
		if _, err := analysis.EvaluateDraft(s, d, nil, analysis.Options{}); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("draft %v: error %v, want EINVALID", d, err)
		}
	}
}
