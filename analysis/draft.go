package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"

	"parley"
	"parley/redline"
)

// Open marks an issue a draft leaves open: Draft[i] == Open.
const Open = -1

// Draft is a partial outcome: Draft[i] is the value index the draft binds issue i to, or
// Open. A draft with no open issue is an outcome.
type Draft []int

// MaxCompletions is the largest number of completions EvaluateDraft enumerates first; beyond
// it, it asks Analyze exact questions about the completions instead (see EvaluateDraft).
const MaxCompletions = 1 << 16

// MaxEnumerated is the largest number of completions EvaluateDraft enumerates when Analyze
// has no exact method for its questions.
const MaxEnumerated = 1 << 24

// DraftValue is what a draft is worth to one decider, over every completion of its open
// issues.
type DraftValue struct {
	Party       int     // index into s.Parties
	Min, Max    float64 // the least and the most utility of a completion, exact
	Reservation float64
	// Crossed lists the decider's red lines that every completion crosses: the draft
	// crosses them whatever its open issues become.
	Crossed []string
	// AtRisk lists the red lines some completions cross and others respect.
	AtRisk []string
	// Verdict is acceptable when every completion respects the decider's red lines and
	// gives it at least its reservation value (within Tol), unacceptable when none does,
	// possible otherwise.
	Verdict parley.Verdict
}

// Exact reports whether the draft's utility is one number (Max - Min <= Tol).
func (v *DraftValue) Exact() bool { return v.Max-v.Min <= Tol }

// Evaluation is the valuation of a draft.
type Evaluation struct {
	Parties     []DraftValue // one per decider, scenario order
	Open        []int        // indices of the open issues, ascending
	Completions *big.Int     // number of completions (1 when nothing is open)
	// AcceptableToAll is acceptable when every completion is acceptable to every decider,
	// unacceptable when no completion is, possible otherwise.
	AcceptableToAll parley.Verdict
	Method          string // how the completions were examined, in words

	// The rest is set only when EvaluateDraft is given the scenario's analysis (zone).

	// FrontierDistance is the Euclidean distance, in the deciders' utilities, from the
	// draft to the nearest Pareto-optimal outcome of the whole space; NaN when the draft
	// leaves issues open or the frontier is not fully listed (FrontierNote says which).
	FrontierDistance float64
	FrontierNote     string
	// Improvements are outcomes that dominate the draft (every decider at least as well off
	// and one better by more than Tol), drawn from every change of one issue, every change
	// of two issues (when there are at most 2^16) and the Pareto-optimal outcomes of the
	// zone: acceptable ones first, then fewer changed issues, then the larger total gain; at
	// most MaxImprovements. Empty when the draft leaves issues open.
	Improvements []Improvement
}

// MaxImprovements is the most improvements an Evaluation lists.
const MaxImprovements = 3

// Improvement is a Pareto improvement of a draft.
type Improvement struct {
	Outcome    parley.Outcome
	Changed    []int     // the issues whose value differs from the draft, ascending
	Utility    []float64 // aligned with Evaluation.Parties
	Gain       []float64 // Utility minus the draft's utility, aligned with Evaluation.Parties
	Acceptable bool
}

// EvaluateDraft values draft d of scenario s for every decider: the exact range of its
// utility over every completion of the open issues (rectangle terms and clamping included),
// the red lines it crosses, and the three-way verdicts, per decider and for all together.
//
// Up to MaxCompletions completions are enumerated. Beyond, every question is put to Analyze
// as the analysis of a one-decider scenario whose red lines pin the bound issues (the most
// utility is the decider's best, the least is one minus the best of the complementary
// profile, a verdict is whether some completion is acceptable), so the answers are exact
// wherever Analyze is; where it has no exact method, up to MaxEnumerated completions are
// enumerated. Beyond that the error wraps ErrNoExactMethod and says why: nothing is
// approximated.
//
// When zone, the result of Analyze(s, ...), is not nil and d leaves no issue open, the
// distance to the frontier and the Pareto improvements are computed from its frontier. Bad
// data (d of the wrong length or with an index out of range, a profile that does not
// compile) returns an EINVALID *parley.Error. It panics if zone is not an analysis of s (a
// programmer error).
func EvaluateDraft(s *parley.Scenario, d Draft, zone *Result, opt Options) (*Evaluation, error) {
	p, err := newProblem(s, opt)
	if err != nil {
		return nil, err
	}
	if len(d) != len(s.Issues) {
		return nil, invalid("the draft binds %d issues; the scenario has %d", len(d), len(s.Issues))
	}
	e := &Evaluation{Completions: big.NewInt(1), FrontierDistance: math.NaN()}
	for i, k := range d {
		if k == Open {
			e.Open = append(e.Open, i)
			e.Completions.Mul(e.Completions, big.NewInt(int64(p.sizes[i])))
			continue
		}
		if k < 0 || k >= p.sizes[i] {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("draft[%d]", i),
				Message: fmt.Sprintf("issue %q has no value %d; it has %d values", s.Issues[i].ID, k, p.sizes[i])}
		}
	}
	small := func(limit int64) bool { return e.Completions.IsInt64() && e.Completions.Int64() <= limit }
	if small(maxCompletions) {
		p.enumerateDraft(d, e)
	} else if err := p.reduceDraft(d, e); err != nil {
		if !errors.Is(err, ErrNoExactMethod) {
			return nil, err
		}
		if !small(MaxEnumerated) {
			return nil, noExact("the draft leaves %s ways to settle its open issues, more than the %d parley enumerates, and they cannot be examined exactly otherwise: %s",
				e.Completions, MaxEnumerated, parley.ErrorMessage(err))
		}
		e.Parties = nil
		p.enumerateDraft(d, e)
	}
	if p.stopped() {
		return nil, ErrStopped
	}
	if zone != nil {
		p.compare(d, zone, e)
	}
	return e, nil
}

// maxCompletions is MaxCompletions; tests set it to 0 to put every draft to Analyze.
var maxCompletions int64 = MaxCompletions

// tally is what the enumeration learns of one decider.
type tally struct {
	min, max       float64
	some, all      bool   // some / every completion is acceptable to the decider
	respect, cross []bool // per red line: some completion respects / crosses it
}

// enumerateDraft fills e by visiting every completion of d.
func (p *problem) enumerateDraft(d Draft, e *Evaluation) {
	lines := p.linesOf()
	ts := make([]tally, p.k)
	for i := range ts {
		ts[i] = tally{min: math.Inf(1), max: math.Inf(-1), all: true,
			respect: make([]bool, len(lines[i])), cross: make([]bool, len(lines[i]))}
	}
	someAll, everyAll := false, true
	n := 0 // completions visited
	o := make(parley.Outcome, len(d))
	for i, k := range d {
		o[i] = max(k, 0)
	}
	for {
		joint := true
		for i := range ts {
			t := &ts[i]
			u := p.funcs[i].Utility(o)
			t.min, t.max = math.Min(t.min, u), math.Max(t.max, u)
			ok := u >= p.res[i]-Tol
			for j, rl := range lines[i] {
				if rl.Allows(o) {
					t.respect[j] = true
				} else {
					t.cross[j] = true
					ok = false
				}
			}
			t.some = t.some || ok
			t.all = t.all && ok
			joint = joint && ok
		}
		someAll = someAll || joint
		everyAll = everyAll && joint
		if n++; n%4096 == 0 && p.stopped() {
			break // EvaluateDraft returns ErrStopped
		}
		if !nextCompletion(o, e.Open, p.sizes) {
			break
		}
	}
	for i := range ts {
		t := &ts[i]
		v := DraftValue{Party: p.parties[i], Min: t.min, Max: t.max, Reservation: p.res[i],
			Verdict: verdict(t.some, t.all)}
		for j, rl := range lines[i] {
			switch {
			case !t.respect[j]:
				v.Crossed = append(v.Crossed, rl.Text)
			case t.cross[j]:
				v.AtRisk = append(v.AtRisk, rl.Text)
			}
		}
		e.Parties = append(e.Parties, v)
	}
	e.AcceptableToAll = verdict(someAll, everyAll)
	e.Method = fmt.Sprintf("every one of the %s completions enumerated", e.Completions)
}

// nextCompletion advances o to the next completion over the open issues, odometer fashion,
// and reports false after the last one.
func nextCompletion(o parley.Outcome, open []int, sizes []int) bool {
	for _, i := range open {
		o[i]++
		if o[i] < sizes[i] {
			return true
		}
		o[i] = 0
	}
	return false
}

func verdict(some, all bool) parley.Verdict {
	switch {
	case all:
		return parley.VerdictAcceptable
	case some:
		return parley.VerdictPossible
	default:
		return parley.VerdictUnacceptable
	}
}

// linesOf returns each decider's red lines, in profile order.
func (p *problem) linesOf() [][]*redline.RedLine {
	out := make([][]*redline.RedLine, p.k)
	for _, l := range p.lines {
		out[l.decider] = append(out[l.decider], l.rl)
	}
	return out
}

// reduceDraft fills e by exact questions to Analyze about the completions of d.
func (p *problem) reduceDraft(d Draft, e *Evaluation) error {
	pins := p.pins(d)
	lines := p.linesOf()
	everyAll := true
	for i := range p.funcs {
		prof := p.s.Parties[p.parties[i]].Profile
		v := DraftValue{Party: p.parties[i], Reservation: p.res[i]}
		best, err := p.best(p.solo(prof.Weights, prof.Values, prof.Rectangles, 0, pins))
		if err != nil {
			return err
		}
		v.Max = best
		comp, err := p.best(p.complement(i, pins))
		if err != nil {
			return err
		}
		v.Min = 1 - comp
		respectAll := true
		for _, rl := range lines[i] {
			// The decider's own utility, though existence does not depend on it: a constant
			// one would tie every outcome on the frontier, which is costly to list.
			respects, err := p.exists(p.solo(prof.Weights, prof.Values, prof.Rectangles, 0, append(slices.Clone(pins), rl.Text)))
			if err != nil {
				return err
			}
			crosses, err := p.exists(p.solo(prof.Weights, prof.Values, prof.Rectangles, 0, append(slices.Clone(pins), "not ("+rl.Text+")")))
			if err != nil {
				return err
			}
			switch {
			case !respects:
				v.Crossed = append(v.Crossed, rl.Text)
			case crosses:
				v.AtRisk = append(v.AtRisk, rl.Text)
			}
			respectAll = respectAll && !crosses
		}
		some, err := p.exists(p.solo(prof.Weights, prof.Values, prof.Rectangles, p.res[i], append(slices.Clone(pins), prof.RedLines...)))
		if err != nil {
			return err
		}
		all := respectAll && v.Min >= p.res[i]-Tol
		v.Verdict = verdict(some, all)
		everyAll = everyAll && all
		e.Parties = append(e.Parties, v)
	}
	// Some completion acceptable to all: the deciders together, the pins on the first.
	s := *p.s
	s.Parties = nil
	for k, pi := range p.parties {
		pr := *p.s.Parties[pi].Profile
		if k == 0 {
			pr.RedLines = append(slices.Clone(pins), pr.RedLines...)
		}
		s.Parties = append(s.Parties, &parley.Party{ID: p.s.Parties[pi].ID, Role: parley.RoleParty, Profile: &pr})
	}
	someAll, err := p.exists(&s)
	if err != nil {
		return err
	}
	e.AcceptableToAll = verdict(someAll, everyAll)
	e.Method = fmt.Sprintf("the %s completions examined by exact analysis", e.Completions)
	return nil
}

// pins returns red lines that hold exactly on the completions of d.
func (p *problem) pins(d Draft) []string {
	var out []string
	for i, k := range d {
		if k == Open {
			continue
		}
		is := p.s.Issues[i]
		v := is.Value(k)
		val := strconv.Quote(v.String())
		if v.IsNumber() {
			val = parley.FormatNumber(v.Float())
		}
		out = append(out, strconv.Quote(is.ID)+" == "+val)
	}
	return out
}

// solo returns s with one decider of the given preferences, reservation and red lines.
func (p *problem) solo(w map[string]float64, vals map[string]*parley.ValueFunc, rects []parley.Rectangle, res float64, lines []string) *parley.Scenario {
	s := *p.s
	s.Parties = []*parley.Party{{ID: "solo", Role: parley.RoleParty, Profile: &parley.Profile{
		Weights: w, Values: vals, Rectangles: rects, Reservation: res, RedLines: lines}}}
	return &s
}

// complement returns the one-decider scenario whose utility is 1 - u_i: clamp(1 - sum) is
// 1 - clamp(sum), so its best over the completions is one minus the least of u_i.
func (p *problem) complement(i int, pins []string) *parley.Scenario {
	u := p.funcs[i]
	w := map[string]float64{}
	vals := map[string]*parley.ValueFunc{}
	for j, is := range p.s.Issues {
		f := &parley.ValueFunc{}
		for k, x := range u.Tables[j] {
			y := -x
			if j == 0 {
				y++ // the constant 1 rides on the first issue
			}
			v := is.Value(k)
			if v.IsNumber() {
				f.Points = append(f.Points, parley.Knot{X: v.Float(), Y: y})
			} else {
				if f.Options == nil {
					f.Options = map[string]float64{}
				}
				f.Options[v.String()] = y
			}
		}
		w[is.ID], vals[is.ID] = 1, f
	}
	var rects []parley.Rectangle
	for _, r := range p.s.Parties[p.parties[i]].Profile.Rectangles {
		rects = append(rects, parley.Rectangle{Bounds: r.Bounds, Utility: -r.Utility})
	}
	return p.solo(w, vals, rects, 0, pins)
}

// analyzeSub analyses a derived scenario with the caller's options.
func (p *problem) analyzeSub(s *parley.Scenario) (*Result, error) {
	opt := p.opt
	opt.SkipConflicts = true
	opt.Progress = nil
	r, err := Analyze(s, opt)
	if err != nil {
		// The draft's scenario passed newProblem, so the derived one is valid: whatever
		// Analyze refuses is beyond its exact methods.
		return nil, noExact("%s", parley.ErrorMessage(err))
	}
	return r, nil
}

// best returns the first decider's best utility among the acceptable outcomes of s; the
// callers make every outcome reach the reservation, so only red lines restrict.
func (p *problem) best(s *parley.Scenario) (float64, error) {
	r, err := p.analyzeSub(s)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(r.Best[0]) {
		// The pins always hold on some outcome, so this is a programmer error.
		panic("analysis: no completion of a draft")
	}
	return r.Best[0], nil
}

// exists reports whether some outcome of s is acceptable.
func (p *problem) exists(s *parley.Scenario) (bool, error) {
	r, err := p.analyzeSub(s)
	if err != nil {
		return false, err
	}
	return !math.IsNaN(r.Best[0]), nil
}

// maxLocal bounds the changes of two issues compare tries.
const maxLocal = 1 << 16

// compare fills the distance to the frontier and the improvements of the complete draft d
// from zone. The improvements are drawn from every change of one issue, every change of two
// issues (when there are at most maxLocal), and the Pareto-optimal outcomes of zone.
func (p *problem) compare(d Draft, zone *Result, e *Evaluation) {
	if len(e.Open) > 0 {
		e.FrontierNote = "the draft leaves issues open"
		return
	}
	if !slices.Equal(zone.Parties, p.parties) {
		panic("analysis: the zone is not the analysis of the draft's scenario")
	}
	o := parley.Outcome(d)
	base := p.utility(make([]float64, 0, p.k), o)
	var imps []Improvement
	seen := map[string]bool{}
	consider := func(c parley.Outcome, u []float64, acceptable bool) {
		if !Dominates(u, base) || seen[c.String()] {
			return
		}
		seen[c.String()] = true
		im := Improvement{Outcome: slices.Clone(c), Utility: slices.Clone(u), Acceptable: acceptable}
		for i := range o {
			if c[i] != o[i] {
				im.Changed = append(im.Changed, i)
			}
		}
		for k := range base {
			im.Gain = append(im.Gain, u[k]-base[k])
		}
		imps = append(imps, im)
	}
	c := slices.Clone(o)
	u := make([]float64, 0, p.k)
	try := func() {
		u = p.utility(u[:0], c)
		if Dominates(u, base) {
			consider(c, u, p.allows(c) && p.reaches(u))
		}
	}
	pairs := 0
	for i := range o {
		for j := i + 1; j < len(o); j++ {
			pairs += (p.sizes[i] - 1) * (p.sizes[j] - 1)
		}
	}
	for i := range o {
		for a := 0; a < p.sizes[i]; a++ {
			if a == o[i] {
				continue
			}
			c[i] = a
			try()
			for j := i + 1; j < len(o) && pairs <= maxLocal; j++ {
				for b := 0; b < p.sizes[j]; b++ {
					if b != o[j] {
						c[j] = b
						try()
					}
				}
				c[j] = o[j]
			}
		}
		c[i] = o[i]
	}
	best := math.Inf(1)
	for _, pt := range zone.Pareto {
		dist := 0.0
		for k := range base {
			dist += (pt.Utility[k] - base[k]) * (pt.Utility[k] - base[k])
		}
		best = math.Min(best, math.Sqrt(dist))
		consider(pt.Outcome, pt.Utility, pt.Acceptable)
	}
	switch {
	case zone.Truncated:
		e.FrontierNote = fmt.Sprintf("the frontier has %s outcomes and only %d are listed, so the distance to it is not computed and the improvements come from the listed part", zone.ParetoCount, len(zone.Pareto))
	case len(zone.Pareto) > 0:
		e.FrontierDistance = best
	}
	sum := func(xs []float64) (t float64) {
		for _, x := range xs {
			t += x
		}
		return t
	}
	slices.SortStableFunc(imps, func(a, b Improvement) int {
		if a.Acceptable != b.Acceptable {
			if a.Acceptable {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(len(a.Changed), len(b.Changed)); c != 0 {
			return c
		}
		return cmp.Compare(sum(b.Gain), sum(a.Gain))
	})
	e.Improvements = imps[:min(len(imps), MaxImprovements)]
}
