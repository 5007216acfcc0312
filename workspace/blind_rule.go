package workspace

import (
	"math"
	"strconv"

	"parley"
)

// BlindResult is the one rule that settles a blind overlap round: whether the sealed worst
// values of the parties overlap on issue is, and if so the settlement value under rule.
//
// The overlap is the interval from the greatest at-least value to the least at-most value
// (the issue's minimum and maximum stand in for a side no party takes); the values overlap
// when it is not empty. The midpoint rule settles at its midpoint, moved to the nearest
// value of the issue's grid (Min + k*Step) when one lies inside the overlap; an overlap
// narrower than a step settles at its exact midpoint.
func BlindResult(is *parley.Issue, rule parley.BlindRule, sides map[string]parley.BlindSide, values map[string]float64) (overlap bool, settlement float64) {
	lo, hi := is.Min, is.Max
	for p, side := range sides {
		v := values[p]
		if side == parley.BlindAtLeast {
			lo = math.Max(lo, v)
		} else {
			hi = math.Min(hi, v)
		}
	}
	if lo > hi+blindTol {
		return false, 0
	}
	if lo > hi {
		hi = lo
	}
	mid := (lo + hi) / 2
	if is.Step > 0 {
		g := is.Min + math.Round((mid-is.Min)/is.Step)*is.Step
		if g >= lo-blindTol && g <= hi+blindTol {
			mid = g
		}
	}
	_ = rule // midpoint is the only rule so far
	mid, _ = strconv.ParseFloat(strconv.FormatFloat(mid, 'g', 12, 64), 64)
	return true, mid
}

// blindTol is the tolerance of the overlap's comparisons.
const blindTol = 1e-9
