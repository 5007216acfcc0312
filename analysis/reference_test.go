package analysis_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"parley"
	"parley/redline"
)

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
