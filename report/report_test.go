package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"math/big"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/report"
)

// buffer is the scenario of a two-party haggle over one number issue with gaps in the range
// the parties can accept.
func buffer(t *testing.T) (*parley.Scenario, *analysis.Result) {
	t.Helper()
	s := &parley.Scenario{
		Name: "buffer",
		Issues: []*parley.Issue{
			{ID: "buffer_km", Name: "Demilitarised strip", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
			{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}},
		},
		Parties: []*parley.Party{
			{ID: "r", Name: "Russia", Role: parley.RoleParty, Profile: &parley.Profile{
				Weights:  map[string]float64{"buffer_km": 0.5, "nato": 0.5},
				Values:   map[string]*parley.ValueFunc{"buffer_km": {Points: []parley.Knot{{X: 0, Y: 0}, {X: 60, Y: 1}}}, "nato": {Options: map[string]float64{"join": 0, "moratorium": 0.5, "renounce": 1}}},
				RedLines: []string{"buffer_km >= 30", "buffer_km != 40"},
			}},
			{ID: "u", Name: "Ukraine", Role: parley.RoleParty, Profile: &parley.Profile{
				Weights:     map[string]float64{"buffer_km": 0.5, "nato": 0.5},
				Values:      map[string]*parley.ValueFunc{"buffer_km": {Points: []parley.Knot{{X: 0, Y: 1}, {X: 60, Y: 0}}}, "nato": {Options: map[string]float64{"join": 1, "moratorium": 0.5, "renounce": 0}}},
				RedLines:    []string{"buffer_km <= 50", "nato != renounce"},
				Reservation: 0.2,
			}},
			{ID: "us", Name: "United States", Role: parley.RoleMediator, Profile: &parley.Profile{
				Weights: map[string]float64{"nato": 1},
				Values:  map[string]*parley.ValueFunc{"nato": {Options: map[string]float64{"join": 0, "moratorium": 1, "renounce": 0.5}}},
			}},
		},
	}
	res, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

func TestText(t *testing.T) {
	s, res := buffer(t)
	var b bytes.Buffer
	if err := report.Text(&b, s, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"parties:   Russia, Ukraine",
		"mediator:  United States",
		"outcomes:  39",
		"Demilitarised strip: 30-35, 45-50 km",
		"nato:                join, moratorium",
		"United States (mediator)",
		"Nash (max product of gains over reservation)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestDocument(t *testing.T) {
	s, res := buffer(t)
	d := report.NewDocument(s, res)
	if got, want := string(d.Outcomes), "39"; got != want {
		t.Errorf("outcomes = %s, want %s", got, want)
	}
	r := d.Ranges["buffer_km"]
	if got, want := r.Text, "30-35, 45-50 km"; got != want {
		t.Errorf("range text = %q, want %q", got, want)
	}
	if *r.Min != 30 || *r.Max != 50 || len(r.Intervals) != 2 {
		t.Errorf("range = %+v, want min 30, max 50, two intervals", r)
	}
	if len(d.Nash) == 0 || d.Nash[0].MediatorUtility["us"] == 0 && d.Nash[0].Outcome["nato"] == "moratorium" {
		t.Errorf("nash = %+v, want a point with the mediator's utility", d.Nash)
	}
	if _, ok := d.Nash[0].Outcome["buffer_km"].(float64); !ok {
		t.Errorf("number value %v is %T, want a JSON number", d.Nash[0].Outcome["buffer_km"], d.Nash[0].Outcome["buffer_km"])
	}

	// Beyond 2^53 the outcome count is a string, so that no reader rounds it.
	res.Outcomes = new(big.Int).Exp(big.NewInt(10), big.NewInt(40), nil)
	res.Acceptable = nil
	b, err := json.Marshal(report.NewDocument(s, res))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"outcomes":"10000000000000000000000000000000000000000"`, `"rational":null`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func TestSVG(t *testing.T) {
	s, res := buffer(t)
	var b bytes.Buffer
	if err := report.SVG(&b, s, res); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
	}
	for _, want := range []string{"utility of Russia", "utility of Ukraine", "Nash", "Pareto frontier"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}

	s.Parties = s.Parties[:1]
	res.Parties = res.Parties[:1]
	if err := report.SVG(io.Discard, s, res); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("SVG of one party: err = %v, want EINVALID", err)
	}
}

// TestTextCounts: counts are exact and readable when lists are cut and numbers are huge.
func TestTextCounts(t *testing.T) {
	s := &parley.Scenario{Name: "flat", Issues: []*parley.Issue{
		{ID: "a", Kind: parley.KindInteger, Min: 0, Max: 5, Step: 1},
		{ID: "b", Kind: parley.KindInteger, Min: 0, Max: 99, Step: 1},
		{ID: "c", Kind: parley.KindInteger, Min: 0, Max: 999, Step: 1},
	}}
	prof := func(lines ...string) *parley.Profile {
		return &parley.Profile{Weights: map[string]float64{"b": 1},
			Values:   map[string]*parley.ValueFunc{"b": {Points: []parley.Knot{{X: 0, Y: 1}, {X: 99, Y: 1}}}},
			RedLines: lines}
	}
	s.Parties = []*parley.Party{
		{ID: "p", Role: parley.RoleParty, Profile: prof("a <= 1")},
		{ID: "q", Role: parley.RoleParty, Profile: prof()},
	}
	res, err := analysis.Analyze(s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res.Outcomes = new(big.Int).Exp(big.NewInt(10), big.NewInt(400), nil)
	var b bytes.Buffer
	if err := report.Text(&b, s, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"outcomes:  10^400\n",
		"Pareto frontier: 600,000 outcomes, 200,000 of them acceptable (100,000 listed in --json)",
		"Nash (max product of gains over reservation): 200,000 tied outcomes",
		"... and 199,995 more (100,000 listed in --json)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	d := report.NewDocument(s, res)
	if string(d.NashCount) != "200000" || !d.NashTruncated || string(d.ParetoAcceptableCount) != "200000" {
		t.Errorf("nash_count %s, nash_truncated %v, pareto_acceptable_count %s", d.NashCount, d.NashTruncated, d.ParetoAcceptableCount)
	}
}

func TestTextBounds(t *testing.T) {
	s, res := buffer(t)
	res.Acceptable, res.AcceptableNote = nil, "not counted: a test"
	res.AcceptableAtLeast = big.NewInt(12)
	res.AcceptableAtMost = new(big.Int).Exp(big.NewInt(3), big.NewInt(300), nil)
	var b bytes.Buffer
	if err := report.Text(&b, s, res); err != nil {
		t.Fatal(err)
	}
	if want := "acceptable outcomes: between 12 and 1.37×10^143 (guaranteed bounds, not an estimate)"; !strings.Contains(b.String(), want) {
		t.Errorf("report lacks %q:\n%s", want, b.String())
	}
	d := report.NewDocument(s, res)
	if string(d.Rational) != "null" || string(d.RationalAtLeast) != "12" || !strings.HasPrefix(string(d.RationalAtMost), `"1368`) {
		t.Errorf("rational %s, at least %s, at most %s", d.Rational, d.RationalAtLeast, d.RationalAtMost)
	}
}
