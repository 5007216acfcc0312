package negotiate

import (
	"math"
	"slices"
)

// Median returns the median of xs (the mean of the middle two when their number is even),
// or NaN when xs is empty. It sorts xs.
func Median(xs []int) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return float64(xs[m])
	}
	return float64(xs[m-1]+xs[m]) / 2
}
