package anactest_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/analysis"
	"parley/genius"
)

// shippedTol is the tolerance against pareto.xml, whose utilities have about 7 significant
// digits (single-precision floats).
const shippedTol = 1e-6

// TestNonLinear computes the exact frontier of the 10^10-outcome ANAC 2014 domains with the
// region method and checks that it equals or dominates every point of the pareto.xml shipped
// with them (the log says which). For the 10^30 and 10^40 domains, where no exact method
// fits, parley must say so at once.
func TestNonLinear(t *testing.T) {
	for _, dir := range domainDirs(t, "domains-nonlinear") {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s, _, err := genius.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(dir, genius.ParetoFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			shipped, err := genius.ReadPareto(f, genius.ParetoFile)
			if err != nil {
				t.Fatal(err)
			}
			if s.Size().Cmp(bigTen10()) > 0 {
				// A small budget keeps the test fast; the default one fails the same way.
				_, err := analysis.Analyze(s, analysis.Options{MaxWork: 4e8})
				if err == nil || !strings.Contains(err.Error(), "no exact method fits") {
					t.Fatalf("got %v, want an error saying no exact method fits", err)
				}
				t.Logf("%s outcomes: no exact method fits (%d shipped points unchecked)", s.Size(), len(shipped))
				return
			}
			vecs, counts, err := analysis.RegionFrontier(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			equal, dominated := 0, 0
			for _, p := range shipped {
				how := ""
				for _, v := range vecs {
					switch relation(v, p) {
					case "equal":
						how = "equal"
					case "dominates":
						if how == "" {
							how = "dominated"
						}
					}
				}
				switch how {
				case "equal":
					equal++
				case "dominated":
					dominated++
					t.Logf("shipped point %v is dominated by the exact frontier", p)
				default:
					t.Errorf("shipped point %v is neither on nor below the exact frontier %v", p, vecs)
				}
			}
			t.Logf("exact frontier: %d utility vectors (%v outcomes for the first); of %d shipped points %d are on it, %d dominated", len(vecs), counts[0], len(shipped), equal, dominated)
			// Analyze takes the same route and finds the same bargaining points' utilities.
			r, err := analysis.Analyze(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(r.ParetoCount); got != fmt.Sprint(sum(counts)) {
				t.Errorf("Analyze: %s Pareto-optimal outcomes, RegionFrontier %v", got, sum(counts))
			}
			if !strings.HasPrefix(r.Method, "region search") {
				t.Errorf("method %q", r.Method)
			}
		})
	}
}

// TestNonLinearApproximate runs the seeded approximation on the domains no exact method
// fits: the same seed gives the same frontier, every point is labelled an approximation,
// and the log says how it compares with the shipped points.
func TestNonLinearApproximate(t *testing.T) {
	for _, name := range []string{"30issues", "50issues"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(sharedDir(t, "domains-nonlinear"), name)
			s, _, err := genius.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(dir, genius.ParetoFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			shipped, err := genius.ReadPareto(f, genius.ParetoFile)
			if err != nil {
				t.Fatal(err)
			}
			opt := analysis.Options{MaxWork: 2e5}
			r, err := analysis.Approximate(s, opt, 1)
			if err != nil {
				t.Fatal(err)
			}
			again, err := analysis.Approximate(s, opt, 1)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(r.Pareto) != fmt.Sprint(again.Pareto) {
				t.Error("the same seed gave another frontier")
			}
			if !strings.HasPrefix(r.Method, "approximation: ") || r.Acceptable != nil {
				t.Errorf("method %q, acceptable %v: want an approximation, not counted", r.Method, r.Acceptable)
			}
			for _, p := range r.Pareto {
				u0, _ := s.Compile(s.Parties[0].Profile)
				if math.Abs(u0.Utility(p.Outcome)-p.Utility[0]) > 1e-12 {
					t.Fatalf("point %v: utility %v is not its outcome's", p.Outcome, p.Utility)
				}
			}
			on, dominated, beaten := 0, 0, 0
			for _, sp := range shipped {
				best := ""
				for _, p := range r.Pareto {
					switch relation(p.Utility, sp) {
					case "equal":
						best = "equal"
					case "dominates":
						if best == "" {
							best = "dominates"
						}
					}
				}
				switch best {
				case "equal":
					on++
				case "dominates":
					dominated++
				default:
					beaten++
				}
			}
			t.Logf("approximation (%d evaluations): %d distinct points; of %d shipped points %d found, %d dominated, %d not reached", int(opt.MaxWork), len(r.Pareto), len(shipped), on, dominated, beaten)
		})
	}
}
