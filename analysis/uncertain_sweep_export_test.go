package analysis

import "parley"

// Sweeper exposes the sweeps of Knowledge k to the external tests: Update brings every
// decider's sweep up to date, deciding every package (by linear programs where needed) but
// those another decider certainly rejects; Verdict reads one package's verdict from it, and
// false when the sweep left it undecided.
type Sweeper struct {
	k   *Knowledge
	sws []*sweep
}

func NewSweeper(k *Knowledge) *Sweeper {
	n := product(k.sizes)
	sw := &Sweeper{k: k}
	for range k.models {
		sw.sws = append(sw.sws, newSweep(n, nil))
	}
	return sw
}

func (sw *Sweeper) Update() {
	for d, s := range sw.sws {
		sw.k.updateSweep(d, s, sweepMode{lp: true, all: true, others: others(sw.sws, d)})
	}
}

func (sw *Sweeper) Verdict(d int, o parley.Outcome) (Verdict, bool) {
	switch sw.sws[d].state[sw.k.rank(o)] {
	case swYes:
		return Certainly, true
	case swNo, swLine:
		return Never, true
	case swSplit:
		return Possibly, true
	}
	return Possibly, false
}
