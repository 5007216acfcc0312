package negotiate_test

import (
	"strings"
	"testing"

	"parley"
	"parley/negotiate"
)

func TestParseAgent(t *testing.T) {
	tests := []struct {
		spec, want string
	}{
		{"boulware", "boulware"},
		{" Conceder ", "conceder"},
		{"timedependent:e=0.5", "timedependent:e=0.5"},
		{"timedependent:e=1", "timedependent:e=1"},
		{"timedependent", "timedependent"},
		{"random:p=0.25", "random:p=0.25"},
		{"tft:gamma=0", "tft:gamma=0"},
		{"frequency:e=0.3", "frequency:e=0.3"},
		{"rational:e=2", "rational:e=2"},
		{"hardliner", "hardliner"},
	}
	for _, tt := range tests {
		a, err := negotiate.ParseAgent(tt.spec)
		if err != nil {
			t.Errorf("ParseAgent(%q): %v", tt.spec, err)
			continue
		}
		if got := a.String(); got != tt.want {
			t.Errorf("ParseAgent(%q) = %q, want %q", tt.spec, got, tt.want)
		}
		if a.New() == nil {
			t.Errorf("ParseAgent(%q).New() = nil", tt.spec)
		}
	}
}

func TestParseAgentErrors(t *testing.T) {
	tests := []struct {
		name, spec string
		wants      []string
	}{
		{"ErrUnknown", "bogus", []string{`unknown agent "bogus"`, "boulware", "conceder", "rational"}},
		{"ErrRange", "timedependent:e=-1", []string{"e=-1 out of range", "[0, 50]"}},
		{"ErrRangeHigh", "random:p=2", []string{"p=2 out of range", "[0, 1]"}},
		{"ErrNotNumber", "timedependent:e=abc", []string{"not a number"}},
		{"ErrNaN", "timedependent:e=NaN", []string{"not a number"}},
		{"ErrUnknownParam", "timedependent:x=1", []string{`no parameter "x"`, "e"}},
		{"ErrNoParams", "boulware:e=1", []string{"takes no parameters"}},
		{"ErrNoValue", "random:p", []string{"has no value"}},
		{"ErrTwice", "random:p=0.1:p=0.2", []string{"given twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := negotiate.ParseAgent(tt.spec)
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Fatalf("got error %v, want an invalid-input error", err)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := negotiate.ParseAgents("boulware,,conceder"); err == nil {
		t.Error("ParseAgents accepted an empty name")
	}
}

func FuzzParseAgent(f *testing.F) {
	for _, s := range []string{"boulware", "timedependent:e=0.5", "random:p=1:x", "tft:gamma=1e308", ":=", "rational:e=0x1p-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		if specs, err := negotiate.ParseAgents(spec); err == nil && len(specs) == 0 {
			t.Errorf("ParseAgents(%q) gave no agents and no error", spec)
		}
		a, err := negotiate.ParseAgent(spec)
		if err != nil {
			return
		}
		// A spec that parses round-trips through its canonical form.
		b, err := negotiate.ParseAgent(a.String())
		if err != nil || b.String() != a.String() {
			t.Errorf("canonical form %q of %q does not round-trip: %v", a.String(), spec, err)
		}
	})
}
