package redline_test

import (
	"strings"
	"testing"

	"parley"
	"parley/redline"
)

func testScenario() *parley.Scenario {
	return &parley.Scenario{Issues: []*parley.Issue{
		{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}, Ordered: true},
		{ID: "buffer_km", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
		{ID: "guarantees", Name: "Security guarantees", Kind: parley.KindOptions, Options: []string{"none", "bilateral", "collective"}},
	}}
}

func TestParse(t *testing.T) {
	s := testScenario()
	for _, tc := range []struct {
		src    string
		issues []int
		allows parley.Outcome
		denies parley.Outcome
	}{
		{"buffer_km <= 50", []int{1}, parley.Outcome{0, 10, 0}, parley.Outcome{0, 11, 0}},
		{"nato in [renounce, moratorium]", []int{0}, parley.Outcome{1, 0, 0}, parley.Outcome{0, 0, 0}},
		{"nato == renounce or guarantees == collective", []int{0, 2}, parley.Outcome{0, 0, 2}, parley.Outcome{1, 0, 1}},
		{"not (nato == join) && buffer_km > 20", []int{0, 1}, parley.Outcome{2, 5, 0}, parley.Outcome{2, 4, 0}},
		{`"Security guarantees" != none`, []int{2}, parley.Outcome{0, 0, 1}, parley.Outcome{0, 0, 0}},
		{"nato not in [join]", []int{0}, parley.Outcome{2, 0, 0}, parley.Outcome{0, 0, 0}},
		{"nato >= moratorium", []int{0}, parley.Outcome{2, 0, 0}, parley.Outcome{0, 0, 0}},
	} {
		r, err := redline.Parse(tc.src, s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.src, err)
		}
		if got, want := r.Issues, tc.issues; len(got) != len(want) || got[0] != want[0] || got[len(got)-1] != want[len(want)-1] {
			t.Errorf("Parse(%q).Issues = %v, want %v", tc.src, got, want)
		}
		if !r.Allows(tc.allows) {
			t.Errorf("%q does not allow %v", tc.src, tc.allows)
		}
		if r.Allows(tc.denies) {
			t.Errorf("%q allows %v", tc.src, tc.denies)
		}
	}
}

func TestParseErrors(t *testing.T) {
	s := testScenario()
	for _, tc := range []struct {
		src  string
		col  int
		frag string
	}{
		{"bufer_km <= 50", 1, "unknown issue"},
		{"buffer_km <= fifty", 14, "takes numbers"},
		{"buffer_km <= 52", 0, ""},
		{"nato in [renounce, maybe]", 20, "no option"},
		{"guarantees > none", 12, "not ordered"},
		{"nato = join", 6, "=="},
		{"(nato == join", 14, "\")\""},
		{"", 1, "empty"},
		{"nato == join and", 17, "expected an issue"},
		{"buffer_km in [52]", 15, "not a value"},
	} {
		_, err := redline.Parse(tc.src, s)
		if tc.frag == "" {
			if err != nil {
				t.Errorf("Parse(%q): %v", tc.src, err)
			}
			continue
		}
		e, ok := err.(*redline.Error)
		if !ok {
			t.Errorf("Parse(%q) = %v, want *redline.Error", tc.src, err)
			continue
		}
		if e.Col != tc.col || !strings.Contains(e.Msg, tc.frag) {
			t.Errorf("Parse(%q) = %v, want column %d containing %q", tc.src, e, tc.col, tc.frag)
		}
	}
}
