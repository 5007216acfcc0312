package analysis

import "math"

// thinMin is the smallest set of points that takeK thins with dominance grids before it
// builds its tree.
const thinMin = 4096

// domGridCells is the most cells a dominance grid has (8 MiB of float64).
const domGridCells = 1 << 20

// gridThin leaves out of u (k coordinates per point, n = len(u)/k points) the points that a
// dominance grid proves beaten: over the cells of a grid on every coordinate but v, it
// knows the largest coordinate v of the points in cells above a point's in every other
// coordinate. Such a point beats this one: higher in every coordinate but v, and higher by
// more than Tol in v. It moves the points that remain to the front of u, in their order,
// and returns their positions in u.
//
// A point beaten so may be left out of the Pareto filter without changing its answer: the
// point that beats it dominates every point it dominates, and is itself either kept or
// beaten by a higher one, so that every dominated point keeps a dominator among the points
// kept (the chain ends, as each step raises every coordinate).
func gridThin(u []float64, k, v int, pos []int32) []int32 {
	n := len(u) / k
	g := newDomGrid(u, k, v, n)
	keep := pos[:0]
	m := 0
	for i := 0; i < n; i++ {
		p := u[i*k : i*k+k]
		if g.beaten(p) {
			continue
		}
		copy(u[m*k:m*k+k], p)
		keep = append(keep, pos[i])
		m++
	}
	return keep
}

// domGrid is a dominance grid over the points of a set: see gridThin.
type domGrid struct {
	k, v, per int
	lo, scale []float64 // per coordinate (v's unused): cell = (x - lo) * scale
	// above[x]: the largest coordinate v among the points in cells at least x in every
	// other coordinate (once built).
	above []float64
}

// newDomGrid builds the grid over the n points of u, up to domGridCells cells and about one
// cell for every two points.
func newDomGrid(u []float64, k, v, n int) *domGrid {
	dims := k - 1
	g := &domGrid{k: k, v: v, per: 2, lo: make([]float64, k), scale: make([]float64, k)}
	for {
		cells := 1
		for j := 0; j < dims; j++ {
			cells *= g.per + 1
		}
		if cells > min(n/2, domGridCells) {
			break
		}
		g.per++
	}
	for j := 0; j < k; j++ {
		if j == v {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < n; i++ {
			lo, hi = min(lo, u[i*k+j]), max(hi, u[i*k+j])
		}
		g.lo[j] = lo
		if hi > lo {
			g.scale[j] = float64(g.per) / (hi - lo)
		}
	}
	cells := 1
	for j := 0; j < dims; j++ {
		cells *= g.per
	}
	g.above = make([]float64, cells)
	for x := range g.above {
		g.above[x] = math.Inf(-1)
	}
	for i := 0; i < n; i++ {
		p := u[i*k : i*k+k]
		x := g.cell(p, 0)
		g.above[x] = max(g.above[x], p[v])
	}
	g.sweep(dims, cells)
	return g
}

// sweep turns each cell's maximum into the maximum over the cells at least as high in
// every coordinate: one pass per coordinate, from the top down.
func (g *domGrid) sweep(dims, cells int) {
	per := g.per
	stride := 1
	for j := 0; j < dims; j++ {
		span := stride * per
		for b := 0; b < cells; b += span {
			for c := per - 2; c >= 0; c-- {
				row := g.above[b+c*stride : b+c*stride+stride]
				up := g.above[b+(c+1)*stride : b+(c+1)*stride+stride]
				for t := range row {
					row[t] = max(row[t], up[t])
				}
			}
		}
		stride = span
	}
}

// cell returns the index of p's cell shifted up by d in every coordinate, -1 when that
// leaves the grid. The cell of a coordinate never falls as the coordinate rises, so a point
// in a cell above p's in a coordinate is higher than p there.
func (g *domGrid) cell(p []float64, d int) int {
	x := 0
	for j, val := range p {
		if j == g.v {
			continue
		}
		c := max(0, min(g.per-1, int((val-g.lo[j])*g.scale[j]))) + d
		if c >= g.per {
			return -1
		}
		x = x*g.per + c
	}
	return x
}

// beaten reports whether a point of the set lies in cells above p's in every coordinate
// but v and is higher than p by more than Tol in v.
func (g *domGrid) beaten(p []float64) bool {
	x := g.cell(p, 1)
	return x >= 0 && g.above[x] > p[g.v]+Tol
}
