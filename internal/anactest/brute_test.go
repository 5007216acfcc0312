package anactest_test

// An independent brute-force path: its own reading of the GENIUS XML (encoding/xml into
// structs, GENIUS arithmetic), every outcome enumerated, a naive Pareto filter and naive
// bargaining points. It shares no code with package genius or package analysis.

import (
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const tol = 1e-9

type xItem struct {
	Value      string `xml:"value,attr"`
	Evaluation string `xml:"evaluation,attr"`
}

type xEvaluator struct {
	Slope  float64 `xml:"slope,attr"`
	Offset float64 `xml:"offset,attr"`
}

type xIssue struct {
	Index int         `xml:"index,attr"`
	Type  string      `xml:"type,attr"`
	Lower int         `xml:"lowerbound,attr"`
	Upper int         `xml:"upperbound,attr"`
	Items []xItem     `xml:"item"`
	Eval  *xEvaluator `xml:"evaluator"`
}

type xWeight struct {
	Index int     `xml:"index,attr"`
	Value float64 `xml:"value,attr"`
}

type xValue struct {
	Value float64 `xml:"value,attr"`
}

type xSpace struct {
	Issues      []xIssue  `xml:"objective>issue"`
	Weights     []xWeight `xml:"objective>weight"`
	Reservation *xValue   `xml:"reservation"`
}

type xTemplate struct {
	Space xSpace `xml:"utility_space"`
}

// bruteDomain is a domain as the brute-force path sees it.
type bruteDomain struct {
	values  [][]string    // per issue, its values as parley prints them
	parties []string      // profile file names without .xml, sorted
	tables  [][][]float64 // per party, issue, value: weight * evaluation
	res     []float64
}

func readXML(tb testing.TB, path string, v any) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := xml.Unmarshal(b, v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

func loadBrute(tb testing.TB, dir string) *bruteDomain {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	sort.Strings(files)
	var dom xTemplate
	var profiles []string
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "<negotiation_template") {
			readXML(tb, f, &dom)
		} else {
			profiles = append(profiles, f)
		}
	}
	d := &bruteDomain{}
	for _, is := range dom.Space.Issues {
		var vs []string
		if is.Type == "integer" {
			for x := is.Lower; x <= is.Upper; x++ {
				vs = append(vs, strconv.Itoa(x))
			}
		} else {
			for _, it := range is.Items {
				vs = append(vs, it.Value)
			}
		}
		d.values = append(d.values, vs)
	}
	for _, f := range profiles {
		var sp xSpace
		readXML(tb, f, &sp)
		d.parties = append(d.parties, strings.TrimSuffix(filepath.Base(f), ".xml"))
		weight := map[int]float64{}
		for _, w := range sp.Weights {
			weight[w.Index] = w.Value
		}
		byIndex := map[int]xIssue{}
		for _, is := range sp.Issues {
			byIndex[is.Index] = is
		}
		t := make([][]float64, len(d.values))
		for i, dis := range dom.Space.Issues {
			is := byIndex[dis.Index]
			w := weight[dis.Index]
			t[i] = make([]float64, len(d.values[i]))
			if dis.Type == "integer" {
				for k := range t[i] {
					x := float64(dis.Lower + k)
					e := is.Eval.Slope*(x-float64(dis.Lower)) + is.Eval.Offset
					t[i][k] = w * math.Min(1, math.Max(0, e))
				}
				continue
			}
			ev := map[string]float64{}
			for _, it := range is.Items {
				e, err := strconv.ParseFloat(it.Evaluation, 64)
				if err != nil {
					tb.Fatalf("%s: %v", f, err)
				}
				ev[it.Value] = e // the last of duplicate items wins
			}
			top := 0.0
			for _, e := range ev {
				top = math.Max(top, e)
			}
			for k, v := range d.values[i] {
				if top >= 1e-5 {
					t[i][k] = w * ev[v] / top
				}
			}
		}
		d.tables = append(d.tables, t)
		r := 0.0
		if sp.Reservation != nil {
			r = sp.Reservation.Value
		}
		d.res = append(d.res, r)
	}
	return d
}

// brutePoint is one outcome (value indices) with its utilities.
type brutePoint struct {
	o []int
	u []float64
}

// enumerate returns every outcome of d with its utilities (sum clipped to [0, 1]).
func (d *bruteDomain) enumerate() []brutePoint {
	n, k := len(d.values), len(d.parties)
	total := 1
	for _, vs := range d.values {
		total *= len(vs)
	}
	pts := make([]brutePoint, 0, total)
	o := make([]int, n)
	for c := 0; c < total; c++ {
		r := c
		for i := n - 1; i >= 0; i-- {
			o[i] = r % len(d.values[i])
			r /= len(d.values[i])
		}
		u := make([]float64, k)
		for p := range u {
			s := 0.0
			for i, v := range o {
				s += d.tables[p][i][v]
			}
			u[p] = math.Min(1, math.Max(0, s))
		}
		pts = append(pts, brutePoint{append([]int(nil), o...), u})
	}
	return pts
}

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

// pareto returns the points no other point dominates: points are taken by decreasing sum
// (a dominator's sum is larger), each checked against the frontier so far, then the
// frontier is checked against itself.
func pareto(pts []brutePoint) []brutePoint {
	idx := make([]int, len(pts))
	sums := make([]float64, len(pts))
	for i, p := range pts {
		idx[i] = i
		for _, x := range p.u {
			sums[i] += x
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return sums[idx[a]] > sums[idx[b]] })
	var front []brutePoint
	var vecs [][]float64 // distinct frontier vectors, to check against
	for _, i := range idx {
		p := pts[i]
		dom := false
		for _, v := range vecs {
			if dominates(v, p.u) {
				dom = true
				break
			}
		}
		if !dom {
			front = append(front, p)
			if len(vecs) == 0 || !equal(vecs[len(vecs)-1], p.u) {
				vecs = append(vecs, p.u)
			}
		}
	}
	var out []brutePoint
	for _, p := range front {
		dom := false
		for _, q := range front {
			if dominates(q.u, p.u) {
				dom = true
				break
			}
		}
		if !dom {
			out = append(out, p)
		}
	}
	return out
}

func equal(a, b []float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// bargain returns the points of acc with val within tol*max(1, |best|) of the best; val
// returns NaN for a point that does not qualify.
func bargain(acc []brutePoint, val func([]float64) float64) []brutePoint {
	best := math.Inf(-1)
	for _, p := range acc {
		if v := val(p.u); !math.IsNaN(v) && v > best {
			best = v
		}
	}
	var out []brutePoint
	if math.IsInf(best, -1) {
		return nil
	}
	for _, p := range acc {
		if v := val(p.u); !math.IsNaN(v) && v >= best-tol*math.Max(1, math.Abs(best)) {
			out = append(out, p)
		}
	}
	return out
}

// bruteGolden computes the golden file of a domain.
func bruteGolden(d *bruteDomain) *golden {
	all := d.enumerate()
	front := pareto(all)
	g := &golden{Parties: d.parties, Outcomes: len(all), ParetoCount: len(front)}
	reach := func(u []float64) bool {
		for i, r := range d.res {
			if u[i] < r-tol {
				return false
			}
		}
		return true
	}
	var acc []brutePoint
	for _, p := range front {
		if reach(p.u) {
			acc = append(acc, p)
		}
	}
	for _, p := range front {
		if len(g.Pareto) == 0 || !equal(g.Pareto[len(g.Pareto)-1], p.u) {
			g.Pareto = append(g.Pareto, p.u)
		}
	}
	sortVecs(g.Pareto)
	best := make([]float64, len(d.res))
	for i := range best {
		best[i] = math.Inf(-1)
		for _, p := range acc {
			best[i] = math.Max(best[i], p.u[i])
		}
	}
	res := d.res
	conv := func(ps []brutePoint) []goldenPoint {
		out := make([]goldenPoint, 0, len(ps))
		for _, p := range ps {
			gp := goldenPoint{Utility: p.u}
			for i, v := range p.o {
				gp.Outcome = append(gp.Outcome, d.values[i][v])
			}
			out = append(out, gp)
		}
		sortPoints(out)
		return out
	}
	g.Nash = conv(bargain(acc, func(u []float64) float64 {
		v := 1.0
		for i := range u {
			if u[i] <= res[i]+tol {
				return math.NaN()
			}
			v *= u[i] - res[i]
		}
		return v
	}))
	g.KalaiSmorodinsky = conv(bargain(acc, func(u []float64) float64 {
		v := math.Inf(1)
		for i := range u {
			x := 1.0
			if span := best[i] - res[i]; span > tol {
				x = (u[i] - res[i]) / span
			}
			v = math.Min(v, x)
		}
		return v
	}))
	g.Egalitarian = conv(bargain(acc, func(u []float64) float64 {
		v := math.Inf(1)
		for i := range u {
			v = math.Min(v, u[i]-res[i])
		}
		return v
	}))
	g.Utilitarian = conv(bargain(acc, func(u []float64) float64 {
		s := 0.0
		for _, x := range u {
			s += x
		}
		return s
	}))
	return g
}
