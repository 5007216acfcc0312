package scenario_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/scenario"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string // an edit of minimal (see edit), or, starting with "=", a whole file
		line  int    // 0: not checked beyond being set when col is
		col   int
		field string
		frag  string
	}{
		{"ErrNegativeWeight", "nato: 0.5, buffer_km: 0.5|nato: -0.5, buffer_km: 0.5", 12, 23, "parties[0].profile.weights.nato", "negative weight -0.5"},
		{"ErrUnknownIssueInWeights", "nato: 0.5, buffer_km|natoo: 0.5, buffer_km", 12, 17, "parties[0].profile.weights.natoo", `no issue "natoo" in the scenario; the issues are nato, buffer_km`},
		{"ErrWeightsSumZero", "nato: 0.5, buffer_km: 0.5|nato: 0, buffer_km: 0", 12, 16, "parties[0].profile.weights", "sum to 0"},
		{"ErrWeightWithoutValues", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|", 12, 28, "parties[0].profile.weights.buffer_km", "no value function"},
		{"ErrWeightsMissing", "weights: {nato: 0.5, buffer_km: 0.5}|", 11, 7, "parties[0].profile.weights", "missing"},
		{"ErrValueAboveOne", "moratorium: 0.5|moratorium: 1.5", 14, 37, "parties[0].profile.values.nato.moratorium", "value 1.5 is outside [0, 1]"},
		{"ErrMissingOptionValue", "moratorium: 0.5, |", 14, 15, "parties[0].profile.values.nato", "no value for option moratorium"},
		{"ErrUnknownOptionValue", "renounce: 0}|renounce: 0, maybe: 1}", 14, 55, "parties[0].profile.values.nato.maybe", `no option "maybe"; its options are join, moratorium, renounce`},
		{"ErrUnknownIssueInValues", "        nato: {|        natoo: {", 14, 9, "parties[0].profile.values.natoo", `no issue "natoo"`},
		{"ErrPointOutsideRange", "[60, 1]]|[70, 1]]", 15, 41, "parties[0].profile.values.buffer_km[2]", "x 70 is outside issue \"buffer_km\"'s range 0-60 km, step 5"},
		{"ErrPointsNotAscending", "[30, 0.8]|[0, 0.8]", 15, 30, "parties[0].profile.values.buffer_km[1]", "not greater than the previous point's 0"},
		{"ErrPointShape", "[30, 0.8]|[30]", 15, 29, "parties[0].profile.values.buffer_km[1]", "want a point [x, value]"},
		{"ErrRangeGivenOptionValues", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: {a: 1}", 15, 21, "parties[0].profile.values.buffer_km.a", "is a number range (0-60 km, step 5); want a number as key"},
		{"ErrRangeGivenText", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: up", 15, 20, "parties[0].profile.values.buffer_km", "want points [[x, value], ...], a mapping {x: value, ...}, `increasing` or `decreasing`, found \"up\""},
		{"ErrPointMapOutside", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: {0: 1, 65: 0}", 15, 27, "parties[0].profile.values.buffer_km.65", "outside"},
		{"ErrPointMapValue", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: {0: 1, 60: 2}", 15, 31, "parties[0].profile.values.buffer_km.60", "value 2 is outside [0, 1]"},
		{"ErrOptionsGivenPoints", "nato: {join: 1, moratorium: 0.5, renounce: 0}|nato: [[0, 1]]", 14, 15, "parties[0].profile.values.nato", "want a value for each option"},
		{"ErrDuplicateIssue", "id: buffer_km|id: nato", 6, 9, "issues[1].id", `duplicate issue id "nato" (first used on line 3)`},
		{"ErrDuplicateParty", "id: b\n|id: a\n", 18, 9, "parties[1].id", `duplicate party id "a"`},
		{"ErrDuplicateOption", "[join, moratorium, renounce]|[join, join, renounce]", 4, 21, "issues[0].options[1]", `duplicate option "join"`},
		{"ErrDuplicateKey", "reservation: 0.3|reservation: 0.3\n      reservation: 0.4", 12, 7, "parties[0].profile.reservation", "duplicate key"},
		{"ErrUnknownIssueField", "ordered: true|orderd: true", 5, 5, "issues[0].orderd", "unknown field \"orderd\"; an issue accepts id, name, options, ordered, range"},
		{"ErrUnknownTopField", "name: tiny|nmae: tiny", 1, 1, "nmae", "accepts name, description, issues, parties"},
		{"ErrUnknownProfileField", "reservation: 0.3|reservaton: 0.3", 11, 7, "parties[0].profile.reservaton", "reservation, weights, values, red_lines, rectangles, discount"},
		{"ErrReservationAboveOne", "reservation: 0.3|reservation: 1.3", 11, 20, "parties[0].profile.reservation", "reservation value 1.3 is outside [0, 1]"},
		{"ErrReservationText", `reservation: 0.3|reservation: "0.3"`, 11, 20, "parties[0].profile.reservation", `want a number, found "0.3"`},
		{"ErrDiscount", "reservation: 0.3|discount: 2", 11, 17, "parties[0].profile.discount", "outside [0, 1]"},
		{"ErrStepZero", "step: 5|step: 0", 7, 36, "issues[1].range.step", "step 0 must be greater than 0"},
		{"ErrStepNegative", "step: 5|step: -1", 7, 36, "issues[1].range.step", "greater than 0"},
		{"ErrMaxBelowMin", "max: 60|max: -5", 7, 26, "issues[1].range.max", "max -5 is below min 0"},
		{"ErrRangeMissingMax", "max: 60, |", 7, 12, "issues[1].range.max", "missing"},
		{"ErrTooManyValues", "max: 60, step: 5|max: 1e9, step: 5", 7, 37, "issues[1].range.step", "at most 10000000 per issue"},
		{"ErrInfinite", "max: 60|max: .inf", 7, 26, "issues[1].range.max", "finite"},
		{"ErrRealFalse", "step: 5, unit: km|step: 2.5, unit: km, real: false", 7, 57, "issues[1].range.real", "real is false"},
		{"ErrRealNoStep", "step: 5, unit: km|unit: km, real: true", 7, 12, "issues[1].range.step", "needs a step"},
		{"ErrOptionsAndRange", "ordered: true|ordered: true\n    range: {min: 0, max: 1}", 6, 5, "issues[0].range", "either options or a range"},
		{"ErrNoOptionsNorRange", "    options: [join, moratorium, renounce]\n    ordered: true\n|", 3, 5, "issues[0]", "needs `options: [a, b, ...]` or `range:"},
		{"ErrOrderedRange", "unit: km}|unit: km}\n    ordered: true", 8, 5, "issues[1].ordered", "only an options issue"},
		{"ErrNoOptions", "[join, moratorium, renounce]|[]", 4, 14, "issues[0].options", "at least one"},
		{"ErrOrderedNotBool", "ordered: true|ordered: maybe", 5, 14, "issues[0].ordered", "want true or false"},
		{"ErrRole", "role: mediator|role: boss", 19, 11, "parties[1].role", "unknown role \"boss\"; a role is party, mediator or observer"},
		{"ErrNoDecidingParty", "  - id: a\n|  - id: a\n    role: observer\n", 9, 3, "parties", "no party of role `party`"},
		{"ErrIDEmpty", "id: b\n|id: \"\"\n", 18, 9, "parties[1].id", "an id is required"},
		{"ErrIDMissing", "  - id: b\n    role: mediator|  - role: mediator", 18, 5, "parties[1].id", "missing"},
		{"ErrIDSpaces", "id: b\n|id: \" b\"\n", 18, 9, "parties[1].id", "leading or trailing spaces"},
		{"ErrRedLineUnknownIssue", "- buffer_km >= 10|- bufer_km >= 10", 17, 11, "parties[0].profile.red_lines[0]", `unknown issue "bufer_km"; the issues are nato, buffer_km (column 1 of red line`},
		{"ErrRedLineColumn", "- buffer_km >= 10|- buffer_km >= 10 and nato == joinn", 17, 39, "parties[0].profile.red_lines[0]", `issue "nato" has no option "joinn"; its options are join, moratorium, renounce (column 29 of red line`},
		{"ErrRedLineQuoted", `- buffer_km >= 10|- "buffer_km >= ten"`, 17, 25, "parties[0].profile.red_lines[0]", "takes numbers"},
		{"ErrRedLineOffGrid", "- buffer_km >= 10|- buffer_km in [12]", 17, 25, "parties[0].profile.red_lines[0]", "12 is not a value of issue \"buffer_km\""},
		{"ErrRedLineSyntax", "- buffer_km >= 10|- buffer_km = 10", 17, 21, "parties[0].profile.red_lines[0]", `"=" is not an operator`},
		{"ErrRedLineEmpty", "- buffer_km >= 10|- \"\"", 17, 12, "parties[0].profile.red_lines[0]", "empty red line"},
		{"ErrRedLinesNotList", "      red_lines:\n        - buffer_km >= 10|      red_lines: buffer_km >= 10", 16, 18, "parties[0].profile.red_lines", "want a list of red lines"},
		{"ErrMediatorRedLine", "role: mediator|role: mediator\n    profile:\n      weights: {nato: 1}\n      values: {nato: {join: 1, moratorium: 1, renounce: 1}}\n      red_lines: [natto == join]", 23, 19, "parties[1].profile.red_lines[0]", "unknown issue"},
		{"ErrRectangleOption", "red_lines:|rectangles: [{utility: 0.1, bounds: {nato: [jion]}}]\n      red_lines:", 16, 51, "parties[0].profile.rectangles[0].bounds.nato[0]", `no option "jion"`},
		{"ErrRectangleIssue", "red_lines:|rectangles: [{utility: 0.1, bounds: {natoo: [join]}}]\n      red_lines:", 16, 44, "parties[0].profile.rectangles[0].bounds.natoo", `no issue "natoo"`},
		{"ErrRectangleBound", "red_lines:|rectangles: [{utility: 0.1, bounds: {buffer_km: {min: 10, max: 5}}}]\n      red_lines:", 16, 70, "parties[0].profile.rectangles[0].bounds.buffer_km.max", "below min"},
		{"ErrRectangleUtilityRange", "red_lines:|rectangles: [{utility: 5, bounds: {nato: [join]}}]\n      red_lines:", 16, 30, "parties[0].profile.rectangles[0].utility", "between -1 and 1"},
		{"ErrRectangleNoUtility", "red_lines:|rectangles: [{bounds: {nato: [join]}}]\n      red_lines:", 16, 20, "parties[0].profile.rectangles[0].utility", "missing"},
		{"ErrIssuesMissing", "=name: x\nparties: []\n", 1, 1, "issues", "missing"},
		{"ErrIssuesEmpty", "=issues: []\nparties: []\n", 1, 9, "issues", "at least one"},
		{"ErrIssuesNotList", "=issues: {a: 1}\n", 1, 9, "issues", "want a list of issues, found a mapping"},
		{"ErrNotMapping", "=[1, 2]\n", 1, 1, "", "want a scenario"},
		{"ErrScalarDocument", "=hello\n", 1, 1, "", "want a scenario"},
		{"ErrEmpty", "=", 0, 0, "", "empty file"},
		{"ErrOnlyComment", "=# nothing\n", 0, 0, "", "empty"},
		{"ErrNullDocument", "=~\n", 1, 1, "", "empty document"},
		{"ErrTwoDocuments", "=" + minimal + "---\nname: again\n", 20, 1, "", "a second YAML document"},
		{"ErrUnclosedFlow", "[join, moratorium, renounce]|[join, moratorium, renounce", 4, 0, "", "malformed YAML"},
		{"ErrTab", "    ordered: true|\tordered: true", 5, 0, "", "malformed YAML"},
		{"ErrBadIndent", "    ordered: true|      ordered: true", 5, 0, "", "malformed YAML"},
		{"ErrAnchor", "ordered: true|ordered: &o true", 5, 14, "", "anchors (&o) are not supported"},
		{"ErrAlias", "ordered: true|ordered: &o true\n    name: *o", 5, 14, "", "not supported"},
		{"ErrKeyNotScalar", "name: tiny|[a]: tiny", 1, 1, "", "a key must be a plain name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var src string
			if rest, ok := strings.CutPrefix(tc.src, "="); ok {
				src = rest
			} else {
				src = edit(t, minimal, tc.src)
			}
			s, _, err := scenario.Parse("tiny.yaml", []byte(src))
			if err == nil {
				t.Fatalf("Parse = %+v, nil error; want an error containing %q", s, tc.frag)
			}
			var e *parley.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse error %v (%T) is not a *parley.Error", err, err)
			}
			if e.Code != parley.EINVALID || e.File != "tiny.yaml" {
				t.Errorf("code %q, file %q; want %q, tiny.yaml", e.Code, e.File, parley.EINVALID)
			}
			if e.Line != tc.line || (tc.col != 0 && e.Col != tc.col) || e.Field != tc.field || !strings.Contains(e.Message, tc.frag) {
				t.Errorf("Parse error\n got %d:%d %q %q\nwant %d:%d %q ...%s...", e.Line, e.Col, e.Field, e.Message, tc.line, tc.col, tc.field, tc.frag)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	data := make([]byte, scenario.MaxFileSize+1)
	_, _, err := scenario.Parse("big.yaml", data)
	if got, want := parley.ErrorCode(err), parley.EINVALID; got != want {
		t.Fatalf("code = %q (%v), want %q", got, err, want)
	}
	if !strings.Contains(err.Error(), "big.yaml: file is larger than 64 MiB") {
		t.Errorf("error = %v", err)
	}
}

// TestParseErrorsAll checks that the problems of independent parts are all reported, in
// file order, and that errors.As still finds the first.
func TestParseErrorsAll(t *testing.T) {
	src := `name: multi
issues:
  - {id: x, options: [a, b]}
  - {id: n, range: {min: 0, max: 10}}
parties:
  - id: p
    profile:
      weights: {x: 1, n: 1}
      values: {x: {a: 1, b: 0, c: 3}, n: [[0, 0], [10, 1]]}
      reservation: 2
      red_lines:
        - y == b
        - x == q
  - id: q
    role: boss
    profile:
      weights: {x: 1}
      values: {x: {a: 0, b: 1}}
`
	_, _, err := scenario.Parse("multi.yaml", []byte(src))
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v (%T) joins nothing", err, err)
	}
	var got []string
	for _, e := range j.Unwrap() {
		pe := e.(*parley.Error)
		got = append(got, fmt.Sprintf("%d %s", pe.Line, pe.Field))
	}
	want := []string{"9 parties[0].profile.values.x.c", "10 parties[0].profile.reservation", "12 parties[0].profile.red_lines[0]",
		"13 parties[0].profile.red_lines[1]", "15 parties[1].role"}
	if !slices.Equal(got, want) {
		t.Errorf("errors\n got %q\nwant %q", got, want)
	}
	var first *parley.Error
	if !errors.As(err, &first) || first.Line != 9 {
		t.Errorf("errors.As finds %v, want the problem on line 9", first)
	}
}

// TestParseHugeList: a 60 MB YAML list took 7.3 GB and 59 s before its error (issue 15). It
// is refused before parsing, with the reason.
func TestParseHugeList(t *testing.T) {
	data := []byte("issues:\n" + strings.Repeat("- 1\n", 15_000_000))
	_, _, err := scenario.Parse("huge.yaml", data)
	if got, want := parley.ErrorCode(err), parley.EINVALID; got != want {
		t.Fatalf("code = %q (%v), want %q", got, err, want)
	}
	if !strings.Contains(err.Error(), "huge.yaml: the file holds up to") {
		t.Errorf("error = %v", err)
	}
}
