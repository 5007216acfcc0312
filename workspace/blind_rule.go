package workspace

import (
	"math"
	"strconv"

	"parley"
)

// BlindTerms are what settles a closed blind overlap round: its rule, the sides and sealed
// values of its parties, and what the rule needs besides.
type BlindTerms struct {
	Rule parley.BlindRule
	// RangePercent is the cybersettle rule's range.
	RangePercent float64
	Sides        map[string]parley.BlindSide
	Values       map[string]float64
	// Conceded is, by party, how far it moved toward the other side from its value in its
	// first round on the issue (on the same side) to its value in this round; 0 when it did
	// not move or asked for more. Only the concession rule reads it.
	Conceded map[string]float64
}

// BlindOutcome is a closed round's result.
type BlindOutcome struct {
	Overlap    bool    // the sealed values overlap
	Settled    bool    // the rule settles the round
	Settlement float64 // the settlement value, when Settled
}

// BlindResult is the one rule that settles a blind overlap round on issue is.
//
// Let L be the greatest at-least value and H the least at-most value (the issue's minimum and
// maximum stand in for a side no party takes). The values overlap when L <= H; the overlap is
// the interval [L, H]. Then:
//
//   - midpoint settles on an overlap at (L+H)/2.
//   - concession settles on an overlap at L + f*(H-L), where, with A the total Conceded of
//     the at-least parties and B that of the at-most parties, f = 1/2 + (A-B)/(4(A+B)) (f =
//     1/2 when A+B = 0): the side that conceded more since its first round gets up to three
//     quarters of the overlap, never all of it.
//   - cybersettle settles at (L+H)/2 on an overlap, and also on a gap when L-H is at most
//     RangePercent percent of |L|: each party then accepts a value up to half the gap past
//     its sealed value, which is what taking part in such a round agrees to.
//
// The settlement then moves to the value of the issue's grid (Min + k*Step) nearest to it
// when that value lies between L and H; otherwise it stays exact.
func BlindResult(is *parley.Issue, t *BlindTerms) BlindOutcome {
	lo, hi := is.Min, is.Max
	for p, side := range t.Sides {
		v := t.Values[p]
		if side == parley.BlindAtLeast {
			lo = math.Max(lo, v)
		} else {
			hi = math.Min(hi, v)
		}
	}
	var o BlindOutcome
	o.Overlap = lo <= hi+blindTol
	switch {
	case o.Overlap:
		hi = math.Max(lo, hi)
		f := 0.5
		if t.Rule == parley.BlindConcession {
			f = concessionShare(t)
		}
		o.Settled, o.Settlement = true, onGrid(is, lo+f*(hi-lo), lo, hi)
	case t.Rule == parley.BlindCybersettle && lo-hi <= t.RangePercent/100*math.Abs(lo)+blindTol:
		o.Settled, o.Settlement = true, onGrid(is, (lo+hi)/2, hi, lo)
	}
	return o
}

// concessionShare is the concession rule's share f of the overlap for the at-least side.
func concessionShare(t *BlindTerms) float64 {
	var a, b float64
	for p, side := range t.Sides {
		c := math.Max(0, t.Conceded[p])
		if side == parley.BlindAtLeast {
			a += c
		} else {
			b += c
		}
	}
	if a+b <= blindTol {
		return 0.5
	}
	return 0.5 + (a-b)/(4*(a+b))
}

// onGrid moves x to the nearest value of is's grid when it lies in [lo, hi], and rounds it to
// 12 significant digits.
func onGrid(is *parley.Issue, x, lo, hi float64) float64 {
	if is.Step > 0 {
		g := is.Min + math.Round((x-is.Min)/is.Step)*is.Step
		if g >= lo-blindTol && g <= hi+blindTol {
			x = g
		}
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return x
}

// concededBy is how far value, sealed on side, moved toward the other side from first.
func concededBy(side parley.BlindSide, first, value float64) float64 {
	if side == parley.BlindAtLeast {
		return math.Max(0, first-value)
	}
	return math.Max(0, value-first)
}

// blindTol is the tolerance of the overlap's comparisons.
const blindTol = 1e-9
