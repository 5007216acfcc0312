package scenario_test

import (
	"errors"
	"math/big"
	"reflect"
	"testing"

	"parley"
	"parley/examples"
	"parley/scenario"
)

// FuzzParse checks that Parse never panics, that every error is a located *parley.Error, and
// that whatever it accepts compiles and survives a Marshal round trip.
func FuzzParse(f *testing.F) {
	for _, name := range examples.Names() {
		data, err := examples.Get(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Add([]byte(partial))
	for _, s := range []string{
		"", "~", "[", "a: &x 1\nb: *x\n", "issues: []\n", "name: x\nissues:\n  - id: a\n    range: {min: 0, max: 1e300, step: 1e-300}\n",
		"issues:\n  - id: a\n    options: [x]\nparties:\n  - id: p\n    profile: {weights: {a: 1}, values: {a: {x: 1}}, red_lines: [\"a == x\"]}\n",
		"issues:\n  - id: r\n    range: {min: 0.5, max: 2, step: 0.5}\nparties:\n  - id: p\n    profile:\n      weights: {r: 2}\n      values: {r: [[0.5, 0], [2, 1]]}\n      rectangles: [{utility: -0.2, bounds: {r: {min: 1, max: 2}}}]\n",
	} {
		f.Add([]byte(s))
	}
	// Red lines over issues of millions of values are correct but slow to check; keep
	// every run short so the fuzzer explores.
	old := scenario.SetMaxRedLineWork(1_000_000)
	f.Cleanup(func() { scenario.SetMaxRedLineWork(old) })
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := scenario.Parse("f.yaml", data)
		if err != nil {
			var e *parley.Error
			if !errors.As(err, &e) || e.Code != parley.EINVALID || e.File != "f.yaml" || e.Message == "" || e.Line < 0 || e.Col < 0 {
				t.Fatalf("error %#v is not a located EINVALID *parley.Error", err)
			}
			return
		}
		for _, p := range s.Parties {
			if p.Profile == nil || p.Profile.Partial || s.Size().Cmp(big.NewInt(1e5)) > 0 {
				continue
			}
			if _, err := s.Compile(p.Profile); err != nil {
				t.Fatalf("accepted profile of %q does not compile: %v", p.ID, err)
			}
		}
		out, err := scenario.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal of an accepted scenario: %v", err)
		}
		back, _, err := scenario.Parse("f.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Marshal(s)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalise(back), normalise(s)) {
			t.Fatalf("Parse(Marshal(s)) differs from s\n%s\ngot  %s\nwant %s", out, dump(back), dump(s))
		}
	})
}
