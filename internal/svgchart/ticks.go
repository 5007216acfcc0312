package svgchart

import (
	"math"
	"strconv"
)

// Ticks returns about n round tick values (1, 2 or 5 times a power of ten apart) covering
// [lo, hi], every one inside it. It returns lo alone when the range is empty or not finite.
func Ticks(lo, hi float64, n int) []float64 {
	if n < 1 {
		n = 1
	}
	if !(hi > lo) || math.IsInf(hi-lo, 0) || math.IsNaN(hi-lo) {
		return []float64{lo}
	}
	step := niceStep((hi - lo) / float64(n))
	first := math.Ceil(lo/step-1e-9) * step
	var out []float64
	for k := 0; ; k++ {
		v := first + float64(k)*step
		if v > hi+step*1e-9 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, v)
	}
	return out
}

// niceStep rounds raw to the nearest of 1, 2, 5 or 10 times a power of ten.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch r := raw / p; {
	case r < 1.5:
		return p
	case r < 3:
		return 2 * p
	case r < 7:
		return 5 * p
	}
	return 10 * p
}

// FormatTick writes a tick value with no more decimals than step needs.
func FormatTick(v, step float64) string {
	d := 0
	if step > 0 && step < 1 {
		d = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}
