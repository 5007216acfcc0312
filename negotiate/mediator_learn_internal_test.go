package negotiate

import (
	"math/rand/v2"
	"slices"
	"testing"

	"parley"
)

// TestLearnImproveTwoIssues checks the search of the last round on a model set by hand: from
// a text whose smallest estimated margin no change of one issue raises (each trades one
// party against the other), the learning mediator finds the text two changes away whose
// smallest margin is larger; before the last round it keeps to changes of one issue.
func TestLearnImproveTwoIssues(t *testing.T) {
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
	m.tab[0][0] = []float64{0.3, 0}
	m.tab[0][1] = []float64{0, 0.2}
	m.tab[1][0] = []float64{0, 0.2}
	m.tab[1][1] = []float64{0.1, 0}
	m.tau = []float64{0.2, 0.15}
	m.rng = []float64{1, 1}
	m.floor = []float64{0, 0}
	for _, tc := range []struct {
		t    float64
		want parley.Outcome
	}{{1, parley.Outcome{1, 1}}, {0.99, parley.Outcome{0, 0}}} {
		m.t = tc.t
		copy(m.best, parley.Outcome{0, 0})
		m.improve(m.score(m.best))
		if !slices.Equal(m.best, tc.want) {
			t.Errorf("at time %v: improved (x, x) to %v, want %v", tc.t, m.best, tc.want)
		}
	}
}
