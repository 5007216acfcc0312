package redline_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"parley"
	"parley/redline"
)

// FuzzRedline checks that Parse never panics, that every error is a *redline.Error whose
// column lies within the input (or just past its end), and that a parsed red line evaluates
// on every outcome without panicking.
func FuzzRedline(f *testing.F) {
	for _, s := range []string{
		"buffer_km <= 50", "nato in [renounce, moratorium]", "nato == renounce or guarantees == collective",
		"not (nato == join) && buffer_km > 20", `"Security guarantees" != none`, "nato not in [join]",
		"nato >= moratorium", "(((buffer_km > 1e3)))", "buffer_km == -5.5e-1 || !(nato != join)", "",
		`"unterminated`, "nato = join", "buffer_km in [0, 5, 60]", "ü == 1", "guarantees > none",
	} {
		f.Add(s)
	}
	s := testScenario()
	f.Fuzz(func(t *testing.T, src string) {
		r, err := redline.Parse(src, s)
		if err != nil {
			var e *redline.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %v (%T) is not a *redline.Error", src, err, err)
			}
			if n := utf8.RuneCountInString(src); e.Col < 1 || e.Col > n+1 {
				t.Fatalf("Parse(%q) error column %d outside 1..%d: %v", src, e.Col, n+1, e)
			}
			if e.Msg == "" {
				t.Fatalf("Parse(%q) error without a message", src)
			}
			return
		}
		for k, i := range r.Issues {
			if i < 0 || i >= len(s.Issues) || k > 0 && r.Issues[k-1] >= i {
				t.Fatalf("Parse(%q).Issues = %v", src, r.Issues)
			}
		}
		o := make(parley.Outcome, len(s.Issues))
		for o[0] = 0; o[0] < s.Issues[0].Size(); o[0]++ {
			for o[1] = 0; o[1] < s.Issues[1].Size(); o[1]++ {
				for o[2] = 0; o[2] < s.Issues[2].Size(); o[2]++ {
					r.Allows(o)
				}
			}
		}
		if len(r.Issues) == 1 {
			if got, want := len(r.Allowed(s)), s.Issues[r.Issues[0]].Size(); got != want {
				t.Fatalf("Parse(%q).Allowed has %d values, want %d", src, got, want)
			}
		}
	})
}
