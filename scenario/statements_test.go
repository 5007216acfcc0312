package scenario_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"parley"
	"parley/scenario"
)

const partial = `name: partial
issues:
  - id: nato
    options: [join, moratorium, renounce]
  - id: buffer_km
    range: {min: 0, max: 60, step: 5, unit: km}
parties:
  - id: a
    profile:
      red_lines: [buffer_km <= 50]
      statements:
        - prefers: {nato: join, buffer_km: 30}
          to: {nato: renounce, buffer_km: 30}
          strict: true
        - acceptable: {nato: moratorium, buffer_km: 40}
        - unacceptable: {nato: renounce, buffer_km: 0}
        - matters_more: nato
          than: buffer_km
        - better: 40
          than: 10
          issue: buffer_km
        - accept_if: nato == join and buffer_km >= 30
  - id: b
    profile:
      reservation: 0.4
      weights: {nato: 0.5, buffer_km: 0.5}
      statements: []
`

func TestParseStatements(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s, _, err := scenario.Parse("p.yaml", []byte(partial))
		if err != nil {
			t.Fatal(err)
		}
		a := s.Parties[0].Profile
		if !a.Partial || !a.ReservationUnknown || len(a.Weights) != 0 || len(a.Statements) != 6 {
			t.Fatalf("profile a: %+v", a)
		}
		want := []parley.Statement{
			{Kind: parley.StatePrefers, Package: parley.Outcome{0, 6}, Other: parley.Outcome{2, 6}, Strict: true},
			{Kind: parley.StateAcceptable, Package: parley.Outcome{1, 8}},
			{Kind: parley.StateUnacceptable, Package: parley.Outcome{2, 0}},
			{Kind: parley.StateMattersMore, Issue: "nato", OtherIssue: "buffer_km"},
			{Kind: parley.StateBetter, Issue: "buffer_km", Value: parley.Number(40), Than: parley.Number(10)},
			{Kind: parley.StateAcceptIf, Condition: "nato == join and buffer_km >= 30"},
		}
		if !reflect.DeepEqual(a.Statements, want) {
			t.Fatalf("statements\n got %+v\nwant %+v", a.Statements, want)
		}
		b := s.Parties[1].Profile
		if !b.Partial || b.ReservationUnknown || b.Reservation != 0.4 || b.Weights["nato"] != 0.5 || len(b.Values) != 0 {
			t.Fatalf("profile b: %+v", b)
		}
		out, err := scenario.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, _, err := scenario.Parse("p.yaml", out)
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalise(back), normalise(s)) {
			t.Fatalf("round trip differs\n%s", out)
		}
	})
	for _, tc := range []struct {
		name, from, to string
		line, col      int
		field, frag    string
	}{
		{"ErrNoKind", "- acceptable: {nato: moratorium, buffer_km: 40}", "- to: {nato: moratorium, buffer_km: 40}", 15, 11, "parties[0].profile.statements[1]", "a statement needs one of prefers"},
		{"ErrTwoKinds", "- acceptable: {nato: moratorium, buffer_km: 40}", "- acceptable: {nato: moratorium, buffer_km: 40}\n          unacceptable: {nato: join, buffer_km: 0}", 16, 11, "parties[0].profile.statements[1].unacceptable", "a statement says one thing"},
		{"ErrIncompletePackage", "{nato: moratorium, buffer_km: 40}", "{nato: moratorium}", 15, 23, "parties[0].profile.statements[1].acceptable", "gives no value for buffer_km"},
		{"ErrBadOption", "{nato: moratorium, buffer_km: 40}", "{nato: maybe, buffer_km: 40}", 15, 30, "parties[0].profile.statements[1].acceptable.nato", `no option "maybe"`},
		{"ErrOffGrid", "{nato: moratorium, buffer_km: 40}", "{nato: moratorium, buffer_km: 42}", 15, 53, "parties[0].profile.statements[1].acceptable.buffer_km", "42 is not a value of issue"},
		{"ErrMissingTo", "          to: {nato: renounce, buffer_km: 30}\n", "", 12, 11, "parties[0].profile.statements[0].to", "missing"},
		{"ErrUnknownIssue", "than: buffer_km", "than: bufer_km", 18, 17, "parties[0].profile.statements[3].than", `no issue "bufer_km"`},
		{"ErrCondition", "nato == join and", "nato === join and", 22, 29, "parties[0].profile.statements[5].accept_if", "column 8 of condition"},
		{"ErrRectangles", "      statements: []", "      statements: []\n      rectangles: [{utility: 0.1, bounds: {nato: [join]}}]", 28, 7, "parties[1].profile.rectangles", "leave the rectangles out"},
		{"ErrToWithAcceptable", "- acceptable: {nato: moratorium, buffer_km: 40}", "- acceptable: {nato: moratorium, buffer_km: 40}\n          to: {nato: join, buffer_km: 0}", 16, 11, "parties[0].profile.statements[1].to", `field "to" does not go with acceptable`},
		{"ErrUnknownField", "          strict: true", "          strikt: true", 14, 11, "parties[0].profile.statements[0].strikt", "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(partial, tc.from) {
				t.Fatalf("fixture lacks %q", tc.from)
			}
			_, _, err := scenario.Parse("p.yaml", []byte(strings.Replace(partial, tc.from, tc.to, 1)))
			var e *parley.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a *parley.Error", err)
			}
			if e.Line != tc.line || (tc.col != 0 && e.Col != tc.col) || e.Field != tc.field || !strings.Contains(e.Message, tc.frag) {
				t.Fatalf("got %d:%d %s: %s\nwant %d:%d %s: ...%s...", e.Line, e.Col, e.Field, e.Message, tc.line, tc.col, tc.field, tc.frag)
			}
		})
	}
}
