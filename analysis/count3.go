package analysis

import (
	"math"
	"slices"
)

// countPairs3 counts the pairs (a, b) of partial sums of three deciders (three values per
// entry of a and of b) with a_j + b_j >= r_j - Tol for every j: offline dominance counting,
// by divide and conquer over the first coordinate, a sweep over the second and a Fenwick tree
// over the third, in O(n log² n).
func countPairs3(a, b, r []float64) uint64 {
	evs, n := pairEvents3(a, b, r)
	// Ranks of the third coordinate among the items.
	var zs []float64
	for _, e := range evs {
		if e.item {
			zs = append(zs, e.x[2])
		}
	}
	slices.Sort(zs)
	zs = slices.Compact(zs)
	slices.SortFunc(evs, ev3Order(0))
	c := &cdq3{evs: evs, zs: zs, tree: make([]uint32, len(zs)+1)}
	c.solve(0, len(evs))
	return n + c.n
}

// ev3 is an event of countPairs3: an item (an entry of b) or a query (what an entry of a
// needs b to reach).
type ev3 struct {
	x    [3]float64
	item bool
}

// pairEvents3 returns the events of countPairs3 and the number of pairs it settles at once:
// an entry of a that every entry of b completes counts them all and is no query; one that no
// entry of b can complete is dropped.
func pairEvents3(a, b, r []float64) ([]ev3, uint64) {
	lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	var evs []ev3
	for i := 0; i+3 <= len(b); i += 3 {
		e := ev3{item: true}
		for j := 0; j < 3; j++ {
			e.x[j] = b[i+j]
			lo[j], hi[j] = math.Min(lo[j], e.x[j]), math.Max(hi[j], e.x[j])
		}
		evs = append(evs, e)
	}
	nb := uint64(len(evs))
	var n uint64
queries:
	for i := 0; i+3 <= len(a); i += 3 {
		e := ev3{}
		all := true
		for j := 0; j < 3; j++ {
			e.x[j] = r[j] - Tol - a[i+j] // what b must reach
			if e.x[j] > hi[j] {
				continue queries
			}
			if e.x[j] > lo[j] {
				all = false
			}
		}
		if all {
			n += nb
			continue
		}
		evs = append(evs, e)
	}
	return evs, n
}

// ev3Order orders events by coordinate j, highest first; on ties items before queries, as b
// may equal the need.
func ev3Order(j int) func(p, q ev3) int {
	return func(p, q ev3) int {
		switch {
		case p.x[j] > q.x[j]:
			return -1
		case p.x[j] < q.x[j]:
			return 1
		case p.item && !q.item:
			return -1
		case !p.item && q.item:
			return 1
		}
		return 0
	}
}

// cdq3 is the divide and conquer of countPairs3 over events sorted by the first coordinate.
type cdq3 struct {
	evs         []ev3
	zs          []float64 // the items' distinct third coordinates, ascending
	tree        []uint32  // Fenwick tree over the ranks in zs
	left, right []ev3
	n           uint64 // pairs counted
}

// solve counts the pairs of an item and a query both in evs[lo:hi], the item first.
func (c *cdq3) solve(lo, hi int) {
	if hi-lo < 2 {
		return
	}
	mid := (lo + hi) / 2
	c.solve(lo, mid)
	c.solve(mid, hi)
	c.cross(lo, mid, hi)
}

// cross counts the items of the left half (first coordinate high enough) against the queries
// of the right half: a sweep over the second coordinate, the Fenwick tree over the third.
func (c *cdq3) cross(lo, mid, hi int) {
	c.left, c.right = c.left[:0], c.right[:0]
	for _, e := range c.evs[lo:mid] {
		if e.item {
			c.left = append(c.left, e)
		}
	}
	for _, e := range c.evs[mid:hi] {
		if !e.item {
			c.right = append(c.right, e)
		}
	}
	if len(c.left) == 0 || len(c.right) == 0 {
		return
	}
	left, right, tree := c.left, c.right, c.tree
	slices.SortFunc(left, ev3Order(1))
	slices.SortFunc(right, ev3Order(1))
	t := 0
	for _, q := range right {
		for t < len(left) && left[t].x[1] >= q.x[1] {
			rk, _ := slices.BinarySearch(c.zs, left[t].x[2])
			for x := rk + 1; x < len(tree); x += x & -x {
				tree[x]++
			}
			t++
		}
		below, _ := slices.BinarySearch(c.zs, q.x[2])
		var m uint64
		for x := below; x > 0; x -= x & -x {
			m += uint64(tree[x])
		}
		c.n += uint64(t) - m
	}
	for _, e := range left[:t] {
		rk, _ := slices.BinarySearch(c.zs, e.x[2])
		for x := rk + 1; x < len(tree); x += x & -x {
			tree[x]--
		}
	}
}
