package analysis

import "math/bits"

// The question chooser weighs questions against chooserPoints points of the polytope: an
// answer splits them into parts (the points giving one answer), and a question is as good as
// the open verdicts its parts agree on. A set of points is a fixed array of bits.

// chooserPoints is the number of points the chooser weighs questions against. More (256,
// walked from the same samples and witnesses) asked no fewer questions (README).
const chooserPoints = 64

// setWords is the number of 64-bit words of a set of the chooser's points.
const setWords = (chooserPoints + 63) / 64

// pset is a set of the chooser's points, one bit each.
type pset [setWords]uint64

// fullSet returns the set of points 0..n-1.
func fullSet(n int) pset {
	var s pset
	for j := 0; j < n; j++ {
		s.add(j)
	}
	return s
}

func (s *pset) add(j int)     { s[j>>6] |= 1 << (j & 63) }
func (s pset) has(j int) bool { return s[j>>6]>>(j&63)&1 == 1 }
func (s pset) and(t pset) (out pset) {
	for w := range s {
		out[w] = s[w] & t[w]
	}
	return out
}
func (s pset) andNot(t pset) (out pset) {
	for w := range s {
		out[w] = s[w] &^ t[w]
	}
	return out
}

func (s pset) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s pset) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// members appends the points of s to buf.
func (s pset) members(buf []int) []int {
	for w, x := range s {
		for x != 0 {
			buf = append(buf, w<<6+bits.TrailingZeros64(x))
			x &= x - 1
		}
	}
	return buf
}

// split refines parts by column yes: each part splits into its points in yes and the rest.
func split(parts []pset, yes pset) []pset {
	out := make([]pset, 0, 2*len(parts))
	for _, p := range parts {
		if a := p.and(yes); !a.empty() {
			out = append(out, a)
		}
		if b := p.andNot(yes); !b.empty() {
			out = append(out, b)
		}
	}
	return out
}

// gramMatrix fills c.gram: for points s and t, the weighted number of columns (open
// verdicts, and value orders weighing orderWeight) that hold both. Then a part's impurity,
// the sum over columns of weight·x(n-x)/n (x of its n points in the column), is
// (n·Σ gram[s][s] - Σ gram[s][t])/n over its points s and t: its cost is the square of the
// part's size, not the number of columns.
func (c *chooser) gramMatrix() {
	n := len(c.S)
	words := func(cols int) int { return (cols + 63) / 64 }
	np, no := words(c.nPkg), words(len(c.acc)-c.nPkg)
	tp, to := make([]uint64, n*np), make([]uint64, n*no)
	for e, a := range c.acc {
		for _, j := range a.members(nil) {
			if e < c.nPkg {
				tp[j*np+e>>6] |= 1 << (e & 63)
			} else {
				f := e - c.nPkg
				to[j*no+f>>6] |= 1 << (f & 63)
			}
		}
	}
	dot := func(t []uint64, w, a, b int) int64 {
		s := 0
		for k := 0; k < w; k++ {
			s += bits.OnesCount64(t[a*w+k] & t[b*w+k])
		}
		return int64(s)
	}
	c.gram = make([]int64, n*n)
	for a := 0; a < n; a++ {
		for b := a; b < n; b++ {
			g := dot(tp, np, a, b) + orderWeight*dot(to, no, a, b)
			c.gram[a*n+b], c.gram[b*n+a] = g, g
		}
	}
}

// scoreParts is minus the expected Gini impurity of the open verdicts and value orders
// after an answer that splits the points into parts (each a set of points giving one
// answer): per part and column, (points one way)(points the other)/(points of the part).
func (c *chooser) scoreParts(parts []pset) float64 {
	if c.gram == nil {
		c.gramMatrix()
	}
	n := len(c.S)
	total := 0.0
	var buf []int
	for _, part := range parts {
		buf = part.members(buf[:0])
		size := int64(len(buf))
		if size == 0 {
			continue
		}
		var diag, all int64
		for i, s := range buf {
			row := c.gram[s*n:]
			diag += row[s]
			for _, t := range buf[i+1:] {
				all += row[t]
			}
		}
		all = 2*all + diag
		total += float64(size*diag-all) / float64(size)
	}
	return -total
}
