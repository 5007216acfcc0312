package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/workspace"
	"parley/workspace/wstest"
)

func scenario() *parley.Scenario {
	c := wstest.Create()
	w := &parley.Workspace{Issues: c.Issues}
	for _, p := range c.Parties {
		w.Members = append(w.Members, &parley.Member{ID: p.ID, Role: p.Role})
	}
	return w.Scenario()
}

// FuzzProfile feeds arbitrary JSON profiles to the validation a party's PUT goes through:
// it must return nil or an invalid error naming a field, never panic.
func FuzzProfile(f *testing.F) {
	for _, s := range []string{
		`{"issues":{"nato":{"weight":0.5,"options":{"join":1}}},"reservation":0.3,"red_lines":["nato != join"]}`,
		`{"issues":{"buffer_km":{"weight":1,"points":[[0,1],[60,0]]}},"reservation":0}`,
		`{"issues":{"x":{"weight":2}},"reservation":-1}`,
		`{"issues":{"buffer_km":{"weight":0.5,"points":[[10,0.5],[5,1]]}},"red_lines":["buffer_km <="]}`,
		// Partial profiles (elicit.go).
		`{"issues":{},"partial":true,"reservation_unknown":true,"statements":[{"kind":"acceptable","package":{"nato":"join","buffer_km":"30"}},{"kind":"better","issue":"nato","value":"renounce","than":"join"}]}`,
		`{"issues":{},"partial":true,"statements":[{"kind":"prefers","package":{"nato":"join","buffer_km":"30"},"other":{"nato":"join","buffer_km":"x"}},{"kind":"accept_if","condition":"nato =="}]}`,
		`{"issues":{},"partial":true,"reservation_unknown":true,"statements":[{"kind":"acceptable","package":{"nato":"join","buffer_km":"0"}},{"kind":"unacceptable","package":{"nato":"join","buffer_km":"0"}}]}`,
		`{"issues":{},"statements":[{"kind":"matters_more","issue":"nato","other_issue":"nato"}]}`,
	} {
		f.Add([]byte(s))
	}
	sc := scenario()
	f.Fuzz(func(t *testing.T, data []byte) {
		var p parley.ProfileSpec
		if json.Unmarshal(data, &p) != nil {
			return
		}
		err := workspace.ValidateProfile(sc, &p)
		if err == nil {
			// A valid profile compiles and evaluates within [0, 1].
			u, cerr := sc.Compile(p.Profile())
			if cerr != nil {
				t.Fatalf("valid profile does not compile: %v", cerr)
			}
			if x := u.Utility(parley.Outcome{0, 0}); x < 0 || x > 1 {
				t.Fatalf("utility %v", x)
			}
			// And it values a draft (the profile preview's path) within [0, 1].
			s := *sc
			s.Parties = []*parley.Party{{ID: "p", Role: parley.RoleParty, Profile: p.Profile()}}
			for _, d := range []analysis.Draft{{analysis.Open, analysis.Open}, {1, analysis.Open}, {0, 2}} {
				e, err := analysis.EvaluateDraft(&s, d, nil, analysis.Options{})
				if err != nil {
					t.Fatalf("draft %v: %v", d, err)
				}
				if v := e.Parties[0]; v.Min < 0 || v.Max > 1 || v.Min > v.Max+analysis.Tol || !v.Verdict.Valid() {
					t.Fatalf("draft %v: %+v", d, v)
				}
			}
			return
		}
		if e, ok := err.(*parley.Error); !ok || e.Code != parley.EINVALID || e.Field == "" {
			t.Fatalf("error %#v does not name a field", err)
		}
	})
}

// FuzzWordDiff checks that a word diff rebuilds both texts.
func FuzzWordDiff(f *testing.F) {
	f.Add("The armed forces are limited to 600,000.", "The armed forces are limited to 800,000 in peacetime.")
	f.Add("", "added")
	f.Add("a  b\tc", "a b c")
	f.Fuzz(func(t *testing.T, a, b string) {
		var ra, rb strings.Builder
		for _, w := range workspace.WordDiff(a, b) {
			if w.Op != "+" {
				ra.WriteString(w.Text)
			}
			if w.Op != "-" {
				rb.WriteString(w.Text)
			}
		}
		if ra.String() != a || rb.String() != b {
			t.Fatalf("rebuilt %q / %q from %q / %q", ra.String(), rb.String(), a, b)
		}
	})
}
