package redline_test

import (
	"testing"

	"parley/redline"
)

// TestErrorMessages pins the messages documented in docs/redlines.md.
func TestErrorMessages(t *testing.T) {
	s := testScenario()
	for _, tc := range []struct{ src, want string }{
		{"nato == join & buffer_km < 5", `column 14: unexpected "&"; write "&&"`},
		{"nato == join | buffer_km < 5", `column 14: unexpected "|"; write "||"`},
		{"guarantees > none", `column 12: issue "guarantees" is not ordered, so ">" does not apply; use ==, != or in [...]`},
		{"buffer_km = 50", `column 11: "=" is not an operator; write "==" to compare`},
		{"(buffer_km <= 50", `column 17: expected ")" to close the "(" at column 1, found end of expression`},
		{"bufer_km <= 50", `column 1: unknown issue "bufer_km"; the issues are nato, buffer_km, guarantees`},
	} {
		_, err := redline.Parse(tc.src, s)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) = %v, want %s", tc.src, err, tc.want)
		}
	}
}
