package redline_test

import (
	"strings"
	"testing"

	"parley"
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

func TestNestingLimit(t *testing.T) {
	s := testScenario()
	nest := func(n int) string {
		return strings.Repeat("(", n) + "buffer_km <= 50" + strings.Repeat(")", n)
	}
	if _, err := redline.Parse(nest(200), s); err != nil {
		t.Errorf("200 parentheses deep: %v", err)
	}
	if _, err := redline.Parse(nest(201), s); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("201 parentheses deep: %v, want an error saying it is nested too deeply", err)
	}
	if _, err := redline.Parse(strings.Repeat("not ", 201)+"nato == join", s); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("201 nots: %v, want an error saying it is nested too deeply", err)
	}
}

func TestReservedWordsQuoted(t *testing.T) {
	s := testScenario()
	s.Issues = append(s.Issues, &parley.Issue{ID: "in", Kind: parley.KindOptions, Options: []string{"or", "x y"}})
	r, err := redline.Parse(`"in" in ["or", "x y"] and "in" != "or"`, s)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Allows(parley.Outcome{0, 0, 0, 1}) || r.Allows(parley.Outcome{0, 0, 0, 0}) {
		t.Error(`"in" != "or" does not select option "x y" only`)
	}
}
