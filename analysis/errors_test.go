package analysis_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
)

// peace is a tiny scenario: Russia and Ukraine over the share of Donetsk that changes control.
func peace(russia, ukraine []string, resR, resU float64) *parley.Scenario {
	s := &parley.Scenario{Issues: []*parley.Issue{
		{ID: "donetsk_pct", Kind: parley.KindInteger, Min: 0, Max: 100, Step: 10, Unit: "%"},
		{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}, Ordered: true},
	}}
	prof := func(up bool, lines []string, res float64) *parley.Profile {
		y0, y1 := 0.0, 1.0
		if !up {
			y0, y1 = 1, 0
		}
		nato := map[string]float64{"join": 0, "moratorium": 0.5, "renounce": 1}
		if !up {
			nato = map[string]float64{"join": 1, "moratorium": 0.6, "renounce": 0}
		}
		return &parley.Profile{
			Weights: map[string]float64{"donetsk_pct": 0.6, "nato": 0.4},
			Values: map[string]*parley.ValueFunc{
				"donetsk_pct": {Points: []parley.Knot{{X: 0, Y: y0}, {X: 100, Y: y1}}},
				"nato":        {Options: nato},
			},
			RedLines:    lines,
			Reservation: res,
		}
	}
	s.Parties = []*parley.Party{
		{ID: "ru", Name: "Russia", Role: parley.RoleParty, Profile: prof(true, russia, resR)},
		{ID: "ua", Name: "Ukraine", Role: parley.RoleParty, Profile: prof(false, ukraine, resU)},
		{ID: "us", Name: "United States", Role: parley.RoleMediator},
	}
	return s
}

func TestConflicts(t *testing.T) {
	for _, tc := range []struct {
		name        string
		s           *parley.Scenario
		conflicts   []string
		relaxations [][]string
	}{
		{
			name:      "RedLines",
			s:         peace([]string{"donetsk_pct >= 100"}, []string{"donetsk_pct <= 0"}, 0, 0),
			conflicts: []string{"Russia's red line `donetsk_pct >= 100` and Ukraine's red line `donetsk_pct <= 0` cannot both hold"},
			relaxations: [][]string{
				{"Russia's red line `donetsk_pct >= 100`"},
				{"Ukraine's red line `donetsk_pct <= 0`"},
			},
		},
		{
			name:      "RedLineAndReservation",
			s:         peace([]string{"donetsk_pct >= 100"}, nil, 0, 0.5),
			conflicts: []string{"Russia's red line `donetsk_pct >= 100` and Ukraine's reservation value 0.5 cannot both hold"},
			relaxations: [][]string{
				{"Russia's red line `donetsk_pct >= 100`"},
				{"Ukraine's reservation value 0.5"},
			},
		},
		{
			name:      "Unreachable",
			s:         peace(nil, nil, 0, 1.5),
			conflicts: []string{"Ukraine's reservation value 1.5 cannot be met by any outcome"},
			relaxations: [][]string{
				{"Ukraine's reservation value 1.5"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := analysis.Analyze(tc.s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Acceptable == nil || r.Acceptable.Sign() != 0 {
				t.Fatalf("Acceptable = %v, want 0", r.Acceptable)
			}
			var got []string
			for _, c := range r.Conflicts {
				got = append(got, c.Text)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.conflicts) {
				t.Errorf("conflicts = %q, want %q", got, tc.conflicts)
			}
			var rel [][]string
			for _, set := range r.Relaxations {
				var words []string
				for _, c := range set {
					name := tc.s.Parties[c.Party].Name
					if c.Kind == analysis.KindRedLine {
						words = append(words, fmt.Sprintf("%s's red line `%s`", name, c.RedLine))
					} else {
						words = append(words, fmt.Sprintf("%s's reservation value %v", name, c.Reservation))
					}
				}
				rel = append(rel, words)
			}
			if fmt.Sprint(rel) != fmt.Sprint(tc.relaxations) {
				t.Errorf("relaxations = %q, want %q", rel, tc.relaxations)
			}
		})
	}
}

// wide returns a scenario of n issues of m values each, with two additive parties.
func wide(n, m int) *parley.Scenario {
	s := &parley.Scenario{}
	for i := 0; i < n; i++ {
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("x%d", i), Kind: parley.KindInteger, Min: 0, Max: float64(m - 1), Step: 1})
	}
	for p := 0; p < 2; p++ {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
		for i, is := range s.Issues {
			pr.Weights[is.ID] = 1 / float64(n)
			y0, y1 := 0.0, 1.0
			if (p+i)%2 == 0 {
				y0, y1 = 1, 0
			}
			pr.Values[is.ID] = &parley.ValueFunc{Points: []parley.Knot{{X: 0, Y: y0}, {X: float64(m - 1), Y: y1}}}
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: pr})
	}
	return s
}

func TestAnalyzeErrors(t *testing.T) {
	linked := wide(40, 10)
	var atoms []string
	for i := 0; i < 40; i++ {
		atoms = append(atoms, fmt.Sprintf("x%d == 0", i))
	}
	linked.Parties[0].Profile.RedLines = []string{strings.Join(atoms, " or ")}

	rect := wide(12, 10)
	rect.Parties[1].Profile.Rectangles = []parley.Rectangle{{Bounds: []parley.Bound{{Issue: "x0", Min: 0, Max: 3}}, Utility: 0.1}}

	noProfile := wide(2, 3)
	noProfile.Parties[1].Profile = nil
	noProfile.Parties[1].Name = "Ukraine"

	badLine := wide(2, 3)
	badLine.Parties[0].Name = "Russia"
	badLine.Parties[0].Profile.RedLines = []string{"x0 <= 1", "x9 >= 2"}

	noDecider := wide(2, 3)
	for _, p := range noDecider.Parties {
		p.Role = parley.RoleMediator
	}

	nan := wide(2, 3)
	nan.Parties[1].Name = "Ukraine"
	nan.Parties[1].Profile.Values["x1"].Points[0].Y = math.NaN()

	emptyIssue := wide(2, 3)
	emptyIssue.Issues[1] = &parley.Issue{ID: "none", Kind: parley.KindOptions}

	for _, tc := range []struct {
		name string
		s    *parley.Scenario
		opt  analysis.Options
		want []string // fragments of the message
	}{
		{"ErrLinkedTooLarge", linked, analysis.Options{}, []string{"red line `x0 == 0 or", "links 40 issues", "10^40"}},
		// A small work budget keeps every method of non-additive profiles short.
		{"ErrNonAdditiveTooLarge", rect, analysis.Options{MaxWork: 1e8}, []string{"10^12 outcomes"}},
		{"ErrNoProfile", noProfile, analysis.Options{}, []string{`party "Ukraine" has no profile`}},
		{"ErrBadRedLine", badLine, analysis.Options{}, []string{"red line `x9 >= 2`", `party "Russia"`, "column 1", `unknown issue "x9"`}},
		{"ErrNoDecider", noDecider, analysis.Options{}, []string{"no party of role party"}},
		{"ErrNotANumber", nan, analysis.Options{}, []string{`profile of "Ukraine"`, "not a finite number"}},
		{"ErrEmptyIssue", emptyIssue, analysis.Options{}, []string{`issue "none" has no values`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := analysis.Analyze(tc.s, tc.opt)
			if err == nil {
				t.Fatalf("Analyze succeeded (%s), want an error", r.Method)
			}
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID {
				t.Fatalf("error %v (%T), want a *parley.Error with code invalid", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestDominates(t *testing.T) {
	for _, tc := range []struct {
		a, b []float64
		want bool
	}{
		{[]float64{0.5, 0.5}, []float64{0.4, 0.5}, true},
		{[]float64{0.5, 0.5}, []float64{0.5, 0.5}, false},
		{[]float64{0.5 + 5e-10, 0.5}, []float64{0.5, 0.5}, false},
		{[]float64{0.5, 0.5 - 5e-10}, []float64{0.4, 0.5}, true},
		{[]float64{0.6, 0.3}, []float64{0.4, 0.5}, false},
	} {
		if got := analysis.Dominates(tc.a, tc.b); got != tc.want {
			t.Errorf("Dominates(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestHugeSpaces(t *testing.T) {
	t.Run("Space10^40", func(t *testing.T) {
		s := wide(40, 10)
		s.Parties[0].Profile.Reservation = 0.3
		s.Parties[1].Profile.Reservation = 0.3
		r, err := analysis.Analyze(s, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.Outcomes.String(), "1"+strings.Repeat("0", 40); got != want {
			t.Errorf("Outcomes = %s, want %s", got, want)
		}
		// Each issue trades one for one between the parties: every outcome is Pareto-optimal.
		if got, want := r.ParetoCount.String(), r.Outcomes.String(); got != want {
			t.Errorf("ParetoCount = %s, want %s", got, want)
		}
		if !r.Truncated || len(r.Pareto) != analysis.MaxListed {
			t.Errorf("Truncated = %v with %d points, want true with %d", r.Truncated, len(r.Pareto), analysis.MaxListed)
		}
		for i, rg := range r.Ranges {
			for v, ok := range rg.Allowed {
				if !ok {
					t.Errorf("issue %d value %d not in range", i, v)
				}
			}
		}
		if len(r.Nash) == 0 || len(r.Egalitarian) == 0 {
			t.Errorf("no Nash or egalitarian point")
		}
		for _, p := range r.Nash {
			if math.Abs(p.Utility[0]-0.5) > 1e-9 || math.Abs(p.Utility[1]-0.5) > 1e-9 {
				t.Errorf("Nash point %v has utilities %v, want 0.5 each", p.Outcome, p.Utility)
				break
			}
		}
	})
	t.Run("IndifferentIssues", func(t *testing.T) {
		// One contested issue and 17 issues nobody cares about: each of the 4 frontier
		// utility vectors stands for 2^17 outcomes.
		s := wide(1, 4)
		for i := 0; i < 17; i++ {
			s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("z%d", i), Kind: parley.KindOptions, Options: []string{"a", "b"}})
		}
		r, err := analysis.Analyze(s, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.ParetoCount.Int64(), int64(4<<17); got != want {
			t.Errorf("ParetoCount = %d, want %d", got, want)
		}
		if !r.Truncated || len(r.Pareto) != analysis.MaxListed {
			t.Errorf("Truncated = %v with %d points", r.Truncated, len(r.Pareto))
		}
		if got, want := len(r.Utilitarian), analysis.MaxListed; got != want {
			t.Errorf("%d utilitarian points, want %d (capped)", got, want)
		}
	})
}

func TestNoIssues(t *testing.T) {
	s := wide(0, 1)
	s.Parties[1].Profile.Reservation = 0.5
	r, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Outcomes.Int64(); got != 1 {
		t.Errorf("Outcomes = %d, want 1", got)
	}
	if len(r.Pareto) != 1 || r.Pareto[0].Acceptable {
		t.Errorf("Pareto = %+v, want the empty outcome, not acceptable", r.Pareto)
	}
	if r.Acceptable == nil || r.Acceptable.Sign() != 0 {
		t.Errorf("Acceptable = %v, want 0", r.Acceptable)
	}
	if len(r.Conflicts) != 1 || !strings.Contains(r.Conflicts[0].Text, "reservation value 0.5 cannot be met") {
		t.Errorf("Conflicts = %+v", r.Conflicts)
	}
}

func TestOptions(t *testing.T) {
	s := synthetic(5, 3, []int{6, 5, 4, 7, 3}, 4)
	s.Parties[0].Profile.Reservation = 0.3
	s.Parties[1].Profile.RedLines = []string{"i0 != v2 or i3 == v1"}
	var calls int
	var last, total float64
	one, err := analysis.Analyze(s, analysis.Options{Workers: 1, Progress: func(d, t float64) {
		calls++
		last, total = d, t
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last > total || total <= 0 {
		t.Errorf("progress called %d times, last %v of %v", calls, last, total)
	}
	many, err := analysis.Analyze(s, analysis.Options{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	// The same answer whatever the number of workers.
	if fmt.Sprint(one.Pareto) != fmt.Sprint(many.Pareto) || fmt.Sprint(one.Nash) != fmt.Sprint(many.Nash) ||
		one.Acceptable.Cmp(many.Acceptable) != 0 || fmt.Sprint(one.Ranges) != fmt.Sprint(many.Ranges) {
		t.Errorf("results differ between 1 and 4 workers:\n%v\n%v", one.Pareto, many.Pareto)
	}
	if one.Acceptable.Sign() == 0 || len(one.Pareto) == 0 {
		t.Errorf("degenerate test scenario: %v acceptable, %d Pareto", one.Acceptable, len(one.Pareto))
	}
}

// TestLinkedFallsBackToEnumeration links more issues by a red line than a composite issue can
// hold, in a space small enough to enumerate.
func TestLinkedFallsBackToEnumeration(t *testing.T) {
	s := wide(7, 8) // 2,097,152 outcomes
	var atoms []string
	for i := 0; i < 7; i++ {
		atoms = append(atoms, fmt.Sprintf("x%d >= 3", i))
	}
	s.Parties[0].Profile.RedLines = []string{strings.Join(atoms, " or ")}
	s.Parties[1].Profile.Reservation = 0.4
	r, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.Method, "enumeration") {
		t.Errorf("Method = %q, want enumeration", r.Method)
	}
	f, _ := s.Compile(s.Parties[1].Profile)
	want := 0
	o := make(parley.Outcome, 7)
	for x := 0; x < 1<<21; x++ {
		high := false
		for i := range o {
			o[i] = x >> (3 * i) & 7
			high = high || o[i] >= 3
		}
		if high && f.Utility(o) >= 0.4-1e-9 {
			want++
		}
	}
	if r.Acceptable == nil || r.Acceptable.Int64() != int64(want) {
		t.Errorf("Acceptable = %v, want %d", r.Acceptable, want)
	}
}

func TestConflictsManyConstraints(t *testing.T) {
	russia := []string{"donetsk_pct >= 100"}
	for i := 0; i < 12; i++ {
		russia = append(russia, "donetsk_pct >= 0")
	}
	s := peace(russia, []string{"donetsk_pct <= 0"}, 0, 0)
	r, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Conflicts) != 1 || r.Conflicts[0].Text != "Russia's red line `donetsk_pct >= 100` and Ukraine's red line `donetsk_pct <= 0` cannot both hold" {
		t.Errorf("Conflicts = %+v", r.Conflicts)
	}
	if r.ConflictsNote == "" || len(r.Relaxations) != 2 {
		t.Errorf("ConflictsNote = %q, %d relaxations; want a note and two", r.ConflictsNote, len(r.Relaxations))
	}
	r, err = analysis.Analyze(s, analysis.Options{SkipConflicts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Conflicts) != 0 {
		t.Errorf("SkipConflicts: %d conflicts", len(r.Conflicts))
	}
}

// TestRelaxationsBeyondTwelve is the independent oracle's example: 13 constraints, three
// single relaxations.
func TestRelaxationsBeyondTwelve(t *testing.T) {
	s := &parley.Scenario{Issues: []*parley.Issue{{ID: "x", Kind: parley.KindInteger, Min: 0, Max: 10, Step: 1}}}
	lines := []string{"x >= 5"}
	for i := 1; i <= 10; i++ {
		lines = append(lines, fmt.Sprintf("x >= -%d", i))
	}
	prof := func(y0, y1 float64, lines []string) *parley.Profile {
		return &parley.Profile{Weights: map[string]float64{"x": 1},
			Values:   map[string]*parley.ValueFunc{"x": {Points: []parley.Knot{{X: 0, Y: y0}, {X: 10, Y: y1}}}},
			RedLines: lines}
	}
	s.Parties = []*parley.Party{
		{ID: "p", Role: parley.RoleParty, Profile: prof(0, 1, lines)},
		{ID: "q", Role: parley.RoleParty, Profile: prof(1, 0, []string{"x <= 5", "x != 5"})},
	}
	for _, extra := range []int{0, 1} {
		// With 12 constraints every subset is examined; with 13, singles and pairs.
		sc := *s
		sc.Parties = []*parley.Party{{ID: "p", Role: parley.RoleParty, Profile: prof(0, 1, lines[:len(lines)-1+extra])}, s.Parties[1]}
		r, err := analysis.Analyze(&sc, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, set := range r.Relaxations {
			var words []string
			for _, c := range set {
				words = append(words, sc.Parties[c.Party].ID+": "+c.RedLine)
			}
			got = append(got, strings.Join(words, " & "))
		}
		if want := "[p: x >= 5 q: x <= 5 q: x != 5]"; fmt.Sprint(got) != want {
			t.Errorf("%d constraints: relaxations %q, want %s", 12+extra, got, want)
		}
		if (extra == 1) != (r.ConflictsNote != "") {
			t.Errorf("%d constraints: note %q", 12+extra, r.ConflictsNote)
		}
	}
}

func TestMagnitudeInMessages(t *testing.T) {
	for _, n := range []int{30, 31, 40} {
		s := wide(n, 10)
		s.Parties[1].Profile.Rectangles = []parley.Rectangle{{Bounds: []parley.Bound{{Issue: "x0", Min: 0, Max: 3}}, Utility: 0.1}}
		_, err := analysis.Analyze(s, analysis.Options{MaxWork: 1e6})
		if err == nil {
			t.Fatalf("%d issues: no error", n)
		}
		if want := fmt.Sprintf("10^%d outcomes", n); !strings.Contains(err.Error(), want) {
			t.Errorf("%d issues: error %q does not say %q", n, err, want)
		}
	}
}
