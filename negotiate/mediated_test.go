package negotiate_test

import (
	"bytes"
	"testing"

	"parley/negotiate"
)

func TestMediatedKeepsOnlyWhatEveryoneAccepts(t *testing.T) {
	for _, parties := range []int{2, 3} {
		s := synthetic(t, 21, parties, 5, 4)
		d := mustDomain(t, s)
		// Agents that are not Voters vote by their utility: a scripted agent is one.
		agents := make([]negotiate.Agent, parties)
		for p := range agents {
			agents[p] = scripted{}
		}
		r, err := negotiate.NewSession(d).RunMediated(agents, negotiate.Config{Rounds: 500, Seed: 4, Trace: true, Mediator: veto(t)})
		if err != nil {
			t.Fatal(err)
		}
		ev := r.Trace.Events
		if ev[0].Kind != "start" {
			t.Fatalf("first event %q, want start", ev[0].Kind)
		}
		text := ev[0].Outcome
		last := ev[0].Utility
		for _, e := range ev[1:] {
			if e.Kind != "propose" {
				continue
			}
			all := true
			for _, v := range e.Votes {
				all = all && v
			}
			if all {
				for p := range e.Utility {
					if e.Utility[p] < last[p]-1e-12 {
						t.Errorf("round %d: text accepted although party %d loses (%.3f < %.3f)", e.Round, p, e.Utility[p], last[p])
					}
				}
				text, last = e.Outcome, e.Utility
			}
		}
		if r.Agreement == nil {
			t.Fatalf("%d parties: no agreement (reservations are 0)", parties)
		}
		for i := range text {
			if r.Agreement[i] != text[i] {
				t.Fatalf("agreement %v, want the last accepted text %v", r.Agreement, text)
			}
		}
		if r.Rounds >= 500 {
			t.Errorf("used all %d rounds: the mediator should stop when no change is accepted", r.Rounds)
		}
	}
}

func TestMediatedSameSeedSameBytes(t *testing.T) {
	d := mustDomain(t, sharedDomain(t, "EnglandZimbabwe"))
	run := func() []byte {
		r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, "boulware", "random"), negotiate.Config{Rounds: 100, Seed: 9, Trace: true, Mediator: veto(t)})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.Trace.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if a, b := run(), run(); !bytes.Equal(a, b) {
		t.Error("same seed, different mediated traces")
	}
}
