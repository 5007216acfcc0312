package scenario_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"parley"
	"parley/examples"
	"parley/scenario"
)

func TestMarshalRoundTrip(t *testing.T) {
	t.Run("Examples", func(t *testing.T) {
		for _, name := range examples.Names() {
			data, err := examples.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := scenario.Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, name, s)
		}
	})
	t.Run("Random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range 300 {
			roundTrip(t, fmt.Sprintf("random %d", i), randomScenario(rng))
		}
	})
}

// roundTrip checks that Parse(Marshal(s)) equals s and that Marshal is canonical.
func roundTrip(t *testing.T, name string, s *parley.Scenario) {
	t.Helper()
	data, err := scenario.Marshal(s)
	if err != nil {
		t.Fatalf("%s: Marshal: %v", name, err)
	}
	got, warns, err := scenario.Parse(name, data)
	if err != nil {
		t.Fatalf("%s: Parse(Marshal(s)): %v\n%s", name, err, data)
	}
	if len(warns) > 0 {
		t.Errorf("%s: Parse(Marshal(s)) warns %v", name, warns)
	}
	if !reflect.DeepEqual(normalise(got), normalise(s)) {
		t.Fatalf("%s: Parse(Marshal(s)) differs from s\n%s\ngot  %s\nwant %s", name, data, dump(got), dump(s))
	}
	again, err := scenario.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Errorf("%s: Marshal is not canonical:\n%s\nthen\n%s", name, data, again)
	}
}

// normalise makes empty and nil maps and slices compare equal.
func normalise(s *parley.Scenario) *parley.Scenario {
	c := *s
	c.Parties = nil
	for _, p := range s.Parties {
		q := *p
		if p.Profile != nil {
			pr := *p.Profile
			if pr.Weights == nil {
				pr.Weights = map[string]float64{}
			}
			if pr.Values == nil {
				pr.Values = map[string]*parley.ValueFunc{}
			}
			if len(pr.RedLines) == 0 {
				pr.RedLines = nil
			}
			if len(pr.Rectangles) == 0 {
				pr.Rectangles = nil
			}
			q.Profile = &pr
		}
		c.Parties = append(c.Parties, &q)
	}
	return &c
}

func dump(s *parley.Scenario) string {
	out := fmt.Sprintf("%+v\n", *s)
	for _, is := range s.Issues {
		out += fmt.Sprintf("  issue %+v\n", *is)
	}
	for _, p := range s.Parties {
		out += fmt.Sprintf("  party %+v\n", *p)
		if p.Profile != nil {
			out += fmt.Sprintf("    profile %+v\n", *p.Profile)
			for id, f := range p.Profile.Values {
				out += fmt.Sprintf("    values %s %+v\n", id, *f)
			}
		}
	}
	return out
}

// awkward are strings that a YAML writer must quote or escape to keep.
var awkward = []string{"yes", "no", "1", "1.5", "null", "~", "a: b", "#x", "x #y", "-", "[a]", "{b}",
	"'q'", `"d"`, "  lead", "trail ", "tab\there", "Kyiv–Donetsk ü", "line\nbreak", "*star", "&amp", "!bang", "%", "@", "`"}

func pick(rng *rand.Rand, base string, i int) string {
	if rng.IntN(3) == 0 {
		return awkward[rng.IntN(len(awkward))] + fmt.Sprint(i)
	}
	return fmt.Sprintf("%s%d", base, i)
}

// idFrom turns s into a valid id: no surrounding spaces or control characters.
func idFrom(s string) string {
	b := []rune{}
	for _, r := range s {
		if r >= ' ' && r != 0x7f {
			b = append(b, r)
		}
	}
	out := string(bytes.TrimSpace([]byte(string(b))))
	if out == "" {
		return "x"
	}
	return out
}

func randomScenario(rng *rand.Rand) *parley.Scenario {
	s := &parley.Scenario{Name: pick(rng, "scenario", 0)}
	if rng.IntN(2) == 0 {
		s.Description = awkward[rng.IntN(len(awkward))] + " and\nmore on a second line"
	}
	for i := range 1 + rng.IntN(4) {
		is := &parley.Issue{ID: idFrom(pick(rng, "issue", i))}
		if rng.IntN(2) == 0 {
			is.Name = pick(rng, "Issue ", i)
		}
		switch rng.IntN(3) {
		case 0:
			is.Kind = parley.KindOptions
			for k := range 1 + rng.IntN(4) {
				is.Options = append(is.Options, idFrom(pick(rng, "opt", k)))
			}
			is.Ordered = rng.IntN(2) == 0
		case 1:
			is.Kind = parley.KindInteger
			is.Min = float64(rng.IntN(200) - 100)
			is.Step = float64(1 + rng.IntN(5))
			is.Max = is.Min + is.Step*float64(rng.IntN(20))
			if rng.IntN(2) == 0 {
				is.Unit = pick(rng, "km", i)
			}
		default:
			is.Kind = parley.KindReal
			is.Min = float64(rng.IntN(100)) / 4
			is.Step = []float64{0.1, 0.25, 1, 2.5, 1.0 / 3}[rng.IntN(5)]
			is.Max = is.Min + is.Step*float64(rng.IntN(30))
		}
		s.Issues = append(s.Issues, is)
	}
	for i := range 1 + rng.IntN(4) {
		p := &parley.Party{ID: idFrom(pick(rng, "party", i)), Role: parley.RoleParty}
		if i > 0 {
			p.Role = []parley.Role{parley.RoleParty, parley.RoleMediator, parley.RoleObserver}[rng.IntN(3)]
		}
		if rng.IntN(2) == 0 {
			p.Name = pick(rng, "Party ", i)
		}
		if p.Role == parley.RoleParty || rng.IntN(2) == 0 {
			p.Profile = randomProfile(rng, s)
		}
		s.Parties = append(s.Parties, p)
	}
	return s
}

func randomProfile(rng *rand.Rand, s *parley.Scenario) *parley.Profile {
	p := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
	if rng.IntN(2) == 0 {
		p.Reservation = rng.Float64()
	}
	if rng.IntN(4) == 0 {
		p.Discount = rng.Float64()
	}
	sum := 0.0
	for _, is := range s.Issues {
		w := 0.0
		if rng.IntN(4) > 0 {
			w = rng.Float64()
		}
		if w == 0 && rng.IntN(2) == 0 {
			continue
		}
		p.Weights[is.ID] = w
		sum += w
		f := &parley.ValueFunc{}
		if is.Kind == parley.KindOptions {
			f.Options = map[string]float64{}
			for _, o := range is.Options {
				f.Options[o] = rng.Float64()
			}
		} else {
			x := is.Min
			for x <= is.Max && len(f.Points) < 4 {
				f.Points = append(f.Points, parley.Knot{X: x, Y: float64(rng.IntN(11)) / 10})
				x += is.Step * float64(1+rng.IntN(5))
			}
		}
		p.Values[is.ID] = f
	}
	if sum == 0 {
		is := s.Issues[0]
		p.Weights[is.ID] = 1
		if is.Kind == parley.KindOptions {
			p.Values[is.ID] = &parley.ValueFunc{Options: map[string]float64{}}
			for _, o := range is.Options {
				p.Values[is.ID].Options[o] = 0.5
			}
		} else {
			p.Values[is.ID] = &parley.ValueFunc{Points: []parley.Knot{{X: is.Min, Y: 1}}}
		}
		sum = 1
	}
	for id := range p.Weights {
		p.Weights[id] /= sum
	}
	for _, is := range s.Issues {
		if rng.IntN(3) > 0 {
			continue
		}
		q := fmt.Sprintf("%q", is.ID)
		if is.Kind == parley.KindOptions {
			p.RedLines = append(p.RedLines, fmt.Sprintf("%s != %q", q, is.Options[rng.IntN(len(is.Options))]))
		} else {
			p.RedLines = append(p.RedLines, fmt.Sprintf("%s <= %s", q, parley.FormatNumber(is.Max)))
		}
	}
	if rng.IntN(3) == 0 {
		r := parley.Rectangle{Utility: rng.Float64() - 0.5}
		for _, is := range s.Issues {
			b := parley.Bound{Issue: is.ID}
			if is.Kind == parley.KindOptions {
				b.Options = is.Options[:1+rng.IntN(len(is.Options))]
			} else {
				b.Min, b.Max = is.Min, is.Min+rng.Float64()*(is.Max-is.Min)
			}
			r.Bounds = append(r.Bounds, b)
		}
		p.Rectangles = append(p.Rectangles, r)
	}
	return p
}
