package workspace

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"parley"
)

// TestLinkContentMatchesGreedy: pairing by content from a heap pairs exactly as the plain
// greedy does (every pair over the threshold, stably sorted best first, taken when both
// points are free), on random versions with many ties.
func TestLinkContentMatchesGreedy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"line", "contact", "troops", "withdraw", "zone", "guarantee", "sanctions", "km"}
	text := func() string {
		s := ""
		for range 1 + rng.IntN(5) {
			s += words[rng.IntN(len(words))] + " "
		}
		return s
	}
	for n := range 200 {
		a, b := &parley.Version{}, &parley.Version{}
		for i := range 1 + rng.IntN(12) {
			a.Points = append(a.Points, &parley.PlanPoint{ID: fmt.Sprint("a", i), Number: i + 1, Title: text(), Text: text()})
		}
		for j := range 1 + rng.IntN(12) {
			b.Points = append(b.Points, &parley.PlanPoint{ID: fmt.Sprint("b", j), Number: j + 1, Text: text()})
		}
		pr := newPairing(context.Background(), a, b)
		free := func(k int) []bool { return make([]bool, k) }
		pr.linkContent(free(len(pr.pa)), free(len(pr.pb)))
		want := greedyPairs(pr)
		var gotPairs [][2]int
		for i := range pr.pa {
			for j := range pr.pb {
				if pr.byContent[j] && pr.root(i) == pr.root(len(pr.pa)+j) {
					gotPairs = append(gotPairs, [2]int{i, j})
				}
			}
		}
		if !slices.Equal(gotPairs, want) {
			t.Fatalf("case %d: pairs %v, want %v", n, gotPairs, want)
		}
	}
}

// greedyPairs is the reference: the pairs, sorted by a's point, that the greedy matching
// over every pair at least MatchThreshold alike makes.
func greedyPairs(pr *pairing) [][2]int {
	voc := vocabulary{}
	type cand struct {
		i, j int
		s    float64
	}
	var cs []cand
	wa := make([]pointWords, len(pr.pa))
	for i, p := range pr.pa {
		wa[i] = voc.wordsOf(p)
	}
	for i := range pr.pa {
		for j, q := range pr.pb {
			if s := wa[i].similarity(voc.wordsOf(q)); s >= MatchThreshold {
				cs = append(cs, cand{i, j, s})
			}
		}
	}
	sort.SliceStable(cs, func(x, y int) bool { return cs[x].s > cs[y].s })
	usedA, usedB := map[int]bool{}, map[int]bool{}
	var out [][2]int
	for _, c := range cs {
		if !usedA[c.i] && !usedB[c.j] {
			usedA[c.i], usedB[c.j] = true, true
			out = append(out, [2]int{c.i, c.j})
		}
	}
	slices.SortFunc(out, func(x, y [2]int) int { return x[0] - y[0] })
	return out
}
