package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestChooseScoreGram checks the chooser's score through the Gram matrix of its points
// against the sum it stands for: per part and column, weight·x(n-x)/n, x of the part's n
// points in the column (value orders weighing orderWeight).
func TestChooseScoreGram(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		n := 1 + rng.IntN(chooserPoints)
		c := &chooser{S: make([][]float64, n), full: fullSet(n)}
		c.nPkg = rng.IntN(150)
		cols := c.nPkg + rng.IntN(80)
		c.acc = make([]pset, cols)
		for e := range c.acc {
			p := rng.Float64()
			for j := 0; j < n; j++ {
				if rng.Float64() < p {
					c.acc[e].add(j)
				}
			}
		}
		parts := []pset{c.full}
		for range rng.IntN(8) {
			var cut pset
			for j := 0; j < n; j++ {
				if rng.IntN(2) == 0 {
					cut.add(j)
				}
			}
			parts = split(parts, cut)
		}
		want := 0.0
		total := 0
		for _, part := range parts {
			size := part.count()
			total += size
			for e, a := range c.acc {
				x := a.and(part).count()
				w := 1
				if e >= c.nPkg {
					w = orderWeight
				}
				want -= float64(w*x*(size-x)) / float64(size)
			}
		}
		if total != n {
			t.Fatalf("trial %d: the parts hold %d points, want %d", trial, total, n)
		}
		if got := c.scoreParts(parts); math.Abs(got-want) > 1e-9*math.Max(1, -want) {
			t.Fatalf("trial %d: scoreParts = %v, want %v", trial, got, want)
		}
	}
}

// TestChooseSetOps checks the set of points' operations against a map.
func TestChooseSetOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var a, b pset
	in := map[int][2]bool{}
	for range 200 {
		j := rng.IntN(64 * setWords)
		v := in[j]
		if rng.IntN(2) == 0 {
			a.add(j)
			v[0] = true
		} else {
			b.add(j)
			v[1] = true
		}
		in[j] = v
	}
	and, andNot := a.and(b), a.andNot(b)
	na, nand := 0, 0
	for j := 0; j < 64*setWords; j++ {
		v := in[j]
		if a.has(j) != v[0] || b.has(j) != v[1] || and.has(j) != (v[0] && v[1]) || andNot.has(j) != (v[0] && !v[1]) {
			t.Fatalf("point %d: a %v b %v and %v andNot %v, want %v", j, a.has(j), b.has(j), and.has(j), andNot.has(j), v)
		}
		if v[0] {
			na++
		}
		if v[0] && v[1] {
			nand++
		}
	}
	if a.count() != na || and.count() != nand || len(a.members(nil)) != na {
		t.Fatalf("counts %d %d %d, want %d %d", a.count(), and.count(), len(a.members(nil)), na, nand)
	}
	if !(pset{}).empty() || a.empty() {
		t.Fatal("empty is wrong")
	}
	for _, n := range []int{1, 63, 64 * setWords} {
		f := fullSet(n)
		if f.count() != n || !f.has(n-1) || n < 64*setWords && f.has(n) {
			t.Fatalf("fullSet(%d) is wrong", n)
		}
	}
}
