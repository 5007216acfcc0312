package report_test

import (
	"math"
	"testing"

	"parley"
	"parley/analysis"
	"parley/examples"
	"parley/redline"
	"parley/scenario"
)

// TestExamplesBruteForce checks the analysis of every shipped example against a plain
// enumeration written here, independently of the analysis package: the acceptable count, the
// Nash and utilitarian values and the agreement ranges. The golden files then only guard the
// rest of the report against unnoticed change.
func TestExamplesBruteForce(t *testing.T) {
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			data, _ := examples.Get(name)
			s, _, err := scenario.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			res, err := analysis.Analyze(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var us []*parley.UtilityFunc
			var rls [][]*redline.RedLine
			var res0 []float64
			for _, p := range s.Deciders() {
				u, err := s.Compile(p.Profile)
				if err != nil {
					t.Fatal(err)
				}
				us = append(us, u)
				var rs []*redline.RedLine
				for _, text := range p.Profile.RedLines {
					r, err := redline.Parse(text, s)
					if err != nil {
						t.Fatal(err)
					}
					rs = append(rs, r)
				}
				rls = append(rls, rs)
				res0 = append(res0, p.Profile.Reservation)
			}
			var count int64
			var accepted [][]float64
			nash, util := math.Inf(-1), math.Inf(-1)
			ranges := make([][]bool, len(s.Issues))
			for i, is := range s.Issues {
				ranges[i] = make([]bool, is.Size())
			}
			o := make(parley.Outcome, len(s.Issues))
			u := make([]float64, len(us))
			var walk func(i int)
			walk = func(i int) {
				if i < len(o) {
					for v := 0; v < s.Issues[i].Size(); v++ {
						o[i] = v
						walk(i + 1)
					}
					return
				}
				for k := range us {
					u[k] = us[k].Utility(o)
					if u[k] < res0[k]-analysis.Tol {
						return
					}
					for _, r := range rls[k] {
						if !r.Allows(o) {
							return
						}
					}
				}
				count++
				accepted = append(accepted, append([]float64(nil), u...))
				prod, sum, strict := 1.0, 0.0, true
				for k := range u {
					prod *= u[k] - res0[k]
					sum += u[k]
					strict = strict && u[k] > res0[k]+analysis.Tol
				}
				if strict {
					nash = math.Max(nash, prod)
				}
				util = math.Max(util, sum)
				for i, v := range o {
					ranges[i][v] = true
				}
			}
			walk(0)

			if res.Acceptable == nil || res.Acceptable.Int64() != count {
				t.Errorf("acceptable = %v, want %d", res.Acceptable, count)
			}
			value := func(pts []analysis.Point, f func(u []float64) float64) float64 {
				if len(pts) == 0 {
					return math.Inf(-1)
				}
				return f(pts[0].Utility)
			}
			gotNash := value(res.Nash, func(u []float64) float64 {
				p := 1.0
				for k := range u {
					p *= u[k] - res0[k]
				}
				return p
			})
			gotUtil := value(res.Utilitarian, func(u []float64) float64 {
				s := 0.0
				for _, x := range u {
					s += x
				}
				return s
			})
			if !(math.IsInf(nash, -1) && math.IsInf(gotNash, -1)) && math.Abs(gotNash-nash) > 1e-9 {
				t.Errorf("Nash product = %v, want %v", gotNash, nash)
			}
			if !(math.IsInf(util, -1) && math.IsInf(gotUtil, -1)) && math.Abs(gotUtil-util) > 1e-9 {
				t.Errorf("utilitarian sum = %v, want %v", gotUtil, util)
			}
			front := 0
			for _, a := range accepted {
				dominated := false
				for _, b := range accepted {
					if analysis.Dominates(b, a) {
						dominated = true
						break
					}
				}
				if !dominated {
					front++
				}
			}
			if len(res.AcceptablePareto) != front {
				t.Errorf("acceptable frontier lists %d outcomes, want %d", len(res.AcceptablePareto), front)
			}
			for _, pt := range res.AcceptablePareto {
				if !pt.Acceptable {
					t.Errorf("acceptable frontier holds an unacceptable outcome %v", pt.Outcome)
				}
			}
			for _, r := range res.Ranges {
				for v, ok := range r.Allowed {
					if ok != ranges[r.Issue][v] {
						t.Errorf("range of %s: value %s allowed = %v, want %v", s.Issues[r.Issue].ID, s.Issues[r.Issue].Value(v), ok, ranges[r.Issue][v])
					}
				}
			}
		})
	}
}
