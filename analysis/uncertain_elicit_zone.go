package analysis

import "parley"

// Two counts of one simulated party. Zone found (SimParty.ZoneQuestions): the party's
// certain verdicts cover the true zone, every package of it certainly acceptable to the
// party, and none of its certain verdicts is wrong; once every party is there the certain
// zone equals the true zone (the elicitation target's wording). Zone known
// (SimParty.Questions): also every package outside the zone is certainly rejected, by the
// party or another one; the possible zone has then shrunk to the certain zone too. Only the
// simulation can tell the first, since it knows the truths: the chooser never reads them.

// zoneWatch follows, during a simulation's run, when each party's certain verdicts came to
// cover the true zone and have stayed so since.
type zoneWatch struct {
	zone  []int // ranks of the checked packages of the true zone
	noise bool  // answers may be wrong: certain verdicts are checked too, after every answer
	at    []int // per decider: the questions asked when it last came to cover the zone, else -1
	last  []int // per decider: the zone package a linear program last failed to prove, else -1
	o     parley.Outcome
}

// newZoneWatch finds the true zone on the checked packages (check nil: all): the packages
// every truth accepts, and, for a decider known in full (truth nil), its exact verdict.
func (k *Knowledge) newZoneWatch(truths []*Truth, check []bool, noise bool) *zoneWatch {
	zw := &zoneWatch{noise: noise, o: make(parley.Outcome, len(k.sizes))}
	for range truths {
		zw.at, zw.last = append(zw.at, -1), append(zw.last, -1)
	}
	r := 0
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		defer func() { r++ }()
		if check != nil && !check[r] {
			return true
		}
		for d, t := range truths {
			if t == nil && k.Verdict(d, o) != Certainly || t != nil && !t.Acceptable(o) {
				return true
			}
		}
		zw.zone = append(zw.zone, r)
		return true
	})
	return zw
}

// observe records whether decider d, asked asked questions so far and known as sw says (up
// to date without linear programs), now covers the zone. Without noise a cover stays (the
// polytope only shrinks), so it is checked until found; with noise after every answer.
func (zw *zoneWatch) observe(k *Knowledge, d int, t *Truth, sw *sweep, asked int) {
	if zw.at[d] >= 0 && !zw.noise {
		return
	}
	covers := zw.covers(k, d, sw) && (!zw.noise || zw.right(k, t, sw))
	switch {
	case !covers:
		zw.at[d] = -1
	case zw.at[d] < 0:
		zw.at[d] = asked
	}
}

// covers reports whether every zone package is certainly acceptable to decider d. A package
// a sample or witness rejects is not; one every sample accepts that no neighbour settled
// gets a linear program (the one that failed last first, so that a party not there yet
// costs one program per answer), and a proof is kept in sw, as the sweep's own would be.
// A failed program's witness is not kept: the chooser sees only what it would without
// this watch.
func (zw *zoneWatch) covers(k *Knowledge, d int, sw *sweep) bool {
	var open []int
	for _, r := range zw.zone {
		switch sw.state[r] {
		case swYes:
		case swOpen:
			open = append(open, r)
		default:
			return false
		}
	}
	if l := zw.last[d]; l >= 0 {
		for i, r := range open {
			if r == l {
				open[0], open[i] = open[i], open[0]
				break
			}
		}
	}
	m := k.models[d]
	for _, r := range open {
		k.unrank(r, zw.o)
		if lo, _, _, _ := m.bounds(zw.o, 1, true, false); lo < -VerdictTol {
			zw.last[d] = r
			return false
		}
		sw.state[r] = swYes
	}
	return true
}

// right reports whether every certainly acceptable package of sw is truly acceptable to
// t: with wrong answers kept, a certain verdict may be wrong.
func (zw *zoneWatch) right(k *Knowledge, t *Truth, sw *sweep) bool {
	for r, st := range sw.state {
		if st != swYes || !sw.checked(r) {
			continue
		}
		if k.unrank(r, zw.o); !t.Acceptable(zw.o) {
			return false
		}
	}
	return true
}

// found returns decider d's zone count for its record: the questions asked when it last came
// to cover the zone, and true; else asked (all of them) and false.
func (zw *zoneWatch) found(d, asked int, known bool) (int, bool) {
	if known {
		return 0, true // its exact verdicts cover the zone from the start
	}
	if zw.at[d] < 0 {
		return asked, false
	}
	return zw.at[d], true
}
