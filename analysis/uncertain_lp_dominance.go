package analysis

import (
	"math"

	"parley"
)

// A verdict's program asks whether the least of U(o) - r over the polytope is at least
// -VerdictTol (or the greatest below it). When a package o' differing from o on one issue i
// has a proven bound, and the polytope implies that o's value of i is at least as good as
// o''s (x_i,o_i - x_i,o'_i >= d on every point, d found by one program on the pair of values,
// kept), then min U(o) - r >= min U(o') - r + d: o's bound follows without its own program.
// Proven bounds and implied orders stay valid as statements arrive (the polytope shrinks,
// so a least value can only grow and a greatest only fall); a withdrawal forgets them.

// dominance is what a party model keeps for that: the proven bounds of U(o) - r by outcome
// rank, and the implied differences of pairs of values.
type dominance struct {
	lo, hi map[uint64]float64 // proven: lo >= -VerdictTol, hi < -VerdictTol
	// diff[(i, a, b)] is a lower bound on x_ia - x_ib over the polytope; diffForm the form
	// it was found on when it was too low to use (it may rise once statements arrive).
	diff     map[[3]int]float64
	diffForm map[[3]int]*lpForm
}

// rankOf numbers o in the outcome space, as Knowledge.rank does.
func (p *polytope) rankOf(o parley.Outcome) uint64 {
	r := uint64(0)
	for i, v := range o {
		r = r*uint64(p.sizes[i]) + uint64(v)
	}
	return r
}

// dominatedBound returns, when on (a verdict's question), a bound on U(o) - r that a
// neighbour of o proves: for lo, a least value of at least -VerdictTol; for !lo, a greatest
// below -VerdictTol.
func (m *partyModel) dominatedBound(o parley.Outcome, rank uint64, lo, on bool) (float64, bool) {
	d := m.dom
	if !on || d == nil {
		return 0, false
	}
	proven := d.hi
	if lo {
		proven = d.lo
	}
	if len(proven) == 0 {
		return 0, false
	}
	p := m.poly
	stride := uint64(1)
	for i := len(o) - 1; i >= 0; i-- {
		oi := o[i]
		base := rank - uint64(oi)*stride
		for b := 0; b < p.sizes[i]; b++ {
			nb, ok := proven[base+uint64(b)*stride]
			if b == oi || !ok {
				continue
			}
			if lo { // U(o) - U(o') = x_i,oi - x_i,b
				if v := nb + m.impliedDiff(i, oi, b); v >= -VerdictTol {
					return v, true
				}
			} else if v := nb - m.impliedDiff(i, b, oi); v < -VerdictTol {
				return v, true
			}
		}
		stride *= uint64(p.sizes[i])
	}
	return 0, false
}

// impliedDiff returns a lower bound on x_ia - x_ib over the polytope: -Inf when a sample
// shows the difference below -VerdictTol, else the least difference one program finds less
// its error.
func (m *partyModel) impliedDiff(i, a, b int) float64 {
	p := m.poly
	key := [3]int{i, a, b}
	f := p.dualForm()
	if v, ok := m.dom.diff[key]; ok && (v >= -VerdictTol || m.dom.diffForm[key] == f) {
		return v
	}
	xa, xb := p.x(i, a), p.x(i, b)
	for _, set := range [][][]float64{m.samples, m.witnesses} {
		for _, z := range set {
			if z[xa]-z[xb] < -VerdictTol {
				return math.Inf(-1)
			}
		}
	}
	v := math.Inf(-1)
	if r := p.solve([]int{xa, xb}, []float64{1, -1}, nil); r.ok {
		// The value is that of a point of the polytope: above the least by at most the
		// perturbation's effect (2 per free variable times perturb) or the primal's rounding.
		v = r.f - 1e-9 - 2*float64(f.n)*perturb
	}
	if m.dom.diff == nil {
		m.dom.diff, m.dom.diffForm = map[[3]int]float64{}, map[[3]int]*lpForm{}
	}
	m.dom.diff[key], m.dom.diffForm[key] = v, f
	return v
}

// prove records a bound of U(o) - r that settles o's verdict.
func (m *partyModel) prove(rank uint64, v float64, lo bool) {
	if m.dom == nil {
		m.dom = &dominance{lo: map[uint64]float64{}, hi: map[uint64]float64{}}
	}
	if lo {
		m.dom.lo[rank] = v
	} else {
		m.dom.hi[rank] = v
	}
}
