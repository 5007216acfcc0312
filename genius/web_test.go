package genius_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley"
	"parley/genius"
)

func TestReadWebDirShared(t *testing.T) {
	tests := []struct {
		folder   string
		issues   int
		outcomes string
	}{
		{"Fitness", 5, "1280"},
		{"FlightBooking", 3, "36"},
		{"JapnTrip", 4, "192"},
		{"Party", 6, "3072"},
	}
	if got, want := len(folders(t, "domains-geniusweb")), len(tests); got != want {
		t.Errorf("%d GeniusWeb scenarios, the table lists %d", got, want)
	}
	for _, tt := range tests {
		t.Run(tt.folder, func(t *testing.T) {
			s := mustReadDir(t, filepath.Join(sharedDir(t, "domains-geniusweb"), tt.folder))
			if got := len(s.Issues); got != tt.issues {
				t.Errorf("issues: got %d, want %d", got, tt.issues)
			}
			if got := s.Size().String(); got != tt.outcomes {
				t.Errorf("outcomes: got %s, want %s", got, tt.outcomes)
			}
			if len(s.Parties) != 2 {
				t.Fatalf("parties: %d", len(s.Parties))
			}
			for _, p := range s.Parties {
				if p.Profile.Reservation <= 0 {
					t.Errorf("%s: reservation %v; every shared profile has a reservationBid", p.ID, p.Profile.Reservation)
				}
			}
		})
	}
	// party1's reservationBid, by hand from the file's weights and utilities.
	s := mustReadDir(t, filepath.Join(sharedDir(t, "domains-geniusweb"), "Party"))
	want := 0.19*0.51 + 0.28*0.672 + 0.19*0.52 + 0.05*0.48 + 0.19*0.35 + 0.10*0.32
	if got := s.Parties[0].Profile.Reservation; math.Abs(got-want) > 1e-12 {
		t.Errorf("party1 reservation: got %v, want %v", got, want)
	}
	if got := s.Issues[0].ID; got != "Food" {
		t.Errorf("first issue %q, want Food (the file's order)", got)
	}
}

func TestWebRoundTrip(t *testing.T) {
	for _, dir := range folders(t, "domains-geniusweb") {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := mustReadDir(t, dir)
			out := t.TempDir()
			warns, err := genius.WriteWebDir(out, a)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 0 {
				t.Errorf("warnings: %v", warns)
			}
			b := mustReadDir(t, out)
			sameScenario(t, a, b)
			for i, p := range a.Parties {
				if b.Parties[i].Name != p.Name {
					t.Errorf("name: got %q, want %q", b.Parties[i].Name, p.Name)
				}
			}
		})
	}
}

// TestGeniusToWeb converts every shared GENIUS domain to GeniusWeb and back: utilities stay
// the same; what GeniusWeb cannot hold (discount factors, clamped number functions) is
// named in warnings.
func TestGeniusToWeb(t *testing.T) {
	for _, dir := range folders(t, "domains") {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := mustReadDir(t, dir)
			out := t.TempDir()
			warns, err := genius.WriteWebDir(out, a)
			if err != nil {
				t.Fatal(err)
			}
			b := mustReadDir(t, out)
			discounts := 0
			for i, p := range a.Parties {
				p.Profile.Discount = 0 // dropped, with a warning checked below
				if got, want := b.Parties[i].Profile.Reservation, p.Profile.Reservation; got != want {
					// No bid is worth exactly the reservation: the least bid worth more keeps
					// the acceptable outcomes, without a warning.
					if got < want-1e-12 {
						t.Errorf("%s: reservation %v became %v, below it", p.ID, want, got)
					}
					if n, m := acceptableCount(t, a, i, want), acceptableCount(t, a, i, got); n != m {
						t.Errorf("%s: reservation %v became %v: %d acceptable outcomes, want %d", p.ID, want, got, m, n)
					}
					for _, w := range warns {
						if w.Field == "parties."+p.ID+".reservation" {
							t.Errorf("%s: warning %q, though the acceptable outcomes stay", p.ID, w.Message)
						}
					}
					p.Profile.Reservation = got
				}
			}
			sameUtilities(t, a, b)
			// And back to GENIUS: the same utilities again.
			back := t.TempDir()
			if _, err := genius.WriteDir(back, b); err != nil {
				t.Fatal(err)
			}
			sameUtilities(t, a, mustReadDir(t, back))
			for _, w := range warns {
				if strings.Contains(w.Field, ".discount") {
					discounts++
				} else if !strings.Contains(w.Message, "written as a list of its") && !strings.HasSuffix(w.Field, ".reservation") {
					t.Errorf("unexpected warning %v", w)
				}
			}
			mustDrop := 0
			a2 := mustReadDir(t, dir)
			for _, p := range a2.Parties {
				if p.Profile.Discount != 0 {
					mustDrop++
				}
			}
			if discounts != mustDrop {
				t.Errorf("%d discount warnings, want %d", discounts, mustDrop)
			}
		})
	}
}

func TestWebNonLinear(t *testing.T) {
	a := mustReadDir(t, filepath.Join(sharedDir(t, "domains-nonlinear"), "10issues"))
	_, err := genius.WriteWebDir(t.TempDir(), a)
	if err == nil || !strings.Contains(err.Error(), "bounds issue") || !strings.Contains(err.Error(), "to a range") {
		t.Errorf("got %v, want an error about ranges", err)
	}
}

func TestWebSumOfGroups(t *testing.T) {
	s := &parley.Scenario{
		Name: "groups",
		Issues: []*parley.Issue{
			{ID: "a", Kind: parley.KindOptions, Options: []string{"x", "y"}},
			{ID: "b", Kind: parley.KindInteger, Min: 1, Max: 3, Step: 1},
			{ID: "c", Kind: parley.KindOptions, Options: []string{"p", "q"}},
		},
		Parties: []*parley.Party{{ID: "one", Role: parley.RoleParty, Profile: &parley.Profile{
			Weights: map[string]float64{"c": 0.25},
			Values:  map[string]*parley.ValueFunc{"c": {Options: map[string]float64{"p": 1, "q": 0.5}}},
			Rectangles: []parley.Rectangle{
				{Bounds: []parley.Bound{{Issue: "a", Options: []string{"x"}}, {Issue: "b", Min: 2, Max: 2}}, Utility: 0.5},
				{Bounds: []parley.Bound{{Issue: "b", Min: 3, Max: 3}, {Issue: "a", Options: []string{"y"}}}, Utility: 0.75},
			},
			Reservation: 0.5,
		}}},
	}
	out := t.TempDir()
	warns, err := genius.WriteWebDir(out, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	b, err := os.ReadFile(filepath.Join(out, "one.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"SumOfGroupsUtilitySpace"`) || !strings.Contains(string(b), `"reservationBid"`) {
		t.Errorf("profile:\n%s", b)
	}
	s.Parties[0].Name = "one"
	got := mustReadDir(t, out)
	sameUtilities(t, s, got)
}

func TestReadWebErrors(t *testing.T) {
	const dom = `{"name": "d", "issuesValues": {"colour": {"values": ["red", "blue"]}, "price": {"range": {"low": 0, "high": 10, "step": 2}}}}`
	tests := []struct {
		name, domain, profile string
		line                  int
		field, substr         string
	}{
		{name: "Malformed", domain: "{\n\"name\": }", line: 2, substr: "malformed JSON"},
		{name: "NoIssues", domain: `{"issuesValues": {}}`, line: 1, field: "issuesValues", substr: "no issues"},
		{name: "BadRange", domain: `{"issuesValues": {"x": {"range": {"low": 3, "high": 1, "step": 1}}}}`, line: 1, field: "issuesValues.x.range", substr: "low <= high"},
		{name: "DuplicateKey", domain: "{\"issuesValues\": {\"x\": {\"values\": [\"a\"]},\n\"x\": {\"values\": [\"b\"]}}}", line: 2, field: "x", substr: "duplicate key"},
		{name: "DuplicateValue", domain: `{"issuesValues": {"x": {"values": ["a", "a"]}}}`, line: 1, field: "issuesValues.x.values[1]", substr: "duplicate value"},
		{name: "TopLevel", profile: `{"Other": {}}`, line: 1, substr: "expected an object with the single key"},
		{name: "UnknownIssue", profile: "{\"LinearAdditiveUtilitySpace\": {\"issueUtilities\": {\n\"size\": {\"discreteutils\": {\"valueUtilities\": {}}}}, \"issueWeights\": {}}}", line: 2, field: "LinearAdditiveUtilitySpace.issueUtilities.size", substr: `no issue "size"`},
		{name: "UnknownValue", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {"colour": {"discreteutils": {"valueUtilities": {"green": 1}}}}, "issueWeights": {"colour": 1}}}`, line: 1, field: "LinearAdditiveUtilitySpace.issueUtilities.colour.discreteutils.valueUtilities.green", substr: "no value"},
		{name: "MissingValue", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {"colour": {"discreteutils": {"valueUtilities": {"red": 1}}}}, "issueWeights": {"colour": 1}}}`, line: 1, substr: `no utility for value "blue"`},
		{name: "UtilityRange", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {"colour": {"discreteutils": {"valueUtilities": {"red": 1.5, "blue": 0}}}}, "issueWeights": {"colour": 1}}}`, line: 1, substr: "outside [0, 1]"},
		{name: "NegativeWeight", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {"colour": {"discreteutils": {"valueUtilities": {"red": 1, "blue": 0}}}}, "issueWeights": {"colour": -1}}}`, line: 1, substr: "negative weight"},
		{name: "WrongUtils", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {"price": {"discreteutils": {"valueUtilities": {}}}}, "issueWeights": {"price": 1}}}`, line: 1, substr: "expected numberutils"},
		{name: "ReservationValue", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {}, "issueWeights": {}, "reservationBid": {"issuevalues": {"colour": "green"}}}}`, line: 1, field: "LinearAdditiveUtilitySpace.reservationBid.issuevalues.colour", substr: `issue "colour" has no value green`},
		{name: "ReservationOffGrid", profile: `{"LinearAdditiveUtilitySpace": {"issueUtilities": {}, "issueWeights": {}, "reservationBid": {"issuevalues": {"price": 3}}}}`, line: 1, substr: "has no value 3"},
		{name: "DomainMismatch", profile: `{"LinearAdditiveUtilitySpace": {"domain": {"issuesValues": {"colour": {"values": ["red"]}}}, "issueUtilities": {}, "issueWeights": {}}}`, line: 1, substr: "differs from the domain file"},
		{name: "GroupShare", profile: `{"SumOfGroupsUtilitySpace": {"partUtilities": {"g1": {"partsutils": {"issues": ["colour"], "utilslist": []}}, "g2": {"partsutils": {"issues": ["colour"], "utilslist": []}}}}}`, line: 1, substr: "already in group"},
		{name: "GroupArity", profile: `{"SumOfGroupsUtilitySpace": {"partUtilities": {"g1": {"partsutils": {"issues": ["colour", "price"], "utilslist": [{"values": ["red"], "util": 0.5}]}}}}}`, line: 1, substr: "1 values for 2 issues"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			file := "d.json"
			if tt.profile == "" {
				_, err = genius.ReadWebDomain(strings.NewReader(tt.domain), file)
			} else {
				s, derr := genius.ReadWebDomain(strings.NewReader(dom), "d.json")
				if derr != nil {
					t.Fatal(derr)
				}
				file = "p.json"
				_, _, _, err = genius.ReadWebProfile(strings.NewReader(tt.profile), file, s)
			}
			var pe *parley.Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *parley.Error", err)
			}
			if pe.File != file || pe.Line != tt.line || (tt.field != "" && pe.Field != tt.field) || !strings.Contains(pe.Message, tt.substr) {
				t.Errorf("got %q (line %d field %q), want line %d field %q and %q", pe.Error(), pe.Line, pe.Field, tt.line, tt.field, tt.substr)
			}
		})
	}
}

func TestReadWebNumberUtils(t *testing.T) {
	s, err := genius.ReadWebDomain(strings.NewReader(`{"issuesValues": {"price": {"range": {"low": 0, "high": 10, "step": 2}}}}`), "d.json")
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := genius.ReadWebProfile(strings.NewReader(`{"LinearAdditiveUtilitySpace": {"issueUtilities": {"price": {"numberutils": {"lowValue": 3, "lowUtility": 1, "highValue": 7, "highUtility": 0.2}}}, "issueWeights": {"price": 1}}}`), "p.json", s)
	if err != nil {
		t.Fatal(err)
	}
	// Linear from (3, 1) to (7, 0.2); 0 outside [3, 7].
	for _, c := range []struct{ x, want float64 }{{0, 0}, {2, 0}, {4, 0.8}, {6, 0.4}, {8, 0}, {10, 0}} {
		if got := p.Values["price"].Eval(parley.Number(c.x)); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("u(%v): got %v, want %v", c.x, got, c.want)
		}
	}
}

func TestReadWebTooManyValues(t *testing.T) {
	big := `{"issuesValues": {"x": {"values": [` + strings.Repeat(`"a",`, genius.MaxJSONValues) + `"b"]}}}`
	_, err := genius.ReadWebDomain(strings.NewReader(big), "big.json")
	if err == nil || !strings.Contains(err.Error(), "more than 2000000 JSON values") {
		t.Fatalf("got %v", err)
	}
}

// acceptableCount counts the outcomes worth at least r (within parley's tolerance) to party
// p of s, by enumeration; it skips the test on spaces too large to list.
func acceptableCount(t *testing.T, s *parley.Scenario, p int, r float64) int {
	t.Helper()
	size := s.Size()
	if !size.IsInt64() || size.Int64() > 2000000 {
		t.Skipf("%v outcomes: too many to count", size)
	}
	u, err := s.Compile(s.Parties[p].Profile)
	if err != nil {
		t.Fatal(err)
	}
	o := make(parley.Outcome, len(s.Issues))
	n := 0
	for range size.Int64() {
		if u.Utility(o) >= r-1e-12 {
			n++
		}
		for i := len(o) - 1; i >= 0; i-- {
			if o[i]++; o[i] < s.Issues[i].Size() {
				break
			}
			o[i] = 0
		}
	}
	return n
}

// TestWebReservationKeepsZone: SmartPhone has a reservation of 0.6 that no bid is worth
// exactly; GENIUS -> GeniusWeb -> GENIUS keeps its 893 outcomes acceptable to both parties.
func TestWebReservationKeepsZone(t *testing.T) {
	a := mustReadDir(t, filepath.Join(sharedDir(t, "domains"), "SmartPhone"))
	out := t.TempDir()
	if _, err := genius.WriteWebDir(out, a); err != nil {
		t.Fatal(err)
	}
	b := mustReadDir(t, out)
	back := t.TempDir()
	if _, err := genius.WriteDir(back, b); err != nil {
		t.Fatal(err)
	}
	c := mustReadDir(t, back)
	for _, s := range []*parley.Scenario{a, b, c} {
		if got, want := zoneCount(t, s), 893; got != want {
			t.Errorf("%d outcomes acceptable to both parties, want %d", got, want)
		}
	}
}

// zoneCount counts the outcomes of s worth at least its reservation value to every party.
func zoneCount(t *testing.T, s *parley.Scenario) int {
	t.Helper()
	var us []*parley.UtilityFunc
	for _, p := range s.Parties {
		u, err := s.Compile(p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		us = append(us, u)
	}
	o := make(parley.Outcome, len(s.Issues))
	n := 0
	for range s.Size().Int64() {
		ok := true
		for p, u := range us {
			ok = ok && u.Utility(o) >= s.Parties[p].Profile.Reservation-1e-12
		}
		if ok {
			n++
		}
		for i := len(o) - 1; i >= 0; i-- {
			if o[i]++; o[i] < s.Issues[i].Size() {
				break
			}
			o[i] = 0
		}
	}
	return n
}
