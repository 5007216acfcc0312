package examples_test

import (
	"sort"
	"strings"
	"testing"

	"parley"
	"parley/examples"
	"parley/scenario"
)

func TestNames(t *testing.T) {
	names := examples.Names()
	if !sort.StringsAreSorted(names) {
		t.Errorf("Names() = %v, not sorted", names)
	}
	for _, want := range []string{"peace-talks", "peace-talks-deadlock"} {
		if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
			t.Errorf("Names() = %v, missing %q", names, want)
		}
	}
}

// TestParse is the golden check: every example parses without error or warning.
func TestParse(t *testing.T) {
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			data, err := examples.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, warns, err := scenario.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			if got, want := s.Name, name; got != want {
				t.Errorf("name = %q, want the file name %q", got, want)
			}
			if !strings.Contains(strings.ToLower(s.Description), "illustrat") {
				t.Errorf("description %q does not say the example is illustrative", s.Description)
			}
			for _, p := range s.Parties {
				if p.Profile == nil {
					continue
				}
				if _, err := s.Compile(p.Profile); err != nil {
					t.Errorf("party %s: %v", p.ID, err)
				}
			}
		})
	}
}

func TestGet(t *testing.T) {
	a, err := examples.Get("peace-talks")
	if err != nil {
		t.Fatal(err)
	}
	b, err := examples.Get("peace-talks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Error(`Get("peace-talks") and Get("peace-talks.yaml") differ`)
	}
	for _, name := range []string{"nope", "", "../embed.go", "."} {
		_, err := examples.Get(name)
		if got, want := parley.ErrorCode(err), parley.ENOTFOUND; got != want {
			t.Errorf("Get(%q) code = %q, want %q (err %v)", name, got, want, err)
		}
		if err != nil && !strings.Contains(err.Error(), "peace-talks") {
			t.Errorf("Get(%q) = %v, does not list the examples", name, err)
		}
	}
}
