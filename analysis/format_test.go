package analysis_test

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"parley/analysis"
	"parley/internal/synth"
)

func TestFormatCount(t *testing.T) {
	pow := func(e int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil) }
	three := new(big.Int).Exp(big.NewInt(3), big.NewInt(300), nil) // 1.3689...×10^143
	for _, tc := range []struct {
		n    *big.Int
		want string
	}{
		{big.NewInt(0), "0"},
		{big.NewInt(999), "999"},
		{big.NewInt(1944000), "1,944,000"},
		{big.NewInt(600000), "600,000"},
		{pow(40), "10^40"},
		{pow(400), "10^400"},
		{new(big.Int).Mul(big.NewInt(25), pow(39)), "2.5×10^40"},
		{new(big.Int).Sub(pow(20), big.NewInt(1)), "99,999,999,999,999,999,999"},
		{three, "about 1.37×10^143"},
		{new(big.Int).Sub(pow(50), big.NewInt(1)), "about 1.00×10^50"},
		{nil, "unknown"},
	} {
		if got := analysis.FormatCount(tc.n); got != tc.want {
			t.Errorf("FormatCount(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestFormatBound(t *testing.T) {
	three := new(big.Int).Exp(big.NewInt(3), big.NewInt(300), nil) // 1.3689...×10^143
	if got, want := analysis.FormatBound(three, false), "1.36×10^143"; got != want {
		t.Errorf("lower bound %q, want %q", got, want)
	}
	if got, want := analysis.FormatBound(three, true), "1.37×10^143"; got != want {
		t.Errorf("upper bound %q, want %q", got, want)
	}
	if got, want := analysis.FormatBound(big.NewInt(1944000), true), "1,944,000"; got != want {
		t.Errorf("exact bound %q, want %q", got, want)
	}
}

// TestRefusalNumbers: the numbers in messages are never "+Inf" nor a mantissa of 10.
func TestRefusalNumbers(t *testing.T) {
	for _, n := range []int{39, 40, 400} {
		s := wide(n, 10)
		s.Parties[1].Profile.Rectangles = nil
		s.Parties[0].Profile.RedLines = []string{"x0 <= 3 or x1 <= 3 or x2 <= 3 or x3 <= 3 or x4 <= 3 or x5 <= 3 or x6 <= 3"}
		_, err := analysis.Analyze(s, analysis.Options{})
		if err == nil {
			t.Fatalf("%d issues: no error", n)
		}
		if msg := err.Error(); strings.Contains(msg, "Inf") || strings.Contains(msg, "10.0×") || !strings.Contains(msg, fmt.Sprintf("10^%d)", n)) {
			t.Errorf("%d issues: %s", n, msg)
		}
	}
}

// TestEarlyRefusal: a merge whose frontier grows beyond the budget is refused with the
// estimate and the budget that would do, and the estimate lets it finish.
func TestEarlyRefusal(t *testing.T) {
	s := synthetic(1, 3, synth.Sizes(16, 8), 0)
	_, err := analysis.Analyze(s, analysis.Options{MaxWork: 1e6})
	if !errors.Is(err, analysis.ErrNoExactMethod) {
		t.Fatalf("error %v, want ErrNoExactMethod", err)
	}
	need, ok := analysis.NeededWork(err)
	if !ok || need <= 1e6 {
		t.Fatalf("NeededWork = %v, %v; error %v", need, ok, err)
	}
	if !strings.Contains(err.Error(), "grows so that the remaining merges would weigh about") {
		t.Errorf("error %q gives no estimate", err)
	}
	r, err := analysis.Analyze(s, analysis.Options{MaxWork: 2 * need})
	if err != nil {
		t.Fatalf("with MaxWork %g: %v", 2*need, err)
	}
	if r.ParetoCount.Sign() == 0 {
		t.Error("empty frontier")
	}
}
