package redline_test

import (
	"strings"
	"testing"

	"parley"
	"parley/redline"
)

// TestEqualityOffGrid checks that == and != on a number issue accept only values of the
// issue, like in [...], instead of silently matching nothing or everything.
func TestEqualityOffGrid(t *testing.T) {
	s := testScenario()
	for _, tc := range []struct {
		src    string
		col    int
		allows parley.Outcome // when col is 0
		denies parley.Outcome
	}{
		{src: "buffer_km == 12", col: 14},
		{src: "buffer_km != 61", col: 14},
		{src: "buffer_km == 15", allows: parley.Outcome{0, 3, 0}, denies: parley.Outcome{0, 4, 0}},
		{src: "buffer_km != 15", allows: parley.Outcome{0, 4, 0}, denies: parley.Outcome{0, 3, 0}},
		{src: "buffer_km == 1.5e1", allows: parley.Outcome{0, 3, 0}, denies: parley.Outcome{0, 2, 0}},
	} {
		r, err := redline.Parse(tc.src, s)
		if tc.col != 0 {
			e, ok := err.(*redline.Error)
			if !ok || e.Col != tc.col || !strings.Contains(e.Msg, "is not a value of issue") {
				t.Errorf("Parse(%q) = %v, want an error at column %d saying it is not a value", tc.src, err, tc.col)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		if !r.Allows(tc.allows) || r.Allows(tc.denies) {
			t.Errorf("%q allows %v: %v, %v: %v", tc.src, tc.allows, r.Allows(tc.allows), tc.denies, r.Allows(tc.denies))
		}
	}
}
