package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"parley"
)

// BenchmarkUncertainLP measures one verdict's linear program (the least of U(o) - r over a
// polytope, for a random package o) on a polytope of 6 issues of 5 values (as SmartPhone's
// 30) with 0 and 150 statements drawn from a hidden profile: solved as gonum's primal (the
// method before), through the dual from scratch, and through the dual with the kept bases
// (solve, as the verdicts call it).
func BenchmarkUncertainLP(b *testing.B) {
	for _, n := range []int{0, 150} {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		s, sizes := benchPolytope(rng, n)
		m, err := newPartyModel(s, 0, sizes)
		if err != nil {
			b.Fatal(err)
		}
		p := m.poly
		pkgs := make([]parley.Outcome, 256)
		for j := range pkgs {
			pkgs[j] = make(parley.Outcome, len(sizes))
			for i, k := range sizes {
				pkgs[j][i] = rng.IntN(k)
			}
		}
		run := func(name string, solve func(idx []int, obj []float64) lpResult) {
			b.Run(fmt.Sprintf("statements=%d/%s", n, name), func(b *testing.B) {
				b.ReportAllocs()
				var sink lpResult
				j := 0
				for b.Loop() {
					idx, val := p.utilityRow(pkgs[j%len(pkgs)], 1)
					sink = solve(idx, val)
					j++
				}
				if !sink.ok {
					b.Fatal("the program failed")
				}
			})
		}
		run("primal", func(idx []int, obj []float64) lpResult { return p.solvePrimal(idx, obj, nil) })
		run("dual", func(idx []int, obj []float64) lpResult {
			p.forms = [2]*lpForm{} // no kept form or bases
			return p.solve(idx, obj, nil)
		})
		run("dual-kept", func(idx []int, obj []float64) lpResult { return p.solve(idx, obj, nil) })
	}
}

// benchPolytope returns a scenario of 6 option issues of 5 values whose party is known by n
// statements drawn from a hidden random profile: preferences between random packages and
// acceptability of random packages.
func benchPolytope(rng *rand.Rand, n int) (*parley.Scenario, []int) {
	s := &parley.Scenario{Name: "bench"}
	sizes := []int{5, 5, 5, 5, 5, 5}
	w := make([]float64, len(sizes))
	val := make([][]float64, len(sizes))
	for i := range sizes {
		s.Issues = append(s.Issues, &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindOptions,
			Options: []string{"a", "b", "c", "d", "e"}})
		w[i] = 1.0 / 6
		for k := 0; k < sizes[i]; k++ {
			val[i] = append(val[i], rng.Float64())
		}
	}
	util := func(o parley.Outcome) float64 {
		u := 0.0
		for i, k := range o {
			u += w[i] * val[i][k]
		}
		return u
	}
	pkg := func() parley.Outcome {
		o := make(parley.Outcome, len(sizes))
		for i, k := range sizes {
			o[i] = rng.IntN(k)
		}
		return o
	}
	pr := &parley.Profile{Partial: true, ReservationUnknown: true}
	for len(pr.Statements) < n {
		a, c := pkg(), pkg()
		if rng.IntN(3) == 0 {
			st := parley.Statement{Kind: parley.StateAcceptable, Package: a}
			if util(a) < 0.5 {
				st.Kind = parley.StateUnacceptable
			}
			pr.Statements = append(pr.Statements, st)
			continue
		}
		if util(a) < util(c) {
			a, c = c, a
		}
		pr.Statements = append(pr.Statements, parley.Statement{Kind: parley.StatePrefers, Package: a, Other: c})
	}
	s.Parties = []*parley.Party{{ID: "p", Role: parley.RoleParty, Profile: pr}}
	return s, sizes
}
