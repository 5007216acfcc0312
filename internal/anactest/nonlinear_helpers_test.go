package anactest_test

import (
	"math"
	"math/big"
)

func bigTen10() *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(10), nil) }

func sum(xs []*big.Int) *big.Int {
	s := new(big.Int)
	for _, x := range xs {
		s.Add(s, x)
	}
	return s
}

// relation says how exact vector v relates to shipped point p: "equal" within shippedTol,
// "dominates", or "".
func relation(v, p []float64) string {
	eq, strict := true, false
	for i := range v {
		if math.Abs(v[i]-p[i]) > shippedTol {
			eq = false
		}
		if v[i] < p[i]-shippedTol {
			return ""
		}
		if v[i] > p[i]+shippedTol {
			strict = true
		}
	}
	switch {
	case eq:
		return "equal"
	case strict:
		return "dominates"
	}
	return ""
}
