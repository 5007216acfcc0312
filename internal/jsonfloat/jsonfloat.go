// Package jsonfloat writes a float64 exactly as encoding/json does, for the streaming JSON
// writers of package report (parley analyze --json) and package negotiate (tournament
// results), which build their documents by hand.
//
// It imports only the standard library.
package jsonfloat

import (
	"math"
	"strconv"
)

// Append appends x as encoding/json writes a float64, and null for NaN and infinities
// (which encoding/json refuses).
func Append(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	f := byte('f')
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		f = 'e'
	}
	b = strconv.AppendFloat(b, x, f, -1, 64)
	if f == 'e' {
		// encoding/json writes e-9, not e-09.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
