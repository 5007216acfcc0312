package analysis

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"runtime"

	"parley"
	"parley/redline"
)

// Tol is the tolerance of every utility comparison: utilities within Tol are equal.
const Tol = 1e-9

// MaxListed is the largest number of Pareto-optimal outcomes Analyze lists; beyond it the list
// is cut (Result.Truncated) and Result.ParetoCount gives the full count. Each bargaining
// point's list of tied outcomes is cut at the same number. Scenarios with hundreds of issues
// get fewer, so that each list stays within about 40 MB.
const MaxListed = 100000

// MaxComposite is the largest number of value combinations of the issues linked by red lines
// that the additive method merges into one composite issue.
const MaxComposite = 1000000

// DefaultMaxWork is the default budget of Options.MaxWork: outcome evaluations for
// enumeration, candidate partial outcomes for the additive merge.
const DefaultMaxWork = 4e9

// SoftMemoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit) under which a
// process running one analysis keeps its peak below 300 MiB, as this package's documentation
// promises: parley analyze, serve and demo set it unless GOMEMLIMIT is set (serve and demo
// take --memory-limit), and bench/scale sets it for its memory shapes.
const SoftMemoryLimit = 200 << 20

// Options tune Analyze. The zero value is ready to use.
type Options struct {
	Workers       int                       // parallel workers; 0 means runtime.GOMAXPROCS
	MaxWork       float64                   // budget in outcome evaluations or merge candidates; 0 means DefaultMaxWork
	Progress      func(done, total float64) // called now and then during long computations; may be nil
	SkipConflicts bool                      // skip the conflict explanation when nothing is acceptable
	// KeepFrontier keeps the computed frontier in the Result, so that Result.EachPareto can
	// stream every Pareto-optimal outcome, not only the listed ones.
	KeepFrontier bool
	// Stop, when closed, stops the computation at its next check (between merges, chunks
	// of enumeration, completions of a draft): Analyze and EvaluateDraft then return
	// ErrStopped. A caller passes a context's Done channel; nil never stops.
	Stop <-chan struct{}
}

// ErrStopped is returned by a computation stopped by Options.Stop.
var ErrStopped = errors.New("analysis: stopped before the end")

// stopped reports whether Options.Stop is closed.
func (p *problem) stopped() bool {
	select {
	case <-p.opt.Stop:
		return true
	default:
		return false
	}
}

// Result is the analysis of a scenario.
type Result struct {
	Parties        []int    // indices into s.Parties of the deciders, scenario order
	Mediators      []int    // indices into s.Parties of the mediators with a profile
	Outcomes       *big.Int // size of the outcome space, exact
	Acceptable     *big.Int // number of acceptable outcomes; nil when not computed exactly
	AcceptableNote string   // when Acceptable is nil: why
	// When Acceptable is nil: guaranteed bounds on the number of acceptable outcomes, when
	// known (nil otherwise). They are bounds, not an estimate: the count lies between them.
	AcceptableAtLeast, AcceptableAtMost *big.Int
	Method                              string // how the frontier was computed, in words
	// Approximate is true when the result comes from Approximate: its points are real
	// outcomes with exact utilities, but the frontier may lack points.
	Approximate bool
	// Pareto lists every Pareto-optimal outcome of the whole space (red lines ignored), ties
	// included, sorted by the deciders' utilities (first decider's highest first), each
	// marked acceptable or not.
	Pareto []Point
	// AcceptablePareto lists the Pareto frontier of the acceptable outcomes: the best
	// packages inside the zone of possible agreement, which differ from the acceptable part of
	// Pareto when red lines cut the frontier. Sorted and cut like Pareto;
	// AcceptableParetoCount gives the full count.
	AcceptablePareto      []Point
	AcceptableParetoCount *big.Int
	// Best[i] is the best utility of decider i among acceptable outcomes; NaN when nothing
	// is acceptable.
	Best []float64
	// The bargaining points over the acceptable outcomes, every tied outcome listed.
	Nash, KalaiSmorodinsky, Egalitarian, Utilitarian []Point
	Ranges                                           []Range // one per issue, scenario order; nil when not computed
	RangesNote                                       string  // when Ranges is nil: why
	// Conflicts are the minimal sets of constraints that cannot hold together; set only
	// when nothing is acceptable.
	Conflicts []Conflict
	// Relaxations are the smallest sets of constraints whose relaxation together opens a
	// zone of agreement; set only when nothing is acceptable.
	Relaxations [][]Constraint
	// ConflictsNote says why Conflicts and Relaxations are missing or partial, if they are.
	ConflictsNote string
	Truncated     bool     // Pareto was cut (at MaxListed outcomes, fewer for very many issues)
	ParetoCount   *big.Int // number of Pareto-optimal outcomes
	// ParetoAcceptableCount is the number of Pareto-optimal outcomes that are acceptable,
	// exact whether or not Pareto was cut.
	ParetoAcceptableCount *big.Int
	// The number of tied outcomes of each bargaining point, exact: the lists above are cut
	// like Pareto, so a list shorter than its count was cut.
	NashCount, KalaiSmorodinskyCount, EgalitarianCount, UtilitarianCount *big.Int

	each func(f func(Point) bool) // streams the whole frontier; set with Options.KeepFrontier
}

// EachPareto calls f with every Pareto-optimal outcome of the whole space, ties included,
// entries in the order of Pareto (tied outcomes in no set order), until f returns false.
// The points are built one at a time: a frontier of millions of tied outcomes streams in
// constant memory. Without Options.KeepFrontier it calls f with the listed points,
// r.Pareto.
func (r *Result) EachPareto(f func(Point) bool) {
	if r.each != nil {
		r.each(f)
		return
	}
	for _, pt := range r.Pareto {
		if !f(pt) {
			return
		}
	}
}

// Point is one outcome with its utilities.
type Point struct {
	Outcome         parley.Outcome
	Utility         []float64 // aligned with Result.Parties
	MediatorUtility []float64 // aligned with Result.Mediators
	Acceptable      bool
}

// Range is the agreement range of one issue.
type Range struct {
	Issue   int    // index into s.Issues
	Allowed []bool // per value index: the value occurs in at least one acceptable outcome
}

// Constraint is one red line or reservation value of a decider.
type Constraint struct {
	Party       int    // index into s.Parties
	Kind        string // "red_line" or "reservation"
	RedLine     string // the red line's text, for Kind "red_line"
	Reservation float64
}

// Constraint kinds.
const (
	KindRedLine     = "red_line"
	KindReservation = "reservation"
)

// Conflict is a minimal set of constraints that cannot hold together, with Text in words a
// mediator can read.
type Conflict struct {
	Constraints []Constraint
	Text        string
}

// Dominates reports whether utility vector a dominates b: a is at least as good for everyone
// and better for someone, comparisons within Tol. It panics if the lengths differ.
func Dominates(a, b []float64) bool {
	if len(a) != len(b) {
		panic("analysis: Dominates on vectors of different lengths")
	}
	strict := false
	for i := range a {
		if a[i] < b[i]-Tol {
			return false
		}
		if a[i] > b[i]+Tol {
			strict = true
		}
	}
	return strict
}

// Equal reports whether utility vectors a and b are equal within Tol.
func Equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > Tol {
			return false
		}
	}
	return true
}

// ParetoFilter returns the indices, ascending, of the vectors of us that no other vector of us
// dominates. All vectors must have the same length. It runs in O(n log n) for up to three
// parties.
func ParetoFilter(us [][]float64) []int {
	if len(us) == 0 {
		return nil
	}
	k := len(us[0])
	flat := make([]float64, 0, len(us)*k)
	for _, u := range us {
		flat = append(flat, u...)
	}
	keep := filterFlat(flat, k)
	out := make([]int, 0, len(keep))
	for _, i := range keep {
		out = append(out, int(i))
	}
	return out
}

// problem is a scenario prepared for analysis.
type problem struct {
	s         *parley.Scenario
	opt       Options
	k         int   // number of deciders
	parties   []int // scenario indices of the deciders
	mediators []int
	funcs     []*parley.UtilityFunc // per decider
	mfuncs    []*parley.UtilityFunc // per mediator
	res       []float64             // reservation values per decider
	lines     []line                // every decider's red lines
	sizes     []int                 // values per issue
	additive  bool
}

// line is one parsed red line of a decider.
type line struct {
	decider int // index into problem.parties
	rl      *redline.RedLine
}

// ErrNoExactMethod is matched, with errors.Is, by the error Analyze returns when no exact
// method fits the space; Approximate can then estimate the frontier. The error is also an
// EINVALID *parley.Error carrying the reason.
var ErrNoExactMethod = errors.New("no exact method fits")

type noExactError struct {
	err  *parley.Error
	need float64 // the Options.MaxWork that would let the method finish; 0 when unknown
}

func (e *noExactError) Error() string        { return e.err.Error() }
func (e *noExactError) Unwrap() error        { return e.err }
func (e *noExactError) Is(target error) bool { return target == ErrNoExactMethod }

func noExact(format string, args ...any) error { return &noExactError{err: invalid(format, args...)} }

// NeededWork returns, for an error of Analyze that matches ErrNoExactMethod, the
// Options.MaxWork that the refused method estimated it needs, when raising the budget to it
// would let the method finish; ok is false when no budget would help or none is known.
func NeededWork(err error) (need float64, ok bool) {
	var e *noExactError
	if errors.As(err, &e) && e.need > 0 {
		return e.need, true
	}
	return 0, false
}

func invalid(format string, args ...any) *parley.Error {
	return parley.Errorf(parley.EINVALID, format, args...)
}

func newProblem(s *parley.Scenario, opt Options) (*problem, error) {
	if s == nil {
		return nil, invalid("no scenario")
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MaxWork <= 0 {
		opt.MaxWork = DefaultMaxWork
	}
	p := &problem{s: s, opt: opt, additive: true}
	for i, is := range s.Issues {
		n := is.Size()
		if n <= 0 {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("issues[%d]", i),
				Message: fmt.Sprintf("issue %q has no values; give it options or a range with min <= max and a positive step", is.ID)}
		}
		p.sizes = append(p.sizes, n)
	}
	for pi, party := range s.Parties {
		if party == nil {
			return nil, invalid("party %d is missing", pi)
		}
		switch {
		case party.Role == parley.RoleParty:
			if party.Profile == nil {
				return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile", pi),
					Message: fmt.Sprintf("party %q has no profile; every party of role party needs one to analyse the scenario (make it an observer if it does not decide)", party.DisplayName())}
			}
		case party.Role == parley.RoleMediator && party.Profile != nil:
		default:
			continue
		}
		u, err := s.Compile(party.Profile)
		if err != nil {
			var pe *parley.Error
			if errors.As(err, &pe) {
				e := *pe
				e.Field = fmt.Sprintf("parties[%d].profile.%s", pi, pe.Field)
				e.Message = fmt.Sprintf("profile of %q: %s", party.DisplayName(), pe.Message)
				return nil, &e
			}
			return nil, fmt.Errorf("compile profile of %q: %w", party.DisplayName(), err)
		}
		if !finite(u) {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile", pi),
				Message: fmt.Sprintf("profile of %q gives a utility that is not a finite number; check its weights and values", party.DisplayName())}
		}
		if party.Role == parley.RoleMediator {
			p.mediators = append(p.mediators, pi)
			p.mfuncs = append(p.mfuncs, u)
			continue
		}
		d := len(p.parties)
		p.parties = append(p.parties, pi)
		p.funcs = append(p.funcs, u)
		r := party.Profile.Reservation
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile.reservation", pi),
				Message: fmt.Sprintf("reservation value of %q is not a number", party.DisplayName())}
		}
		p.res = append(p.res, r)
		if !additiveInRange(u) {
			p.additive = false
		}
		for j, text := range party.Profile.RedLines {
			rl, err := redline.Parse(text, s)
			if err != nil {
				msg := err.Error()
				col := 0
				var re *redline.Error
				if errors.As(err, &re) {
					msg, col = re.Msg, re.Col
				}
				return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile.red_lines[%d]", pi, j),
					Message: fmt.Sprintf("red line `%s` of party %q, column %d: %s", text, party.DisplayName(), col, msg)}
			}
			p.lines = append(p.lines, line{decider: d, rl: rl})
		}
	}
	p.k = len(p.parties)
	if p.k == 0 {
		return nil, invalid("the scenario has no party of role party; at least one deciding party with a profile is needed")
	}
	return p, nil
}

// finite reports whether every term of u is a finite number.
func finite(u *parley.UtilityFunc) bool {
	for _, t := range u.Tables {
		for _, x := range t {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
	}
	for _, r := range u.Rects {
		if math.IsNaN(r.Utility) || math.IsInf(r.Utility, 0) {
			return false
		}
	}
	return true
}

// additiveInRange reports whether u has no rectangles and every sum of its tables lies in
// [0, 1], so that clamping never changes a utility.
func additiveInRange(u *parley.UtilityFunc) bool {
	if !u.Additive() {
		return false
	}
	lo, hi := 0.0, 0.0
	for _, t := range u.Tables {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, x := range t {
			mn, mx = math.Min(mn, x), math.Max(mx, x)
		}
		if len(t) > 0 {
			lo += mn
			hi += mx
		}
	}
	return lo >= -1e-12 && hi <= 1+1e-12
}

// utility returns the deciders' utilities of o into dst.
func (p *problem) utility(dst []float64, o parley.Outcome) []float64 {
	dst = dst[:0]
	for _, f := range p.funcs {
		dst = append(dst, f.Utility(o))
	}
	return dst
}

// allows reports whether o respects every decider's red lines.
func (p *problem) allows(o parley.Outcome) bool {
	for _, l := range p.lines {
		if !l.rl.Allows(o) {
			return false
		}
	}
	return true
}

// reaches reports whether u meets every reservation value.
func (p *problem) reaches(u []float64) bool {
	for i, r := range p.res {
		if u[i] < r-Tol {
			return false
		}
	}
	return true
}

// point builds the reported point of outcome o.
func (p *problem) point(o parley.Outcome) Point {
	pt := Point{Outcome: append(parley.Outcome(nil), o...)}
	pt.Utility = p.utility(make([]float64, 0, p.k), o)
	for _, f := range p.mfuncs {
		pt.MediatorUtility = append(pt.MediatorUtility, f.Utility(o))
	}
	pt.Acceptable = p.allows(o) && p.reaches(pt.Utility)
	return pt
}

// progress reports progress if the caller asked for it.
func (p *problem) progress(done, total float64) {
	if p.opt.Progress != nil {
		p.opt.Progress(done, total)
	}
}

// Analyze analyses scenario s. Bad data (a party of role party without a profile, a profile
// or red line that does not compile, no deciding party, a space beyond every method that
// applies) returns a *parley.Error with code parley.EINVALID.
func Analyze(s *parley.Scenario, opt Options) (*Result, error) {
	p, err := newProblem(s, opt)
	if err != nil {
		return nil, err
	}
	r := &Result{Parties: p.parties, Mediators: p.mediators, Outcomes: s.Size()}
	var sol *solution
	if p.additive && !forceEnumeration {
		sol, err = p.analyzeAdditive()
	} else {
		sol, err = p.analyzeNonAdditive()
	}
	if p.stopped() {
		return nil, ErrStopped
	}
	if err != nil {
		return nil, err
	}
	p.finish(r, sol)
	if p.opt.KeepFrontier {
		r.each = p.eachFunc(sol.full)
	}
	if (sol.acc == nil || sol.acc.Len() == 0) && !p.opt.SkipConflicts {
		p.explainConflicts(r)
	}
	if p.stopped() {
		return nil, ErrStopped
	}
	return r, nil
}
