package genius_test

import (
	"errors"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"parley"
	"parley/genius"
)

func mustReadDir(tb testing.TB, dir string) *parley.Scenario {
	tb.Helper()
	s, _, err := genius.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestReadDirShared loads every shared GENIUS domain and checks its shape against the
// table in the data's SOURCES.md.
func TestReadDirShared(t *testing.T) {
	tests := []struct {
		folder        string
		issues        int
		outcomes      string
		parties       int
		reservation   float64
		discount      float64
		nonlinearRect int // rectangles per profile, non-linear domains only
	}{
		{"NiceOrDie", 1, "3", 2, 0, 0, 0},
		{"Fifty2013", 1, "11", 2, 0.5, 0.25, 0},
		{"Laptop", 3, "27", 2, 0, 0.42441038, 0},
		{"IntegerDomain", 2, "121", 2, 0, 0, 0},
		{"ItexvsCypress", 4, "180", 2, 0, 0, 0},
		{"EnglandZimbabwe", 5, "576", 2, 0, 0, 0},
		{"SmartEnergyGrid", 3, "984", 3, 0, 1, 0},
		{"Grocery", 5, "1600", 2, 0, 0.805562132, 0},
		{"Amsterdam", 6, "3024", 2, 0, 0, 0},
		{"Camera", 6, "3600", 2, 0, 0.890596104, 0},
		{"SmartPhone", 6, "12000", 2, 0.6, 0.87, 0},
		{"Kitchen", 6, "15625", 2, 0, 0.8, 0},
		{"Politics", 8, "23040", 3, 0, 1, 0},
		{"Wholesaler", 7, "56700", 2, 0.5, 1, 0},
		{"SupermarketA", 6, "112896", 2, 0.5, 0.75, 0},
		{"Travel", 7, "188160", 2, 0, 0, 0},
		{"KillerRobot", 6, "240000", 5, 0, 1, 0},
		{"Energy", 8, "390625", 2, 0, 0, 0},
		{"SixIssues", 6, "1000000", 2, 0, 1, 0},
		{"AMPOvsCity", 10, "1944000", 2, 0, 0, 0},
	}
	if got, want := len(folders(t, "domains")), len(tests); got != want {
		t.Errorf("%d shared domains, the table lists %d", got, want)
	}
	for _, tt := range tests {
		t.Run(tt.folder, func(t *testing.T) {
			s := mustReadDir(t, filepath.Join(sharedDir(t, "domains"), tt.folder))
			if got := len(s.Issues); got != tt.issues {
				t.Errorf("issues: got %d, want %d", got, tt.issues)
			}
			if got := s.Size().String(); got != tt.outcomes {
				t.Errorf("outcomes: got %s, want %s", got, tt.outcomes)
			}
			if got := len(s.Parties); got != tt.parties {
				t.Fatalf("parties: got %d, want %d", got, tt.parties)
			}
			for _, p := range s.Parties {
				if p.Role != parley.RoleParty || p.ID == "" || p.Name != p.ID {
					t.Errorf("party %+v: want role party and name = id", p)
				}
				if got, want := p.Profile.Reservation, tt.reservation; got != want {
					t.Errorf("%s reservation: got %v, want %v", p.ID, got, want)
				}
				if got, want := p.Profile.Discount, tt.discount; math.Abs(got-want) > 1e-12 {
					t.Errorf("%s discount: got %v, want %v", p.ID, got, want)
				}
				if _, err := s.Compile(p.Profile); err != nil {
					t.Errorf("%s: compile: %v", p.ID, err)
				}
			}
		})
	}
}

// utility evaluates party's utility of the outcome given by value strings (issue order).
func utility(tb testing.TB, s *parley.Scenario, party string, values ...string) float64 {
	tb.Helper()
	p, err := s.Party(party)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := s.Compile(p.Profile)
	if err != nil {
		tb.Fatal(err)
	}
	o := make(parley.Outcome, len(s.Issues))
	for i, is := range s.Issues {
		var v parley.Value
		if is.Kind == parley.KindOptions {
			v = parley.Option(values[i])
		} else {
			x, ok := parseFloat(values[i])
			if !ok {
				tb.Fatalf("bad number %q", values[i])
			}
			v = parley.Number(x)
		}
		k, ok := is.Index(v)
		if !ok {
			tb.Fatalf("issue %q has no value %q", is.ID, values[i])
		}
		o[i] = k
	}
	return u.Utility(o)
}

func parseFloat(s string) (float64, bool) {
	var x float64
	var frac, sign float64 = 0, 1
	if strings.HasPrefix(s, "-") {
		sign, s = -1, s[1:]
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			if frac > 0 {
				x += float64(c-'0') / frac
				frac *= 10
			} else {
				x = 10*x + float64(c-'0')
			}
		case c == '.' && frac == 0:
			frac = 10
		default:
			return 0, false
		}
	}
	return sign * x, s != ""
}

// TestReadDirArithmetic checks utilities computed by hand with GENIUS's arithmetic.
func TestReadDirArithmetic(t *testing.T) {
	dom := sharedDir(t, "domains")
	tests := []struct {
		name, folder, party string
		values              []string
		want                float64
	}{
		// Discrete evaluations divided by the issue's largest (1000).
		{"Normalised", "NiceOrDie", "NiceOrDie1", []string{"16_100"}, 160.0 / 1000},
		// Duplicate item: the last evaluation (8 of 100) wins.
		{"DuplicateLastWins", "AMPOvsCity", "ampo_vs_city_ampo_space",
			[]string{"0", "0-500", "0 days", "0 dyas", "No", "Status Quo", "No", "0", "Keep", "Add police, no vote change"}, 0.457 * 8 / 100},
		// Integer: clamp(slope*(x-lowerbound)+offset, 0, 1), bounds -5..5.
		{"IntegerMiddle", "IntegerDomain", "IntegerDomain-prof1", []string{"0", "0"}, 0.75*(0.08*5+0.3) + 0.25*(0.1*5)},
		{"IntegerClamped", "IntegerDomain", "IntegerDomain-prof1", []string{"5", "5"}, 0.75*1 + 0.25*1},
		{"IntegerLow", "IntegerDomain", "IntegerDomain-prof1", []string{"-5", "-5"}, 0.75 * 0.3},
		{"IntegerLowerbound10", "SmartEnergyGrid", "Smart_Energy_Grid_util1", []string{"30", "Morning", "Wind"}, -1},
		// Weights summing to 1.0000518: the best outcome is clipped at 1.
		{"ClippedAt1", "Laptop", "laptop_buyer_utility", []string{"HP", "60 Gb", "19'' LCD"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustReadDir(t, filepath.Join(dom, tt.folder))
			want := tt.want
			if want < 0 { // computed from the file's numbers below
				want = smartEnergyGrid(t, s)
			}
			if got := utility(t, s, tt.party, tt.values...); math.Abs(got-want) > 1e-12 {
				t.Errorf("got %.15g, want %.15g", got, want)
			}
		})
	}
}

// smartEnergyGrid returns util1's utility of (30, Morning, Wind) from the weights and
// evaluations read off the file by hand: price 0.025*(30-10)+0 = 0.5.
func smartEnergyGrid(t *testing.T, s *parley.Scenario) float64 {
	p, _ := s.Party("Smart_Energy_Grid_util1")
	w := p.Profile.Weights
	return w["Energy Price"]*0.5 + w[s.Issues[1].ID]*p.Profile.Values[s.Issues[1].ID].Options["Morning"] + w[s.Issues[2].ID]*p.Profile.Values[s.Issues[2].ID].Options["Wind"]
}

const domainXML = `<negotiation_template><utility_space><objective index="0" name="root">
<issue index="1" name="colour" type="discrete"><item index="1" value="red"/><item index="2" value="blue"/></issue>
<issue index="2" name="price" type="integer" lowerbound="0" upperbound="10"/>
</objective></utility_space></negotiation_template>`

func readProfile(t *testing.T, profile string) (*parley.Profile, []parley.Warning, error) {
	t.Helper()
	d, _, err := genius.ReadDomain(strings.NewReader(domainXML), "d.xml")
	if err != nil {
		t.Fatal(err)
	}
	return d.ReadProfile(strings.NewReader(profile), "p.xml")
}

func TestReadProfileOK(t *testing.T) {
	p, warns, err := readProfile(t, `<utility_space><objective index="0">
<issue index="1" name="colour" type="discrete"><item value="red" evaluation="2"/><item value="blue" evaluation="4"/>
<similarity_function><item value="red" evaluation="400"/></similarity_function></issue>
<issue index="2" name="price" type="integer" lowerbound="0" upperbound="10"><evaluator ftype="linear" slope="-0.2" offset="1.4"/></issue>
<weight index="1" value="0.5"/><weight index="2" value="0.5"/>
</objective><reservation value="0.25"/><discount_factor value="0.9"/></utility_space>`)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	if got, want := p.Values["colour"].Options["red"], 0.5; got != want {
		t.Errorf("red: got %v, want %v (nested items must not count)", got, want)
	}
	// 1.4-0.2x: clamped to 1 up to x=2, then linear, 0 from x=7.
	for _, c := range []struct{ x, want float64 }{{0, 1}, {2, 1}, {3, 0.8}, {6, 0.2}, {7, 0}, {10, 0}} {
		if got := p.Values["price"].Eval(parley.Number(c.x)); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("price(%v): got %v, want %v", c.x, got, c.want)
		}
	}
	if p.Reservation != 0.25 || p.Discount != 0.9 {
		t.Errorf("reservation %v discount %v", p.Reservation, p.Discount)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name          string
		profile       string // when empty, domain is read as a domain
		domain        string
		line          int
		field, substr string
	}{
		{name: "Malformed", domain: "<negotiation_template>\n<utility_space>\n</negotiation_template>", line: 3, substr: "malformed XML"},
		{name: "UnknownRoot", domain: "<foo/>", line: 1, field: "<foo>", substr: "expected <negotiation_template>"},
		{name: "NoIssues", domain: "<negotiation_template><utility_space><objective/></utility_space></negotiation_template>", substr: "no issues"},
		{name: "DuplicateIndex", domain: "<negotiation_template><utility_space><objective>\n<issue index=\"1\" name=\"a\"><item value=\"x\"/></issue>\n<issue index=\"1\" name=\"b\"><item value=\"x\"/></issue></objective></utility_space></negotiation_template>", line: 3, field: `<issue index="1">`, substr: "duplicate issue index (first at line 2)"},
		{name: "DuplicateValue", domain: "<negotiation_template><utility_space><objective><issue index=\"1\" name=\"a\"><item value=\"x\"/>\n<item value=\"x\"/></issue></objective></utility_space></negotiation_template>", line: 2, substr: "duplicate value"},
		{name: "BadBounds", domain: `<negotiation_template><utility_space><objective><issue index="1" name="a" type="integer" lowerbound="5" upperbound="1"/></objective></utility_space></negotiation_template>`, line: 1, substr: "below lowerbound"},
		{name: "TooManyValues", domain: `<negotiation_template><utility_space><objective><issue index="1" name="a" type="integer" lowerbound="0" upperbound="1e9"/></objective></utility_space></negotiation_template>`, line: 1, substr: "parley reads issues of up to"},
		{name: "NestedObjective", domain: `<negotiation_template><utility_space><objective><objective/></objective></utility_space></negotiation_template>`, line: 1, substr: "nested objectives"},
		{name: "NotANumber", domain: `<negotiation_template><utility_space><objective><issue index="1" name="a" type="integer" lowerbound="zero" upperbound="1"/></objective></utility_space></negotiation_template>`, line: 1, field: `<issue lowerbound="zero">`, substr: "not a number"},
		{name: "ProfileUnknownIssue", profile: "<utility_space><objective>\n<issue index=\"7\" name=\"x\"/></objective></utility_space>", line: 2, substr: "no issue with index 7"},
		{name: "ProfileUnknownValue", profile: "<utility_space><objective><issue index=\"1\" name=\"colour\">\n<item value=\"green\" evaluation=\"1\"/></issue></objective></utility_space>", line: 2, field: `issue "colour": <item value="green">`, substr: "no such value"},
		{name: "MissingEvaluation", profile: `<utility_space><objective><issue index="1" name="colour"><item value="red" evaluation="1"/></issue><weight index="1" value="1"/></objective></utility_space>`, line: 1, substr: `no evaluation for value "blue"`},
		{name: "NegativeWeight", profile: `<utility_space><objective><issue index="1" name="colour"><item value="red" evaluation="1"/><item value="blue" evaluation="1"/></issue><weight index="1" value="-1"/></objective></utility_space>`, line: 1, substr: "negative weight"},
		{name: "DuplicateWeight", profile: "<utility_space><objective><weight index=\"1\" value=\"1\"/>\n<weight index=\"1\" value=\"1\"/></objective></utility_space>", line: 2, substr: "duplicate weight index"},
		{name: "MissingEvaluator", profile: `<utility_space><objective><issue index="2" name="price" type="integer"/></objective></utility_space>`, line: 1, substr: "without an <evaluator>"},
		{name: "OtherEvaluator", profile: `<utility_space><objective><issue index="2" name="price" type="integer"><evaluator ftype="triangular"/></issue></objective></utility_space>`, line: 1, substr: "unsupported evaluator"},
		{name: "Exclude", profile: `<utility_space type="nonlinear"><objective><utility><ufun><hyperRectangle utility="1"><EXCLUDES index="2" min="0" max="1"/></hyperRectangle></ufun></utility></objective></utility_space>`, line: 1, substr: "EXCLUDES constraints are not supported"},
		{name: "RectOnDiscrete", profile: `<utility_space type="nonlinear"><objective><utility maxutility="2"><ufun><hyperRectangle utility="1"><INCLUDES index="1" min="0" max="1"/></hyperRectangle></ufun></utility></objective></utility_space>`, line: 1, substr: "discrete issue"},
		{name: "Reservation", profile: `<utility_space><reservation value="2"/></utility_space>`, line: 1, substr: "outside [0, 1]"},
		{name: "DomainAsProfile", profile: `<negotiation_template/>`, substr: "not a profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			file := "d.xml"
			if tt.profile == "" {
				_, _, err = genius.ReadDomain(strings.NewReader(tt.domain), file)
			} else {
				file = "p.xml"
				_, _, err = readProfile(t, tt.profile)
			}
			var pe *parley.Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *parley.Error", err)
			}
			if pe.File != file || pe.Line != tt.line || (tt.field != "" && pe.Field != tt.field) || !strings.Contains(pe.Message, tt.substr) {
				t.Errorf("got %q (file %q line %d field %q), want file %s line %d field %q and %q", pe.Error(), pe.File, pe.Line, pe.Field, file, tt.line, tt.field, tt.substr)
			}
		})
	}
}

func TestReadDirErrors(t *testing.T) {
	dir := t.TempDir()
	_, _, err := genius.ReadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "no scenario files") {
		t.Errorf("empty folder: got %v", err)
	}
	_, _, err = genius.ReadDir(filepath.Join(dir, "missing"))
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Errorf("missing folder: got %v", err)
	}
}

func TestReadTooLarge(t *testing.T) {
	big := strings.NewReader("<negotiation_template>" + strings.Repeat("<!-- padding -->", genius.MaxFileSize/16+1) + "</negotiation_template>")
	_, _, err := genius.ReadDomain(big, "big.xml")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("got %v, want a size error", err)
	}
}

// itemsReader streams a domain whose one issue has n values, without holding it in memory.
type itemsReader struct {
	n, i int
	buf  []byte
	done bool
}

func (r *itemsReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		switch {
		case r.i == 0 && !r.done:
			r.buf = []byte(`<negotiation_template><utility_space><objective><issue index="1" name="big">`)
			r.done = true
		case r.i < r.n:
			r.buf = []byte(`<item value="v` + strconv.Itoa(r.i) + `"/>`)
			r.i++
		case r.i == r.n:
			r.buf = []byte(`</issue></objective></utility_space></negotiation_template>`)
			r.i++
		default:
			return 0, io.EOF
		}
	}
	k := copy(p, r.buf)
	r.buf = r.buf[k:]
	return k, nil
}

func TestReadMillionValues(t *testing.T) {
	_, _, err := genius.ReadDomain(&itemsReader{n: 1000000}, "big.xml")
	if err == nil || !strings.Contains(err.Error(), "more than 100000 values; parley reads issues of up to 100000 values") {
		t.Fatalf("got %v", err)
	}
	d, _, err := genius.ReadDomain(&itemsReader{n: genius.MaxValues}, "big.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Scenario.Issues[0].Size(); got != genius.MaxValues {
		t.Errorf("got %d values", got)
	}
}

func TestReadRealIssue(t *testing.T) {
	d, warns, err := genius.ReadDomain(strings.NewReader(`<negotiation_template><utility_space><objective>
<issue index="1" name="price" type="real" lowerbound="10" upperbound="20"/>
<issue index="2" name="rate" type="real" lowerbound="0" upperbound="1" step="0.25"/>
</objective></utility_space></negotiation_template>`), "d.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Message, "divided into 10 steps of 1") {
		t.Errorf("warnings %v, want one about the 10 steps of price", warns)
	}
	if got := d.Scenario.Issues[1]; got.Kind != parley.KindReal || got.Size() != 5 {
		t.Errorf("rate: %+v", got)
	}
	for _, ev := range []string{`slope="0.1" offset="-1"`, `parameter1="0.1" parameter0="-1"`} {
		p, _, err := d.ReadProfile(strings.NewReader(`<utility_space><objective>
<issue index="1" name="price" type="real"><evaluator ftype="linear" `+ev+`/></issue>
<weight index="1" value="1"/></objective></utility_space>`), "p.xml")
		if err != nil {
			t.Fatal(err)
		}
		// GENIUS real evaluators: clamp(slope * x + offset, 0, 1), x not shifted by the bound.
		for _, c := range []struct{ x, want float64 }{{10, 0}, {15, 0.5}, {20, 1}} {
			if got := p.Values["price"].Eval(parley.Number(c.x)); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("%s: u(%v) = %v, want %v", ev, c.x, got, c.want)
			}
		}
	}
}
