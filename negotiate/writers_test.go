package negotiate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"parley"
	"parley/negotiate"
)

// referenceJSON encodes r with encoding/json, as the JSONWriter's lines must read.
func referenceJSON(t *testing.T, tn *negotiate.Tournament, r *negotiate.Record) []byte {
	e := tn.Scenarios[r.Scenario]
	var parties, agents []string
	for p, a := range r.Agents {
		parties = append(parties, e.Domain.Scenario.Parties[e.Domain.Parties[p]].ID)
		agents = append(agents, tn.Agents[a].String())
	}
	num := func(x float64) any {
		if math.IsNaN(x) {
			return nil
		}
		return x
	}
	b, err := json.Marshal(negotiate.Object{
		{Key: "negotiation", Value: r.Index + 1},
		{Key: "scenario", Value: e.Name},
		{Key: "rep", Value: r.Rep + 1},
		{Key: "seed", Value: r.Seed},
		{Key: "agents", Value: negotiate.PartyObject(parties, agents)},
		{Key: "agreement", Value: negotiate.OutcomeObject(e.Domain.Scenario, r.Agreement)},
		{Key: "acceptable", Value: r.Acceptable},
		{Key: "utility", Value: negotiate.PartyObject(parties, r.Utility)},
		{Key: "discounted_utility", Value: negotiate.PartyObject(parties, r.Discounted)},
		{Key: "welfare", Value: r.Welfare},
		{Key: "rounds", Value: r.Rounds},
		{Key: "pareto_distance", Value: num(r.ParetoDistance)},
		{Key: "nash_distance", Value: num(r.NashDistance)},
		{Key: "advantage", Value: negotiate.PartyObject(parties, r.Advantage)},
		{Key: "kalai_distance", Value: num(r.KalaiDistance)},
		{Key: "ks_distance", Value: num(r.KSDistance)},
		{Key: "genius_pareto_distance", Value: num(r.GeniusPareto)},
		{Key: "genius_nash_distance", Value: num(r.GeniusNash)},
		{Key: "genius_welfare", Value: num(r.GeniusWelfare)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// numbers returns a bilateral scenario over an integer and a real issue, with tiny and
// huge-looking utilities so that numbers take every form encoding/json gives them.
func numbers() *parley.Scenario {
	s := &parley.Scenario{Name: "numbers \"quoted\" <&>", Issues: []*parley.Issue{
		{ID: "count", Kind: parley.KindInteger, Min: -5, Max: 5, Step: 1},
		{ID: "rate é", Kind: parley.KindReal, Min: 0, Max: 0.000003, Step: 0.0000005},
	}}
	for p, slope := range []float64{1, -1} {
		prof := &parley.Profile{
			Weights: map[string]float64{"count": 0.9999999, "rate é": 0.0000001},
			Values: map[string]*parley.ValueFunc{
				"count":  {Points: []parley.Knot{{X: -5, Y: (1 - slope) / 2}, {X: 5, Y: (1 + slope) / 2}}},
				"rate é": {Points: []parley.Knot{{X: 0, Y: 0}, {X: 0.000003, Y: 1}}},
			},
			Discount: 0.5,
		}
		s.Parties = append(s.Parties, &parley.Party{ID: []string{"a\tb", "ü"}[p], Role: parley.RoleParty, Profile: prof})
	}
	return s
}

func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	tn := newTournament(t, 2)
	tn.Scenarios = append(tn.Scenarios, negotiate.Entry{Name: "numbers \"quoted\" <&>", Domain: mustDomain(t, numbers()),
		Metrics: &negotiate.Metrics{Pareto: [][]float64{{1e-9, 1}}, Nash: [][]float64{{1e22, 0}}}})
	var got bytes.Buffer
	w := negotiate.NewJSONWriter(&got, tn)
	var want []byte
	if _, err := tn.Run(context.Background(), func(r *negotiate.Record) error {
		want = append(want, referenceJSON(t, tn, r)...)
		return w.Write(r)
	}, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		gl, wl := bytes.Split(got.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("line %d:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(gl), len(wl))
	}
}
