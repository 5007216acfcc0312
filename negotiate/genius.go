package negotiate

import (
	"cmp"
	"math"
	"math/big"
	"slices"
	"strings"
	"unicode/utf16"

	"parley"
)

// Rules selects how a negotiation under SAOP is run: parley's own rules (the default) or
// GENIUS 10.4's, which replay GENIUS's negotiations exactly. docs/agents.md lists every
// difference.
type Rules uint8

// Rules, append only.
const (
	// RulesParley: relative time runs per turn from 0 (first turn) to 1 (last turn of the
	// deadline); agents bid and accept as this package documents them.
	RulesParley Rules = iota
	// RulesGenius: GENIUS 10.4's stacked alternating offers on a DiscreteTimeline. Every
	// turn of round r (from 1) of an N-round deadline is at time r/(N+1); the agents
	// boulware, linear, conceder, hardliner and timedependent are GENIUS's
	// agents.TimeDependentAgent (bilateral only), party-boulware, party-conceder and
	// party-linear its negotiator.parties time-dependent parties; both choose their bids
	// from GENIUS's SortedOutcomeSpace of every outcome. The deadline must be in rounds.
	RulesGenius
)

// String returns "parley" or "genius".
func (r Rules) String() string {
	if r == RulesGenius {
		return "genius"
	}
	return "parley"
}

// ParseRules parses "parley" or "genius" (case-insensitive).
func ParseRules(s string) (Rules, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "parley", "":
		return RulesParley, nil
	case "genius":
		return RulesGenius, nil
	}
	return 0, parley.Errorf(parley.EINVALID, "unknown rules %q; known rules: parley, genius", s)
}

// MaxGeniusOutcomes is the largest outcome space GENIUS rules negotiate on: like GENIUS,
// they sort every outcome for every party (12 bytes an outcome and party).
const MaxGeniusOutcomes = 10_000_000

// geniusSpace is one party's outcomes in the order of GENIUS's SortedOutcomeSpace: by
// utility, best first; ties by the Java hash code of GENIUS's BidDetails (ascending), then
// in the order of GENIUS's BidIterator (the first issue varying fastest), as Java's stable
// sort leaves them.
type geniusSpace struct {
	sizes []int
	util  []float64 // sorted
	enum  []int32   // the BidIterator position of each sorted outcome
}

// outcome writes the i-th outcome into dst.
func (g *geniusSpace) outcome(i int, dst parley.Outcome) parley.Outcome {
	e := int(g.enum[i])
	for j, n := range g.sizes {
		dst[j] = e % n
		e /= n
	}
	return dst
}

// search is SortedOutcomeSpace.searchIndexWith: a binary search for u that returns where
// it stops when no outcome is worth exactly u.
func (g *geniusSpace) search(u float64) int {
	middle, low, high, last := -1, 0, len(g.util)-1, 0
	for last != middle {
		last = middle
		middle = (low + high) / 2
		x := g.util[middle]
		if x == u {
			return middle
		}
		if x < u {
			high = middle
		}
		if x > u {
			low = middle
		}
	}
	return middle
}

// near is SortedOutcomeSpace.getIndexOfBidNearUtility, quirk included: it compares the
// outcomes on either side of search(u), but the choice of the better one above is
// overwritten by the check of the one below, so it returns the one below when that is
// closer to u than both, and search(u) otherwise, even when the one above is closer. It
// may thus return an outcome worth less than u while one closer to u is worth more.
func (g *geniusSpace) near(u float64) int {
	i := g.search(u)
	best := math.Abs(g.util[i] - u)
	if i > 0 {
		if d := math.Abs(g.util[i-1] - u); d < best {
			best = d // GENIUS records i-1 here, then forgets it
		}
	}
	if i+1 < len(g.util) && math.Abs(g.util[i+1]-u) < best {
		return i + 1
	}
	return i
}

// javaStringHash is Java's String.hashCode.
func javaStringHash(s string) int32 {
	var h int32
	for _, c := range utf16.Encode([]rune(s)) {
		h = 31*h + int32(c)
	}
	return h
}

// javaDoubleHash is the hash of a double as Java's generated hashCode methods compute it.
func javaDoubleHash(x float64) int32 {
	b := math.Float64bits(x)
	return int32(uint32(b ^ b>>32))
}

// newGeniusSpace sorts every outcome of d for party p as GENIUS does.
func newGeniusSpace(d *Domain, p int) *geniusSpace {
	s := d.Scenario
	k := len(d.sizes)
	n := 1
	for _, m := range d.sizes {
		n *= m
	}
	// Value hashes: ValueDiscrete hashes its string; ValueInteger hashes to 0; ValueReal
	// keeps Java's identity hash, which nothing can replay: 0 here too.
	vh := make([][]int32, k)
	for i, is := range s.Issues {
		vh[i] = make([]int32, d.sizes[i])
		if is.Kind == parley.KindOptions {
			for j, o := range is.Options {
				vh[i][j] = javaStringHash(o)
			}
		}
	}
	u := d.Utility[p]
	util := make([]float64, n)
	hash := make([]int32, n)
	order := make([]int32, n)
	o := make(parley.Outcome, k)
	timeHash := javaDoubleHash(-1) // BidDetails made by OutcomeSpace have time -1
	for e := range n {
		x := u.Utility(o)
		var bh int32 // Bid.hashCode: the sum of its values' hash codes
		for i, v := range o {
			bh += vh[i][v]
		}
		// BidDetails.hashCode: 31*(31*(31*1 + bid) + utility) + time, in int arithmetic.
		h := 31 + bh
		h = 31*h + javaDoubleHash(x)
		h = 31*h + timeHash
		util[e], hash[e], order[e] = x, h, int32(e)
		for i := range o { // BidIterator: the first issue varies fastest
			if o[i]++; o[i] < d.sizes[i] {
				break
			}
			o[i] = 0
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if util[a] != util[b] {
			if util[a] > util[b] {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(hash[a], hash[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	g := &geniusSpace{sizes: d.sizes, util: make([]float64, n), enum: order}
	for i, e := range order {
		g.util[i] = util[e]
	}
	return g
}

// geniusSpaces returns every party's geniusSpace, built on first use.
func (d *Domain) geniusSpaces() ([]*geniusSpace, error) {
	d.geniusOnce.Do(func() {
		if size := d.Scenario.Size(); size.Cmp(big.NewInt(MaxGeniusOutcomes)) > 0 {
			d.geniusErr = parley.Errorf(parley.EINVALID, "scenario %q has %v outcomes; GENIUS rules sort every outcome, and negotiate on up to %d", d.Scenario.Name, size, MaxGeniusOutcomes)
			return
		}
		for p := range d.Parties {
			d.genius = append(d.genius, newGeniusSpace(d, p))
		}
	})
	return d.genius, d.geniusErr
}

// geniusTime is DiscreteTimeline.getTime for round r (from 1) of an N-round deadline.
func geniusTime(r, n int) float64 {
	return min(1, float64(r)/float64(n+1))
}

// javaPow stands for Java's Math.pow in the concession curves: exact powers for whole
// exponents (so t^5 for e = 0.2) and the square root for 0.5, correctly rounded as Java's
// pow is to within its accuracy; math.Pow otherwise.
func javaPow(x, y float64) float64 {
	switch {
	case y == 0.5:
		return math.Sqrt(x)
	case y >= 1 && y <= 16 && y == math.Trunc(y) && x >= 0:
		// x^y in double-double arithmetic (about 106 bits), then rounded once.
		hi, lo := x, 0.0
		for range int(y) - 1 {
			p := hi * x
			e := math.FMA(hi, x, -p) + lo*x
			hi = p + e
			lo = e - (hi - p)
		}
		return hi + lo
	}
	return math.Pow(x, y)
}

// GeniusTimeDependent is GENIUS 10.4's agents.TimeDependentAgent (Boulware e = 0.2,
// Conceder e = 2, linear e = 1, Hardliner e = 0) under GENIUS rules. At time t it aims at
//
//	p(t) = Pmin + (Pmax - Pmin) * (1 - t^(1/E))
//
// with Pmax its best utility and Pmin the larger of its worst utility and its reservation
// value, and offers SortedOutcomeSpace.getBidNearUtility(p(t)) (see geniusSpace.near). It
// accepts an offer worth at least as much to it as the bid it would make, undiscounted
// whatever its discount factor. It negotiates bilaterally only, and only under GENIUS
// rules (Init fails otherwise).
type GeniusTimeDependent struct {
	E float64

	s          *Setup
	g          *geniusSpace
	pmin, pmax float64
	buf        parley.Outcome
}

// Init implements Agent.
func (a *GeniusTimeDependent) Init(s *Setup) error {
	if s.genius == nil {
		return parley.Errorf(parley.EINVALID, "GENIUS's time-dependent agent negotiates under GENIUS rules only (--rules genius)")
	}
	if s.Parties != 2 {
		return parley.Errorf(parley.EINVALID, "GENIUS's TimeDependentAgent negotiates bilaterally; with %d parties use party-boulware, party-conceder or party-linear", s.Parties)
	}
	a.s, a.g = s, s.genius
	a.pmax = a.g.util[0]
	a.pmin = max(a.g.util[len(a.g.util)-1], s.Reservation)
	if len(a.buf) != len(a.g.sizes) {
		a.buf = make(parley.Outcome, len(a.g.sizes))
	}
	return nil
}

// Target returns p(t), the utility the agent aims at at time t.
func (a *GeniusTimeDependent) Target(t float64) float64 {
	f := 0.0 // k = 0
	if a.E != 0 {
		f = javaPow(t, 1/a.E)
	}
	return a.pmin + float64((a.pmax-a.pmin)*(1-f))
}

// Act implements Agent.
func (a *GeniusTimeDependent) Act(t Turn) Action {
	i := a.g.near(a.Target(t.T))
	if t.Offer != nil && a.s.Utility.Utility(t.Offer) >= a.g.util[i] {
		return Action{Kind: Accept}
	}
	return Action{Kind: Offer, Outcome: a.g.outcome(i, a.buf)}
}

// Receive implements Agent.
func (a *GeniusTimeDependent) Receive(int, Action) {}

// GeniusParty is GENIUS 10.4's negotiator.parties time-dependent party
// (BoulwareNegotiationParty e = 0.2, ConcederNegotiationParty e = 2; e = 1 for linear),
// which negotiates with any number of parties under GENIUS rules. At time t of an N-round
// deadline it aims at 1 - (t - 1/(N+1))^(1/E), whatever its profile's range, offers
// getBidNearUtility of that, and accepts the offer on the table only when it is worth
// strictly more to it, in discounted utility, than its own next bid.
type GeniusParty struct {
	E float64

	s   *Setup
	g   *geniusSpace
	buf parley.Outcome
}

// Init implements Agent.
func (a *GeniusParty) Init(s *Setup) error {
	if s.genius == nil {
		return parley.Errorf(parley.EINVALID, "GENIUS's time-dependent parties negotiate under GENIUS rules only (--rules genius)")
	}
	a.s, a.g = s, s.genius
	if len(a.buf) != len(a.g.sizes) {
		a.buf = make(parley.Outcome, len(a.g.sizes))
	}
	return nil
}

// Target returns the utility the party aims at at time t.
func (a *GeniusParty) Target(t float64) float64 {
	// GENIUS: "we have a slight offset because discrete timeline is 1-based".
	t -= 1 / float64(a.s.Rounds+1)
	if a.E == 0 {
		return 1
	}
	return 1 - javaPow(t, 1/a.E)
}

// Act implements Agent.
func (a *GeniusParty) Act(t Turn) Action {
	i := a.g.near(a.Target(t.T))
	if t.Offer != nil {
		d := math.Pow(a.s.Discount, t.T) // getUtilityWithDiscount; 1 without discount
		if float64(a.g.util[i]*d) < float64(a.s.Utility.Utility(t.Offer)*d) {
			return Action{Kind: Accept}
		}
	}
	return Action{Kind: Offer, Outcome: a.g.outcome(i, a.buf)}
}

// Receive implements Agent.
func (a *GeniusParty) Receive(int, Action) {}
