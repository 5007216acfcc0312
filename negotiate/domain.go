package negotiate

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sync"

	"parley"
	"parley/redline"
)

// MaxEnumerated is the largest outcome space a Domain lists in full. Beyond it, agents bid
// from a bounded, seeded candidate set (see NewDomain).
const MaxEnumerated = 100000

// DefaultCandidates is the size of the candidate set of a space larger than MaxEnumerated.
const DefaultCandidates = 20000

// DomainOptions tune NewDomain. The zero value is ready to use.
type DomainOptions struct {
	// Candidates is the size of the candidate set when the space has more than
	// MaxEnumerated outcomes; 0 means DefaultCandidates.
	Candidates int
	// Seed seeds the choice of candidates.
	Seed uint64
	// Extra outcomes (such as the Pareto frontier) added to the candidate set of a large
	// space. They must be outcomes of the scenario.
	Extra []parley.Outcome
}

// Domain is a scenario prepared for negotiation: the negotiating parties (the deciders), their
// compiled utility functions and red lines, and each party's bids sorted by its own utility.
// It is built once and shared, read-only, by any number of concurrent negotiations.
type Domain struct {
	Scenario *parley.Scenario
	// Parties are the negotiating parties as indices into Scenario.Parties: the deciders,
	// in scenario order. Every per-party slice of a negotiation is aligned with it.
	Parties     []int
	Utility     []*parley.UtilityFunc
	RedLines    [][]*redline.RedLine
	Reservation []float64
	// Discount holds each party's GENIUS discount factor, 1 when it has none.
	Discount []float64
	// Enumerated reports whether the bids are the whole outcome space (true) or a candidate
	// set (false).
	Enumerated bool
	// Mediator is the compiled utility function of the scenario's first mediator with a
	// profile of its own (see Scenario.Mediators), or nil. MediatorID is its party id and
	// MediatorReservation its reservation value. The mediated protocol uses it to choose
	// among the variations every party accepts; it never decides anything for a party.
	Mediator            *parley.UtilityFunc
	MediatorID          string
	MediatorReservation float64

	sizes      []int
	pool       []int // flat outcomes, len(sizes) ints each
	bids       []*Bids
	acceptable []*Bids

	// Under GENIUS rules, every party's outcomes in GENIUS's order, built on first use.
	geniusOnce sync.Once
	genius     []*geniusSpace
	geniusErr  error
}

// NewDomain prepares s for negotiation. Every party of role party negotiates; there must be
// at least two, each with a profile.
//
// When the outcome space has at most MaxEnumerated outcomes, the bids are every outcome.
// Otherwise they are a candidate set of about opts.Candidates outcomes, the same for every
// party, drawn with opts.Seed: a third uniformly at random, a third mixing the parties' best
// values issue by issue (where the Pareto frontier of additive profiles lies), a third on
// random walks down from each party's best outcome, plus every party's best outcome and
// opts.Extra. Nothing larger than the candidate set is ever enumerated.
func NewDomain(s *parley.Scenario, opts DomainOptions) (*Domain, error) {
	d := &Domain{Scenario: s}
	for i, p := range s.Parties {
		if p.Role != parley.RoleParty {
			continue
		}
		if p.Profile == nil {
			return nil, parley.Errorf(parley.EINVALID, "party %q has no profile; every negotiating party needs one", p.ID)
		}
		d.Parties = append(d.Parties, i)
	}
	if len(d.Parties) < 2 {
		return nil, parley.Errorf(parley.EINVALID, "scenario %q has %d negotiating parties (role party); a negotiation needs at least two", s.Name, len(d.Parties))
	}
	if len(s.Issues) == 0 {
		return nil, parley.Errorf(parley.EINVALID, "scenario %q has no issues", s.Name)
	}
	for _, is := range s.Issues {
		if is.Size() == 0 {
			return nil, parley.Errorf(parley.EINVALID, "issue %q has no values", is.ID)
		}
		d.sizes = append(d.sizes, is.Size())
	}
	for _, pi := range d.Parties {
		p := s.Parties[pi]
		u, err := s.Compile(p.Profile)
		if err != nil {
			return nil, fmt.Errorf("party %q: %w", p.ID, err)
		}
		var rls []*redline.RedLine
		for k, src := range p.Profile.RedLines {
			r, err := redline.Parse(src, s)
			if err != nil {
				return nil, fmt.Errorf("party %q: red line %d %q: %w", p.ID, k+1, src, err)
			}
			rls = append(rls, r)
		}
		d.Utility = append(d.Utility, u)
		d.RedLines = append(d.RedLines, rls)
		d.Reservation = append(d.Reservation, p.Profile.Reservation)
		df := p.Profile.Discount
		if !(df > 0 && df < 1) {
			df = 1 // GENIUS reads 0, and anything outside (0, 1), as no discount
		}
		d.Discount = append(d.Discount, df)
	}
	if ms := s.Mediators(); len(ms) > 0 {
		u, err := s.Compile(ms[0].Profile)
		if err != nil {
			return nil, fmt.Errorf("mediator %q: %w", ms[0].ID, err)
		}
		d.Mediator, d.MediatorID, d.MediatorReservation = u, ms[0].ID, ms[0].Profile.Reservation
	}
	size := s.Size()
	if size.Cmp(big.NewInt(MaxEnumerated)) <= 0 {
		d.Enumerated = true
		d.enumerate(int(size.Int64()))
	} else {
		n := opts.Candidates
		if n <= 0 {
			n = DefaultCandidates
		}
		d.sample(n, opts.Seed, opts.Extra)
	}
	for p := range d.Parties {
		all, acc := d.sortBids(p)
		d.bids = append(d.bids, all)
		d.acceptable = append(d.acceptable, acc)
	}
	return d, nil
}

func (d *Domain) enumerate(n int) {
	k := len(d.sizes)
	d.pool = make([]int, 0, n*k)
	o := make([]int, k)
	for range n {
		d.pool = append(d.pool, o...)
		for i := k - 1; i >= 0; i-- {
			o[i]++
			if o[i] < d.sizes[i] {
				break
			}
			o[i] = 0
		}
	}
}

// best returns party p's best outcome issue by issue (exact for additive profiles).
func (d *Domain) best(p int) []int {
	u := d.Utility[p]
	o := make([]int, len(d.sizes))
	for i, t := range u.Tables {
		for k := range t {
			if t[k] > t[o[i]] {
				o[i] = k
			}
		}
	}
	return o
}

func (d *Domain) sample(n int, seed uint64, extra []parley.Outcome) {
	k := len(d.sizes)
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	seen := make(map[string]bool, n)
	key := make([]byte, 0, 4*k)
	add := func(o []int) {
		key = key[:0]
		for _, v := range o {
			key = append(key, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
		}
		if seen[string(key)] {
			return
		}
		seen[string(key)] = true
		d.pool = append(d.pool, o...)
	}
	var bests [][]int
	for p := range d.Parties {
		b := d.best(p)
		bests = append(bests, b)
		add(b)
	}
	for _, o := range extra {
		if len(o) == k {
			add(o)
		}
	}
	o := make([]int, k)
	for range n / 3 { // uniform
		for i := range o {
			o[i] = r.IntN(d.sizes[i])
		}
		add(o)
	}
	for range n / 3 { // mixes of the parties' best values
		for i := range o {
			o[i] = bests[r.IntN(len(bests))][i]
		}
		add(o)
	}
	walks := max(1, n/3/(10*len(bests)))
	for range walks { // random walks down from each party's best
		for _, b := range bests {
			copy(o, b)
			for range 10 {
				i := r.IntN(k)
				o[i] = r.IntN(d.sizes[i])
				add(o)
			}
		}
	}
}

// sortBids returns party p's bids, best first, and those of them that are acceptable to
// it (within its red lines and reservation value).
func (d *Domain) sortBids(p int) (all, acceptable *Bids) {
	k := len(d.sizes)
	n := len(d.pool) / k
	u := d.Utility[p]
	util := make([]float64, n)
	order := make([]int32, n)
	for j := range n {
		util[j] = u.Utility(parley.Outcome(d.pool[j*k : (j+1)*k]))
		order[j] = int32(j)
	}
	// Ties are broken by position, so the order is total and the same on every run.
	slices.SortFunc(order, func(x, y int32) int {
		if util[x] != util[y] {
			if util[x] > util[y] {
				return -1
			}
			return 1
		}
		return int(x - y)
	})
	all = &Bids{k: k, pool: d.pool, order: order, util: make([]float64, n), allowed: make([]bool, n)}
	acceptable = &Bids{k: k, pool: d.pool}
	for i, j := range order {
		all.util[i] = util[j]
		all.allowed[i] = allows(d.RedLines[p], parley.Outcome(d.pool[int(j)*k:(int(j)+1)*k]))
		if all.allowed[i] && util[j] >= d.Reservation[p]-Tol {
			acceptable.order = append(acceptable.order, j)
			acceptable.util = append(acceptable.util, util[j])
			acceptable.allowed = append(acceptable.allowed, true)
		}
	}
	return all, acceptable
}

func allows(rls []*redline.RedLine, o parley.Outcome) bool {
	for _, r := range rls {
		if !r.Allows(o) {
			return false
		}
	}
	return true
}

// Acceptable reports whether o is acceptable: it crosses no negotiating party's red line and
// gives each of them at least its reservation value.
func (d *Domain) Acceptable(o parley.Outcome) bool {
	for p, u := range d.Utility {
		if u.Utility(o) < d.Reservation[p]-Tol || !allows(d.RedLines[p], o) {
			return false
		}
	}
	return true
}

// Valid reports whether o is an outcome of the domain's scenario.
func (d *Domain) Valid(o parley.Outcome) bool {
	if len(o) != len(d.sizes) {
		return false
	}
	for i, v := range o {
		if v < 0 || v >= d.sizes[i] {
			return false
		}
	}
	return true
}

// Bids returns party p's bids (p indexes Parties), best first.
func (d *Domain) Bids(p int) *Bids { return d.bids[p] }

// Bids is one party's list of outcomes sorted by its own utility, best first (ties in a
// fixed order). It is read-only and shared between negotiations.
type Bids struct {
	k       int
	pool    []int
	order   []int32
	util    []float64
	allowed []bool
}

// Len returns the number of bids.
func (b *Bids) Len() int { return len(b.order) }

// At returns the i-th best bid. The outcome is shared: never modify it.
func (b *Bids) At(i int) parley.Outcome {
	j := int(b.order[i]) * b.k
	return parley.Outcome(b.pool[j : j+b.k : j+b.k])
}

// Utility returns the owner's utility of the i-th best bid.
func (b *Bids) Utility(i int) float64 { return b.util[i] }

// Allowed reports whether the i-th best bid crosses none of the owner's red lines.
func (b *Bids) Allowed(i int) bool { return b.allowed[i] }

// Tol is the tolerance of every utility comparison in a negotiation: a utility within Tol
// below a threshold (a reservation value, a target, the current text) meets it.
const Tol = 1e-12

// AtLeast returns the number of bids worth at least u (within Tol) to the owner: bids
// 0 to AtLeast(u)-1.
func (b *Bids) AtLeast(u float64) int {
	lo, hi := 0, len(b.util)
	u -= Tol
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b.util[m] >= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Target returns the index of the bid closest to utility u from above: the worst bid worth
// at least u, or the best bid when none is.
func (b *Bids) Target(u float64) int {
	return max(0, b.AtLeast(u)-1)
}

// bidsFloor is the lowest utility in b, or NaN when b is empty.
func bidsFloor(b *Bids) float64 {
	if b.Len() == 0 {
		return math.NaN()
	}
	return b.util[b.Len()-1]
}
