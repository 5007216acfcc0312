package genius_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"parley"
	"parley/genius"
)

// addSeeds adds every file of the shared folders matching pattern as a seed.
func addSeeds(f *testing.F, shared, pattern string) {
	f.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedDir(f, shared), "*", pattern))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// checkErr fails unless err is nil or a located *parley.Error.
func checkErr(t *testing.T, err error) {
	t.Helper()
	var pe *parley.Error
	if err != nil && (!errors.As(err, &pe) || pe.File == "") {
		t.Fatalf("error without a file: %v", err)
	}
}

func FuzzReadDomain(f *testing.F) {
	f.Add([]byte(domainXML))
	addSeeds(f, "domains", "*.xml")
	f.Fuzz(func(t *testing.T, b []byte) {
		d, _, err := genius.ReadDomain(bytes.NewReader(b), "f.xml")
		checkErr(t, err)
		if err == nil {
			for _, is := range d.Scenario.Issues {
				if is.Size() <= 0 || is.Size() > genius.MaxValues {
					t.Fatalf("issue %q has %d values", is.ID, is.Size())
				}
			}
		}
	})
}

func FuzzReadProfile(f *testing.F) {
	f.Add([]byte(`<utility_space><objective><issue index="1" name="colour"><item value="red" evaluation="1"/><item value="blue" evaluation="3"/></issue><issue index="2" name="price" type="integer"><evaluator ftype="linear" slope="0.1" offset="0"/></issue><weight index="1" value="0.5"/><weight index="2" value="0.5"/></objective></utility_space>`))
	f.Add([]byte(`<utility_space type="nonlinear"><objective><utility maxutility="3"><ufun><hyperRectangle utility="1"><INCLUDES index="2" min="1" max="4"/></hyperRectangle></ufun></utility></objective><reservation value="0.5"/></utility_space>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, _, err := genius.ReadDomain(bytes.NewReader([]byte(domainXML)), "d.xml")
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := d.ReadProfile(bytes.NewReader(b), "f.xml")
		checkErr(t, err)
		if err == nil {
			u, err := d.Scenario.Compile(p)
			if err != nil {
				t.Fatalf("a profile that loads must compile: %v", err)
			}
			if x := u.Utility(parley.Outcome{1, 3}); !(x >= 0 && x <= 1) {
				t.Fatalf("utility %v", x)
			}
		}
	})
}

const webDomain = `{"name": "d", "issuesValues": {"colour": {"values": ["red", "blue"]}, "price": {"range": {"low": 0, "high": 10, "step": 2}}}}`

func FuzzReadWebDomain(f *testing.F) {
	f.Add([]byte(webDomain))
	f.Add([]byte(`{"issuesValues": {"x": {"range": [1, 5, 0.5]}}}`))
	addSeeds(f, "domains-geniusweb", "*.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := genius.ReadWebDomain(bytes.NewReader(b), "f.json")
		checkErr(t, err)
		if err == nil {
			for _, is := range s.Issues {
				if is.Size() <= 0 || is.Size() > genius.MaxValues {
					t.Fatalf("issue %q has %d values", is.ID, is.Size())
				}
			}
		}
	})
}

func FuzzReadWebProfile(f *testing.F) {
	f.Add([]byte(`{"LinearAdditiveUtilitySpace": {"name": "p", "issueUtilities": {"colour": {"discreteutils": {"valueUtilities": {"red": 1, "blue": 0.5}}}, "price": {"numberutils": {"lowValue": 2, "lowUtility": 0, "highValue": 8, "highUtility": 1}}}, "issueWeights": {"colour": 0.5, "price": 0.5}, "reservationBid": {"issuevalues": {"colour": "blue", "price": 4}}}}`))
	f.Add([]byte(`{"SumOfGroupsUtilitySpace": {"partUtilities": {"g": {"partsutils": {"issues": ["colour", "price"], "utilslist": [{"values": ["red", 2], "util": 0.5}]}}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := genius.ReadWebDomain(bytes.NewReader([]byte(webDomain)), "d.json")
		if err != nil {
			t.Fatal(err)
		}
		p, _, _, err := genius.ReadWebProfile(bytes.NewReader(b), "f.json", s)
		checkErr(t, err)
		if err == nil {
			u, err := s.Compile(p)
			if err != nil {
				t.Fatalf("a profile that loads must compile: %v", err)
			}
			if x := u.Utility(parley.Outcome{1, 3}); !(x >= 0 && x <= 1) {
				t.Fatalf("utility %v", x)
			}
			if !(p.Reservation >= 0 && p.Reservation <= 1) {
				t.Fatalf("reservation %v", p.Reservation)
			}
		}
	})
}
