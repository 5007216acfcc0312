package anactest_test

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/genius"
	"parley/internal/shared"
)

var update = flag.Bool("update", false, "rewrite the golden files with the brute-force path")

// bruteLive is the largest space whose golden file is also checked against a fresh
// brute-force run on every test run; larger ones are brute-forced only with -update.
const bruteLive = 100000

// golden is what the brute-force path says of a domain.
type golden struct {
	Parties          []string      `json:"parties"`
	Outcomes         int           `json:"outcomes"`
	ParetoCount      int           `json:"pareto_count"` // Pareto-optimal outcomes, ties included
	Pareto           [][]float64   `json:"pareto"`       // the distinct utility vectors
	Nash             []goldenPoint `json:"nash"`
	KalaiSmorodinsky []goldenPoint `json:"kalai_smorodinsky"`
	Egalitarian      []goldenPoint `json:"egalitarian"`
	Utilitarian      []goldenPoint `json:"utilitarian"`
}

type goldenPoint struct {
	Outcome []string  `json:"outcome"` // values in issue order, as parley prints them
	Utility []float64 `json:"utility"`
}

func cmpVec(a, b []float64) int {
	for i := range a {
		if c := cmp.Compare(b[i], a[i]); c != 0 {
			return c
		}
	}
	return 0
}

func sortVecs(vs [][]float64) { slices.SortStableFunc(vs, cmpVec) }

func sortPoints(ps []goldenPoint) {
	slices.SortStableFunc(ps, func(a, b goldenPoint) int {
		return cmp.Compare(strings.Join(a.Outcome, "\x00"), strings.Join(b.Outcome, "\x00"))
	})
}

// sharedDir and domainDirs locate the shared third-party data (package internal/shared).
func sharedDir(tb testing.TB, name string) string { tb.Helper(); return shared.Dir(tb, name) }

func domainDirs(tb testing.TB, name string) []string { tb.Helper(); return shared.Folders(tb, name) }

func goldenPath(dir string) string {
	return filepath.Join("testdata", filepath.Base(dir)+".json")
}

func readGolden(tb testing.TB, dir string) *golden {
	tb.Helper()
	b, err := os.ReadFile(goldenPath(dir))
	if err != nil {
		tb.Fatalf("%v (run go test ./internal/anactest -update)", err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		tb.Fatal(err)
	}
	return &g
}

// TestANAC analyses every shared GENIUS domain and compares the frontier and every
// bargaining point with the golden file of the brute-force path.
func TestANAC(t *testing.T) {
	for _, dir := range domainDirs(t, "domains") {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if *update {
				g := bruteGolden(loadBrute(t, dir))
				b, err := json.MarshalIndent(g, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(goldenPath(dir), append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readGolden(t, dir)
			if !*update && want.Outcomes <= bruteLive {
				compare(t, "brute force", bruteGolden(loadBrute(t, dir)), want)
			}
			s, _, err := genius.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			r, err := analysis.Analyze(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			compare(t, "parley", fromResult(t, s, r), want)
		})
	}
}

// fromResult turns parley's analysis into the golden form.
func fromResult(t *testing.T, s *parley.Scenario, r *analysis.Result) *golden {
	t.Helper()
	if r.Truncated {
		t.Fatalf("the frontier listing was cut at %d outcomes", len(r.Pareto))
	}
	g := &golden{Outcomes: int(r.Outcomes.Int64()), ParetoCount: int(r.ParetoCount.Int64())}
	for _, i := range r.Parties {
		g.Parties = append(g.Parties, s.Parties[i].ID)
	}
	for _, p := range r.Pareto {
		if len(g.Pareto) == 0 || !equal(g.Pareto[len(g.Pareto)-1], p.Utility) {
			g.Pareto = append(g.Pareto, p.Utility)
		}
	}
	conv := func(ps []analysis.Point) []goldenPoint {
		var out []goldenPoint
		for _, p := range ps {
			gp := goldenPoint{Utility: p.Utility}
			for i, k := range p.Outcome {
				gp.Outcome = append(gp.Outcome, s.Issues[i].Value(k).String())
			}
			out = append(out, gp)
		}
		sortPoints(out)
		return out
	}
	g.Nash, g.KalaiSmorodinsky = conv(r.Nash), conv(r.KalaiSmorodinsky)
	g.Egalitarian, g.Utilitarian = conv(r.Egalitarian), conv(r.Utilitarian)
	return g
}

// compare fails unless got (from who) matches want, utilities within 1e-9.
func compare(t *testing.T, who string, got, want *golden) {
	t.Helper()
	if fmt.Sprint(got.Parties) != fmt.Sprint(want.Parties) || got.Outcomes != want.Outcomes {
		t.Fatalf("%s: parties %v, %d outcomes; golden %v, %d", who, got.Parties, got.Outcomes, want.Parties, want.Outcomes)
	}
	if got.ParetoCount != want.ParetoCount {
		t.Errorf("%s: %d Pareto-optimal outcomes, golden %d", who, got.ParetoCount, want.ParetoCount)
	}
	if len(got.Pareto) != len(want.Pareto) {
		t.Errorf("%s: %d distinct frontier vectors, golden %d", who, len(got.Pareto), len(want.Pareto))
	} else {
		for i := range got.Pareto {
			if !equal(got.Pareto[i], want.Pareto[i]) {
				t.Errorf("%s: frontier vector %d is %v, golden %v", who, i, got.Pareto[i], want.Pareto[i])
				break
			}
		}
	}
	for _, c := range []struct {
		name      string
		got, want []goldenPoint
	}{
		{"nash", got.Nash, want.Nash},
		{"kalai-smorodinsky", got.KalaiSmorodinsky, want.KalaiSmorodinsky},
		{"egalitarian", got.Egalitarian, want.Egalitarian},
		{"utilitarian", got.Utilitarian, want.Utilitarian},
	} {
		if len(c.got) != len(c.want) {
			t.Errorf("%s: %s: %d points, golden %d", who, c.name, len(c.got), len(c.want))
			continue
		}
		for i := range c.got {
			g, w := c.got[i], c.want[i]
			if strings.Join(g.Outcome, "|") != strings.Join(w.Outcome, "|") || !equal(g.Utility, w.Utility) {
				t.Errorf("%s: %s[%d]: %v %v, golden %v %v", who, c.name, i, g.Outcome, g.Utility, w.Outcome, w.Utility)
			}
		}
	}
}
