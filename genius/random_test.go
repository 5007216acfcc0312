package genius_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"parley"
	"parley/genius"
)

// randomScenario returns a scenario with awkward names (quotes, ampersands, unicode), option,
// integer and real issues, and value functions that are clamped lines or not.
func randomScenario(rng *rand.Rand) *parley.Scenario {
	names := []string{`a "quoted" name`, "fish & chips", "Ünïcödé", "x<y>z", "tab\there", "50%", "plain"}
	s := &parley.Scenario{Name: fmt.Sprintf("random %d", rng.IntN(1000))}
	n := 1 + rng.IntN(4)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%s %d", names[rng.IntN(len(names))], i)
		switch rng.IntN(3) {
		case 0:
			is := &parley.Issue{ID: id, Kind: parley.KindOptions}
			for k := 0; k < 1+rng.IntN(5); k++ {
				is.Options = append(is.Options, fmt.Sprintf("%s/%d", names[rng.IntN(len(names))], k))
			}
			s.Issues = append(s.Issues, is)
		case 1:
			lo := float64(rng.IntN(20) - 10)
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindInteger, Min: lo, Max: lo + float64(rng.IntN(12)), Step: 1})
		default:
			lo := float64(rng.IntN(10))
			s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindReal, Min: lo, Max: lo + 2, Step: 0.5})
		}
	}
	for p := 0; p < 1+rng.IntN(3); p++ {
		pr := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}, Reservation: float64(rng.IntN(3)) / 4}
		for _, is := range s.Issues {
			pr.Weights[is.ID] = float64(rng.IntN(4)) / float64(len(s.Issues)*3)
			f := &parley.ValueFunc{}
			if is.Kind == parley.KindOptions {
				f.Options = map[string]float64{}
				for _, o := range is.Options {
					f.Options[o] = float64(rng.IntN(5)) / 4
				}
			} else {
				for k := 0; k < 2+rng.IntN(2); k++ {
					f.Points = append(f.Points, parley.Knot{X: is.Min + (is.Max-is.Min)*float64(k)/2, Y: float64(rng.IntN(5)) / 4})
				}
			}
			pr.Values[is.ID] = f
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("party-%d", p), Role: parley.RoleParty, Profile: pr})
	}
	return s
}

// TestWriteRandom writes random scenarios to both formats and reads them back: every party
// keeps its utilities on every outcome (GeniusWeb: up to the reservation value, which it
// stores as the closest bid and reports in a warning).
func TestWriteRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for it := 0; it < 150; it++ {
		s := randomScenario(rng)
		for _, f := range []struct {
			name  string
			write func(string, *parley.Scenario) ([]parley.Warning, error)
		}{{"genius", genius.WriteDir}, {"geniusweb", genius.WriteWebDir}} {
			out := t.TempDir()
			warns, err := f.write(out, s)
			if err != nil {
				t.Fatalf("scenario %d, %s: %v", it, f.name, err)
			}
			got, _, err := genius.ReadDir(out)
			if err != nil {
				t.Fatalf("scenario %d, %s: read back: %v", it, f.name, err)
			}
			want := *s
			want.Parties = nil
			for i, p := range s.Parties {
				cp := *p
				prof := *p.Profile
				cp.Profile = &prof
				if f.name == "geniusweb" {
					prof.Reservation = got.Parties[i].Profile.Reservation
				}
				cp.Name = got.Parties[i].Name
				want.Parties = append(want.Parties, &cp)
			}
			t.Run(fmt.Sprintf("%d/%s", it, f.name), func(t *testing.T) {
				if len(warns) > 20 {
					t.Logf("%d warnings", len(warns))
				}
				sameUtilities(t, &want, got)
			})
		}
	}
}
