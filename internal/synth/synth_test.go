package synth_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"parley"
	"parley/internal/synth"
)

// TestAdditiveReproducible: the same seed gives the same scenario, another seed another one;
// weights sum to 1 and every score lies in [0, 1).
func TestAdditiveReproducible(t *testing.T) {
	draw := func(seed uint64) *parley.Scenario {
		return synth.Additive(rand.New(rand.NewPCG(seed, 7)), 3, []int{4, 2, 5}, 0.3, nil)
	}
	a, b, c := draw(1), draw(1), draw(2)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two draws from one seed differ")
	}
	if reflect.DeepEqual(a, c) {
		t.Fatal("two seeds drew the same scenario")
	}
	if len(a.Issues) != 3 || len(a.Issues[2].Options) != 5 || a.Issues[2].Options[4] != "v4" || len(a.Parties) != 3 {
		t.Fatalf("shape: %d issues, %d parties", len(a.Issues), len(a.Parties))
	}
	for _, p := range a.Parties {
		sum := 0.0
		for _, is := range a.Issues {
			w := p.Profile.Weights[is.ID]
			if w <= 0 {
				t.Errorf("%s: weight of %s is %g", p.ID, is.ID, w)
			}
			sum += w
			for _, o := range is.Options {
				if v := p.Profile.Values[is.ID].Options[o]; v < 0 || v >= 1 {
					t.Errorf("%s: score of %s %s is %g", p.ID, is.ID, o, v)
				}
			}
		}
		if math.Abs(sum-1) > 1e-12 || p.Profile.Reservation != 0.3 {
			t.Errorf("%s: weights sum to %g, reservation %g", p.ID, sum, p.Profile.Reservation)
		}
	}
}

// TestRedLinesHit: a hit line names, on each of its issues, the value its party scores
// highest; lines go to the parties in turn.
func TestRedLinesHit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	s := synth.Additive(rng, 2, synth.Sizes(4, 6), 0, nil)
	synth.RedLines(rng, s, [][]int{{0, 1}, {2, 3}, {1, 3}}, true)
	if n0, n1 := len(s.Parties[0].Profile.RedLines), len(s.Parties[1].Profile.RedLines); n0 != 2 || n1 != 1 {
		t.Fatalf("red lines per party %d, %d, want 2, 1", n0, n1)
	}
	line := s.Parties[1].Profile.RedLines[0]
	pr := s.Parties[1].Profile
	for _, id := range []string{"i2", "i3"} {
		top := ""
		for _, o := range s.Issues[0].Options {
			if top == "" || pr.Values[id].Options[o] > pr.Values[id].Options[top] {
				top = o
			}
		}
		if !strings.Contains(line, id+" == "+top) {
			t.Errorf("line %q does not forbid %s's best value %s", line, id, top)
		}
	}
}
