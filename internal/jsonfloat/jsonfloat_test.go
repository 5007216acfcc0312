package jsonfloat_test

import (
	"encoding/json"
	"math"
	"testing"

	"parley/internal/jsonfloat"
)

func TestAppendAsEncodingJSON(t *testing.T) {
	for _, x := range []float64{0, 1, -1, 0.1, 1.0 / 3, 1e-6, 9.99e-7, 1e-9, -2.5e-12, 1e20, 1e21, 1.5e300, math.SmallestNonzeroFloat64, math.MaxFloat64} {
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonfloat.Append(nil, x); string(got) != string(want) {
			t.Errorf("%v: got %s, want %s", x, got, want)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := string(jsonfloat.Append(nil, x)); got != "null" {
			t.Errorf("%v: got %s, want null", x, got)
		}
	}
}

func FuzzAppend(f *testing.F) {
	f.Add(0.5)
	f.Fuzz(func(t *testing.T, x float64) {
		want, err := json.Marshal(x)
		if err != nil {
			return // NaN and infinities
		}
		if got := jsonfloat.Append(nil, x); string(got) != string(want) {
			t.Fatalf("%v: got %s, want %s", x, got, want)
		}
	})
}
