package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley"
	"parley/scenario"
)

// minimal is a small valid scenario; error cases below are edits of it, so their lines are
// easy to count.
const minimal = `name: tiny
issues:
  - id: nato
    options: [join, moratorium, renounce]
    ordered: true
  - id: buffer_km
    range: {min: 0, max: 60, step: 5, unit: km}
parties:
  - id: a
    profile:
      reservation: 0.3
      weights: {nato: 0.5, buffer_km: 0.5}
      values:
        nato: {join: 1, moratorium: 0.5, renounce: 0}
        buffer_km: [[0, 0], [30, 0.8], [60, 1]]
      red_lines:
        - buffer_km >= 10
  - id: b
    role: mediator
`

func TestParse(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		s, warns, err := scenario.Parse("tiny.yaml", []byte(minimal))
		if err != nil {
			t.Fatal(err)
		}
		if len(warns) != 0 {
			t.Errorf("warnings: %v", warns)
		}
		if got, want := s.Name, "tiny"; got != want {
			t.Errorf("name = %q, want %q", got, want)
		}
		if got, want := len(s.Issues), 2; got != want {
			t.Fatalf("%d issues, want %d", got, want)
		}
		nato, buf := s.Issues[0], s.Issues[1]
		if nato.Kind != parley.KindOptions || !nato.Ordered || strings.Join(nato.Options, ",") != "join,moratorium,renounce" {
			t.Errorf("nato = %+v", nato)
		}
		if buf.Kind != parley.KindInteger || buf.Min != 0 || buf.Max != 60 || buf.Step != 5 || buf.Unit != "km" || buf.Size() != 13 {
			t.Errorf("buffer_km = %+v", buf)
		}
		a, b := s.Parties[0], s.Parties[1]
		if a.Role != parley.RoleParty || b.Role != parley.RoleMediator || b.Profile != nil {
			t.Errorf("parties = %+v, %+v", a, b)
		}
		p := a.Profile
		if p.Reservation != 0.3 || p.Weights["nato"] != 0.5 || p.Values["nato"].Options["moratorium"] != 0.5 {
			t.Errorf("profile = %+v", p)
		}
		if got, want := p.Values["buffer_km"].Eval(parley.Number(15)), 0.4; abs(got-want) > 1e-12 {
			t.Errorf("buffer_km value at 15 = %v, want %v", got, want)
		}
		if got, want := strings.Join(p.RedLines, ";"), "buffer_km >= 10"; got != want {
			t.Errorf("red lines = %q, want %q", got, want)
		}
	})
	for _, tc := range []struct {
		name, edit string
		check      func(*parley.Scenario) string
	}{
		{"Increasing", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: increasing", func(s *parley.Scenario) string {
			if got := s.Parties[0].Profile.Values["buffer_km"].Points; len(got) != 2 || got[0] != (parley.Knot{X: 0, Y: 0}) || got[1] != (parley.Knot{X: 60, Y: 1}) {
				return "increasing gave points " + fmtPoints(got)
			}
			return ""
		}},
		{"Decreasing", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: decreasing", func(s *parley.Scenario) string {
			if got := s.Parties[0].Profile.Values["buffer_km"].Points; len(got) != 2 || got[0] != (parley.Knot{X: 0, Y: 1}) || got[1] != (parley.Knot{X: 60, Y: 0}) {
				return "decreasing gave points " + fmtPoints(got)
			}
			return ""
		}},
		{"PointMap", "buffer_km: [[0, 0], [30, 0.8], [60, 1]]|buffer_km: {60: 1, 0: 0, 30: 0.8}", func(s *parley.Scenario) string {
			if got := fmtPoints(s.Parties[0].Profile.Values["buffer_km"].Points); got != "(0,0)(30,0.8)(60,1)" {
				return "mapping gave points " + got
			}
			return ""
		}},
		{"RealByStep", "step: 5, unit: km|step: 2.5, unit: km", func(s *parley.Scenario) string {
			if is := s.Issues[1]; is.Kind != parley.KindReal || is.Size() != 25 {
				return "step 2.5: kind " + string(is.Kind)
			}
			return ""
		}},
		{"RealFlag", "unit: km}|unit: km, real: true}", func(s *parley.Scenario) string {
			if is := s.Issues[1]; is.Kind != parley.KindReal {
				return "real: true gave kind " + string(is.Kind)
			}
			return ""
		}},
		{"StepDefault", "step: 5, |", func(s *parley.Scenario) string {
			if is := s.Issues[1]; is.Step != 1 || is.Size() != 61 {
				return "no step: step " + parley.FormatNumber(is.Step)
			}
			return ""
		}},
		{"ObserverNoProfile", "role: mediator|role: observer", nil},
		{"QuotedOption", "options: [join, moratorium, renounce]|options: [\"yes\", \"1\", renounce]‖nato: {join: 1, moratorium: 0.5, renounce: 0}|nato: {\"yes\": 1, \"1\": 0.5, renounce: 0}", func(s *parley.Scenario) string {
			if got := strings.Join(s.Issues[0].Options, ","); got != "yes,1,renounce" {
				return "options " + got
			}
			return ""
		}},
	} {
		t.Run("OK"+tc.name, func(t *testing.T) {
			s, _, err := scenario.Parse("tiny.yaml", []byte(edit(t, minimal, tc.edit)))
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				if msg := tc.check(s); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

func fmtPoints(ps []parley.Knot) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("(" + parley.FormatNumber(p.X) + "," + parley.FormatNumber(p.Y) + ")")
	}
	return b.String()
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// edit applies "old|new" replacements, separated by "‖" when there are several; each old
// text must occur in s.
func edit(t *testing.T, s, edits string) string {
	t.Helper()
	if edits == "" {
		return s
	}
	for _, e := range strings.Split(edits, "‖") {
		old, new, ok := strings.Cut(e, "|")
		if !ok || !strings.Contains(s, old) {
			t.Fatalf("bad edit %q", e)
		}
		s = strings.Replace(s, old, new, 1)
	}
	return s
}

func TestParseWarnings(t *testing.T) {
	src := edit(t, minimal, "weights: {nato: 0.5, buffer_km: 0.5}|weights: {nato: 3, buffer_km: 1}‖max: 60, step: 5|max: 62, step: 5")
	s, warns, err := scenario.Parse("tiny.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w := s.Parties[0].Profile.Weights
	if got, want := w["nato"], 0.75; abs(got-want) > 1e-12 {
		t.Errorf("normalised weight of nato = %v, want %v", got, want)
	}
	if got, want := w["buffer_km"], 0.25; abs(got-want) > 1e-12 {
		t.Errorf("normalised weight of buffer_km = %v, want %v", got, want)
	}
	if got, want := len(warns), 2; got != want {
		t.Fatalf("%d warnings (%v), want %d", got, warns, want)
	}
	for i, want := range []parley.Warning{
		{File: "tiny.yaml", Line: 7, Field: "issues[1].range.max", Message: "the largest value is 60"},
		{File: "tiny.yaml", Line: 12, Field: "parties[0].profile.weights", Message: "sum to 4"},
	} {
		got := warns[i]
		if got.File != want.File || got.Line != want.Line || got.Field != want.Field || !strings.Contains(got.Message, want.Message) {
			t.Errorf("warning %d = %q, want %s:%d: %s: ...%s...", i, got, want.File, want.Line, want.Field, want.Message)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(path, []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Name, "tiny"; got != want {
		t.Errorf("name = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		name, path, code, frag string
	}{
		{"ErrMissing", filepath.Join(dir, "nope.yaml"), parley.ENOTFOUND, "no such file"},
		{"ErrFolder", dir, parley.EINVALID, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := scenario.Load(tc.path)
			var e *parley.Error
			if !errors.As(err, &e) {
				t.Fatalf("Load = %v, want *parley.Error", err)
			}
			if e.Code != tc.code || e.File != tc.path || !strings.Contains(e.Message, tc.frag) {
				t.Errorf("Load = %+v, want code %s file %s message containing %q", e, tc.code, tc.path, tc.frag)
			}
		})
	}
}

func TestParseWeightsAsWritten(t *testing.T) {
	src := `name: w
issues:
  - {id: x, options: [a, b]}
  - {id: y, options: [a, b]}
parties:
  - id: p
    profile:
      normalise_weights: false
      weights: {x: 0.6, y: 0.5}
      values: {x: {a: 1, b: 0}, y: {a: 0, b: 1}}
`
	s, warns, err := scenario.Parse("w.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings = %v, want none", warns)
	}
	if got, want := s.Parties[0].Profile.Weights["x"], 0.6; got != want {
		t.Errorf("weight of x = %v, want %v (as written)", got, want)
	}
	back, err := scenario.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(back), "normalise_weights: false") {
		t.Errorf("Marshal lost normalise_weights:\n%s", back)
	}

	_, _, err = scenario.Parse("w.yaml", []byte(strings.Replace(src, "normalise_weights: false", "normalise_weights: maybe", 1)))
	var e *parley.Error
	if !errors.As(err, &e) || e.Line != 8 || e.Field != "parties[0].profile.normalise_weights" {
		t.Errorf("bad normalise_weights: err = %v, want an error at line 8 naming the field", err)
	}
}
