package negotiate

import (
	"context"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"parley"
)

// Entry is one scenario of a tournament: its domain, the name results give it, and,
// optionally, its metrics (frontier and Nash point) for the distances.
type Entry struct {
	Name    string
	Domain  *Domain
	Metrics *Metrics
}

// Tournament runs every combination of agents, scenarios, role assignments and
// repetitions. For a scenario of k negotiating parties, the agents are combined k at a time
// without repetition (with repetition when there are fewer agents than parties, or with
// SelfPlay), and each combination plays in every assignment of agents to parties (the role
// swaps).
type Tournament struct {
	Scenarios []Entry
	Agents    []*AgentSpec
	Reps      int
	// Config gives the deadline; its Seed is the tournament's seed, from which each
	// negotiation's seed derives. Trace is ignored.
	Config Config
	// SelfPlay lets an agent play against itself: every assignment of agents to parties,
	// repeats included.
	SelfPlay bool
	// Mediated selects the mediated single-text protocol instead of SAOP.
	Mediated bool
	// Workers is the number of negotiations run at once; 0 means runtime.GOMAXPROCS(0).
	Workers int

	counts []int // per scenario: negotiations
}

// Record is the result of one negotiation of a tournament. Its slices are reused: copy
// what you keep beyond the call that receives it.
type Record struct {
	Index    int // 0-based position in the tournament's order
	Scenario int // index into Tournament.Scenarios
	Rep      int // repetition, from 0
	Seed     uint64
	// Agents[p] is the index into Tournament.Agents of the agent negotiating for party p
	// of the scenario's domain.
	Agents    []int
	Agreement parley.Outcome // nil without agreement
	Utility   []float64      // per party: the agreement's utility or the reservation value
	// Discounted is Utility discounted for time (see Result.Discounted).
	Discounted []float64
	Welfare    float64 // sum of Utility
	Rounds     int
	// ParetoDistance and NashDistance are the Euclidean distances in the parties' utility
	// space from the result (the agreement, or the reservation point without one) to the
	// nearest Pareto-optimal point and to the nearest Nash point; NaN when unknown.
	ParetoDistance, NashDistance float64
	// Acceptable reports whether there is an agreement and it is acceptable to every
	// party (crosses no red line, meets every reservation value).
	Acceptable bool
	// Advantage is, per party, the ANL advantage (u - r) / (best - r) of its utility u
	// over its reservation value r, best its best utility; 0 when best = r.
	Advantage []float64
	// KalaiDistance and KSDistance are the distances from the result to the nearest Kalai
	// (egalitarian) and Kalai-Smorodinsky points (the ANL metrics); NaN when unknown.
	KalaiDistance, KSDistance float64
	// GeniusPareto, GeniusNash and GeniusWelfare are the session metrics GENIUS logs,
	// computed over the whole frontier (see Metrics.GeniusSession); NaN distances when
	// unknown.
	GeniusPareto, GeniusNash, GeniusWelfare float64

	buf     parley.Outcome
	scratch []float64
}

func (t *Tournament) prepare() error {
	if len(t.Agents) == 0 {
		return parley.Errorf(parley.EINVALID, "no agents; name at least one (%s)", AgentNames())
	}
	if len(t.Scenarios) == 0 {
		return parley.Errorf(parley.EINVALID, "no scenarios")
	}
	if t.Reps <= 0 {
		return parley.Errorf(parley.EINVALID, "%d repetitions; give a positive number", t.Reps)
	}
	if err := t.Config.check(); err != nil {
		return err
	}
	if t.Mediated && t.Config.Rules == RulesGenius {
		return parley.Errorf(parley.EINVALID, "GENIUS rules apply to SAOP only; the mediated protocol follows parley's rules")
	}
	for _, a := range t.Agents {
		if err := a.CheckRules(t.Config.Rules); err != nil {
			return err
		}
		if _, bilateral := a.NewRules(t.Config.Rules).(*GeniusTimeDependent); bilateral {
			for _, e := range t.Scenarios {
				if n := len(e.Domain.Parties); n != 2 {
					return parley.Errorf(parley.EINVALID, "agent %q is GENIUS's TimeDependentAgent, which negotiates bilaterally, but scenario %q has %d parties; use party-boulware, party-conceder or party-linear", a, e.Name, n)
				}
			}
		}
	}
	t.counts = make([]int, len(t.Scenarios))
	total := 0
	for i, e := range t.Scenarios {
		c, ok := assignments(len(t.Agents), len(e.Domain.Parties), t.SelfPlay)
		if ok {
			c, ok = mulLimit(c, t.Reps)
		}
		if !ok || total+c > maxNegotiations {
			return parley.Errorf(parley.EINVALID, "more than %d negotiations; use fewer agents, scenarios or repetitions", maxNegotiations)
		}
		t.counts[i] = c
		total += c
	}
	return nil
}

// maxNegotiations bounds the size of a tournament.
const maxNegotiations = 1 << 40

func mulLimit(a, b int) (int, bool) {
	if a != 0 && b > maxNegotiations/a {
		return 0, false
	}
	return a * b, true
}

// assignments returns the number of assignments of n agents to k parties: k-permutations
// of distinct agents when n >= k and not repeat, every k-tuple otherwise.
func assignments(n, k int, repeat bool) (int, bool) {
	c := 1
	for i := range k {
		m := n
		if n >= k && !repeat {
			m = n - i
		}
		var ok bool
		if c, ok = mulLimit(c, m); !ok {
			return 0, false
		}
	}
	return c, true
}

// assignment writes into dst the idx-th assignment of n agents to k parties, in
// lexicographic order, without listing the others.
func assignment(dst []int, n, k, idx int, repeat bool) []int {
	dst = dst[:0]
	if n < k || repeat {
		for range k {
			dst = append(dst, 0)
		}
		for i := k - 1; i >= 0; i-- {
			dst[i] = idx % n
			idx /= n
		}
		return dst
	}
	// Mixed radix n, n-1, ..., n-k+1: digit j picks the digit-th agent not yet used.
	radix := 1
	for i := 1; i < k; i++ {
		radix *= n - i
	}
	for j := range k {
		d := idx / radix
		idx %= radix
		if j < k-1 {
			radix /= n - j - 1
		}
		a := -1
		for d >= 0 {
			a++
			used := false
			for _, u := range dst {
				if u == a {
					used = true
					break
				}
			}
			if !used {
				d--
			}
		}
		dst = append(dst, a)
	}
	return dst
}

// Size returns the number of negotiations the tournament runs.
func (t *Tournament) Size() (int, error) {
	if err := t.prepare(); err != nil {
		return 0, err
	}
	n := 0
	for _, c := range t.counts {
		n += c
	}
	return n, nil
}

// job locates negotiation i: scenario, assignment of agents (written into dst),
// repetition.
func (t *Tournament) job(i int, dst []int) (sc int, tuple []int, rep int) {
	for sc = range t.counts {
		if i < t.counts[sc] {
			k := len(t.Scenarios[sc].Domain.Parties)
			return sc, assignment(dst, len(t.Agents), k, i/t.Reps, t.SelfPlay), i % t.Reps
		}
		i -= t.counts[sc]
	}
	panic("negotiate: job index out of range")
}

// seedOf derives negotiation i's seed from the tournament's (splitmix64).
func seedOf(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// batch is the number of negotiations run at a time: results are written in order, batch
// by batch (while the workers run the next), so memory stays bounded whatever the
// tournament's size.
const batch = 1024

// Run runs the tournament, calling emit with every negotiation's record in the
// tournament's order (so that the same seed gives the same output, byte for byte, whatever
// the number of workers) and progress, when not nil, after every batch. It returns the
// summary. It stops at the first error from emit or an agent, or when ctx is done.
func (t *Tournament) Run(ctx context.Context, emit func(*Record) error, progress func(done, total int)) (*Summary, error) {
	total, err := t.Size()
	if err != nil {
		return nil, err
	}
	return t.RunRange(ctx, 0, total, emit, progress)
}

// RunRange runs negotiations first to end-1 of the tournament's order, as Run runs them
// all: a negotiation's record (its seed included) is the same whichever range runs it. The
// summary covers the range; progress counts from 0 to end-first.
func (t *Tournament) RunRange(ctx context.Context, first, end int, emit func(*Record) error, progress func(done, total int)) (*Summary, error) {
	size, err := t.Size()
	if err != nil {
		return nil, err
	}
	if first < 0 || end < first || end > size {
		return nil, parley.Errorf(parley.EINVALID, "negotiations %d to %d of a tournament of %d", first, end, size)
	}
	total := end
	workers := t.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sum := newSummary(t)
	bufs := t.recordBuffers()
	pl := &pool{t: t, ws: make([]worker, workers)}
	for w := range pl.ws {
		pl.ws[w].sessions = make([]*Session, len(t.Scenarios))
	}
	launch := func(lo int, recs []Record) *sync.WaitGroup { return pl.launch(ctx, lo, min(total, lo+batch), recs) }
	// While the results of one batch are written, the workers run the next.
	var pending *sync.WaitGroup
	if first < total {
		pending = launch(first, bufs[0])
	}
	for k, lo := 0, first; lo < total; k++ {
		hi := min(total, lo+batch)
		pending.Wait()
		if pl.err != nil {
			return sum, pl.err
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		pending = nil
		if hi < total {
			pending = launch(hi, bufs[(k+1)%2])
		}
		recs := bufs[k%2]
		for i := range hi - lo {
			r := &recs[i]
			sum.add(r)
			if emit != nil {
				if err := emit(r); err != nil {
					if pending != nil {
						pending.Wait()
					}
					return sum, err
				}
			}
		}
		if progress != nil {
			progress(hi-first, total-first)
		}
		lo = hi
	}
	return sum, nil
}

// recordBuffers returns the two batches of records a run fills in turn, each record's
// slices made for the largest scenario.
func (t *Tournament) recordBuffers() [2][]Record {
	maxParties := 0
	for _, e := range t.Scenarios {
		maxParties = max(maxParties, len(e.Domain.Parties))
	}
	var bufs [2][]Record
	for b := range bufs {
		bufs[b] = make([]Record, batch)
		for i := range bufs[b] {
			bufs[b][i].Utility = make([]float64, 0, maxParties)
			bufs[b][i].Agents = make([]int, 0, maxParties)
			bufs[b][i].Discounted = make([]float64, 0, maxParties)
			bufs[b][i].Advantage = make([]float64, 0, maxParties)
		}
	}
	return bufs
}

// worker keeps a session per scenario and its agents between negotiations.
type worker struct {
	sessions []*Session
	agents   []Agent
}

// pool runs a tournament's negotiations on its workers, a batch at a time.
type pool struct {
	t   *Tournament
	ws  []worker
	mu  sync.Mutex
	err error // the first error of a negotiation; read once the batch is done
}

// launch runs negotiations lo to hi into recs (from recs[0]) on the workers.
func (p *pool) launch(ctx context.Context, lo, hi int, recs []Record) *sync.WaitGroup {
	var next atomic.Int64
	next.Store(int64(lo))
	wg := &sync.WaitGroup{}
	for w := range p.ws {
		wg.Add(1)
		go func(wk *worker) {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= hi || ctx.Err() != nil {
					return
				}
				if err := p.t.play(wk.sessions, &wk.agents, i, &recs[i-lo]); err != nil {
					p.mu.Lock()
					if p.err == nil {
						p.err = err
					}
					p.mu.Unlock()
					return
				}
			}
		}(&p.ws[w])
	}
	return wg
}

// play runs negotiation i into rec.
func (t *Tournament) play(sessions []*Session, agents *[]Agent, i int, rec *Record) error {
	sc, tuple, rep := t.job(i, rec.Agents)
	e := t.Scenarios[sc]
	s := sessions[sc]
	if s == nil {
		s = NewSession(e.Domain)
		sessions[sc] = s
	}
	as := (*agents)[:0]
	for _, a := range tuple {
		as = append(as, t.Agents[a].NewRules(t.Config.Rules))
	}
	*agents = as
	cfg := t.Config
	cfg.Trace = false
	cfg.Seed = seedOf(t.Config.Seed, i)
	var res Result
	var err error
	if t.Mediated {
		res, err = s.RunMediated(as, cfg)
	} else {
		res, err = s.Run(as, cfg)
	}
	if err != nil {
		return err
	}
	rec.Index, rec.Scenario, rec.Rep, rec.Seed, rec.Agents = i, sc, rep, cfg.Seed, tuple
	rec.Utility = append(rec.Utility[:0], res.Utility...)
	rec.Discounted = append(rec.Discounted[:0], res.Discounted...)
	rec.Welfare = 0
	for _, u := range rec.Utility {
		rec.Welfare += u
	}
	rec.Rounds = res.Rounds
	rec.Agreement = nil
	if res.Agreement != nil {
		rec.buf = append(rec.buf[:0], res.Agreement...)
		rec.Agreement = rec.buf
		rec.Acceptable = e.Domain.Acceptable(res.Agreement)
	} else {
		rec.Agreement = nil
		rec.Acceptable = false
	}
	d := e.Domain
	rec.Advantage = rec.Advantage[:0]
	for p, u := range rec.Utility {
		r, best := d.Reservation[p], d.bids[p].Utility(0)
		a := 0.0
		if best > r {
			a = (u - r) / (best - r)
		}
		rec.Advantage = append(rec.Advantage, a)
	}
	rec.ParetoDistance, rec.NashDistance = math.NaN(), math.NaN()
	rec.KalaiDistance, rec.KSDistance = math.NaN(), math.NaN()
	rec.GeniusPareto, rec.GeniusNash, rec.GeniusWelfare = math.NaN(), math.NaN(), 0
	if m := e.Metrics; m != nil {
		rec.ParetoDistance = m.ParetoDistance(rec.Utility)
		rec.NashDistance = m.NashDistance(rec.Utility)
		rec.KalaiDistance = m.KalaiDistance(rec.Utility)
		rec.KSDistance = m.KSDistance(rec.Utility)
		rec.GeniusPareto, rec.GeniusNash, rec.GeniusWelfare, rec.scratch = m.geniusSession(rec.Utility, res.Agreement != nil, d.Reservation, d.Discount, res.Time, rec.scratch)
	} else if res.Agreement != nil {
		for p, u := range rec.Utility {
			rec.GeniusWelfare += u * math.Pow(d.Discount[p], res.Time)
		}
	}
	return nil
}
