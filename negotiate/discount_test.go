package negotiate_test

import (
	"testing"

	"parley"
	"parley/negotiate"
)

// withoutDiscount returns a copy of s whose parties' profiles have no discount factor.
func withoutDiscount(s *parley.Scenario) *parley.Scenario {
	c := *s
	c.Parties = nil
	for _, p := range s.Parties {
		q := *p
		if p.Profile != nil {
			prof := *p.Profile
			prof.Discount = 0
			q.Profile = &prof
		}
		c.Parties = append(c.Parties, &q)
	}
	return &c
}

func TestDiscountBringsAgreementsEarlier(t *testing.T) {
	pairs := [][2]string{{"boulware", "conceder"}, {"linear", "linear"}, {"boulware", "boulware"}, {"frequency", "tft"}, {"rational", "linear"}}
	for _, name := range []string{"Camera", "Grocery"} {
		s := sharedDomain(t, name)
		disc, plain := mustDomain(t, s), mustDomain(t, withoutDiscount(s))
		if disc.Discount[0] >= 1 || plain.Discount[0] != 1 {
			t.Fatalf("%s: discount factors %v and %v, want one below 1 and none", name, disc.Discount, plain.Discount)
		}
		rounds := func(d *negotiate.Domain) (sum float64, agreed int) {
			sess := negotiate.NewSession(d)
			for _, pair := range pairs {
				for seed := range uint64(5) {
					r, err := sess.Run(mustAgents(t, pair[0], pair[1]), negotiate.Config{Rounds: 100, Seed: seed})
					if err != nil {
						t.Fatal(err)
					}
					if r.Agreement != nil {
						sum += float64(r.Rounds)
						agreed++
						for p, u := range r.Utility {
							if u < d.Reservation[p]-1e-9 {
								t.Errorf("%s %v seed %d: party %d gets %.3f below its reservation value %.3f", name, pair, seed, p, u, d.Reservation[p])
							}
						}
					}
				}
			}
			return sum / float64(max(agreed, 1)), agreed
		}
		got, gotN := rounds(disc)
		want, wantN := rounds(plain)
		if gotN < wantN {
			t.Errorf("%s: %d agreements with the discount, %d without; want at least as many", name, gotN, wantN)
		}
		if !(got < want) {
			t.Errorf("%s: agreements in round %.1f on average with the discount, %.1f without; want earlier", name, got, want)
		}
		t.Logf("%s: mean round of agreement %.1f with discount %.3f, %.1f without", name, got, disc.Discount[0], want)
	}
}

func TestAcceptAbove(t *testing.T) {
	tests := []struct {
		d, next, floor, t, want float64
	}{
		{1, 0.8, 0.5, 0.3, 0.8},   // no discount: AC_next
		{0.25, 0.8, 0.5, 1, 0.8},  // at the deadline there is no later
		{0.25, 0.8, 0.5, 0, 0.5},  // 0.8 * 0.25^0.5 = 0.4, floored at 0.5
		{0.81, 0.8, 0.5, 0, 0.72}, // 0.8 * 0.9
		{0.81, 0.8, 0.5, 0.5, 0.8 * 0.9486832980505138},
	}
	for _, tt := range tests {
		s := &negotiate.Setup{Discount: tt.d}
		if got := s.AcceptAbove(tt.next, tt.floor, tt.t); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("AcceptAbove(%v, %v, %v) with d = %v: got %v, want %v", tt.next, tt.floor, tt.t, tt.d, got, tt.want)
		}
	}
}
