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
	type ev struct {
		x    [3]float64
		item bool
	}
	lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	var evs []ev
	for i := 0; i+3 <= len(b); i += 3 {
		e := ev{item: true}
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
		e := ev{}
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
	// Ranks of the third coordinate among the items.
	var zs []float64
	for _, e := range evs {
		if e.item {
			zs = append(zs, e.x[2])
		}
	}
	slices.Sort(zs)
	zs = slices.Compact(zs)
	tree := make([]uint32, len(zs)+1)
	// Highest first coordinate first; on ties items before queries, as b may equal the need.
	order := func(j int) func(p, q ev) int {
		return func(p, q ev) int {
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
	slices.SortFunc(evs, order(0))
	var left, right []ev
	var cdq func(lo, hi int)
	cdq = func(lo, hi int) {
		if hi-lo < 2 {
			return
		}
		mid := (lo + hi) / 2
		cdq(lo, mid)
		cdq(mid, hi)
		// Items of the left half (first coordinate high enough) against the queries of the
		// right half.
		left, right = left[:0], right[:0]
		for _, e := range evs[lo:mid] {
			if e.item {
				left = append(left, e)
			}
		}
		for _, e := range evs[mid:hi] {
			if !e.item {
				right = append(right, e)
			}
		}
		if len(left) == 0 || len(right) == 0 {
			return
		}
		slices.SortFunc(left, order(1))
		slices.SortFunc(right, order(1))
		t := 0
		for _, q := range right {
			for t < len(left) && left[t].x[1] >= q.x[1] {
				rk, _ := slices.BinarySearch(zs, left[t].x[2])
				for x := rk + 1; x < len(tree); x += x & -x {
					tree[x]++
				}
				t++
			}
			below, _ := slices.BinarySearch(zs, q.x[2])
			var c uint64
			for x := below; x > 0; x -= x & -x {
				c += uint64(tree[x])
			}
			n += uint64(t) - c
		}
		for _, e := range left[:t] {
			rk, _ := slices.BinarySearch(zs, e.x[2])
			for x := rk + 1; x < len(tree); x += x & -x {
				tree[x]--
			}
		}
	}
	cdq(0, len(evs))
	return n
}
