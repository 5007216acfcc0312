package negotiate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"parley"
)

// TestLearnImproveTwoIssues checks the search of the last tenth of the time on a model set by
// hand (both models alike): from a text whose smallest estimated margin no change of one
// issue raises (each trades one party against the other), the learning mediator finds the
// text two changes away whose smallest margin is larger; before the last tenth it keeps to
// changes of one issue.
func TestLearnImproveTwoIssues(t *testing.T) {
	m := twoByTwo(t)
	for _, tc := range []struct {
		t    float64
		want parley.Outcome
	}{{1, parley.Outcome{1, 1}}, {0.95, parley.Outcome{1, 1}}, {0.85, parley.Outcome{0, 0}}} {
		m.t = tc.t
		copy(m.best, parley.Outcome{0, 0})
		m.improve(m.score(m.best))
		if !slices.Equal(m.best, tc.want) {
			t.Errorf("at time %v: improved (x, x) to %v, want %v", tc.t, m.best, tc.want)
		}
	}
}

// TestLearnEndgameTwoModels checks that in the last tenth of the time a text scores the
// lesser of its scores under the two models: when the model of the flat prior deems the
// text two changes away worse for party b than its threshold, the search keeps (x, x),
// whose margins the two models agree on; before the last tenth only the first model
// counts.
func TestLearnEndgameTwoModels(t *testing.T) {
	m := twoByTwo(t)
	m.use(&m.alt)
	m.tab[1][0] = []float64{0, 0.05} // (y, y) worth 0.05 to b: margin -0.1
	m.use(&m.prim)
	for _, tc := range []struct {
		t, score float64
	}{{0.95, -0.1}, {0.85, 0}} {
		m.t = tc.t
		if s := m.score(parley.Outcome{1, 1}); math.Abs(s-tc.score) > 1e-9 {
			t.Errorf("at time %v: (y, y) scores %v, want %v", tc.t, s, tc.score)
		}
	}
	m.t = 0.95
	copy(m.best, parley.Outcome{0, 0})
	m.improve(m.score(m.best))
	if !slices.Equal(m.best, parley.Outcome{0, 0}) {
		t.Errorf("at time 0.95: improved (x, x) to %v, want it kept", m.best)
	}
}

// twoByTwo returns a learning mediator of two parties over two issues of two options with
// both models set by hand.
func twoByTwo(t *testing.T) *Learn {
	t.Helper()
	issue := func(id string) *parley.Issue {
		return &parley.Issue{ID: id, Kind: parley.KindOptions, Options: []string{"x", "y"}}
	}
	m := &Learn{}
	if err := m.Init(&MediatorSetup{Parties: []string{"a", "b"}, Issues: []*parley.Issue{issue("i"), issue("j")}, Sizes: []int{2, 2}, Rand: rand.New(rand.NewPCG(1, 1))}); err != nil {
		t.Fatal(err)
	}
	// Party a values (x, x) at 0.3 and (y, y) at 0.2; party b 0.1 and 0.2. With thresholds
	// 0.2 and 0.15, the margins of (x, x) are (0.1, -0.05), of (y, x) (-0.2, 0.15), of
	// (x, y) (0.3, -0.15) and of (y, y) (0, 0.05).
	for _, md := range []*learnModel{&m.prim, &m.alt} {
		m.use(md)
		m.tab[0][0] = []float64{0.3, 0}
		m.tab[0][1] = []float64{0, 0.2}
		m.tab[1][0] = []float64{0, 0.2}
		m.tab[1][1] = []float64{0.1, 0}
		copy(m.tau, []float64{0.2, 0.15})
		copy(m.rng, []float64{1, 1})
		copy(m.floor, []float64{0, 0})
	}
	m.use(&m.prim)
	return m
}

// TestLearnLastRoundEveryText checks the last round's search of the whole outcome space on
// a model set by hand (both models alike): the text with the largest smallest margin is
// three changes from (x, x, x), and every change of one or two issues lowers the smallest
// margin, so the search of improve keeps (x, x, x); in the last round the mediator finds
// (y, y, y), before it keeps (x, x, x).
func TestLearnLastRoundEveryText(t *testing.T) {
	issue := func(id string) *parley.Issue {
		return &parley.Issue{ID: id, Kind: parley.KindOptions, Options: []string{"x", "y"}}
	}
	m := &Learn{}
	if err := m.Init(&MediatorSetup{Parties: []string{"a", "b"}, Issues: []*parley.Issue{issue("i"), issue("j"), issue("k")}, Sizes: []int{2, 2, 2}, Rand: rand.New(rand.NewPCG(1, 1))}); err != nil {
		t.Fatal(err)
	}
	// Changing issue i or j to y gains a 0.2 and costs b 0.1, issue k costs a 0.3 and gains
	// b 0.4: with both thresholds at the value of (x, x, x), the smallest margin of (y, y, y)
	// is 0.1, of every text one or two changes away negative.
	for _, md := range []*learnModel{&m.prim, &m.alt} {
		m.use(md)
		m.tab[0] = [][]float64{{0.5, 0.7}, {0.5, 0.7}, {0.5, 0.2}}
		m.tab[1] = [][]float64{{0.5, 0.4}, {0.5, 0.4}, {0.5, 0.9}}
		copy(m.tau, []float64{1.5, 1.5})
		copy(m.rng, []float64{1, 1})
		copy(m.floor, []float64{0, 0})
	}
	m.use(&m.prim)
	for _, tc := range []struct {
		t    float64
		want parley.Outcome
	}{{1, parley.Outcome{1, 1, 1}}, {0.95, parley.Outcome{0, 0, 0}}} {
		m.t = tc.t
		copy(m.best, parley.Outcome{0, 0, 0})
		m.search()
		if !slices.Equal(m.best, tc.want) {
			t.Errorf("at time %v: (x, x, x) searched to %v, want %v", tc.t, m.best, tc.want)
		}
	}
}
