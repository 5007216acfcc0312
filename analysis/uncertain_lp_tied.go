package analysis

import "slices"

// A value x_ik that appears in no row but its own w_i - x_ik >= 0 (no statement names it:
// typically a value beyond the party's red lines, or one no question has reached) is left
// out of the dual form: on any point of the polytope it can take any value in [0, w_i]
// whatever the other variables, so an objective's least puts it at 0 when its coefficient
// c is >= 0 and at w_i when c < 0, which adds min(0, c) to w_i's coefficient (fold). The
// programs are the same, with one variable and one row fewer per such value: the simplex
// costs the cube of the free variables per pivot.

// valueRow returns, when r is the structural row w_i - x_ik >= 0 of a value, x_ik's
// variable; else -1.
func (p *polytope) valueRow(r *lpRow) int {
	if r.stmt >= 0 || r.eq || r.b != 0 || len(r.idx) != 2 || r.val[0] != 1 || r.val[1] != -1 || r.idx[0] >= len(p.sizes) {
		return -1
	}
	if i, x := r.idx[0], r.idx[1]; x >= p.off[i] && x < p.off[i]+p.sizes[i] {
		return x
	}
	return -1
}

// tiedValues marks in f.tied the values in no row but their own (see above).
func (p *polytope) tiedValues(f *lpForm) {
	rows := make([]int, p.nvar) // rows naming the variable, its own value row aside
	for i := range p.rows {
		r := &p.rows[i]
		own := p.valueRow(r)
		for _, v := range r.idx {
			if v != own {
				rows[v]++
			}
		}
	}
	for i, n := range p.sizes {
		for k := 0; k < n; k++ {
			if x := p.x(i, k); rows[x] == 0 && !p.isFix[x] {
				f.tied[x] = p.w(i)
			}
		}
	}
}

// fold returns the objective sum obj[j]*z[idx[j]] over the free variables of f, the
// constant that tied values of fixed weights add, and the tied values the least puts at
// their weight (those of negative coefficient).
func (f *lpForm) fold(idx []int, obj []float64) (cv []float64, c float64, atWeight []int) {
	cv = make([]float64, f.n)
	for j, v := range idx {
		if k := f.col[v]; k >= 0 {
			cv[k] += obj[j]
		}
	}
	for j, v := range idx {
		if f.tied[v] < 0 || obj[j] == 0 || slices.Contains(idx[:j], v) {
			continue
		}
		coef := 0.0 // the variable's whole coefficient, were it named twice
		for j2, v2 := range idx {
			if v2 == v {
				coef += obj[j2]
			}
		}
		if coef >= 0 {
			continue
		}
		atWeight = append(atWeight, v)
		if w := f.tied[v]; f.col[w] >= 0 {
			cv[f.col[w]] += coef
		} else {
			c += coef * f.fixed[w]
		}
	}
	return cv, c, atWeight
}

// untie gives the tied values of z their value at the least: their weight for those in
// atWeight, 0 for the others (point leaves them at 0).
func (f *lpForm) untie(z []float64, atWeight []int) []float64 {
	for _, v := range atWeight {
		z[v] = z[f.tied[v]]
	}
	return z
}
