package analysis

import (
	"slices"
)

// Escapes: a partial sum that lies in one box more than another that dominates it can still
// be dropped, when the other dominates it by enough to pay for leaving that box. Let p (in
// the set of boxes S) and q (in T, T \ S = {b}) be partial sums. A completion z that takes p
// to an outcome outside every box either leaves b too, and q+z is an allowed outcome that
// dominates p+z when q dominates p, or stays in b: then z', z with the value of one of b's
// remaining issues r changed to a value w in no box at all, takes q out of every box, and
// q+z' dominates p+z when q - p >= u_r(v) - u_r(w) for the value v that z takes on r. So q
// drops p when q dominates p + s, s the escape of (r, w): the most, over the values v of b
// on r, by which v beats w for each decider (0 where it does not). The same completions
// dominate p's completions that cross a red line (q+z or q+z', outcomes too), so the whole
// frontier loses nothing either.

// escapes returns, per box, the escapes (k each) of its issues merged after position c:
// the least of them (none dominated by another), nil for a box that is not open after c.
func (p *problem) escapes(bp *boxPlan, c int) [][][]float64 {
	k := p.k
	out := make([][][]float64, len(bp.boxes))
	for b, bx := range bp.boxes {
		if bp.first[b] > c || bp.last[b] <= c {
			continue
		}
		var all [][]float64
		for t, i := range bx.issues {
			if i == bp.final {
				continue // a merge for the ranges must keep a witness for every value of final
			}
			cp := slices.IndexFunc(bp.comps, func(cm *comp) bool { return cm.issues[0] == i })
			if cp <= c {
				continue
			}
			cm := bp.comps[cp]
			for w := 0; w < cm.n(); w++ {
				if bp.sig(i, cm.vals[w]).count() > 0 {
					continue
				}
				s := make([]float64, k)
				for v := 0; v < cm.n(); v++ {
					if !bx.ok[t][cm.vals[v]] {
						continue
					}
					for d := 0; d < k; d++ {
						s[d] = max(s[d], cm.u[v*k+d]-cm.u[w*k+d])
					}
				}
				all = append(all, s)
			}
		}
		for x, s := range all {
			if !slices.ContainsFunc(all[:x], func(o []float64) bool { return atLeastTol(s, o) }) &&
				!slices.ContainsFunc(all[x+1:], func(o []float64) bool { return atLeastTol(s, o) && !atLeastTol(o, s) }) {
				out[b] = append(out[b], s)
			}
		}
	}
	return out
}

// escapePrune drops, from the kept points keep[x] of every class x but the forbidden one,
// those that a point of another class (trees.tree(d)) in exactly one box more dominates by an
// escape of that box (see escapes); starts is regrouped.
func (p *problem) escapePrune(bp *boxPlan, c int, cu [][]float64, sets []bitset, keep [][]int32, starts [][]int, trees *classTrees) {
	k := p.k
	esc := p.escapes(bp, c)
	nb := len(bp.boxes)
	var stack []int32
	q := make([]float64, k)
	for x := range keep {
		if len(keep[x]) == 0 || sets[x].has(nb) {
			continue
		}
		type by struct {
			t   *kdTree
			esc [][]float64
		}
		var others []by
		for d := range sets {
			if d == x || !trees.has(d) || sets[d].has(nb) {
				continue
			}
			extra := -1
			for b := 0; b < nb; b++ {
				if sets[d].has(b) && !sets[x].has(b) {
					if extra >= 0 {
						extra = -2
						break
					}
					extra = b
				}
			}
			if extra >= 0 && len(esc[extra]) > 0 {
				others = append(others, by{trees.tree(d), esc[extra]})
			}
		}
		if len(others) == 0 {
			continue
		}
		kept := keep[x][:0:0]
		for _, y := range keep[x] {
			pt := cu[x][int(y)*k : int(y)*k+k]
			drop := slices.ContainsFunc(others, func(o by) bool {
				return slices.ContainsFunc(o.esc, func(s []float64) bool {
					for d := range q {
						q[d] = pt[d] + s[d]
					}
					return o.t.query(q, &stack, false) >= 0
				})
			})
			if !drop {
				kept = append(kept, y)
			}
		}
		if len(kept) < len(keep[x]) {
			// A part of a clustered list is clustered.
			keep[x], starts[x] = kept, adjacentTies(cu[x], k, kept)
		}
	}
}
