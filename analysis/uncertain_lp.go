package analysis

import (
	"errors"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The linear programs over a polytope are solved through their duals. The primal, min c.z
// over the polytope, has one constraint per structural row and statement: hundreds once a
// party answered a few dozen questions, and gonum's simplex costs the cube of the number of
// constraints per step (it factorises the basis anew) and more to find a first basis. Its
// dual, max h.y + e.u subject to G'y + E'u <= c, y >= 0, has one constraint per free
// variable of the polytope (the weights, weighted values and reservation: a few dozen), so
// it costs a small fraction of it. The dual's optimal basis gives the primal optimum z, a
// point of the polytope that the callers keep as a witness, by complementary slackness: its
// simplex multipliers. To make that basis unique the right-hand side c is perturbed by at
// most perturb per variable (an objective never differs from the exact one by more than
// perturb times the number of variables, each of which lies in [0, 1]); the value returned
// is c.z at the point found, which is checked to satisfy every row within feasTol. When
// any of that fails (a numerical failure, or the program infeasible), the primal is solved
// as before. The dual starts from the kept optimal basis nearest to feasible for the new
// right-hand side (warmSimplex), else from crashBasis; values no statement names are left
// out of it (uncertain_lp_tied.go).

// perturb bounds the perturbation of the dual's right-hand side per variable.
const perturb = 1e-11

// feasTol is the tolerance within which a point from the dual must satisfy every row.
const feasTol = 1e-9

// lpForm is a polytope's rows over its free variables (col maps each variable to its
// index among them, -1 when fixed or unused) and, for the dual (buildDual), the dual program
// written for gonum (min c.x subject to A x = b, x >= 0): one row per free variable, one
// column per inequality, two per equality and one slack per free variable, c = the rows'
// right-hand sides negated; the primal's objective becomes the right-hand side b of each
// program.
type lpForm struct {
	// What it was built from, to tell whether the polytope changed since.
	rows  []lpRow
	fixed []float64
	isFix []bool
	nvar  int

	col   []int
	n     int // free variables
	A     *mat.Dense
	c     []float64 // the dual's objective
	infea bool      // a row of fixed variables alone fails
	// The kept rows over the free variables, to check a point: entries ent[from:to]
	// (column, coefficient), right-hand side less the fixed variables' part.
	ent  []lpEntry
	rowz []freeRow
	// pool holds the dual's optimal bases found last, most recent first (solveDual).
	pool []*dualBasis
	// tied[v] is, for a value left out of the form (tiedValues), its weight; else -1.
	tied []int
	// aug and augC are A and c with one more column, for warmSimplex.
	aug  *mat.Dense
	augC []float64
	// forked marks a fork (see fork); fresh holds the bases it found, oldest first.
	forked bool
	fresh  []*dualBasis
}

// dualBasis is an optimal basis of a dual program: its inverse, and the primal
// optimum over the free variables it gives (the same for every right-hand side, since the
// dual's objective does not change).
type dualBasis struct {
	inv []float64 // the basis's inverse, row-major
	x   []float64
	// cols are the basis's columns, in the order of inv's rows; y their values for the
	// right-hand side rhs it was found for (warmSimplex starts from them).
	cols   []int
	y, rhs []float64
}

// poolFloats bounds the memory of the optimal bases kept per polytope, in numbers: each
// holds an inverse of n*n of them. Up to 128 bases are kept (on SmartPhone, 30 values,
// 8 settled 65% of a simulation's programs, 32 76%, 128 80%).
const poolFloats = 1 << 21

// poolSize returns the number of optimal bases of the dual kept for f.
func (f *lpForm) poolSize() int { return max(2, min(128, poolFloats/max(1, f.n*f.n))) }

type lpEntry struct {
	c int
	a float64
}

type freeRow struct {
	from, to int
	b        float64
	eq       bool
}

// dualForm returns the dual form of every row, kept between calls while the polytope stays
// the same (two of them: the polytope's and the one a temporary change of it builds).
func (p *polytope) dualForm() *lpForm {
	for i, f := range p.forms {
		if f != nil && f.matches(p) {
			if i != 0 { // most recent first
				p.forms[0], p.forms[i] = f, p.forms[0]
			}
			return f
		}
	}
	f := p.buildDual()
	p.forms[1], p.forms[0] = p.forms[0], f
	return f
}

// matches reports whether f was built from p's rows and fixed variables as they are now.
func (f *lpForm) matches(p *polytope) bool {
	if f.nvar != p.nvar || len(f.rows) != len(p.rows) {
		return false
	}
	for i := range f.rows {
		a, b := &f.rows[i], &p.rows[i]
		if a.b != b.b || a.eq != b.eq || a.stmt != b.stmt || !sameInts(a.idx, b.idx) || !sameFloats(a.val, b.val) {
			return false
		}
	}
	for v := range f.fixed {
		if f.isFix[v] != p.isFix[v] || f.fixed[v] != p.fixed[v] {
			return false
		}
	}
	return true
}

// sameInts reports whether a and b are the same slice (rows are never changed in place).
func sameInts(a, b []int) bool { return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) }

func sameFloats(a, b []float64) bool { return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) }

// freeRows writes the rows whose statement is kept (all when keep is nil) over the free
// variables into f: col, n, ent, rowz, infea. Rows left with no free variable are checked
// and dropped. With tie, a value in no row but its own w_i - x_ik >= 0 is left out too,
// tied to its weight (see tiedValues).
func (p *polytope) freeRows(f *lpForm, keep []bool, tie bool) {
	kept := func(r *lpRow) bool { return r.stmt < 0 || keep == nil || keep[r.stmt] }
	// Auxiliary variables of statements left out appear in no row: leave them out too.
	inRow := make([]bool, p.nvar)
	for i := range p.rows {
		if r := &p.rows[i]; kept(r) {
			for _, v := range r.idx {
				inRow[v] = true
			}
		}
	}
	f.tied = make([]int, p.nvar)
	for v := range f.tied {
		f.tied[v] = -1
	}
	if tie {
		p.tiedValues(f)
	}
	f.col = make([]int, p.nvar)
	for v := range f.col {
		if p.isFix[v] || (v >= p.nbase && !inRow[v]) || f.tied[v] >= 0 {
			f.col[v] = -1
			continue
		}
		f.col[v] = f.n
		f.n++
	}
	acc := make([]float64, f.n)
	for i := range p.rows {
		r := &p.rows[i]
		if !kept(r) || p.valueRow(r) >= 0 && f.tied[r.idx[1]] >= 0 {
			continue
		}
		b := r.b
		for j, v := range r.idx {
			if c := f.col[v]; c >= 0 {
				acc[c] += r.val[j]
			} else {
				b -= r.val[j] * p.fixed[v]
			}
		}
		from := len(f.ent)
		for _, v := range r.idx {
			if c := f.col[v]; c >= 0 && acc[c] != 0 {
				f.ent = append(f.ent, lpEntry{c, acc[c]})
				acc[c] = 0
			}
		}
		if len(f.ent) == from {
			if (r.eq && math.Abs(b) > 1e-9) || (!r.eq && b > 1e-9) {
				f.infea = true
				return
			}
			continue
		}
		f.rowz = append(f.rowz, freeRow{from, len(f.ent), b, r.eq})
	}
}

// buildDual writes every row's dual: max sum b_k y_k over the rows' multipliers y (y_k >= 0
// for an inequality, free for an equality: two columns y+ - y-) subject to, per free
// variable j, sum_k a_kj y_k + t_j = c_j with a slack t_j >= 0. As gonum minimises, the
// objective is -b.
func (p *polytope) buildDual() *lpForm {
	f := &lpForm{nvar: p.nvar, rows: append([]lpRow(nil), p.rows...),
		fixed: append([]float64(nil), p.fixed[:p.nvar]...), isFix: append([]bool(nil), p.isFix[:p.nvar]...)}
	p.freeRows(f, nil, true)
	if f.infea || len(f.rowz) == 0 {
		return f
	}
	cols := f.n
	for _, r := range f.rowz {
		cols++
		if r.eq {
			cols++
		}
	}
	f.A = mat.NewDense(f.n, cols, nil)
	f.c = make([]float64, cols)
	k := 0
	for _, r := range f.rowz {
		for _, e := range f.ent[r.from:r.to] {
			f.A.Set(e.c, k, e.a)
		}
		f.c[k] = -r.b
		k++
		if r.eq {
			for _, e := range f.ent[r.from:r.to] {
				f.A.Set(e.c, k, -e.a)
			}
			f.c[k] = r.b
			k++
		}
	}
	for j := 0; j < f.n; j++ {
		f.A.Set(j, k+j, 1)
	}
	return f
}

// solve minimises sum obj[j]*z[idx[j]] subject to the rows whose statement is kept (all rows
// when keep is nil). A numerical failure of the solver returns ok and infea both false.
func (p *polytope) solve(idx []int, obj []float64, keep []bool) lpResult {
	if keep == nil {
		return p.solveOn(p.dualForm(), idx, obj)
	}
	return p.solvePrimal(idx, obj, keep)
}

// solveOn minimises sum obj[j]*z[idx[j]] over the whole polytope, through f, its dual form
// (or a fork of it): it reads p and writes only f's pool and working matrix, so programs
// over the same polytope run side by side on forks of one form.
func (p *polytope) solveOn(f *lpForm, idx []int, obj []float64) lpResult {
	switch {
	case f.infea:
		return lpResult{infea: true}
	case f.A == nil:
		_, c, at := f.fold(idx, obj)
		return lpResult{ok: f.n == 0, f: c + p.constant(idx, obj), z: f.untie(p.point(nil, f.col), at)}
	}
	if r, ok := p.solveDual(f, idx, obj); ok {
		return r
	}
	return p.solvePrimal(idx, obj, nil)
}

// solveDual solves the program through its dual form f; false when that failed (see the
// comment at the top of this file).
func (p *polytope) solveDual(f *lpForm, idx []int, obj []float64) (lpResult, bool) {
	cv, rhs := f.dualRHS(idx, obj)
	xs, ok := f.fromPool(rhs)
	if !ok {
		if xs, ok = f.simplexDual(rhs); !ok {
			return lpResult{}, false
		}
	}
	_, val, at := f.fold(idx, obj)
	for j := range xs {
		val += cv[j] * xs[j]
	}
	return lpResult{ok: true, f: val + p.constant(idx, obj), z: f.untie(p.point(xs, f.col), at)}, true
}

// dualRHS returns the objective over the free variables (fold) and the dual's right-hand
// side: it perturbed.
func (f *lpForm) dualRHS(idx []int, obj []float64) (cv, rhs []float64) {
	cv, _, _ = f.fold(idx, obj)
	rhs = make([]float64, f.n)
	for j := range rhs {
		// A fixed spread of sizes in [perturb/2, perturb], the same on every call.
		rhs[j] = cv[j] + perturb*(0.5+0.5*math.Mod(float64(j+1)*0.6180339887498949, 1))
	}
	return cv, rhs
}

// fromPool returns the primal optimum of a basis of the pool that is feasible for
// right-hand side rhs, if any. The reduced costs of a basis depend only on the dual's
// objective and columns, which every program over the polytope shares: a basis optimal for
// some right-hand side that is also feasible for rhs (its basic variables >= 0) is optimal
// for rhs, and its primal point solves the program without the simplex. Neighbouring
// packages often share that point.
func (f *lpForm) fromPool(rhs []float64) ([]float64, bool) {
	n := len(rhs)
	for i, d := range f.pool {
		// The basic variables one at a time: most bases fail on one of the first.
		feasible := true
		for j := 0; j < n && feasible; j++ {
			row := d.inv[j*n : (j+1)*n]
			s := 0.0
			for k, r := range rhs {
				s += row[k] * r
			}
			feasible = s >= 0
		}
		if feasible {
			copy(f.pool[1:i+1], f.pool[:i])
			f.pool[0] = d
			return d.x, true
		}
	}
	return nil, false
}

// simplexDual solves the dual for right-hand side rhs with gonum's simplex and returns the
// primal optimum over the free variables, keeping the optimal basis in the pool.
func (f *lpForm) simplexDual(rhs []float64) ([]float64, bool) {
	var x []float64
	err := errPanic
	if d := f.nearest(rhs); d != nil {
		x, err = f.warmSimplex(d, rhs)
	}
	if err != nil {
		if start := crashBasis(f.A, rhs); start != nil {
			x, _, err = runSimplex(f.c, f.A, rhs, start)
		}
	}
	if err != nil { // no start, or a numerical failure from it
		if x, _, err = runSimplex(f.c, f.A, rhs, nil); err != nil {
			return nil, false
		}
	}
	// The basis: the columns where x is not zero, n of them when the perturbation made the
	// optimum non-degenerate.
	basis := make([]int, 0, f.n)
	for j, xj := range x {
		if xj != 0 {
			basis = append(basis, j)
		}
	}
	if len(basis) != f.n {
		return nil, false
	}
	B := mat.NewDense(f.n, f.n, nil)
	cb := make([]float64, f.n)
	col := make([]float64, f.n)
	for i, j := range basis {
		mat.Col(col, j, f.A)
		B.SetCol(i, col)
		cb[i] = f.c[j]
	}
	var inv mat.Dense
	if err := inv.Inverse(B); err != nil {
		return nil, false
	}
	d := &dualBasis{inv: make([]float64, 0, f.n*f.n), x: make([]float64, f.n),
		cols: basis, rhs: slices.Clone(rhs), y: make([]float64, f.n)}
	for i := 0; i < f.n; i++ {
		d.inv = append(d.inv, inv.RawRowView(i)...)
		d.y[i] = x[basis[i]]
	}
	// The primal optimum over the free variables: -pi, where pi = B^-T cb.
	for i, c := range cb {
		for j := range d.x {
			d.x[j] -= d.inv[i*f.n+j] * c
		}
	}
	if !f.holds(d.x) {
		return nil, false
	}
	f.keep(d)
	if f.forked {
		f.fresh = append(f.fresh, d)
	}
	return d.x, true
}

// keep puts optimal basis d first in f's pool, dropping the last when the pool is full.
func (f *lpForm) keep(d *dualBasis) {
	if len(f.pool) < f.poolSize() {
		f.pool = append(f.pool, nil)
	}
	copy(f.pool[1:], f.pool)
	f.pool[0] = d
}

// fork returns a copy of f that shares its program (read only) and starts from a copy of
// its pool: its own pool and working matrix, for a program run beside others. The bases a
// fork finds are kept in its fresh, for join.
func (f *lpForm) fork() *lpForm {
	c := *f
	c.pool = slices.Clone(f.pool)
	c.aug, c.augC, c.forked, c.fresh = nil, nil, true, nil
	return &c
}

// join keeps in f's pool the bases that its forks found, fork by fork in order.
func (f *lpForm) join(forks []*lpForm) {
	for _, c := range forks {
		for _, d := range c.fresh {
			f.keep(d)
		}
	}
}

// holds reports whether x (over the free variables) satisfies every row of f and x >= 0,
// within feasTol.
func (f *lpForm) holds(x []float64) bool {
	for _, v := range x {
		if v < -feasTol {
			return false
		}
	}
	for _, r := range f.rowz {
		s := -r.b
		for _, e := range f.ent[r.from:r.to] {
			s += e.a * x[e.c]
		}
		if r.eq && math.Abs(s) > feasTol || !r.eq && s < -feasTol {
			return false
		}
	}
	return true
}

// solvePrimal solves the program in its primal form, built anew: a.z - s = b for
// inequalities (s >= 0), a.z = b for equalities, with b >= 0. Every free variable lies in
// some row (the structure names each), so no column is zero.
func (p *polytope) solvePrimal(idx []int, obj []float64, keep []bool) lpResult {
	f := &lpForm{}
	p.freeRows(f, keep, false)
	m := len(f.rowz)
	switch {
	case f.infea:
		return lpResult{infea: true}
	case m == 0: // nothing free is constrained: only fixed variables are left
		return lpResult{ok: f.n == 0, f: p.constant(idx, obj), z: p.point(nil, f.col)}
	}
	nslack := 0
	for _, r := range f.rowz {
		if !r.eq {
			nslack++
		}
	}
	cols := f.n + nslack
	if cols < m {
		return lpResult{}
	}
	A := mat.NewDense(m, cols, nil)
	b := make([]float64, m)
	s := f.n
	for i, r := range f.rowz {
		sign := 1.0
		if r.b < 0 {
			sign = -1
		}
		for _, e := range f.ent[r.from:r.to] {
			A.Set(i, e.c, sign*e.a)
		}
		b[i] = sign * r.b
		if !r.eq {
			A.Set(i, s, -sign)
			s++
		}
	}
	cv := make([]float64, cols)
	for j, v := range idx {
		if c := f.col[v]; c >= 0 {
			cv[c] += obj[j]
		}
	}
	x, fv, err := runSimplex(cv, A, b, nil)
	switch {
	case err == nil:
		return lpResult{ok: true, f: fv + p.constant(idx, obj), z: p.point(x, f.col)}
	case errors.Is(err, lp.ErrInfeasible), strings.Contains(err.Error(), "infeasible"):
		return lpResult{infea: true}
	}
	return lpResult{}
}

// errPanic stands for a panic of the solver on a degenerate program.
var errPanic = errors.New("lp: the solver panicked")

// runSimplex runs gonum's simplex from the given basis (nil: from scratch); a panic of the
// solver counts as a numerical failure.
func runSimplex(c []float64, A *mat.Dense, b []float64, start []int) (x []float64, f float64, err error) {
	defer func() {
		if recover() != nil {
			x, f, err = nil, 0, errPanic
		}
	}()
	f, x, err = lp.Simplex(c, A, b, 1e-10, start)
	return x, f, err
}

// crashBasis returns a feasible basis of A x = rhs, x >= 0, for a dual whose last n columns
// are its slacks (the identity), or nil when it finds none. It starts from the slacks and,
// while a row's slack would be negative (the most negative first), gives that row a column
// with a negative entry there and none in the rows given one before, at the value that
// zeroes the row; what the column puts in the other rows moves their slacks. The columns
// given form a triangular block, so the basis is non-singular. On a utility's program the
// rows of the values and of the reservation take their structural rows (w_i - x_ik >= 0,
// r <= 1) and the weights' rows the sum of the weights. A start lets gonum's simplex skip
// its first phase.
func crashBasis(A *mat.Dense, rhs []float64) []int {
	n, cols := A.Dims()
	raw := A.RawMatrix()
	at := func(i, k int) float64 { return raw.Data[i*raw.Stride+k] }
	v := append([]float64(nil), rhs...)
	basis := make([]int, n)
	given := make([]bool, n) // the row has a column other than its slack
	used := make([]bool, cols)
	for j := range basis {
		basis[j] = cols - n + j
	}
	for {
		j := -1
		for i := range v {
			if !given[i] && v[i] < 0 && (j < 0 || v[i] < v[j]) {
				j = i
			}
		}
		if j < 0 {
			break
		}
		k := -1
	next:
		for c := 0; c < cols-n; c++ {
			if used[c] || at(j, c) >= 0 {
				continue
			}
			for i := range given {
				if given[i] && at(i, c) != 0 {
					continue next
				}
			}
			k = c
			break
		}
		if k < 0 {
			return nil
		}
		y := v[j] / at(j, k)
		for i := range v {
			if a := at(i, k); a != 0 && i != j {
				v[i] -= a * y
			}
		}
		v[j], given[j], used[k], basis[j] = 0, true, true, k
	}
	return basis
}

// warmSimplex solves the dual for right-hand side rhs starting from d, an optimal basis for
// another right-hand side d.rhs that is infeasible for rhs (else fromPool would have used
// it). The program gets one more column g = rhs - d.rhs, of cost M, and variable s >= 0: at
// s = 1, d's basic values (d.y) solve A y + g s = rhs. Lowering s moves the basic values
// from d.y towards B^-1 rhs; where the first of them reaches zero, g replaces it in the
// basis: a feasible start, near the optimum when rhs is near d.rhs (a neighbouring
// package's program). The value of the program with right-hand side rhs - g s changes by
// at most sum |g_j| per unit of s (every variable of the polytope lies in [0, 1]), so a cost
// M above that makes s = 0 at the optimum: the optimum of the program itself. An error when
// the start or the solve failed, or s stayed in the solution.
func (f *lpForm) warmSimplex(d *dualBasis, rhs []float64) ([]float64, error) {
	n := f.n
	_, cols := f.A.Dims()
	if f.aug == nil {
		f.aug = mat.NewDense(n, cols+1, nil)
		f.aug.Slice(0, n, 0, cols).(*mat.Dense).Copy(f.A)
		f.augC = append(slices.Clone(f.c), 0)
	}
	norm := 0.0
	leave, best := -1, 1.0
	for j := 0; j < n; j++ {
		g := rhs[j] - d.rhs[j]
		f.aug.Set(j, cols, g)
		norm += math.Abs(g)
		u := 0.0
		for k, r := range rhs {
			u += d.inv[j*n+k] * r
		}
		if dj := u - d.y[j]; dj < 0 {
			if t := d.y[j] / -dj; t < best {
				leave, best = j, t
			}
		}
	}
	if leave < 0 {
		return nil, errPanic
	}
	f.augC[cols] = 2 * (1 + norm)
	start := slices.Clone(d.cols)
	start[leave] = cols
	x, _, err := runSimplex(f.augC, f.aug, rhs, start)
	if err != nil {
		return nil, err
	}
	if x[cols] != 0 {
		return nil, errPanic
	}
	return x[:cols], nil
}

// nearest returns the basis of the pool whose basic values for rhs are the least negative
// (summed), nil when the pool is empty.
func (f *lpForm) nearest(rhs []float64) *dualBasis {
	n := len(rhs)
	var best *dualBasis
	low := math.Inf(-1)
	for _, d := range f.pool {
		neg := 0.0
		for j := 0; j < n && neg > low; j++ {
			row := d.inv[j*n : (j+1)*n]
			s := 0.0
			for k, r := range rhs {
				s += row[k] * r
			}
			neg += min(0, s)
		}
		if neg > low {
			best, low = d, neg
		}
	}
	return best
}
