package examples_test

import (
	"sort"
	"strings"
	"testing"

	"parley"
	"parley/examples"
	"parley/redline"
	"parley/scenario"
)

func TestNames(t *testing.T) {
	names := examples.Names()
	if !sort.StringsAreSorted(names) {
		t.Errorf("Names() = %v, not sorted", names)
	}
	for _, want := range []string{"labour-contract", "peace-talks", "peace-talks-deadlock", "supply-deal"} {
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

// zone brute-forces the acceptable outcomes of the named example: for each issue, the
// values that occur in at least one of them, and their number.
func zone(t *testing.T, name string) (map[string][]string, int) {
	t.Helper()
	data, err := examples.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := scenario.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	type decider struct {
		u   *parley.UtilityFunc
		rls []*redline.RedLine
		res float64
	}
	var ds []decider
	for _, p := range s.Deciders() {
		u, err := s.Compile(p.Profile)
		if err != nil {
			t.Fatal(err)
		}
		d := decider{u: u, res: p.Profile.Reservation}
		for _, src := range p.Profile.RedLines {
			r, err := redline.Parse(src, s)
			if err != nil {
				t.Fatal(err)
			}
			d.rls = append(d.rls, r)
		}
		ds = append(ds, d)
	}
	seen := make([]map[int]bool, len(s.Issues))
	for i := range seen {
		seen[i] = map[int]bool{}
	}
	count := 0
	o := make(parley.Outcome, len(s.Issues))
	var walk func(i int)
	walk = func(i int) {
		if i < len(o) {
			for o[i] = 0; o[i] < s.Issues[i].Size(); o[i]++ {
				walk(i + 1)
			}
			return
		}
		for _, d := range ds {
			for _, r := range d.rls {
				if !r.Allows(o) {
					return
				}
			}
			if d.u.Utility(o) < d.res {
				return
			}
		}
		count++
		for i, k := range o {
			seen[i][k] = true
		}
	}
	walk(0)
	ranges := map[string][]string{}
	for i, is := range s.Issues {
		for k := 0; k < is.Size(); k++ {
			if seen[i][k] {
				ranges[is.ID] = append(ranges[is.ID], is.Value(k).String())
			}
		}
	}
	return ranges, count
}

func TestPeaceTalksZone(t *testing.T) {
	ranges, count := zone(t, "peace-talks")
	if count == 0 || count > 200 {
		t.Errorf("%d acceptable outcomes, want a narrow but non-empty zone (1 to 200)", count)
	}
	if got, want := strings.Join(ranges["buffer_km"], " "), "30 35 40 45 50"; got != want {
		t.Errorf("buffer_km agreement range = %s, want %s (the brief's 30-50 km)", got, want)
	}
	if got := ranges["nato"]; len(got) == 0 || got[0] == "join" {
		t.Errorf("nato agreement range = %v, want it without join", got)
	}
	if _, count := zone(t, "peace-talks-deadlock"); count != 0 {
		t.Errorf("peace-talks-deadlock has %d acceptable outcomes, want 0", count)
	}
	for _, name := range []string{"labour-contract", "supply-deal"} {
		if _, count := zone(t, name); count == 0 {
			t.Errorf("%s has no acceptable outcome", name)
		}
	}
}
