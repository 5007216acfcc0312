package analysis

import (
	"math"
	"math/big"
)

// countBoxesHalves counts the outcomes of a space cut by boxes that reach every reservation
// value, for up to three deciders, by meet in the middle as countHalves does: the issues in
// the plan's order are cut in two halves of about equal size; every partial outcome of the
// first half is listed with its set of boxes at the cut (those outside a box whose issues
// all lie in the first half only), every one of the second with the boxes across the cut
// whose second-half values it takes (those outside a box of the second half only). A pair
// is allowed when no box is in both sets, so the count is that of all pairs less, for each
// first-half set and second-half set that share a box, that of their pairs: the sets of
// boxes hold few partial outcomes, so the subtracted counts are small. ok is false when a
// half has more than countHalves' limit of partial outcomes.
func (p *problem) countBoxesHalves(bp *boxPlan, st []boxStage) (*big.Int, bool) {
	k, m := p.k, len(bp.comps)
	if k > 3 || m < 2 {
		return nil, false
	}
	// The cut: the first position where the first half is at least as large as the second.
	total := 1.0
	for _, c := range bp.comps {
		total *= float64(c.n())
	}
	h, size := 1, float64(bp.comps[0].n())
	for h < m-1 && size*size < total {
		size *= float64(bp.comps[h].n())
		h++
	}
	if math.Max(size, total/size) > halfLimit/8 {
		return nil, false
	}
	r := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	copy(r[:], p.res)
	a := p.boxHalfFirst(bp, st, h)
	b, keys := p.boxHalfSecond(bp, h)
	var allA, allB []float64
	for _, x := range a {
		allA = append(allA, x...)
	}
	for _, y := range b {
		allB = append(allB, y...)
	}
	n := countPairs3(allA, allB, r[:])
	for s, x := range a {
		for ks, y := range b {
			if shares(st[h].tab.sets[s], keys[ks]) {
				n -= countPairs3(x, y, r[:])
			}
		}
	}
	return new(big.Int).SetUint64(n), true
}

// boxHalfFirst lists the partial outcomes of the issues before position h of bp's order
// that no box of those issues alone holds, by their set of boxes at h: their sums, three
// each (0 for a decider past k).
func (p *problem) boxHalfFirst(bp *boxPlan, st []boxStage, h int) map[int32][]float64 {
	k := p.k
	a := map[int32][]float64{} // per set at the cut: first-half sums, three each
	sums := make([]float64, 3)
	var walkA func(c int, s int32)
	walkA = func(c int, s int32) {
		if c == h {
			a[s] = append(a[s], sums...)
			return
		}
		cm := bp.comps[c]
		for v := 0; v < cm.n(); v++ {
			to := st[c].steps.step(s, st[c].cls[v])
			if to < 0 {
				continue
			}
			for i := 0; i < k; i++ {
				sums[i] += cm.u[v*k+i]
			}
			walkA(c+1, to)
			for i := 0; i < k; i++ {
				sums[i] -= cm.u[v*k+i]
			}
		}
	}
	walkA(0, 0)
	return a
}

// boxHalfSecond lists the partial outcomes of the issues from position h of bp's order on
// that no box of those issues alone holds, by the set of boxes across h whose values there
// they take (keys: each key's set): their sums, three each.
func (p *problem) boxHalfSecond(bp *boxPlan, h int) (b map[string][]float64, keys map[string]bitset) {
	k, m := p.k, len(bp.comps)
	sums := make([]float64, 3)
	b, keys = map[string][]float64{}, map[string]bitset{}
	in := make(bitset, bp.words)
	for bx := range bp.boxes {
		if bp.last[bx] >= h {
			in.set(bx)
		}
	}
	var walkB func(c int, in bitset)
	walkB = func(c int, in bitset) {
		if c == m {
			key := make(bitset, bp.words)
			for bx := range bp.boxes {
				switch {
				case !in.has(bx):
				case bp.first[bx] >= h:
					return // inside a box of the second half alone
				default:
					key.set(bx)
				}
			}
			ks := string(bitKey(key))
			b[ks], keys[ks] = append(b[ks], sums...), key
			return
		}
		cm := bp.comps[c]
		i := cm.issues[0]
		for v := 0; v < cm.n(); v++ {
			next := in.clone()
			for _, bx := range bp.boxesOf[i] {
				if !bp.boxes[bx].ok[indexOf(bp.boxes[bx].issues, i)][cm.vals[v]] {
					next.clear(bx)
				}
			}
			for j := 0; j < k; j++ {
				sums[j] += cm.u[v*k+j]
			}
			walkB(c+1, next)
			for j := 0; j < k; j++ {
				sums[j] -= cm.u[v*k+j]
			}
		}
	}
	walkB(h, in)
	return b, keys
}

// bitKey returns the bytes of s, a map key.
func bitKey(s bitset) []byte {
	key := make([]byte, 0, 8*len(s))
	for _, w := range s {
		for x := 0; x < 64; x += 8 {
			key = append(key, byte(w>>x))
		}
	}
	return key
}

func (s bitset) clone() bitset { return append(bitset(nil), s...) }

// shares reports whether s and t have a box in common.
func shares(s, t bitset) bool {
	for w := range s {
		if s[w]&t[w] != 0 {
			return true
		}
	}
	return false
}

func indexOf(is []int, i int) int {
	for t, x := range is {
		if x == i {
			return t
		}
	}
	return -1
}
