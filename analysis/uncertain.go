package analysis

import (
	"fmt"
	"math"
	"strings"

	"parley"
	"parley/redline"
)

// StrictMargin is the margin by which a strict statement (a package unacceptable, or
// strictly preferred) holds in the polytope: the party's utility differences it states are at
// least StrictMargin. A true profile whose difference is smaller falls outside.
const StrictMargin = 1e-6

// VerdictTol is the tolerance of a verdict under uncertainty: a package is certainly
// acceptable when its least utility over the polytope is at least the reservation value minus
// VerdictTol, certainly not when its greatest is below it by more than VerdictTol. It is
// larger than Tol because the linear programs are solved in floating point.
const VerdictTol = 1e-7

// MaxUncertainValues is the largest number of issue values (summed over issues) a partial
// profile may range over: each value is a variable of the linear programs.
const MaxUncertainValues = 2000

// MaxUncertainOutcomes is the largest outcome space AnalyzeUncertain and the elicitation
// enumerate.
const MaxUncertainOutcomes = 1000000

// Verdict is how a package stands for a party whose profile is known in part.
type Verdict int8

// Verdicts.
const (
	Possibly  Verdict = iota // acceptable under some consistent profiles, not under others
	Certainly                // acceptable under every consistent profile
	Never                    // acceptable under none (certainly not)
)

func (v Verdict) String() string {
	switch v {
	case Certainly:
		return "certainly acceptable"
	case Never:
		return "certainly not"
	}
	return "possibly acceptable"
}

// lpRow is one linear constraint sum val[j]*z[idx[j]] >= b (== b when eq).
type lpRow struct {
	idx  []int
	val  []float64
	b    float64
	eq   bool
	stmt int // index of the statement it comes from; -1 for the structure of every profile
}

// polytope is the set of additive profiles of one party consistent with what is known of
// it, in the variables z = (w_i per issue, x_ik per issue value, r, auxiliaries): w_i is
// the weight of issue i, x_ik = w_i * value_i(k) the weighted value of its value k, r the
// reservation value. Every point with 0 <= x_ik <= w_i, sum w_i = 1 and 0 <= r <= 1 is an
// additive profile, and every additive profile whose weights sum to 1 and values lie in
// [0, 1] is a point.
type polytope struct {
	sizes []int
	off   []int // off[i] is the index of x_i0
	nbase int   // w, x and r
	nvar  int   // nbase plus auxiliaries
	fixed []float64
	isFix []bool
	rows  []lpRow
	stmts []parley.Statement
	auxOf map[int][]int // auxiliary variable -> the variables it is at most
	forms [2]*lpForm    // standard forms of the rows, most recent first (formFor)
}

func (p *polytope) w(i int) int    { return i }
func (p *polytope) x(i, k int) int { return p.off[i] + k }
func (p *polytope) r() int         { return p.nbase - 1 }

func newPolytope(sizes []int) *polytope {
	p := &polytope{sizes: sizes}
	n := len(sizes)
	at := n
	for _, m := range sizes {
		p.off = append(p.off, at)
		at += m
	}
	p.nbase = at + 1
	p.nvar = p.nbase
	p.fixed = make([]float64, p.nvar)
	p.isFix = make([]bool, p.nvar)
	sum := lpRow{b: 1, eq: true, stmt: -1}
	for i, m := range sizes {
		sum.idx = append(sum.idx, p.w(i))
		sum.val = append(sum.val, 1)
		for k := 0; k < m; k++ { // w_i - x_ik >= 0
			p.rows = append(p.rows, lpRow{idx: []int{p.w(i), p.x(i, k)}, val: []float64{1, -1}, stmt: -1})
		}
	}
	p.rows = append(p.rows, sum, lpRow{idx: []int{p.r()}, val: []float64{-1}, b: -1, stmt: -1})
	return p
}

func (p *polytope) fix(v int, x float64) { p.fixed[v], p.isFix[v] = x, true }

func (p *polytope) aux(of []int) int {
	if p.auxOf == nil {
		p.auxOf = map[int][]int{}
	}
	p.auxOf[p.nvar] = of
	p.nvar++
	p.fixed = append(p.fixed, 0)
	p.isFix = append(p.isFix, false)
	return p.nvar - 1
}

// utilityRow returns the coefficients of U(o) - c*r.
func (p *polytope) utilityRow(o parley.Outcome, c float64) ([]int, []float64) {
	idx := make([]int, 0, len(o)+1)
	val := make([]float64, 0, len(o)+1)
	for i, k := range o {
		idx = append(idx, p.x(i, k))
		val = append(val, 1)
	}
	if c != 0 {
		idx = append(idx, p.r())
		val = append(val, -c)
	}
	return idx, val
}

// lpResult is the result of one linear program.
type lpResult struct {
	ok    bool      // an optimum was found
	infea bool      // the constraints cannot hold together
	f     float64   // the optimum of the objective
	z     []float64 // the variables at the optimum
}

// constant returns the part of the objective that fixed variables contribute.
func (p *polytope) constant(idx []int, obj []float64) float64 {
	c := 0.0
	for j, v := range idx {
		if p.isFix[v] {
			c += obj[j] * p.fixed[v]
		}
	}
	return c
}

// point returns the variables of a solution x of the reduced program.
func (p *polytope) point(x []float64, col []int) []float64 {
	z := make([]float64, p.nvar)
	for v := 0; v < p.nvar; v++ {
		if col[v] < 0 {
			z[v] = p.fixed[v]
		} else if x != nil {
			z[v] = x[col[v]]
		}
	}
	return z
}

// conflict returns a minimal set of statements that cannot hold together (deletion filter:
// every statement of the set is needed for the conflict), or nil when all of them can.
func (p *polytope) conflict() []int {
	all := make([]bool, len(p.stmts))
	for i := range all {
		all[i] = true
	}
	// A zero objective: only feasibility matters. Every statement kept is the polytope
	// itself, whose program the dual solves at less cost (keep nil).
	if r := p.solve(nil, nil, nil); !r.infea {
		return nil
	}
	for i := range all {
		all[i] = false
		if r := p.solve(nil, nil, all); !r.infea {
			all[i] = true
		}
	}
	var out []int
	for i, k := range all {
		if k {
			out = append(out, i)
		}
	}
	return out
}

// partyModel is what is known of one decider: either its full profile (exact) or a polytope.
type partyModel struct {
	party int // index into s.Parties
	exact *parley.UtilityFunc
	res   float64 // exact reservation
	poly  *polytope
	lines []*redline.RedLine
	// samples are points of the polytope spread by a random walk, used to find open
	// verdicts without a linear program, to choose questions and to estimate the centre;
	// witnesses are optima of linear programs that showed a verdict open.
	samples, witnesses [][]float64
	cache              map[uint64]Verdict // certain verdicts by outcome rank
	s                  *parley.Scenario
	geq                [][][]bool  // per issue: stated orders of values, closed; nil when stale
	eqBasis            [][]float64 // orthonormal rows spanning the equalities' normals
	dom                *dominance  // proven bounds and implied value orders (bounds)
}

// allows reports whether o respects the party's known red lines.
func (m *partyModel) allows(o parley.Outcome) bool {
	for _, l := range m.lines {
		if !l.Allows(o) {
			return false
		}
	}
	return true
}

// gain returns U(o) - r at sample z.
func (m *partyModel) gain(z []float64, o parley.Outcome) float64 {
	u := 0.0
	for i, k := range o {
		u += z[m.poly.x(i, k)]
	}
	return u - z[m.poly.r()]
}

// bounds returns the least and greatest of U(o) - c*r over the polytope, and the points
// where they are reached (nil when the solver failed: then the bound is infinite). For c = 1,
// a verdict's question, a bound that settles the verdict may come from a neighbouring package
// instead (dominatedBound): then it is a bound, not the optimum, and no point is returned.
func (m *partyModel) bounds(o parley.Outcome, c float64, wantLo, wantHi bool) (lo, hi float64, zlo, zhi []float64) {
	if m.exact != nil {
		g := m.exact.Utility(o) - c*m.res
		return g, g, nil, nil
	}
	p := m.poly
	idx, val := p.utilityRow(o, c)
	lo, hi = math.Inf(-1), math.Inf(1)
	verdict := c == 1
	var rank uint64
	if verdict {
		rank = p.rankOf(o)
	}
	if wantLo {
		if b, ok := m.dominatedBound(o, rank, true, verdict); ok {
			lo = b
		} else if r := p.solve(idx, val, nil); r.ok {
			lo, zlo = r.f, r.z
		}
		if verdict && lo >= -VerdictTol {
			m.prove(rank, lo, true)
		}
	}
	if wantHi {
		neg := make([]float64, len(val))
		for j, v := range val {
			neg[j] = -v
		}
		if b, ok := m.dominatedBound(o, rank, false, verdict); ok {
			hi = b
		} else if r := p.solve(idx, neg, nil); r.ok {
			hi, zhi = -r.f, r.z
		}
		if verdict && hi < -VerdictTol {
			m.prove(rank, hi, false)
		}
	}
	return lo, hi, zlo, zhi
}

// profileAt returns the additive profile at base point z, for the issues of s.
func profileAt(s *parley.Scenario, p *polytope, z []float64, lines []string) *parley.Profile {
	pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{},
		Reservation: parley.Clamp01(z[p.r()]), RedLines: append([]string(nil), lines...)}
	for i, is := range s.Issues {
		w := z[p.w(i)]
		if w <= 0 {
			continue
		}
		pr.Weights[is.ID] = w
		f := &parley.ValueFunc{}
		if is.Kind == parley.KindOptions {
			f.Options = map[string]float64{}
		}
		for k := 0; k < p.sizes[i]; k++ {
			v := parley.Clamp01(z[p.x(i, k)] / w)
			if is.Kind == parley.KindOptions {
				f.Options[is.Options[k]] = v
			} else {
				f.Points = append(f.Points, parley.Knot{X: is.Value(k).Float(), Y: v})
			}
		}
		pr.Values[is.ID] = f
	}
	return pr
}

// describeStatement says st in words for error messages.
func describeStatement(s *parley.Scenario, st parley.Statement) string {
	pkg := func(o parley.Outcome) string {
		var b strings.Builder
		b.WriteString("{")
		for i, k := range o {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: %s", s.Issues[i].ID, s.Issues[i].Value(k))
		}
		b.WriteString("}")
		return b.String()
	}
	switch st.Kind {
	case parley.StatePrefers:
		w := "at least as good as"
		if st.Strict {
			w = "better than"
		}
		return fmt.Sprintf("%s is %s %s", pkg(st.Package), w, pkg(st.Other))
	case parley.StateAcceptable:
		return pkg(st.Package) + " is acceptable"
	case parley.StateUnacceptable:
		return pkg(st.Package) + " is not acceptable"
	case parley.StateMattersMore:
		return fmt.Sprintf("%s matters at least as much as %s", st.Issue, st.OtherIssue)
	case parley.StateBetter:
		return fmt.Sprintf("%s %s is at least as good as %s", st.Issue, st.Value, st.Than)
	case parley.StateAcceptIf:
		return fmt.Sprintf("every package with %s is acceptable", st.Condition)
	}
	return string(st.Kind)
}

// DescribeStatement says st, a statement about scenario s, in words.
func DescribeStatement(s *parley.Scenario, st parley.Statement) string {
	return describeStatement(s, st)
}
