package analysis_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/analysis"
)

// TestCountGridBrute: countGrid's bounds hold the exact count on random additive scenarios
// of one to three deciders, with grids made coarse (a budget of a few hundred cell additions)
// so that rounding errors and the Chernoff share decide the bounds, and with the default
// budget.
func TestCountGridBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	used := 0
	for c := 0; c < 400; c++ {
		s := randomScenarioSized(rng, false, 2+rng.IntN(5))
		if s.Size().Int64() > 5000 || deciderCount(s) > 3 {
			continue
		}
		want := big.NewInt(int64(bruteForce(t, s).acceptable))
		for _, work := range []float64{200, 3000, 0} {
			lo, hi, ok, err := analysis.CountGrid(s, work)
			if err != nil || !ok {
				continue // not additive in range, linked beyond a composite, or no grid fits
			}
			used++
			if lo.Cmp(want) > 0 || hi.Cmp(want) < 0 {
				t.Errorf("work %g: bounds [%v, %v] miss the count %v\n%s", work, lo, hi, want, describe(s))
			}
		}
	}
	if used < 200 {
		t.Errorf("the grid gave bounds in %d cases only", used)
	}
}

// TestCountGridOpposed: bounds hold, on coarse grids too, where two parties with opposed
// linear preferences make the boundary long and many outcomes lie exactly on it.
func TestCountGridOpposed(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for c := 0; c < 150; c++ {
		s := opposedScenario(2+rng.IntN(4), 2+rng.IntN(6), 0.2+0.6*rng.Float64(), rng.IntN(2) == 0)
		want := big.NewInt(bruteCount(t, s))
		for _, work := range []float64{100, 1000, 0} {
			lo, hi, ok, err := analysis.CountGrid(s, work)
			if err != nil {
				t.Fatal(err)
			}
			if ok && (lo.Cmp(want) > 0 || hi.Cmp(want) < 0) {
				t.Fatalf("case %d, work %g: bounds [%v, %v] miss the count %v", c, work, lo, hi, want)
			}
		}
	}
}

// TestCountGridTight: on 2 parties x 10 issues x 8 values and 3 parties x 8 issues x 10
// values with random weights and values (10^9 and 10^8 outcomes, counted exactly by meet in
// the middle), the default grid's bounds hold the count and lie within 15% (two parties)
// or 40% (three) of each other.
func TestCountGridTight(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	t.Run("2x10", func(t *testing.T) { tight(t, randomAdditive(rng, 2, 10, 8, 0.55), 1.15) })
	t.Run("3x8", func(t *testing.T) { tight(t, randomAdditive(rng, 3, 8, 10, 0.5), 1.4) })
}

func tight(t *testing.T, s *parley.Scenario, ratio float64) {
	t.Helper()
	res, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
	if err != nil || res.Acceptable == nil {
		t.Fatalf("exact count: %v %v", err, res)
	}
	lo, hi, ok, err := analysis.CountGrid(s, 0)
	if err != nil || !ok {
		t.Fatalf("grid: ok %v, %v", ok, err)
	}
	want := res.Acceptable
	if lo.Cmp(want) > 0 || hi.Cmp(want) < 0 {
		t.Fatalf("bounds [%v, %v] miss the count %v", lo, hi, want)
	}
	lf, _ := new(big.Float).SetInt(lo).Float64()
	hf, _ := new(big.Float).SetInt(hi).Float64()
	t.Logf("bounds [%v, %v] around %v", lo, hi, want)
	if hf > ratio*lf {
		t.Errorf("bounds [%v, %v] around %v: more than a factor %g apart", lo, hi, want, ratio)
	}
}

// opposedScenario returns n issues of v values each and one or two parties with linear
// preferences, the second opposed to the first, all weights equal, reservation value r.
func opposedScenario(n, v int, r float64, two bool) *parley.Scenario {
	s := &parley.Scenario{}
	for i := 0; i < n; i++ {
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindInteger, Min: 0, Max: float64(v - 1), Step: 1})
	}
	parties := 1
	if two {
		parties = 2
	}
	for p := 0; p < parties; p++ {
		prof := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}, Reservation: r}
		for _, is := range s.Issues {
			prof.Weights[is.ID] = 1 / float64(n)
			lo, hi := 0.0, 1.0
			if p == 1 {
				lo, hi = 1, 0
			}
			prof.Values[is.ID] = &parley.ValueFunc{Points: []parley.Knot{{X: is.Min, Y: lo}, {X: is.Max, Y: hi}}}
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: prof})
	}
	return s
}

// deciderCount returns the number of parties of role party.
func deciderCount(s *parley.Scenario) int {
	n := 0
	for _, p := range s.Parties {
		if p.Role == parley.RoleParty {
			n++
		}
	}
	return n
}

// TestCountGridManyBrute: for four and five deciders, the bounds hold the exact count, on
// coarse grids and with the default budget, and are never looser than the older bounds from
// each decider alone.
func TestCountGridManyBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 38))
	used := 0
	for c := 0; c < 150; c++ {
		s := randomAdditive(rng, 4+rng.IntN(2), 3+rng.IntN(4), 3+rng.IntN(3), 0.3+0.3*rng.Float64())
		if s.Size().Int64() > 5000 {
			continue
		}
		want := big.NewInt(bruteCount(t, s))
		oldLo, oldHi, err := analysis.CountBoundsSingle(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, work := range []float64{200, 3000, 0} {
			lo, hi, ok, err := analysis.CountGrid(s, work)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				continue
			}
			used++
			if lo.Cmp(want) > 0 || hi.Cmp(want) < 0 {
				t.Errorf("case %d, work %g: bounds [%v, %v] miss the count %v", c, work, lo, hi, want)
			}
			flo, _ := new(big.Float).SetInt(lo).Float64()
			fhi, _ := new(big.Float).SetInt(hi).Float64()
			if flo < math.Floor(oldLo*(1-1e-9)) || fhi > math.Ceil(oldHi*(1+1e-9)) {
				t.Errorf("case %d, work %g: bounds [%v, %v] looser than the older [%.0f, %.0f]", c, work, lo, hi, oldLo, oldHi)
			}
		}
	}
	if used < 100 {
		t.Errorf("the grid gave bounds in %d cases only", used)
	}
}

// TestCountGridManyTight: on 4 parties x 7 issues x 8 values and 5 parties x 6 issues x 9
// values with random weights and values and binding reservation values (counted exactly),
// the bounds hold the count and are narrower than the older ones.
func TestCountGridManyTight(t *testing.T) {
	rng := rand.New(rand.NewPCG(39, 40))
	for _, c := range []struct{ parties, issues, values int }{{4, 7, 8}, {5, 6, 9}} {
		s := randomAdditive(rng, c.parties, c.issues, c.values, 0.45)
		res, err := analysis.Analyze(s, analysis.Options{SkipConflicts: true})
		if err != nil || res.Acceptable == nil {
			t.Fatalf("exact count: %v %v", err, res)
		}
		lo, hi, ok, err := analysis.CountGrid(s, 0)
		if err != nil || !ok {
			t.Fatalf("grid: ok %v, %v", ok, err)
		}
		oldLo, oldHi, err := analysis.CountBoundsSingle(s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d x %d: bounds [%v, %v] around %v; before [%.0f, %.0f]", c.parties, c.issues, lo, hi, res.Acceptable, oldLo, oldHi)
		if lo.Cmp(res.Acceptable) > 0 || hi.Cmp(res.Acceptable) < 0 {
			t.Errorf("%d x %d: bounds [%v, %v] miss the count %v", c.parties, c.issues, lo, hi, res.Acceptable)
		}
		flo, _ := new(big.Float).SetInt(lo).Float64()
		fhi, _ := new(big.Float).SetInt(hi).Float64()
		if fhi-flo >= oldHi-oldLo {
			t.Errorf("%d x %d: bounds [%v, %v] no narrower than before [%.0f, %.0f]", c.parties, c.issues, lo, hi, oldLo, oldHi)
		}
	}
}
