package negotiate_test

import (
	"testing"

	"parley"
	"parley/negotiate"
)

// constrained returns a synthetic scenario in which both parties have red lines (one of
// them excluding party 0's best outcome) and reservation values.
func constrained(t *testing.T, seed uint64) *parley.Scenario {
	s := synthetic(t, seed, 2, 4, 4)
	s.Parties[0].Profile.RedLines = []string{"i0 in [v1, v2]", "i1 != v3 or i2 == v0"}
	s.Parties[0].Profile.Reservation = 0.45
	s.Parties[1].Profile.RedLines = []string{"i3 != v2"}
	s.Parties[1].Profile.Reservation = 0.35
	return s
}

func TestRationalNeverAgreesBelowReservationOrAcrossRedLine(t *testing.T) {
	opponents := []string{"random:p=0.5", "random:p=1", "conceder", "boulware", "hardliner", "tft", "frequency", "rational", "rational:e=2"}
	agreements := 0
	for seed := range uint64(8) {
		d := mustDomain(t, constrained(t, seed))
		sess := negotiate.NewSession(d)
		for _, opp := range opponents {
			for side := range 2 {
				specs := []string{"rational", opp}
				if side == 1 {
					specs = []string{opp, "rational"}
				}
				r, err := sess.Run(mustAgents(t, specs...), negotiate.Config{Rounds: 80, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				if r.Agreement == nil {
					continue
				}
				agreements++
				for p, sp := range specs {
					if sp[:min(8, len(sp))] != "rational" {
						continue
					}
					if u := d.Utility[p].Utility(r.Agreement); u < d.Reservation[p]-1e-12 {
						t.Errorf("seed %d, %v: rational party %d agreed to %v worth %.3f, below its reservation %.2f", seed, specs, p, r.Agreement, u, d.Reservation[p])
					}
					for _, rl := range d.RedLines[p] {
						if !rl.Allows(r.Agreement) {
							t.Errorf("seed %d, %v: rational party %d agreed to %v across its red line %q", seed, specs, p, r.Agreement, rl.Text)
						}
					}
				}
				// Mediated: rational voters sign nothing unacceptable either.
				m, err := sess.RunMediated(mustAgents(t, specs...), negotiate.Config{Rounds: 200, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				if m.Agreement != nil {
					for p, sp := range specs {
						if sp[:min(8, len(sp))] == "rational" && (d.Utility[p].Utility(m.Agreement) < d.Reservation[p]-1e-12 || !allAllow(d, p, m.Agreement)) {
							t.Errorf("seed %d, %v: mediated agreement %v unacceptable to rational party %d", seed, specs, m.Agreement, p)
						}
					}
				}
			}
		}
	}
	if agreements == 0 {
		t.Error("no negotiation reached agreement: the property was never exercised")
	}
}

func allAllow(d *negotiate.Domain, p int, o parley.Outcome) bool {
	for _, rl := range d.RedLines[p] {
		if !rl.Allows(o) {
			return false
		}
	}
	return true
}

func TestAgentsWalkAwayWhenNothingMeetsTheirReservation(t *testing.T) {
	s := synthetic(t, 2, 2, 2, 3)
	s.Parties[0].Profile.Reservation = 1.01 // nothing is worth it
	d := mustDomain(t, s)
	for _, spec := range []string{"rational", "boulware", "conceder", "hardliner", "tft", "frequency"} {
		r, err := negotiate.NewSession(d).Run(mustAgents(t, spec, "conceder"), negotiate.Config{Rounds: 10})
		if err != nil {
			t.Fatal(err)
		}
		if r.Agreement != nil || r.EndedBy != 0 || r.Turns != 1 {
			t.Errorf("%s: agreement %v, ended by %d after %d turns; want none, 0, 1", spec, r.Agreement, r.EndedBy, r.Turns)
		}
	}
}
