package negotiate_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"parley/negotiate"
)

func TestTraceJSON(t *testing.T) {
	s := sharedDomain(t, "EnglandZimbabwe")
	d := mustDomain(t, s)
	r, err := negotiate.NewSession(d).Run(mustAgents(t, "boulware", "conceder"), negotiate.Config{Rounds: 100, Seed: 1, Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	r.Trace.Agents = []string{"boulware", "conceder"}
	var b bytes.Buffer
	if err := r.Trace.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Protocol  string
		Parties   []string
		Agents    map[string]string
		Agreement map[string]any
		Utility   map[string]float64
		Rounds    int
		Events    []struct {
			Turn, Round int
			Time        float64
			Party       string
			Action      string
			Outcome     map[string]any
			Utility     map[string]float64
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("trace is not JSON: %v", err)
	}
	if got.Protocol != "saop" || len(got.Parties) != 2 || got.Agents["England"] != "boulware" || got.Agents["Zimbabwe"] != "conceder" {
		t.Errorf("header: protocol %q, parties %v, agents %v", got.Protocol, got.Parties, got.Agents)
	}
	if got.Rounds != r.Rounds || len(got.Events) != r.Turns {
		t.Errorf("rounds %d and %d events, want %d and %d", got.Rounds, len(got.Events), r.Rounds, r.Turns)
	}
	if len(got.Agreement) != len(s.Issues) || got.Utility["England"] != r.Utility[0] {
		t.Errorf("agreement %v, utility %v; want %d issues and England's %v", got.Agreement, got.Utility, len(s.Issues), r.Utility[0])
	}
	prevTime := -1.0
	for k, e := range got.Events {
		if e.Turn != k+1 || e.Round != k/2+1 || e.Party != got.Parties[k%2] {
			t.Errorf("event %d: turn %d, round %d, party %q", k, e.Turn, e.Round, e.Party)
		}
		if e.Time <= prevTime || e.Time > 1 {
			t.Errorf("event %d: time %v after %v", k, e.Time, prevTime)
		}
		prevTime = e.Time
		if len(e.Outcome) != len(s.Issues) || len(e.Utility) != 2 {
			t.Errorf("event %d: outcome %v, utility %v", k, e.Outcome, e.Utility)
		}
	}
	if last := got.Events[len(got.Events)-1]; last.Action != "accept" {
		t.Errorf("last action %q, want accept", last.Action)
	}
}
