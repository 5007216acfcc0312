package analysis

import (
	"cmp"
	"math"
	"slices"

	"parley"
)

// The anchor of an ordered screen. Once the party's line cuts through its open packages,
// each screen starts from the open package whose verdict is most in doubt by the linear
// programs rather than by the samples: the package whose least and greatest gain over the
// polytope (U - r, the bounds verdicts are decided by) the line splits most evenly, weighed
// by the share of the other deciders' samples accepting it (only the packages the others
// accept decide the zone). The rest of the screen is picked by the samples (ordered), so
// the marks and the order of the packages beside it settle what the anchor leaves open.

// anchor returns the index into open (among the first maxEval) of the screen's anchor: the
// open package with the greatest min(-least gain, greatest gain) times the share of the
// other deciders' samples accepting it. Only the anchorLPs packages greatest by the same
// weight over the chooser's points (a cheaper, narrower estimate of the bounds) get linear
// programs. It returns false when no package's bounds straddle the line with a positive
// weight.
func (c *chooser) anchor(open []parley.Outcome) (int, bool) {
	n := min(c.nPkg, maxEval)
	share := make([]float64, n)
	cands := make([]int, 0, n)
	proxy := make([]float64, n)
	for e := range n {
		share[e] = c.otherShare(open[e])
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, z := range c.S {
			g := c.m.gain(z, open[e])
			lo, hi = min(lo, g), max(hi, g)
		}
		proxy[e] = min(-lo, hi) * share[e]
		cands = append(cands, e)
	}
	if len(cands) > anchorLPs {
		slices.SortStableFunc(cands, func(a, b int) int { return cmp.Compare(proxy[b], proxy[a]) })
		cands = cands[:anchorLPs]
	}
	best, bestV := -1, 0.0
	for _, e := range cands {
		lo, hi, _, _ := c.m.bounds(open[e], 1, true, true)
		if lo >= -VerdictTol || hi < -VerdictTol {
			continue // settled by the linear programs: nothing to anchor
		}
		if v := min(-lo, hi) * share[e]; v > bestV {
			best, bestV = e, v
		}
	}
	return best, best >= 0
}

// anchorLPs is the number of open packages, those whose gains over the chooser's points the
// line splits most evenly (weighed as the bounds are), whose bounds anchor computes: two
// linear programs each, per question.
const anchorLPs = 24

// otherShare returns the product, over the deciders other than the chooser's, of the share
// of their samples accepting o (a decider known in full counts 1 when it accepts o, else 0).
func (c *chooser) otherShare(o parley.Outcome) float64 {
	share := 1.0
	for _, m := range c.k.models {
		if m == c.m {
			continue
		}
		if m.exact != nil {
			if yes, _ := m.sampleSides(o); !yes {
				return 0
			}
			continue
		}
		if len(m.samples) == 0 {
			continue
		}
		n := 0
		for _, z := range m.samples {
			if m.allows(o) && m.gain(z, o) >= -VerdictTol {
				n++
			}
		}
		share *= float64(n) / float64(len(m.samples))
	}
	return share
}
