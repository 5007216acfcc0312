package analysis

import (
	"math"
	"math/rand/v2"
	"slices"

	"parley"
)

// walkSteps is the number of hit-and-run steps each sample takes after the polytope changes.
const walkSteps = 3

// verdict decides o (of rank rank) for the party: a cached certain verdict, else the samples
// and witnesses, else linear programs that prove the verdict certain or find a witness.
func (m *partyModel) verdict(o parley.Outcome, rank uint64) Verdict {
	if !m.allows(o) {
		return Never
	}
	if m.exact != nil {
		if m.exact.Utility(o) >= m.res-Tol {
			return Certainly
		}
		return Never
	}
	if v, ok := m.cache[rank]; ok {
		return v
	}
	anyYes, anyNo := false, false
	for _, set := range [][][]float64{m.samples, m.witnesses} {
		for _, z := range set {
			if m.gain(z, o) >= -VerdictTol {
				anyYes = true
			} else {
				anyNo = true
			}
			if anyYes && anyNo {
				return Possibly
			}
		}
	}
	v := Possibly
	if !anyNo && m.dominatesAnchor(o, true) {
		v = Certainly
	} else if !anyYes && m.dominatesAnchor(o, false) {
		v = Never
	} else if !anyNo {
		lo, _, z, _ := m.bounds(o, 1, true, false)
		if lo >= -VerdictTol {
			v = Certainly
		} else if z != nil {
			m.witnesses = append(m.witnesses, z)
		}
	} else {
		_, hi, _, z := m.bounds(o, 1, false, true)
		if hi < -VerdictTol {
			v = Never
		} else if z != nil {
			m.witnesses = append(m.witnesses, z)
		}
	}
	if v != Possibly {
		if m.cache == nil {
			m.cache = map[uint64]Verdict{}
		}
		m.cache[rank] = v
	}
	return v
}

// dominatesAnchor reports, for up, whether o is at least as good on every issue, by the
// stated orders of values, as a package said to be acceptable; for !up, whether o is at most
// as good as a package said not to be. Then o's verdict follows without a linear program:
// U(o) >= U(P) >= r, or U(o) <= U(P) < r, under every consistent profile.
func (m *partyModel) dominatesAnchor(o parley.Outcome, up bool) bool {
	p := m.poly
	if m.geq == nil {
		m.orders()
	}
	for _, st := range p.stmts {
		if up && st.Kind != parley.StateAcceptable || !up && st.Kind != parley.StateUnacceptable {
			continue
		}
		ok := true
		for i, k := range o {
			a, b := k, st.Package[i]
			if !up {
				a, b = b, a
			}
			if a != b && (m.geq[i] == nil || !m.geq[i][a][b]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// orders computes, per issue of at most maxOrderValues values, the transitive closure of the
// stated orders of its values: geq[i][a][b] when value a is at least as good as b.
func (m *partyModel) orders() {
	p := m.poly
	m.geq = make([][][]bool, len(p.sizes))
	for _, st := range p.stmts {
		if st.Kind != parley.StateBetter {
			continue
		}
		i := m.s.Issue(st.Issue)
		if i < 0 || p.sizes[i] > maxOrderValues {
			continue
		}
		a, ok := m.s.Issues[i].Index(st.Value)
		b, ok2 := m.s.Issues[i].Index(st.Than)
		if !ok || !ok2 {
			continue
		}
		if m.geq[i] == nil {
			m.geq[i] = make([][]bool, p.sizes[i])
			for a := range m.geq[i] {
				m.geq[i][a] = make([]bool, p.sizes[i])
				m.geq[i][a][a] = true
			}
		}
		m.geq[i][a][b] = true
	}
	for i, g := range m.geq {
		n := len(g)
		for c := 0; c < n; c++ {
			for a := 0; a < n; a++ {
				if !g[a][c] {
					continue
				}
				for b := 0; b < n; b++ {
					if g[c][b] {
						g[a][b] = true
					}
				}
			}
		}
		m.geq[i] = g
	}
}

// maxOrderValues is the largest issue whose stated value orders are closed transitively.
const maxOrderValues = 64

// rowValue returns a.z - b for row r, or NaN when z lacks a variable of the row.
func rowValue(r *lpRow, z []float64) float64 {
	s := -r.b
	for j, v := range r.idx {
		if v >= len(z) {
			return math.NaN()
		}
		s += r.val[j] * z[v]
	}
	return s
}

// inside reports whether z satisfies every row within VerdictTol.
func (m *partyModel) inside(z []float64) bool {
	for i := range m.poly.rows {
		r := &m.poly.rows[i]
		s := rowValue(r, z)
		if math.IsNaN(s) || r.eq && math.Abs(s) > VerdictTol || !r.eq && s < -VerdictTol {
			return false
		}
	}
	for v := range z {
		if z[v] < -VerdictTol {
			return false
		}
	}
	return true
}

// fit gives z the polytope's current length: auxiliary variables it lacks take the least
// of the variables they bound, their loosest value.
func (m *partyModel) fit(z []float64) []float64 {
	p := m.poly
	if len(z) > p.nvar {
		return z[:p.nvar]
	}
	for v := len(z); v < p.nvar; v++ {
		x := math.Inf(1)
		for _, u := range p.auxOf[v] {
			x = math.Min(x, z[u])
		}
		if math.IsInf(x, 1) {
			x = 0
		}
		z = append(z, x)
	}
	return z
}

// refresh brings the samples inside the polytope after it changed: witnesses outside are
// dropped, samples outside are pulled along the segment towards a point inside until they
// enter, and every sample then takes a few hit-and-run steps.
func (m *partyModel) refresh(rng *rand.Rand) {
	if m.exact != nil {
		return
	}
	p := m.poly
	if m.eqBasis == nil {
		m.eqBasis = m.equalityBasis()
	}
	var keepW [][]float64
	for _, z := range m.witnesses {
		if z = m.fit(z); m.inside(z) {
			keepW = append(keepW, z)
		}
	}
	m.witnesses = keepW
	var in, out [][]float64
	for _, z := range m.samples {
		if z = m.fit(z); m.inside(z) {
			in = append(in, z)
		} else {
			out = append(out, z)
		}
	}
	// A point inside: deep inside when nearly every sample fell outside and the polytope has an
	// interior, else the average of the samples inside, else of a few vertices.
	var c []float64
	deep := false
	if len(in) < NumSamples/4 {
		// The polytope shrank much: nearly every sample fell outside.
		c, deep = m.interior()
	}
	if deep {
		// Every sample moves a random share of the way towards the deep point, so that none
		// stays stuck on the boundary.
		for _, z := range out {
			in = append(in, m.pull(c, z))
		}
		for j, z := range in {
			u := 0.2 + 0.8*rng.Float64()
			for v := range z {
				in[j][v] = c[v] + u*(z[v]-c[v])
			}
		}
		out = nil
	} else if len(in) > 0 {
		c = average(in, p.nvar)
	} else {
		var vs [][]float64
		idx := make([]int, p.nvar)
		for v := range idx {
			idx[v] = v
		}
		for t := 0; t < 4; t++ {
			obj := make([]float64, p.nvar)
			for v := range obj {
				obj[v] = rng.NormFloat64()
			}
			if r := p.solve(idx, obj, nil); r.ok {
				vs = append(vs, r.z)
			}
		}
		if len(vs) == 0 {
			m.samples = nil
			return
		}
		c = average(vs, p.nvar)
		out = append(out, vs...)
	}
	for _, z := range out {
		in = append(in, m.pull(c, z))
	}
	for len(in) < NumSamples {
		in = append(in, append([]float64(nil), c...))
	}
	for _, z := range in {
		for s := 0; s < walkSteps; s++ {
			m.step(rng, z)
		}
	}
	m.samples = in
}

// interior returns a point of the polytope as far inside as the solver finds (the largest
// margin t by which every inequality and every variable holds, at most 1) and true, or
// false when no point has a positive margin (the statements pin the polytope to a face).
func (m *partyModel) interior() ([]float64, bool) {
	p := m.poly
	rows, nvar := p.rows, p.nvar
	defer func() { p.rows = rows; p.shrink(nvar) }()
	t := p.aux(nil)
	margin := make([]lpRow, 0, len(rows)+nvar+1)
	for _, r := range rows {
		if !r.eq {
			r.idx, r.val = append(slices.Clone(r.idx), t), append(slices.Clone(r.val), -1)
		}
		margin = append(margin, r)
	}
	for v := 0; v < nvar; v++ {
		if !p.isFix[v] {
			margin = append(margin, lpRow{idx: []int{v, t}, val: []float64{1, -1}, stmt: -1})
		}
	}
	p.rows = append(margin, lpRow{idx: []int{t}, val: []float64{-1}, b: -1, stmt: -1})
	res := p.solve([]int{t}, []float64{-1}, nil)
	if !res.ok || res.z[t] < 1e-9 {
		return nil, false
	}
	return res.z[:nvar], true
}

func average(zs [][]float64, n int) []float64 {
	c := make([]float64, n)
	for _, z := range zs {
		for v := range c {
			c[v] += z[v] / float64(len(zs))
		}
	}
	return c
}

// pull returns the point of the segment from c (inside) to z farthest from c that is
// inside the polytope.
func (m *partyModel) pull(c, z []float64) []float64 {
	t := 1.0
	for i := range m.poly.rows {
		r := &m.poly.rows[i]
		if r.eq {
			continue
		}
		fc, fz := rowValue(r, c), rowValue(r, z)
		if fz < 0 && fc > fz {
			t = math.Min(t, math.Max(0, fc/(fc-fz)))
		}
	}
	for v := range z {
		if z[v] < 0 && c[v] > z[v] {
			t = math.Min(t, math.Max(0, c[v]/(c[v]-z[v])))
		}
	}
	out := make([]float64, len(c))
	for v := range out {
		out[v] = c[v] + t*(z[v]-c[v])
	}
	return out
}

// step moves z in place by one hit-and-run step: a random direction within the equalities,
// a uniform point of the chord through z.
func (m *partyModel) step(rng *rand.Rand, z []float64) {
	p := m.poly
	d := make([]float64, p.nvar)
	for v := range d {
		if !p.isFix[v] {
			d[v] = rng.NormFloat64()
		}
	}
	for _, q := range m.eqBasis {
		dot := 0.0
		for v := range q {
			dot += q[v] * d[v]
		}
		for v := range q {
			d[v] -= dot * q[v]
		}
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	limit := func(slack, ad float64) {
		slack = math.Max(slack, 0)
		if ad > 1e-12 {
			lo = math.Max(lo, -slack/ad)
		} else if ad < -1e-12 {
			hi = math.Min(hi, slack/-ad)
		}
	}
	for i := range p.rows {
		r := &p.rows[i]
		if r.eq {
			continue
		}
		ad := 0.0
		for j, v := range r.idx {
			ad += r.val[j] * d[v]
		}
		limit(rowValue(r, z), ad)
	}
	for v := range z {
		limit(z[v], d[v])
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi-lo < 1e-12 {
		return
	}
	// Stay a hair inside the chord so that rounding keeps the point feasible.
	t := lo + (hi-lo)*(1e-9+rng.Float64()*(1-2e-9))
	for v := range z {
		z[v] += t * d[v]
		if z[v] < 0 {
			z[v] = 0
		}
	}
}

// equalityBasis returns orthonormal vectors spanning the normals of the equality rows
// restricted to the free variables.
func (m *partyModel) equalityBasis() [][]float64 {
	p := m.poly
	var basis [][]float64
	for _, r := range p.rows {
		if !r.eq {
			continue
		}
		q := make([]float64, p.nbase)
		for j, v := range r.idx {
			if !p.isFix[v] {
				q[v] += r.val[j]
			}
		}
		for _, b := range basis {
			dot := 0.0
			for v := range q {
				dot += q[v] * b[v]
			}
			for v := range q {
				q[v] -= dot * b[v]
			}
		}
		n := 0.0
		for _, x := range q {
			n += x * x
		}
		if n < 1e-18 {
			continue
		}
		n = math.Sqrt(n)
		for v := range q {
			q[v] /= n
		}
		basis = append(basis, q)
	}
	return basis
}

// centre returns the average of the samples: the estimate of the party's profile.
func (m *partyModel) centre() []float64 { return average(m.samples, m.poly.nvar) }

// chooserSamples returns the points the question chooser weighs questions against, at most
// chooserPoints (one bit each): the samples, the newest witnesses (optima of linear programs, at the
// polytope's corners that the random walk rarely reaches), and points walked on from both
// for chooserSteps hit-and-run steps, so that the chooser sees more of the polytope than
// the few samples kept between statements.
func (m *partyModel) chooserSamples(rng *rand.Rand) [][]float64 {
	S := slices.Clone(m.samples[:min(len(m.samples), 40)])
	S = append(S, m.witnesses[max(0, len(m.witnesses)-chooserWitnesses):]...)
	seeds := len(S)
	for j := 0; len(S) < chooserPoints && seeds > 0; j++ {
		z := slices.Clone(S[j%seeds])
		for range chooserSteps {
			m.step(rng, z)
		}
		S = append(S, z)
	}
	return S
}

// chooserWitnesses is the most witnesses chooserSamples takes; chooserSteps the steps each
// further point walks.
const chooserWitnesses, chooserSteps = 16, 10
