package analysis

import (
	"slices"

	"parley"
)

// Two counts of one simulated party. Zone found (SimParty.ZoneQuestions): the party's
// certain verdicts cover the true zone, every package of it certainly acceptable to the
// party, and (with wrong answers) none of its certain verdicts is wrong on a package no
// other party certainly rejects; once every party is there the certain
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
	// proved holds, per decider, the zone packages a linear program proved certainly
	// acceptable (until a withdrawal).
	proved []map[int]bool
	o      parley.Outcome
}

// newZoneWatch finds the true zone on the checked packages (check nil: all): the packages
// every truth accepts, and, for a decider known in full (truth nil), its exact verdict.
func (k *Knowledge) newZoneWatch(truths []*Truth, check []bool, noise bool) *zoneWatch {
	zw := &zoneWatch{noise: noise, o: make(parley.Outcome, len(k.sizes))}
	for range truths {
		zw.at, zw.last = append(zw.at, -1), append(zw.last, -1)
		zw.proved = append(zw.proved, nil)
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

// observe records whether decider d, asked asked questions so far and known as its sweep
// says (up to date without linear programs), now covers the zone. Without noise a cover
// stays (the polytope only shrinks), so it is checked until found; with noise after every
// answer.
func (zw *zoneWatch) observe(k *Knowledge, d int, t *Truth, sws []*sweep, asked int) {
	if zw.at[d] >= 0 && !zw.noise {
		return
	}
	covers := zw.covers(k, d, sws[d]) && (!zw.noise || zw.right(k, t, sws, d))
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
// costs one program per answer), and a proof is kept here (proved). The watch leaves the
// party's model as it found it: no witness kept, no proof told to the sweep, and the
// solver's kept bases as they were, so that the chooser asks what it would without it.
func (zw *zoneWatch) covers(k *Knowledge, d int, sw *sweep) bool {
	var open []int
	for _, r := range zw.zone {
		switch {
		case sw.state[r] == swYes || zw.proved[d][r]:
		case sw.state[r] == swOpen:
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
	if len(open) == 0 {
		return true
	}
	p := k.models[d].poly
	f := p.dualForm()
	pool := slices.Clone(f.pool)
	defer func() { f.pool = pool }()
	for _, r := range open {
		k.unrank(r, zw.o)
		idx, val := p.utilityRow(zw.o, 1)
		if res := p.solve(idx, val, nil); !res.ok || res.f < -VerdictTol {
			zw.last[d] = r
			return false
		}
		if zw.proved[d] == nil {
			zw.proved[d] = map[int]bool{}
		}
		zw.proved[d][r] = true
	}
	return true
}

// forget drops decider d's proofs: a withdrawal widened its polytope.
func (zw *zoneWatch) forget(d int) { zw.proved[d] = nil }

// right reports whether every package certainly acceptable to decider d (by its sweep, of
// sws) that no other decider certainly rejects is truly acceptable to it (t): with wrong
// answers kept, a certain verdict may be wrong. A package another decider rejects is outside
// the certain zone whatever d says of it, as it is outside the settled check's scope.
func (zw *zoneWatch) right(k *Knowledge, t *Truth, sws []*sweep, d int) bool {
	sw := sws[d]
	for r, st := range sw.state {
		if st != swYes || !sw.checked(r) || rejectedByOther(sws, d, r) {
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

// rejectedByOther reports whether a decider but d certainly rejects the package of rank r.
func rejectedByOther(sws []*sweep, d, r int) bool {
	for e, sw := range sws {
		if e != d && sw.rejected(r) {
			return true
		}
	}
	return false
}
