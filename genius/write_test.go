package genius_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"parley"
	"parley/genius"
)

// sameScenario checks that b has a's issues and parties (by id) with the same utilities.
func sameScenario(t *testing.T, a, b *parley.Scenario) {
	t.Helper()
	if len(a.Issues) != len(b.Issues) {
		t.Fatalf("issues: got %d, want %d", len(b.Issues), len(a.Issues))
	}
	for i, x := range a.Issues {
		y := b.Issues[i]
		if x.ID != y.ID || x.Kind != y.Kind || !reflect.DeepEqual(x.Options, y.Options) || x.Min != y.Min || x.Max != y.Max || x.Step != y.Step {
			t.Fatalf("issue %d: got %+v, want %+v", i, y, x)
		}
	}
	sameUtilities(t, a, b)
}

// sameUtilities checks that b's parties are a's and that each gets the same utility from
// both (within 1e-12) on every outcome, or on a seeded sample of 2000 of a larger space;
// the issues must have the same numbers of values.
func sameUtilities(t *testing.T, a, b *parley.Scenario) {
	t.Helper()
	for i, is := range a.Issues {
		if is.Size() != b.Issues[i].Size() {
			t.Fatalf("issue %q: %d values, want %d", is.ID, b.Issues[i].Size(), is.Size())
		}
	}
	if len(a.Parties) != len(b.Parties) {
		t.Fatalf("parties: got %d, want %d", len(b.Parties), len(a.Parties))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	size := a.Size()
	all := size.IsInt64() && size.Int64() <= 2000
	n := 2000
	if all {
		n = int(size.Int64())
	}
	for pi, pa := range a.Parties {
		pb := b.Parties[pi]
		if pa.ID != pb.ID || pa.Role != pb.Role {
			t.Fatalf("party %d: got %s (%s), want %s (%s)", pi, pb.ID, pb.Role, pa.ID, pa.Role)
		}
		if math.Abs(pa.Profile.Reservation-pb.Profile.Reservation) > 1e-12 || pa.Profile.Discount != pb.Profile.Discount {
			t.Errorf("%s: reservation/discount got %v/%v, want %v/%v", pa.ID, pb.Profile.Reservation, pb.Profile.Discount, pa.Profile.Reservation, pa.Profile.Discount)
		}
		ua, err := a.Compile(pa.Profile)
		if err != nil {
			t.Fatal(err)
		}
		ub, err := b.Compile(pb.Profile)
		if err != nil {
			t.Fatal(err)
		}
		o := make(parley.Outcome, len(a.Issues))
		for k := 0; k < n; k++ {
			if all {
				r := k
				for i, is := range a.Issues {
					o[i] = r % is.Size()
					r /= is.Size()
				}
			} else {
				for i, is := range a.Issues {
					o[i] = rng.IntN(is.Size())
				}
			}
			if x, y := ua.Utility(o), ub.Utility(o); math.Abs(x-y) > 1e-12 {
				t.Fatalf("%s: utility of %v: got %.17g, want %.17g", pa.ID, o, y, x)
			}
		}
	}
}

func TestWriteDirRoundTrip(t *testing.T) {
	dirs := append(folders(t, "domains"), folders(t, "domains-nonlinear")...)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := mustReadDir(t, dir)
			out := t.TempDir()
			warns, err := genius.WriteDir(out, a)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 0 {
				t.Errorf("warnings writing a GENIUS scenario: %v", warns)
			}
			b := mustReadDir(t, out)
			if b.Name != a.Name {
				t.Errorf("name: got %q, want %q", b.Name, a.Name)
			}
			sameScenario(t, a, b)
		})
	}
}

// peace is a scenario with what GENIUS cannot hold: a mediator, an observer, red lines, a
// description, a piecewise-linear value function and a stepped integer issue.
func peace() *parley.Scenario {
	return &parley.Scenario{
		Name:        "peace",
		Description: "illustrative",
		Issues: []*parley.Issue{
			{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}},
			{ID: "buffer_km", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
			{ID: "share", Kind: parley.KindReal, Min: 0, Max: 1, Step: 0.25},
		},
		Parties: []*parley.Party{
			{ID: "russia", Name: "Russia", Role: parley.RoleParty, Profile: &parley.Profile{
				Weights: map[string]float64{"nato": 0.5, "buffer_km": 0.3, "share": 0.2},
				Values: map[string]*parley.ValueFunc{
					"nato":      {Options: map[string]float64{"join": 0, "moratorium": 0.3, "renounce": 0.6}},
					"buffer_km": {Points: []parley.Knot{{X: 0, Y: 0}, {X: 30, Y: 0.8}, {X: 60, Y: 1}}},
					"share":     {Points: []parley.Knot{{X: 0, Y: 0.2}, {X: 1, Y: 0.9}}},
				},
				Reservation: 0.3,
				RedLines:    []string{"nato != join"},
			}},
			{ID: "ukraine", Role: parley.RoleParty, Profile: &parley.Profile{
				Weights: map[string]float64{"nato": 0.6, "buffer_km": 0.4},
				Values: map[string]*parley.ValueFunc{
					"nato":      {Options: map[string]float64{"join": 1, "moratorium": 0.5, "renounce": 0}},
					"buffer_km": {Points: []parley.Knot{{X: 0, Y: 1}, {X: 60, Y: 0}}},
				},
			}},
			{ID: "us", Role: parley.RoleMediator, Profile: &parley.Profile{}},
			{ID: "press", Role: parley.RoleObserver},
		},
	}
}

func TestWriteDirDrops(t *testing.T) {
	s := peace()
	out := t.TempDir()
	warns, err := genius.WriteDir(out, s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	for _, want := range []string{
		"description: dropped: the scenario's description",
		`parties.us: dropped: mediator "us"`,
		`parties.press: dropped: observer "press"`,
		`parties.russia.name: dropped: the display name "Russia"`,
		"parties.russia.red_lines: dropped: red line `nato != join`",
		"issues.buffer_km: written as a discrete issue of its 13 values: russia's value function is not a clamped line",
	} {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, want)
		}
		if !found {
			t.Errorf("no warning %q in:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(got) != 6 {
		t.Errorf("got %d warnings, want 6:\n%s", len(got), strings.Join(got, "\n"))
	}
	b := mustReadDir(t, out)
	// What was kept: the two parties with their utilities; buffer_km became options.
	want := peace()
	want.Parties = want.Parties[:2]
	if got := b.Issues[1]; got.Kind != parley.KindOptions || got.Size() != 13 || got.Options[2] != "10" {
		t.Fatalf("buffer_km: got %+v", got)
	}
	if got := b.Issues[2]; got.Kind != parley.KindReal || got.Step != 0.25 {
		t.Errorf("share: got %+v, want step 0.25 kept", got)
	}
	for pi, p := range want.Parties {
		ua, _ := want.Compile(p.Profile)
		ub, err := b.Compile(b.Parties[pi].Profile)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 3*13*5; k++ {
			o := parley.Outcome{k % 3, k / 3 % 13, k / 39}
			if x, y := ua.Utility(o), ub.Utility(o); math.Abs(x-y) > 1e-12 {
				t.Fatalf("%s %v: got %v, want %v", p.ID, o, y, x)
			}
		}
	}
}

func TestWriteDirErrors(t *testing.T) {
	badID := peace()
	badID.Parties[1].ID = "a/b"
	empty := peace()
	empty.Parties = empty.Parties[2:]
	huge := peace()
	huge.Issues[1].Max = 1e9
	tests := []struct {
		name   string
		s      *parley.Scenario
		substr string
	}{
		{"HugeIssue", huge, "the GENIUS formats are written for issues of 1 to 100000 values"},
		{"BadID", badID, "cannot be a file name"},
		{"NoProfiles", empty, "no party with a profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			_, err := genius.WriteDir(out, tt.s)
			if err == nil || !strings.Contains(err.Error(), tt.substr) {
				t.Fatalf("got %v, want %q", err, tt.substr)
			}
			if _, err := genius.WriteWebDir(out, tt.s); err == nil {
				t.Fatal("GeniusWeb: want an error")
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a failed write created %s", out)
			}
		})
	}
}

// TestWriteDropsRects: a profile with weighted issues and rectangle terms keeps its additive
// part in both formats; each rectangle is dropped with a warning.
func TestWriteDropsRects(t *testing.T) {
	for _, f := range []struct {
		name  string
		write func(string, *parley.Scenario) ([]parley.Warning, error)
		why   string
	}{
		{"GENIUS", genius.WriteDir, "GENIUS holds either an additive or a hyper-rectangle profile, not both"},
		{"GeniusWeb", genius.WriteWebDir, "bounds issue \"share\" to a range; GeniusWeb groups hold combinations of single values"},
	} {
		t.Run(f.name, func(t *testing.T) {
			s := peace()
			s.Parties = s.Parties[:2]
			s.Parties[1].Name = ""
			s.Parties[0].Profile.RedLines = nil
			s.Parties[0].Name = ""
			s.Description = ""
			s.Parties[0].Profile.Rectangles = []parley.Rectangle{{Bounds: []parley.Bound{{Issue: "share", Min: 0, Max: 0.5}, {Issue: "nato", Options: []string{"join"}}}, Utility: 0.1}}
			out := t.TempDir()
			warns, err := f.write(out, s)
			if err != nil {
				t.Fatal(err)
			}
			want := "parties.russia.rectangles[0]: dropped: rectangle term worth 0.1 when share in 0-0.5 and nato in [join] (" + f.why + ")"
			found := false
			for _, w := range warns {
				found = found || w.String() == want
			}
			if !found {
				t.Errorf("no warning %q in %v", want, warns)
			}
			b := mustReadDir(t, out)
			s.Parties[0].Profile.Rectangles = nil
			sameUtilities(t, s, b)
		})
	}
}
