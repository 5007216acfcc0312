package negotiate_test

import (
	"bytes"
	"testing"

	"parley"
	"parley/examples"
	"parley/negotiate"
	"parley/scenario"
)

// peaceTalks returns the peace-talks example, whose mediator has interests of its own, and
// the same scenario with the mediator's profile removed.
func peaceTalks(t testing.TB) (withMediator, without *parley.Scenario) {
	t.Helper()
	src, err := examples.Get("peace-talks")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := scenario.Parse("peace-talks.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Parties = nil
	for _, p := range s.Parties {
		q := *p
		if q.Role == parley.RoleMediator {
			q.Profile = nil
		}
		c.Parties = append(c.Parties, &q)
	}
	return s, &c
}

// finalText returns the final text of a mediated trace: the one every party is asked to
// sign in the last events.
func finalText(t *testing.T, tr *negotiate.Trace) parley.Outcome {
	t.Helper()
	last := tr.Events[len(tr.Events)-1]
	if last.Kind != "sign" && last.Kind != "refuse" {
		t.Fatalf("last event %q, want sign or refuse", last.Kind)
	}
	return last.Outcome
}

func TestMediatorPrefersWhatIsBetterForItself(t *testing.T) {
	withM, withoutM := peaceTalks(t)
	dm, d := mustDomain(t, withM), mustDomain(t, withoutM)
	if dm.Mediator == nil || dm.MediatorID != "united_states" || d.Mediator != nil {
		t.Fatalf("mediator %q with a profile: %v; after removing it: %v", dm.MediatorID, dm.Mediator != nil, d.Mediator != nil)
	}
	pairs := [][2]string{{"conceder", "conceder"}, {"linear", "boulware"}, {"rational", "rational"}, {"frequency", "tft"}}
	better, runs := 0, 0
	for _, pair := range pairs {
		for seed := range uint64(8) {
			cfg := negotiate.Config{Rounds: 300, Seed: seed, Trace: true, Mediator: veto(t)}
			rm, err := negotiate.NewSession(dm).RunMediated(mustAgents(t, pair[0], pair[1]), cfg)
			if err != nil {
				t.Fatal(err)
			}
			textM := append(parley.Outcome(nil), finalText(t, rm.Trace)...)
			agreedM := rm.Agreement != nil
			if agreedM {
				if got, want := rm.Mediator, dm.Mediator.Utility(rm.Agreement); got != want {
					t.Errorf("%v seed %d: result's mediator utility %v, want %v", pair, seed, got, want)
				}
				if got, want := rm.Trace.MediatorUtility, rm.Mediator; got != want {
					t.Errorf("%v seed %d: trace's mediator utility %v, want %v", pair, seed, got, want)
				}
				for p, u := range rm.Utility {
					if u < dm.Reservation[p]-1e-9 {
						t.Errorf("%v seed %d: party %d gets %.3f below its reservation value %.3f", pair, seed, p, u, dm.Reservation[p])
					}
				}
			} else if rm.Mediator != dm.MediatorReservation {
				t.Errorf("%v seed %d: no agreement, mediator utility %v, want its reservation value %v", pair, seed, rm.Mediator, dm.MediatorReservation)
			}
			r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, pair[0], pair[1]), cfg)
			if err != nil {
				t.Fatal(err)
			}
			text := finalText(t, r.Trace)
			m := dm.Mediator
			got, base := m.Utility(textM), m.Utility(text)
			if got < base-1e-12 {
				t.Errorf("%v seed %d: final text worth %.3f to the mediator with its profile, %.3f without", pair, seed, got, base)
			}
			if got > base+1e-12 {
				better++
			}
			runs++
			if r.Mediator != 0 || r.Trace.Mediator != "" {
				t.Errorf("%v seed %d: without a mediator profile, mediator utility %v in %q", pair, seed, r.Mediator, r.Trace.Mediator)
			}
		}
	}
	// The mediator must actually steer, not merely leave the text as it was.
	if better < runs/4 {
		t.Errorf("the final text is better for the mediator in %d of %d negotiations; want at least a quarter", better, runs)
	}
	t.Logf("final text better for the mediator in %d of %d negotiations, as good in the others", better, runs)
}

func TestMediatorNeverAdoptsARejectedText(t *testing.T) {
	withM, _ := peaceTalks(t)
	d := mustDomain(t, withM)
	adopted := 0
	for seed := range uint64(8) {
		r, err := negotiate.NewSession(d).RunMediated(mustAgents(t, "conceder", "boulware"), negotiate.Config{Rounds: 300, Seed: seed, Trace: true, Mediator: veto(t)})
		if err != nil {
			t.Fatal(err)
		}
		var accepted map[string]bool
		text, steering := d.Mediator.Utility(r.Trace.Events[0].Outcome), false
		for _, e := range r.Trace.Events {
			key := e.Outcome.String()
			switch e.Kind {
			case "steer":
				steering, text = true, e.Mediator
			case "propose":
				if accepted == nil {
					accepted = map[string]bool{}
				}
				all := true
				for _, v := range e.Votes {
					all = all && v
				}
				if all && !steering {
					text = e.Mediator
				}
				if all && steering {
					accepted[key] = true
				}
			case "adopt":
				adopted++
				if !accepted[key] {
					t.Errorf("seed %d round %d: adopted %v, which no proposal of the round accepted by every party holds", seed, e.Round, e.Outcome)
				}
				if e.Mediator <= text {
					t.Errorf("seed %d round %d: adopted a text worth %.3f to the mediator, not more than %.3f", seed, e.Round, e.Mediator, text)
				}
				text, accepted = e.Mediator, nil
			}
			if e.Outcome != nil && e.Mediator != d.Mediator.Utility(e.Outcome) {
				t.Errorf("seed %d round %d: event's mediator utility %v, want %v", seed, e.Round, e.Mediator, d.Mediator.Utility(e.Outcome))
			}
		}
		if seed == 0 {
			var b bytes.Buffer
			if err := r.Trace.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`"mediator": "united_states"`, `"mediator_utility": `} {
				if !bytes.Contains(b.Bytes(), []byte(want)) {
					t.Errorf("trace JSON lacks %s", want)
				}
			}
		}
	}
	if adopted == 0 {
		t.Error("the mediator adopted no text in 8 negotiations")
	}
}
