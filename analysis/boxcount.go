package analysis

import (
	"math/big"
)

// boxCount counts the outcomes of comps (one single-issue component per issue, over its
// allowed values) that lie in none of the boxes, and finds the values that occur in such an
// outcome, per issue: dynamic programming over the sets of boxes the partial outcomes lie in,
// forward for the counts, backward for the sets from which some completion leaves every box.
// Reservation values play no part: the caller uses it when no outcome falls below one. It
// returns errBoxStates when too many sets are alive at once.
func (p *problem) boxCount(comps []*comp, boxes []box) (*big.Int, [][]bool, error) {
	bp := planBoxes(comps, boxes)
	m := len(bp.comps)
	type stage struct {
		tab   *stateTable
		count []*big.Int
		cls   []int32  // per value of the component: its class of boxes
		sigs  []bitset // per class
		mult  []int64  // per class: its number of values
		steps *stepper
	}
	st := make([]stage, m+1)
	st[0].tab = newStateTable()
	st[0].tab.id(make(bitset, bp.words))
	st[0].count = []*big.Int{big.NewInt(1)}
	for c, cm := range bp.comps {
		i := cm.issues[0]
		sg := &st[c]
		classes := newStateTable()
		for v := 0; v < cm.n(); v++ {
			id := classes.id(bp.sig(i, cm.vals[v]))
			sg.cls = append(sg.cls, id)
			if int(id) == len(sg.mult) {
				sg.mult = append(sg.mult, 0)
			}
			sg.mult[id]++
		}
		sg.sigs = classes.sets
		next := newStateTable()
		sg.steps = p.boxStep(bp, c, sg.tab, sg.sigs, nil, false, next)
		var count []*big.Int
		t := new(big.Int)
		for s, n := range sg.count {
			for g, mult := range sg.mult {
				to := sg.steps.step(int32(s), int32(g))
				if to < 0 {
					continue
				}
				for int(to) >= len(count) {
					count = append(count, new(big.Int))
				}
				count[to].Add(count[to], t.Mul(n, big.NewInt(mult)))
			}
		}
		if len(next.sets) > maxBoxStates {
			return nil, nil, errBoxStates
		}
		st[c+1].tab, st[c+1].count = next, count
	}
	total := new(big.Int)
	for _, n := range st[m].count {
		total.Add(total, n)
	}
	// alive[s] at stage c: some completion from set s leaves every box.
	alive := make([]bool, len(st[m].count))
	for s := range alive {
		alive[s] = true
	}
	ranges := make([][]bool, len(p.s.Issues))
	for i := range ranges {
		ranges[i] = make([]bool, p.sizes[i])
	}
	for c := m - 1; c >= 0; c-- {
		sg := &st[c]
		ok := make([]bool, len(sg.sigs)) // per class: in some acceptable outcome
		was := make([]bool, len(sg.count))
		for s := range sg.count {
			for g := range sg.sigs {
				if to := sg.steps.step(int32(s), int32(g)); to >= 0 && alive[to] {
					ok[g], was[s] = true, true
				}
			}
		}
		cm := bp.comps[c]
		for v, g := range sg.cls {
			if ok[g] {
				ranges[cm.issues[0]][cm.vals[v]] = true
			}
		}
		alive = was
	}
	return total, ranges, nil
}
