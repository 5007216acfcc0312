package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"parley"
)

// randomPartial returns a scenario of 1-4 option issues whose first party has a partial
// profile: 0-40 statements drawn from a hidden quantised profile (so that they hold
// together), with the weights, some value functions or the reservation sometimes known.
func randomPartial(rng *rand.Rand) (*parley.Scenario, []int) {
	s := &parley.Scenario{Name: "random"}
	var sizes []int
	for i := 0; i < 1+rng.IntN(4); i++ {
		var opts []string
		for k := 0; k < 2+rng.IntN(4); k++ {
			opts = append(opts, fmt.Sprintf("o%d", k))
		}
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindOptions, Options: opts})
		sizes = append(sizes, len(opts))
	}
	w := make([]float64, len(sizes))
	left := 20
	for i := range w {
		q := left
		if i < len(w)-1 {
			q = rng.IntN(left + 1)
		}
		w[i], left = float64(q)/20, left-q
	}
	val := make([][]float64, len(sizes))
	for i, n := range sizes {
		for k := 0; k < n; k++ {
			val[i] = append(val[i], float64(rng.IntN(11))/10)
		}
	}
	res := float64(rng.IntN(15)) / 20
	util := func(o parley.Outcome) float64 {
		u := 0.0
		for i, k := range o {
			u += w[i] * val[i][k]
		}
		return u
	}
	pkg := func() parley.Outcome {
		o := make(parley.Outcome, len(sizes))
		for i, n := range sizes {
			o[i] = rng.IntN(n)
		}
		return o
	}
	pr := &parley.Profile{Partial: true, ReservationUnknown: rng.IntN(3) > 0, Reservation: res,
		Values: map[string]*parley.ValueFunc{}}
	if rng.IntN(5) == 0 {
		pr.Weights = map[string]float64{}
		for i, is := range s.Issues {
			pr.Weights[is.ID] = w[i]
		}
	}
	for i, is := range s.Issues {
		if rng.IntN(4) == 0 {
			f := &parley.ValueFunc{Options: map[string]float64{}}
			for k, o := range is.Options {
				f.Options[o] = val[i][k]
			}
			pr.Values[is.ID] = f
		}
	}
	for n := rng.IntN(41); n > 0; n-- {
		var st parley.Statement
		switch rng.IntN(5) {
		case 0, 1:
			a, b := pkg(), pkg()
			if util(a) < util(b) {
				a, b = b, a
			}
			st = parley.Statement{Kind: parley.StatePrefers, Package: a, Other: b, Strict: util(a) > util(b)+0.01}
		case 2:
			a := pkg()
			st = parley.Statement{Kind: parley.StateAcceptable, Package: a}
			if util(a) < res {
				st.Kind = parley.StateUnacceptable
			}
		case 3:
			i := rng.IntN(len(sizes))
			a, b := rng.IntN(sizes[i]), rng.IntN(sizes[i])
			if val[i][a] < val[i][b] {
				a, b = b, a
			}
			st = parley.Statement{Kind: parley.StateBetter, Issue: s.Issues[i].ID, Value: s.Issues[i].Value(a), Than: s.Issues[i].Value(b)}
		default:
			i, j := rng.IntN(len(sizes)), rng.IntN(len(sizes))
			if w[i] < w[j] {
				i, j = j, i
			}
			st = parley.Statement{Kind: parley.StateMattersMore, Issue: s.Issues[i].ID, OtherIssue: s.Issues[j].ID}
		}
		pr.Statements = append(pr.Statements, st)
	}
	s.Parties = []*parley.Party{{ID: "p", Role: parley.RoleParty, Profile: pr}}
	return s, sizes
}

// randomModel is the model of randomPartial's first party, with its issues' sizes.
func randomModel(t *testing.T, rng *rand.Rand, trial int) (*partyModel, []int) {
	t.Helper()
	s, sizes := randomPartial(rng)
	m, err := newPartyModel(s, 0, sizes)
	if err != nil {
		t.Fatalf("trial %d: %v", trial, err)
	}
	return m, sizes
}

// TestDualMatchesPrimal: on random polytopes, every linear program solved through its dual
// has the optimum of the primal solved by gonum's simplex (within 1e-7), and the point it
// returns lies in the polytope and reaches that optimum. The dual may fail (solve then falls
// back on the primal), but rarely.
func TestDualMatchesPrimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	programs, failed := 0, 0
	for trial := 0; trial < 80; trial++ {
		m, sizes := randomModel(t, rng, trial)
		p := m.poly
		for q := 0; q < 20; q++ {
			var idx []int
			var obj []float64
			if q%2 == 0 {
				o := make(parley.Outcome, len(sizes))
				for i, n := range sizes {
					o[i] = rng.IntN(n)
				}
				idx, obj = p.utilityRow(o, 1)
				if q%4 == 0 {
					for j := range obj {
						obj[j] = -obj[j]
					}
				}
			} else {
				for v := 0; v < p.nvar; v++ {
					idx, obj = append(idx, v), append(obj, rng.NormFloat64())
				}
			}
			want := p.solvePrimal(idx, obj, nil)
			if !want.ok {
				continue // the reference failed numerically
			}
			programs++
			f := p.dualForm()
			if f.infea || f.A == nil {
				continue
			}
			got, ok := p.solveDual(f, idx, obj)
			if !ok {
				failed++
				continue
			}
			if math.Abs(got.f-want.f) > 1e-7 {
				t.Fatalf("trial %d, program %d: got ok %v f %v, the primal %v", trial, q, got.ok, got.f, want.f)
			}
			if !m.inside(got.z) {
				t.Fatalf("trial %d, program %d: the optimum is outside the polytope", trial, q)
			}
			at := 0.0
			for j, v := range idx {
				at += obj[j] * got.z[v]
			}
			if math.Abs(at-got.f) > 1e-9 {
				t.Fatalf("trial %d, program %d: the point gives %v, not %v", trial, q, at, got.f)
			}
		}
	}
	if failed*20 > programs {
		t.Errorf("the dual failed on %d of %d programs", failed, programs)
	}
	t.Logf("the dual failed on %d of %d programs", failed, programs)
}

// plainVerdict is the verdict by the rule without shortcuts: one linear program each way,
// solved in the primal.
func plainVerdict(m *partyModel, o parley.Outcome) Verdict {
	if !m.allows(o) {
		return Never
	}
	idx, val := m.poly.utilityRow(o, 1)
	lo := m.poly.solvePrimal(idx, val, nil)
	neg := make([]float64, len(val))
	for j, v := range val {
		neg[j] = -v
	}
	hi := m.poly.solvePrimal(idx, neg, nil)
	switch {
	case lo.ok && lo.f >= -VerdictTol:
		return Certainly
	case hi.ok && -hi.f < -VerdictTol:
		return Never
	}
	return Possibly
}

// TestVerdictsMatchPlain: on random polytopes, the verdicts of Knowledge (samples, witnesses,
// dominance by stated and implied orders, the dual programs, the kept bases) equal those of
// one primal program per package and way: on the first half of the statements, then after
// each of the others is added (bounds proven before stay proven).
func TestVerdictsMatchPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	implied := 0
	for trial := 0; trial < 30; trial++ {
		s, sizes := randomPartial(rng)
		pr := s.Parties[0].Profile
		rest := pr.Statements[len(pr.Statements)/2:]
		pr.Statements = pr.Statements[:len(pr.Statements)/2]
		k, err := NewKnowledge(s, uint64(trial))
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		sweep := func(when string) {
			forEachOutcome(sizes, func(o parley.Outcome) bool {
				if got, want := k.Verdict(0, o), plainVerdict(k.models[0], o); got != want {
					t.Fatalf("trial %d, %s, package %v: %v, the plain rule says %v", trial, when, o, got, want)
				}
				return true
			})
		}
		sweep("first half")
		for j, st := range rest {
			if err := k.Add(0, st); err != nil {
				t.Fatalf("trial %d, statement %d: %v", trial, j, err)
			}
			if j%3 == 2 || j == len(rest)-1 {
				sweep(fmt.Sprintf("after statement %d", j))
			}
		}
		if d := k.models[0].dom; d != nil {
			for _, v := range d.diff {
				if v >= -VerdictTol {
					implied++
				}
			}
		}
	}
	if implied == 0 {
		t.Error("no implied order of values was used")
	}
}

// TestCrashBasis: on random polytopes, crashBasis finds a start for every program on a
// package's utility (least and greatest, with and without the reservation), and every start
// it returns is a non-singular basis whose basic solution is >= 0.
func TestCrashBasis(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	programs, none := 0, 0
	for trial := 0; trial < 80; trial++ {
		m, sizes := randomModel(t, rng, trial)
		f := m.poly.dualForm()
		if f.infea || f.A == nil {
			continue
		}
		for q := 0; q < 8; q++ {
			o := make(parley.Outcome, len(sizes))
			for i, n := range sizes {
				o[i] = rng.IntN(n)
			}
			idx, obj := m.poly.utilityRow(o, float64(q%2))
			if q%4 >= 2 {
				for j := range obj {
					obj[j] = -obj[j]
				}
			}
			_, rhs := f.dualRHS(idx, obj)
			programs++
			basis := crashBasis(f.A, rhs)
			if basis == nil {
				none++
				continue
			}
			B := mat.NewDense(f.n, f.n, nil)
			for i, j := range basis {
				B.SetCol(i, mat.Col(nil, j, f.A))
			}
			var x mat.VecDense
			if err := x.SolveVec(B, mat.NewVecDense(f.n, rhs)); err != nil {
				t.Fatalf("trial %d, program %d: the start is singular: %v", trial, q, err)
			}
			for j := 0; j < f.n; j++ {
				if x.AtVec(j) < -1e-13 {
					t.Fatalf("trial %d, program %d: the start has x[%d] = %v", trial, q, j, x.AtVec(j))
				}
			}
		}
	}
	if none > 0 {
		t.Errorf("no start for %d of %d programs on a utility", none, programs)
	}
}

// TestWarmSimplex: on random polytopes, the programs of a run of neighbouring packages (one
// issue's value changed at a time, least and greatest, as a sweep asks them) solved from the
// nearest kept basis (warmSimplex) have the optimum of the primal (within 1e-7), and the
// warm start succeeds on most of those it is tried on.
func TestWarmSimplex(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	tried, warm := 0, 0
	for trial := 0; trial < 60; trial++ {
		m, sizes := randomModel(t, rng, trial)
		p := m.poly
		f := p.dualForm()
		if f.infea || f.A == nil {
			continue
		}
		o := make(parley.Outcome, len(sizes))
		for q := 0; q < 24; q++ {
			i := rng.IntN(len(sizes))
			o[i] = rng.IntN(sizes[i])
			idx, obj := p.utilityRow(o, 1)
			if q%2 == 1 {
				for j := range obj {
					obj[j] = -obj[j]
				}
			}
			want := p.solvePrimal(idx, obj, nil)
			_, rhs := f.dualRHS(idx, obj)
			if d := f.nearest(rhs); d != nil {
				if _, ok := f.fromPool(rhs); !ok {
					tried++
					if x, err := f.warmSimplex(d, rhs); err == nil {
						warm++
						// The dual's optimum, -c.y, is the primal's (of the objective perturbed
						// by at most perturb per variable).
						got := p.constant(idx, obj)
						for j, y := range x {
							got -= f.c[j] * y
						}
						if _, c, _ := f.fold(idx, obj); want.ok && math.Abs(got+c-want.f) > 1e-7 {
							t.Fatalf("trial %d, program %d: the warm start's optimum is %v, the primal's %v", trial, q, got+c, want.f)
						}
					}
				}
			}
			got, ok := p.solveDual(f, idx, obj)
			if want.ok && ok && math.Abs(got.f-want.f) > 1e-7 {
				t.Fatalf("trial %d, program %d: %v, the primal %v", trial, q, got.f, want.f)
			}
		}
	}
	if tried == 0 || warm*10 < tried*8 {
		t.Errorf("the warm start succeeded on %d of %d programs", warm, tried)
	}
	t.Logf("the warm start succeeded on %d of %d programs", warm, tried)
}

// TestTiedValues: on random polytopes, programs whose objective weighs the values no
// statement names (left out of the dual form, tied to their weights) have the primal's
// optimum, at a point of the polytope that reaches it.
func TestTiedValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	tied := 0
	for trial := 0; trial < 80; trial++ {
		m, sizes := randomModel(t, rng, trial)
		p := m.poly
		f := p.dualForm()
		if f.infea || f.A == nil {
			continue
		}
		var idx []int
		var obj []float64
		for v, w := range f.tied {
			if w >= 0 {
				idx, obj = append(idx, v), append(obj, rng.NormFloat64())
			}
		}
		if idx == nil {
			continue
		}
		tied++
		o := make(parley.Outcome, len(sizes))
		for i, n := range sizes {
			o[i] = rng.IntN(n)
		}
		u, uv := p.utilityRow(o, 1)
		idx, obj = append(idx, u...), append(obj, uv...)
		want := p.solvePrimal(idx, obj, nil)
		got, ok := p.solveDual(f, idx, obj)
		if !want.ok || !ok {
			continue
		}
		at := 0.0
		for j, v := range idx {
			at += obj[j] * got.z[v]
		}
		if math.Abs(got.f-want.f) > 1e-7 || math.Abs(at-got.f) > 1e-9 || !m.inside(got.z) {
			t.Fatalf("trial %d: %v at a point giving %v (inside %v), the primal %v", trial, got.f, at, m.inside(got.z), want.f)
		}
	}
	if tied < 10 {
		t.Errorf("only %d polytopes with tied values", tied)
	}
}
