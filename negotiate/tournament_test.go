package negotiate_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"parley"
	"parley/negotiate"
)

func specs(t testing.TB, names ...string) []*negotiate.AgentSpec {
	t.Helper()
	var out []*negotiate.AgentSpec
	for _, n := range names {
		s, err := negotiate.ParseAgent(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func newTournament(t testing.TB, workers int) *negotiate.Tournament {
	ez := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	three := mustDomain(t, synthetic(t, 8, 3, 3, 4))
	return &negotiate.Tournament{
		Scenarios: []negotiate.Entry{
			{Name: "EnglandZimbabwe", Domain: ez, Metrics: &negotiate.Metrics{Pareto: [][]float64{{1, 0}, {0.5, 0.5}, {0, 1}}, Nash: [][]float64{{0.5, 0.5}}}},
			{Name: "three", Domain: three},
		},
		Agents:  specs(t, "boulware", "random", "frequency", "rational"),
		Reps:    3,
		Config:  negotiate.Config{Rounds: 40, Seed: 5},
		Workers: workers,
	}
}

func runTournament(t *testing.T, tn *negotiate.Tournament) (csv, jsonl []byte, sum *negotiate.Summary) {
	t.Helper()
	var c, j bytes.Buffer
	cw, jw := negotiate.NewCSVWriter(&c, tn), negotiate.NewJSONWriter(&j, tn)
	sum, err := tn.Run(context.Background(), func(r *negotiate.Record) error {
		if err := cw.Write(r); err != nil {
			return err
		}
		return jw.Write(r)
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	return c.Bytes(), j.Bytes(), sum
}

func TestTournamentSameSeedSameBytes(t *testing.T) {
	c1, j1, _ := runTournament(t, newTournament(t, 1))
	c4, j4, _ := runTournament(t, newTournament(t, 4))
	if !bytes.Equal(c1, c4) {
		t.Error("CSV differs between 1 and 4 workers")
	}
	if !bytes.Equal(j1, j4) {
		t.Error("JSON lines differ between 1 and 4 workers")
	}
	// A scenario without metrics has no distances: empty in CSV, null in JSON.
	if !bytes.Contains(j1, []byte(`"scenario":"three"`)) || !bytes.Contains(j1, []byte(`"pareto_distance":null,"nash_distance":null,"advantage":`)) {
		t.Error("JSON lines lack null distances for the scenario without metrics")
	}
	if !bytes.Contains(c1, []byte(",three,")) || !bytes.Contains(c1, []byte(",,,,")) {
		t.Error("CSV lacks empty distances for the scenario without metrics")
	}
	tn := newTournament(t, 2)
	tn.Config.Seed = 6
	if c6, _, _ := runTournament(t, tn); bytes.Equal(c1, c6) {
		t.Error("seeds 5 and 6 gave the same results")
	}
}

func TestTournamentCombinations(t *testing.T) {
	tn := newTournament(t, 2)
	// Two parties: 4*3 ordered pairs; three parties: 4*3*2 ordered triples; 3 reps each.
	n, err := tn.Size()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n, (12+24)*3; got != want {
		t.Fatalf("Size = %d, want %d", got, want)
	}
	seen := map[string]int{}
	sum, err := tn.Run(context.Background(), func(r *negotiate.Record) error {
		var b strings.Builder
		b.WriteString(tn.Scenarios[r.Scenario].Name)
		for _, a := range r.Agents {
			b.WriteString("/" + tn.Agents[a].String())
		}
		seen[b.String()]++
		if r.Scenario == 0 {
			d := tn.Scenarios[0].Metrics
			want := d.ParetoDistance(r.Utility)
			if math.Abs(r.ParetoDistance-want) > 1e-12 || math.IsNaN(r.ParetoDistance) {
				t.Errorf("negotiation %d: Pareto distance %v, want %v", r.Index, r.ParetoDistance, want)
			}
		} else if !math.IsNaN(r.ParetoDistance) {
			t.Errorf("negotiation %d: Pareto distance %v without metrics, want NaN", r.Index, r.ParetoDistance)
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 12+24 {
		t.Errorf("%d distinct assignments, want %d", len(seen), 36)
	}
	for k, c := range seen {
		if c != 3 {
			t.Errorf("%s played %d times, want 3", k, c)
		}
	}
	if _, ok := seen["EnglandZimbabwe/boulware/random"]; !ok {
		t.Error("boulware never played England against random")
	}
	if _, ok := seen["EnglandZimbabwe/random/boulware"]; !ok {
		t.Error("roles never swapped: random never played England against boulware")
	}
	if got, want := sum.Negotiations, n; got != want {
		t.Errorf("summary counts %d negotiations, want %d", got, want)
	}
	for _, a := range sum.Agents {
		// Bilateral: 2 sides x 3 opponents x 3 reps; three parties: 3 sides x 6 ordered
		// pairs of others x 3 reps.
		if got, want := a.Negotiations, 18+54; got != want {
			t.Errorf("%s: %d negotiations, want %d", a.Agent, got, want)
		}
	}
	var b bytes.Buffer
	if err := sum.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"agreement rate", "mean utility", "Pareto distance", "Nash distance", "boulware", "mean social welfare", "mean rounds"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("summary table lacks %q:\n%s", w, b.String())
		}
	}
}

func TestTournamentFewerAgentsThanParties(t *testing.T) {
	tn := &negotiate.Tournament{
		Scenarios: []negotiate.Entry{{Name: "three", Domain: mustDomain(t, synthetic(t, 8, 3, 3, 4))}},
		Agents:    specs(t, "boulware", "conceder"),
		Reps:      1,
		Config:    negotiate.Config{Rounds: 10},
	}
	n, err := tn.Size()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n, 8; got != want { // 2^3 tuples with repetition
		t.Errorf("Size = %d, want %d", got, want)
	}
}

func TestTournamentBadInput(t *testing.T) {
	d := mustDomain(t, synthetic(t, 1, 2, 2, 2))
	tests := []struct {
		name string
		t    negotiate.Tournament
	}{
		{"ErrNoAgents", negotiate.Tournament{Scenarios: []negotiate.Entry{{Name: "s", Domain: d}}, Reps: 1, Config: negotiate.Config{Rounds: 1}}},
		{"ErrNoScenarios", negotiate.Tournament{Agents: specs(t, "boulware"), Reps: 1, Config: negotiate.Config{Rounds: 1}}},
		{"ErrZeroReps", negotiate.Tournament{Scenarios: []negotiate.Entry{{Name: "s", Domain: d}}, Agents: specs(t, "boulware"), Config: negotiate.Config{Rounds: 1}}},
		{"ErrZeroDeadline", negotiate.Tournament{Scenarios: []negotiate.Entry{{Name: "s", Domain: d}}, Agents: specs(t, "boulware"), Reps: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.t.Run(context.Background(), nil, nil); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("got error %v, want an invalid-input error", err)
			}
		})
	}
}

func TestTournamentCancelled(t *testing.T) {
	tn := newTournament(t, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tn.Run(ctx, nil, nil); err != context.Canceled {
		t.Errorf("got error %v, want context.Canceled", err)
	}
}

// TestTournamentSeedReplays checks that a record's seed replays its negotiation alone, as
// `parley negotiate --seed` does.
func TestTournamentSeedReplays(t *testing.T) {
	tn := newTournament(t, 2)
	type rec struct {
		sc, rounds int
		agents     []int
		seed       uint64
		utility    []float64
	}
	var recs []rec
	if _, err := tn.Run(context.Background(), func(r *negotiate.Record) error {
		if r.Index%7 == 0 {
			recs = append(recs, rec{r.Scenario, r.Rounds, append([]int(nil), r.Agents...), r.Seed, append([]float64(nil), r.Utility...)})
		}
		return nil
	}, nil); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		var agents []negotiate.Agent
		for _, a := range r.agents {
			agents = append(agents, tn.Agents[a].New())
		}
		got, err := negotiate.NewSession(tn.Scenarios[r.sc].Domain).Run(agents, negotiate.Config{Rounds: tn.Config.Rounds, Seed: r.seed})
		if err != nil {
			t.Fatal(err)
		}
		if got.Rounds != r.rounds || fmt.Sprint(got.Utility) != fmt.Sprint(r.utility) {
			t.Errorf("seed %d replayed: rounds %d, utility %v; tournament had %d, %v", r.seed, got.Rounds, got.Utility, r.rounds, r.utility)
		}
	}
}
