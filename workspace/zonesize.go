package workspace

import (
	"math/big"

	"parley/analysis"
)

// Sizes in bytes on a 64-bit machine, for resultSize.
const (
	sizeSlice     = 24 // a slice header
	sizeString    = 16 // a string header
	sizePoint     = 3*sizeSlice + 8
	sizeAlloc     = 16 // what one allocation costs beyond its bytes, with its size class's rounding taken apart
	sizeResultFix = 1024
)

// resultSize estimates the memory r holds, on the safe side: every listed point's outcome
// and utilities (points shared between lists are counted in each), the agreement ranges,
// the conflicts' texts and the exact counts. Allocations are taken rounded up by an eighth
// (Go's size classes waste at most that much) plus a fixed cost each.
func resultSize(r *analysis.Result) int64 {
	n := int64(sizeResultFix)
	n += alloc(8 * (cap(r.Parties) + cap(r.Mediators) + cap(r.Best)))
	for _, l := range [][]analysis.Point{r.Pareto, r.AcceptablePareto, r.Nash, r.KalaiSmorodinsky, r.Egalitarian, r.Utilitarian} {
		n += pointsSize(l)
	}
	for _, rg := range r.Ranges {
		n += 32 + alloc(cap(rg.Allowed))
	}
	n += alloc(32 * cap(r.Ranges))
	for _, c := range r.Conflicts {
		n += sizeSlice + sizeString + alloc(len(c.Text)) + constraintsSize(c.Constraints)
	}
	for _, cs := range r.Relaxations {
		n += sizeSlice + constraintsSize(cs)
	}
	n += int64(len(r.AcceptableNote) + len(r.Method) + len(r.RangesNote) + len(r.ConflictsNote))
	for _, x := range []*big.Int{r.Outcomes, r.Acceptable, r.AcceptableAtLeast, r.AcceptableAtMost, r.AcceptableParetoCount, r.ParetoCount, r.ParetoAcceptableCount, r.NashCount, r.KalaiSmorodinskyCount, r.EgalitarianCount, r.UtilitarianCount} {
		if x != nil {
			n += 32 + alloc(8*len(x.Bits()))
		}
	}
	return n
}

func pointsSize(l []analysis.Point) int64 {
	n := alloc(sizePoint * cap(l))
	for _, p := range l {
		n += alloc(8*cap(p.Outcome)) + alloc(8*cap(p.Utility)) + alloc(8*cap(p.MediatorUtility))
	}
	return n
}

func constraintsSize(cs []analysis.Constraint) int64 {
	n := alloc(48 * cap(cs))
	for _, c := range cs {
		n += alloc(len(c.RedLine))
	}
	return n
}

// alloc estimates the memory one allocation of b bytes takes; nothing when b is 0.
func alloc(b int) int64 {
	if b == 0 {
		return 0
	}
	return int64(b+b/8) + sizeAlloc
}

// uncertainSize estimates the memory r holds, on the safe side as resultSize: the analysis of
// the estimated profiles, those profiles (a value function entry per value and party), the
// listed packages with their bounds and verdicts, and the ranges.
func uncertainSize(r *analysis.UncertainResult) int64 {
	n := int64(sizeResultFix) + alloc(8*cap(r.Parties)+cap(r.Exact)+24*cap(r.Verdicts))
	if r.Estimate != nil {
		n += resultSize(r.Estimate)
	}
	if sc := r.EstimateScenario; sc != nil {
		values := 0
		for _, is := range sc.Issues {
			values += is.Size()
		}
		n += int64(len(r.EstimateProfiles)) * int64(sizeResultFix+len(sc.Issues)*256+values*128)
	}
	for _, l := range [][]analysis.UncertainPoint{r.Certain, r.Possible} {
		n += alloc(4 * sizeSlice * cap(l))
		for _, p := range l {
			n += alloc(8*cap(p.Outcome)) + alloc(8*cap(p.Lo)) + alloc(8*cap(p.Hi)) + alloc(cap(p.Verdicts))
		}
	}
	for _, rg := range append(append([]analysis.Range(nil), r.CertainRanges...), r.PossibleRanges...) {
		n += 32 + alloc(cap(rg.Allowed))
	}
	return n
}
