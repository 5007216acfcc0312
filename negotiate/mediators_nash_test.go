package negotiate_test

import (
	"math"
	"testing"

	"parley/negotiate"
)

// TestLearnHoldsOutForTheNashPoint checks that the default mediator agrees as often as
// alternating offers with the same parties and nearer the Nash point, on average over the
// pairings of time-dependent and rational parties, on each of a set of random additive
// domains that no benchmark uses. The talks end at the first text every party accepts: a
// mediator that tables the first text it predicts acceptable ends them where the parties'
// thresholds first meet, which the party that concedes slowest decides, as under alternating
// offers; learn holds out for texts near the Nash point it estimates while the deadline is
// far.
func TestLearnHoldsOutForTheNashPoint(t *testing.T) {
	agents := []string{"boulware", "linear", "conceder", "rational"}
	for seed := uint64(1); seed <= 8; seed++ {
		d := mustDomain(t, synthetic(t, seed, 2, 5, 5))
		nash := nashPoint(d)
		dist := func(r negotiate.Result) float64 {
			return math.Hypot(r.Utility[0]-nash[0], r.Utility[1]-nash[1])
		}
		var saop, learn float64
		var agreedS, agreedL int
		for _, a := range agents {
			for _, b := range agents {
				if a == b {
					continue
				}
				cfg := negotiate.Config{Rounds: 100, Seed: seed}
				rs, err := negotiate.NewSession(d).Run(mustAgents(t, a, b), cfg)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Mediator = mustMediator(t, negotiate.DefaultMediator)
				rl, err := negotiate.NewSession(d).RunMediated(mustAgents(t, a, b), cfg)
				if err != nil {
					t.Fatal(err)
				}
				saop, learn = saop+dist(rs)/12, learn+dist(rl)/12
				if rs.Agreement != nil {
					agreedS++
				}
				if rl.Agreement != nil {
					agreedL++
				}
			}
		}
		if agreedL < agreedS {
			t.Errorf("domain %d: learn agreed in %d of 12 runs, SAOP in %d", seed, agreedL, agreedS)
		}
		if learn > saop {
			t.Errorf("domain %d: learn's mean distance to the Nash point %.4f, SAOP's %.4f", seed, learn, saop)
		}
		t.Logf("domain %d: mean distance to the Nash point: learn %.4f, SAOP %.4f", seed, learn, saop)
	}
}

// nashPoint returns the utilities of the outcome of a two-party domain with the largest
// product of the parties' gains over their reservation values (brute force).
func nashPoint(d *negotiate.Domain) [2]float64 {
	b := d.Bids(0)
	best, pt := math.Inf(-1), [2]float64{}
	for i := range b.Len() {
		o := b.At(i)
		u0, u1 := d.Utility[0].Utility(o), d.Utility[1].Utility(o)
		g0, g1 := u0-d.Reservation[0], u1-d.Reservation[1]
		if g0 > 0 && g1 > 0 && g0*g1 > best {
			best, pt = g0*g1, [2]float64{u0, u1}
		}
	}
	return pt
}
