package analysis

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"

	"parley"
	"parley/redline"
)

// Question is one question put to a party. Answered yes or no (Answer turns the answer into
// a statement): Kind is StateAcceptable (is Package acceptable?), StatePrefers (is Package
// at least as good as Other?), StateMattersMore (does Issue matter at least as much as
// OtherIssue?) or StateBetter (is value Value of Issue at least as good as Than?). Answered
// with a Reply (Statements turns it into statements): parley.QuestionRank (order Values of
// Issue from best to worst) or parley.QuestionAcceptableAmong (which of Packages are
// acceptable?).
type Question struct {
	Kind           parley.StatementKind
	Package, Other parley.Outcome
	Issue          string
	OtherIssue     string
	Value, Than    parley.Value
	Values         []parley.Value   // rank: at most MaxRankValues values of Issue
	Packages       []parley.Outcome // acceptable_among: at most MaxAmongPackages packages
}

// Answer returns the statement that answer yes (or no) to q makes. A no to a package
// question is strict (the package is worse than the reservation value, or than Package).
func (q Question) Answer(yes bool) parley.Statement {
	switch q.Kind {
	case parley.StateAcceptable:
		if yes {
			return parley.Statement{Kind: parley.StateAcceptable, Package: q.Package}
		}
		return parley.Statement{Kind: parley.StateUnacceptable, Package: q.Package}
	case parley.StatePrefers:
		if yes {
			return parley.Statement{Kind: parley.StatePrefers, Package: q.Package, Other: q.Other}
		}
		return parley.Statement{Kind: parley.StatePrefers, Package: q.Other, Other: q.Package, Strict: true}
	case parley.StateMattersMore:
		if yes {
			return parley.Statement{Kind: parley.StateMattersMore, Issue: q.Issue, OtherIssue: q.OtherIssue}
		}
		return parley.Statement{Kind: parley.StateMattersMore, Issue: q.OtherIssue, OtherIssue: q.Issue}
	}
	if yes {
		return parley.Statement{Kind: parley.StateBetter, Issue: q.Issue, Value: q.Value, Than: q.Than}
	}
	return parley.Statement{Kind: parley.StateBetter, Issue: q.Issue, Value: q.Than, Than: q.Value}
}

// orderWeight is how much more than one package's verdict the chooser values settling the
// order of two values of an issue: packages become comparable through those orders.
const orderWeight = 10

// maxEval is the number of open packages the question chooser weighs questions against.
const maxEval = 160

// maxColumns is the number of open packages whose verdicts the chooser's score counts.
const maxColumns = 2000

// NextQuestion chooses the question to put to decider d: among questions on its open
// packages (possibly acceptable to d, and not certainly rejected by another decider), on
// pairs of them, on the order of its issues' values and of its issues' weights, the one whose
// answer, in expectation over the polytope's samples, leaves the most of those packages with
// one verdict. It returns false when d has no open package or its profile is known in full.
func (k *Knowledge) NextQuestion(d int, rng *rand.Rand) (Question, bool) {
	return k.NextQuestionExcept(d, rng, nil)
}

// NextQuestionExcept is NextQuestion without the questions skip reports (nil: none): the
// questions a party set aside. It returns false when no other question is left.
func (k *Knowledge) NextQuestionExcept(d int, rng *rand.Rand, skip func(Question) bool) (Question, bool) {
	m := k.models[d]
	if m.exact != nil || len(m.samples) == 0 {
		return Question{}, false
	}
	// The packages the samples show open need no linear program; only when there are few
	// (the last questions) are the verdicts decided in full.
	open := k.openFast(d)
	if len(open) <= MaxAmongPackages {
		open = k.open(d)
	}
	return k.choose(d, rng, skip, open)
}

// choose is NextQuestionExcept on the given open packages of decider d: all of them, or a
// random choice of maxEval of them when there are more.
func (k *Knowledge) choose(d int, rng *rand.Rand, skip func(Question) bool, open []parley.Outcome) (Question, bool) {
	m := k.models[d]
	if m.exact != nil || len(m.samples) == 0 || len(open) == 0 {
		return Question{}, false
	}
	rng.Shuffle(len(open), func(i, j int) { open[i], open[j] = open[j], open[i] })
	live := k.openValues(open)
	if len(open) > maxColumns {
		open = open[:maxColumns]
	}
	// The samples, and the newest witnesses: optima of linear programs, at the polytope's
	// corners that the random walk rarely reaches.
	S := m.chooserSamples(rng)
	c := &chooser{k: k, m: m, S: S, skip: skip, bestScore: math.Inf(-1), live: live}
	c.full = fullSet(len(c.S))
	if len(open) <= MaxAmongPackages {
		// One screen settles every open package.
		q := Question{Kind: parley.QuestionAcceptableAmong, Packages: open}
		if len(open) == 1 {
			q = Question{Kind: parley.StateAcceptable, Package: open[0]}
		}
		if skip == nil || !skip(q) {
			return q, true
		}
	}
	c.columns(open)
	if q, ok := k.bracket(d); ok && (skip == nil || !skip(q)) {
		if q.Kind != parley.StateAcceptable {
			return q, true
		}
		// The package of worst values, on one screen with the packages that split the
		// samples best beside it.
		if aq, ok := c.among(open, q.Package); ok && (skip == nil || !skip(aq)) {
			return aq, true
		}
		return q, true
	}
	c.packages(open, rng)
	c.orders()
	c.ranks()
	if q, ok := c.among(open, nil); ok {
		// A screen holding the best yes-or-no package question's package settles at least
		// as much: on a tie (the samples agree beyond a few packages), the screen.
		if c.best.Kind == parley.StateAcceptable || c.best.Kind == parley.StatePrefers {
			c.bestScore -= 1e-9
		}
		c.considerParts(q, c.amongParts(q))
		// The same screen ordered says more: its order is a chain of preferences.
		q.Kind = parley.QuestionOrderAmong
		c.considerParts(q, c.orderedParts(q))
	}
	if q, ok := c.ordered(open); ok {
		c.considerParts(q, c.orderedParts(q))
	}
	return c.best, c.found
}

// chooser weighs the candidate questions of NextQuestion against the polytope's samples S.
type chooser struct {
	k    *Knowledge
	m    *partyModel
	S    [][]float64
	full pset // every sample
	// acc[e] is the set of samples under which open package e is acceptable (e < nPkg),
	// then, per pair of values of an issue, the samples ordering them as listed.
	acc       []pset
	gram      []int64 // per pair of samples, the weighted columns holding both (gramMatrix)
	nPkg      int
	skip      func(Question) bool
	live      [][]bool // per issue and value: some open package holds it
	best      Question
	bestScore float64
	found     bool
}

// columns fills c.acc: the open packages' acceptance, then the value orders still open.
func (c *chooser) columns(open []parley.Outcome) {
	acc := make([]pset, len(open))
	for e, o := range open {
		for j, z := range c.S {
			if c.m.gain(z, o) >= -VerdictTol {
				acc[e].add(j)
			}
		}
	}
	c.nPkg = len(acc)
	p := c.m.poly
	for i := range c.k.s.Issues {
		if p.sizes[i] > 12 {
			continue
		}
		for a := 0; a < p.sizes[i]; a++ {
			for b := a + 1; b < p.sizes[i]; b++ {
				if !c.live[i][a] || !c.live[i][b] {
					continue
				}
				if yes := c.valueOrder(i, a, b); !yes.empty() && yes != c.full {
					acc = append(acc, yes)
				}
			}
		}
	}
	c.acc, c.gram = acc, nil
}

// valueOrder returns the samples under which value a of issue i is at least as good as b.
func (c *chooser) valueOrder(i, a, b int) pset {
	p := c.m.poly
	var yes, below pset
	for j, z := range c.S {
		switch d := z[p.x(i, a)] - z[p.x(i, b)]; {
		case d >= -VerdictTol:
			yes.add(j)
		case d < -VerdictTol:
			below.add(j)
		}
		if z[p.x(i, a)] <= z[p.x(i, b)]+VerdictTol {
			below.add(j)
		}
	}
	if yes.andNot(below).empty() || below.andNot(yes).empty() {
		return c.full // no sample puts a strictly above b, or none strictly below: no question
	}
	return yes
}

// consider keeps yes-or-no question q, whose yes comes from the samples yes, if its score
// beats the best so far (scoreParts).
func (c *chooser) consider(q Question, yes pset) {
	c.considerParts(q, split([]pset{c.full}, yes))
}

// packages considers the acceptability of the first open packages and random pairs of them.
func (c *chooser) packages(open []parley.Outcome, rng *rand.Rand) {
	for e, o := range open {
		if e < 60 {
			c.consider(Question{Kind: parley.StateAcceptable, Package: o}, c.acc[e])
		}
	}
	for t := 0; t < 40 && len(open) > 1; t++ {
		a, b := open[rng.IntN(len(open))], open[rng.IntN(len(open))]
		var yes pset
		for j, z := range c.S {
			if c.m.gain(z, a) >= c.m.gain(z, b)-VerdictTol {
				yes.add(j)
			}
		}
		c.consider(Question{Kind: parley.StatePrefers, Package: a, Other: b}, yes)
	}
}

// orders considers the order of each issue's values (on issues with few values) and of the
// issues' weights.
func (c *chooser) orders() {
	p := c.m.poly
	issues := c.k.s.Issues
	for i, is := range issues {
		n := p.sizes[i]
		if n > 12 {
			continue // many values: their order is asked through packages
		}
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if !c.live[i][a] || !c.live[i][b] {
					continue
				}
				if yes := c.valueOrder(i, a, b); !yes.empty() && yes != c.full {
					c.consider(Question{Kind: parley.StateBetter, Issue: is.ID, Value: is.Value(a), Than: is.Value(b)}, yes)
				}
			}
		}
		for j := i + 1; j < len(issues); j++ {
			var yes pset
			for t, z := range c.S {
				if z[p.w(i)] >= z[p.w(j)]-VerdictTol {
					yes.add(t)
				}
			}
			if !yes.empty() && yes != c.full {
				c.consider(Question{Kind: parley.StateMattersMore, Issue: is.ID, OtherIssue: issues[j].ID}, yes)
			}
		}
	}
}

// bracket asks first whether a zone exists for d at all: it finds each issue's worst value
// (ranking the values that may still be the worst), then asks whether the package of worst
// values is acceptable; a yes settles every package as acceptable, a no starts the search for
// the boundary. It returns false once that package's verdict is settled, for a party with
// red lines, and in a space of one issue.
func (k *Knowledge) bracket(d int) (Question, bool) {
	m := k.models[d]
	p := m.poly
	if len(m.lines) > 0 {
		// The party said that some packages are not acceptable to it, whatever else they
		// give: the bet that every package is (ranking every issue first) is not worth it.
		return Question{}, false
	}
	if len(k.sizes) == 1 {
		// A package is a value: an ordered screen of packages says what a rank of their
		// values says and marks them too, so the ranks are left to the chooser's weighing.
		return Question{}, false
	}
	// A value said to be at least as good as another is not needed as the worst, nor is a
	// value that every package holding it crosses a red line with.
	beaten := make([][]bool, len(k.s.Issues))
	for i := range beaten {
		beaten[i] = make([]bool, p.sizes[i])
	}
	for _, st := range p.stmts {
		if st.Kind != parley.StateBetter {
			continue
		}
		i := k.s.Issue(st.Issue)
		a, ok := k.s.Issues[i].Index(st.Value)
		b, ok2 := k.s.Issues[i].Index(st.Than)
		if ok && ok2 && a != b && !beaten[i][b] {
			beaten[i][a] = true
		}
	}
	live := k.liveValues()
	worst := make(parley.Outcome, len(k.s.Issues))
	for i, is := range k.s.Issues {
		var cands []int
		for v := 0; v < p.sizes[i]; v++ {
			if !beaten[i][v] && live[i][v] {
				cands = append(cands, v)
			}
		}
		if len(cands) == 0 {
			return Question{}, false // no package crosses no red line: nothing to bracket
		}
		if len(cands) >= 2 {
			q := Question{Kind: parley.QuestionRank, Issue: is.ID}
			for _, v := range cands[:min(len(cands), MaxRankValues)] {
				q.Values = append(q.Values, is.Value(v))
			}
			return q, true
		}
		worst[i] = cands[0]
	}
	if m.allows(worst) && k.Verdict(d, worst) == Possibly {
		return Question{Kind: parley.StateAcceptable, Package: worst}, true
	}
	return Question{}, false
}

// open returns decider d's first maxEval open packages: possibly acceptable to d and not
// certainly rejected by another decider.
func (k *Knowledge) open(d int) []parley.Outcome {
	var out []parley.Outcome
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		if k.Verdict(d, o) != Possibly {
			return true
		}
		for e := range k.models {
			if e != d && k.Verdict(e, o) == Never {
				return true
			}
		}
		out = append(out, append(parley.Outcome(nil), o...))
		return len(out) < maxEval
	})
	return out
}

// randomQuestion draws a question of the seven kinds at random: the baseline of the
// elicitation benchmark.
func (k *Knowledge) randomQuestion(rng *rand.Rand) Question {
	pkg := func() parley.Outcome {
		o := make(parley.Outcome, len(k.sizes))
		for i, n := range k.sizes {
			o[i] = rng.IntN(n)
		}
		return o
	}
	for {
		switch kind := rng.IntN(7); kind {
		case 0:
			return Question{Kind: parley.StateAcceptable, Package: pkg()}
		case 1:
			return Question{Kind: parley.StatePrefers, Package: pkg(), Other: pkg()}
		case 2:
			i := rng.IntN(len(k.sizes))
			if k.sizes[i] < 2 {
				continue
			}
			a, b := rng.IntN(k.sizes[i]), rng.IntN(k.sizes[i]-1)
			if b >= a {
				b++
			}
			is := k.s.Issues[i]
			return Question{Kind: parley.StateBetter, Issue: is.ID, Value: is.Value(a), Than: is.Value(b)}
		case 3:
			if len(k.sizes) < 2 {
				continue
			}
			a, b := rng.IntN(len(k.sizes)), rng.IntN(len(k.sizes)-1)
			if b >= a {
				b++
			}
			return Question{Kind: parley.StateMattersMore, Issue: k.s.Issues[a].ID, OtherIssue: k.s.Issues[b].ID}
		case 4:
			i := rng.IntN(len(k.sizes))
			if k.sizes[i] < 2 {
				continue
			}
			is := k.s.Issues[i]
			q := Question{Kind: parley.QuestionRank, Issue: is.ID}
			for _, v := range rng.Perm(k.sizes[i])[:min(k.sizes[i], MaxRankValues)] {
				q.Values = append(q.Values, is.Value(v))
			}
			return q
		case 5, 6:
			q := Question{Kind: parley.QuestionAcceptableAmong}
			if kind == 6 {
				q.Kind = parley.QuestionOrderAmong
			}
			for range MaxAmongPackages {
				q.Packages = append(q.Packages, pkg())
			}
			return q
		}
	}
}

// Truth is a party's hidden full profile, as the simulation answers from it: weights divided
// by their sum, values of each issue's grid, no rectangles.
type Truth struct {
	s     *parley.Scenario
	w     []float64
	x     [][]float64 // weighted values
	res   float64
	lines []*redline.RedLine
}

// NewTruth prepares profile pr of s for answering questions. It fails when pr is not an
// additive profile (rectangles) or does not compile.
func NewTruth(s *parley.Scenario, pr *parley.Profile) (*Truth, error) {
	if pr == nil || pr.Partial {
		return nil, invalid("a hidden true profile must be a full profile")
	}
	if len(pr.Rectangles) > 0 {
		return nil, invalid("a hidden true profile must be additive; this one has rectangles")
	}
	sum := 0.0
	for _, is := range s.Issues {
		sum += pr.Weights[is.ID]
	}
	if !(sum > 0) {
		return nil, invalid("a hidden true profile needs positive weights")
	}
	t := &Truth{s: s, res: pr.Reservation}
	for _, is := range s.Issues {
		w := pr.Weights[is.ID] / sum
		t.w = append(t.w, w)
		f := pr.Values[is.ID]
		row := make([]float64, is.Size())
		for k := range row {
			if f != nil {
				row[k] = w * parley.Clamp01(f.Eval(is.Value(k)))
			}
		}
		t.x = append(t.x, row)
	}
	for _, text := range pr.RedLines {
		rl, err := redline.Parse(text, s)
		if err != nil {
			return nil, invalid("red line `%s`: %v", text, err)
		}
		t.lines = append(t.lines, rl)
	}
	return t, nil
}

// Utility returns the true utility of o.
func (t *Truth) Utility(o parley.Outcome) float64 {
	u := 0.0
	for i, k := range o {
		u += t.x[i][k]
	}
	return u
}

// Reservation returns the true reservation value.
func (t *Truth) Reservation() float64 { return t.res }

// Allows reports whether o crosses none of the true profile's red lines.
func (t *Truth) Allows(o parley.Outcome) bool {
	for _, l := range t.lines {
		if !l.Allows(o) {
			return false
		}
	}
	return true
}

// Acceptable reports whether o is truly acceptable.
func (t *Truth) Acceptable(o parley.Outcome) bool {
	return t.Allows(o) && t.Utility(o) >= t.res-Tol
}

// Answer answers q truthfully.
func (t *Truth) Answer(q Question) bool {
	switch q.Kind {
	case parley.StateAcceptable:
		return t.Acceptable(q.Package)
	case parley.StatePrefers:
		return t.Utility(q.Package) >= t.Utility(q.Other)-Tol
	case parley.StateMattersMore:
		return t.w[t.s.Issue(q.Issue)] >= t.w[t.s.Issue(q.OtherIssue)]
	}
	i := t.s.Issue(q.Issue)
	a, _ := t.s.Issues[i].Index(q.Value)
	b, _ := t.s.Issues[i].Index(q.Than)
	return t.x[i][a] >= t.x[i][b]
}

// Holds reports whether statement st is true of t.
func (t *Truth) Holds(st parley.Statement) bool {
	switch st.Kind {
	case parley.StateAcceptable:
		return t.Acceptable(st.Package)
	case parley.StateUnacceptable:
		return !t.Acceptable(st.Package)
	case parley.StatePrefers:
		if st.Strict {
			return t.Utility(st.Package) > t.Utility(st.Other)+Tol
		}
		return t.Utility(st.Package) >= t.Utility(st.Other)-Tol
	case parley.StateMattersMore:
		return t.Answer(Question{Kind: st.Kind, Issue: st.Issue, OtherIssue: st.OtherIssue})
	case parley.StateBetter:
		return t.Answer(Question{Kind: st.Kind, Issue: st.Issue, Value: st.Value, Than: st.Than})
	}
	return true
}

// SimOptions tune Simulate.
type SimOptions struct {
	Seed         uint64
	Noise        float64 // probability that an answer is wrong
	MaxQuestions int     // per party and run; 0 means DefaultMaxQuestions
	SkipBaseline bool
	// Check, when positive and smaller than the outcome space, is the number of packages,
	// drawn at random with the seed, on which verdicts are compared with the truth: a party
	// is settled when its certain verdicts are right on those, and the zones are counted on
	// them (an estimate, SimResult.Checked says so). 0 checks every package.
	Check int
	// KnowNonAdditive keeps a party whose full profile has rectangles known in full (asked
	// nothing: SimParty.Known) instead of refusing the scenario; only the other parties are
	// elicited.
	KnowNonAdditive bool
}

// MaxSimulatedOutcomes is the largest outcome space Simulate elicits: it keeps one byte per
// package and party and reads every package after each answer.
const MaxSimulatedOutcomes = 4000000

// DefaultMaxQuestions is the default cap on questions per party in a simulation.
const DefaultMaxQuestions = 60

// SimParty is one party's record in a simulation.
type SimParty struct {
	Party int // index into s.Parties
	// Questions is the number of questions asked of the party until its certain verdicts
	// equal its true ones on every package no other party certainly rejects (the zone is
	// known: every package outside it certainly rejected by some party); Settled is false
	// when MaxQuestions ran out first. Reviews of conflicting answers count.
	Questions int
	Settled   bool
	// ZoneQuestions is the number of questions after which the party's certain verdicts
	// cover the true zone (every package of it certainly acceptable to the party; with
	// noise also none of its certain verdicts wrong on packages no other party certainly
	// rejects) and stay so: once every party is there, the certain zone
	// equals the true zone, though packages outside it may still be possibly acceptable.
	// At most Questions; 0 when the true zone is empty. ZoneFound is false when that never
	// happened (ZoneQuestions is then all the questions asked). The simulation counts it
	// from the truths; the chooser never reads them.
	ZoneQuestions int
	ZoneFound     bool
	// Asked counts the questions chosen for the party by kind (reviews of conflicts not
	// included).
	Asked map[parley.StatementKind]int
	// Known is true for a party whose profile is not additive (rectangles): no polytope
	// holds it, so the simulation knows it in full and asks it nothing.
	Known bool
	// Conflicts counts the answers that conflicted with earlier ones; Withdrawn the wrong
	// answers the party withdrew on review of each conflict (never dropped silently).
	Conflicts, Withdrawn int
	// The same for the random baseline, with the same seed.
	BaselineQuestions int
	BaselineSettled   bool
	// The zone count of the random baseline, with the same seed.
	BaselineZoneQuestions int
	BaselineZoneFound     bool
}

// SimResult is the outcome of a simulated elicitation.
type SimResult struct {
	Parties []SimParty
	// ZoneEqual reports whether, after the chosen questions, the certain zone equals the
	// true zone.
	ZoneEqual             bool
	TrueZone, CertainZone int64
	// Checked is the number of packages on which verdicts were compared with the truth
	// (SimOptions.Check), or 0 when every package was.
	Checked                        int
	QuestionsTotal, BaselineTotal  int
	ConflictsTotal, WithdrawnTotal int
}

// Simulate elicits the deciders of s, whose full profiles are hidden truths (a profile
// with rectangles is refused, or known in full with opt.KnowNonAdditive): every decider
// starts known only by its red lines (stated up front) and answers the questions parley
// chooses, truthfully or, with probability opt.Noise, wrongly. When an answer conflicts with
// earlier ones, the party reviews the minimal conflicting set and withdraws the answers in it
// that are wrong (each review is a question). The random baseline asks random questions of
// the same kinds. Bad data returns a *parley.Error with code EINVALID.
func Simulate(s *parley.Scenario, opt SimOptions) (*SimResult, error) {
	if opt.MaxQuestions <= 0 {
		opt.MaxQuestions = DefaultMaxQuestions
	}
	if opt.Noise < 0 || opt.Noise >= 1 {
		return nil, invalid("noise %v must be from 0 to less than 1", opt.Noise)
	}
	if size := s.Size(); size.Cmp(big.NewInt(MaxSimulatedOutcomes)) > 0 {
		return nil, invalid("the outcome space has %s packages; the elicitation simulates at most %d", size, MaxSimulatedOutcomes)
	}
	blank := &parley.Scenario{Name: s.Name, Issues: s.Issues}
	var truths []*Truth
	for pi, p := range s.Parties {
		if p == nil || p.Role != parley.RoleParty {
			continue
		}
		if p.Profile == nil {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile", pi),
				Message: fmt.Sprintf("party %q has no profile; the simulation answers from every party's full profile", p.DisplayName())}
		}
		if opt.KnowNonAdditive && !p.Profile.Partial && len(p.Profile.Rectangles) > 0 {
			// Not additive, so outside every polytope: known in full, not asked.
			truths = append(truths, nil)
			blank.Parties = append(blank.Parties, p)
			continue
		}
		t, err := NewTruth(s, p.Profile)
		if err != nil {
			var pe *parley.Error
			if errors.As(err, &pe) {
				return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile", pi),
					Message: fmt.Sprintf("party %q: %s", p.DisplayName(), pe.Message)}
			}
			return nil, err
		}
		truths = append(truths, t)
		blank.Parties = append(blank.Parties, &parley.Party{ID: p.ID, Name: p.Name, Role: p.Role,
			Profile: &parley.Profile{Partial: true, ReservationUnknown: true, RedLines: p.Profile.RedLines}})
	}
	if !slices.ContainsFunc(truths, func(t *Truth) bool { return t != nil }) {
		return nil, invalid("the scenario has no party of role party with an additive profile to elicit")
	}
	res := &SimResult{}
	k, err := NewKnowledge(blank, opt.Seed)
	if err != nil {
		return nil, err
	}
	check := checkSample(k.sizes, opt)
	if check != nil {
		res.Checked = opt.Check
	}
	chosen, sws := k.run(truths, opt, false, check)
	// Every package's verdict, but where another decider certainly rejects it.
	for d, sw := range sws {
		k.updateSweep(d, sw, sweepMode{lp: true, all: true, others: others(sws, d)})
	}
	for d, sp := range chosen {
		sp.Party = k.parties[d]
		res.Parties = append(res.Parties, sp)
		res.QuestionsTotal += sp.Questions
		res.ConflictsTotal += sp.Conflicts
		res.WithdrawnTotal += sp.Withdrawn
	}
	res.ZoneEqual = true
	r := 0
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		defer func() { r++ }()
		if !sws[0].checked(r) {
			return true
		}
		truly, certain := true, true
		for d, t := range truths {
			truly = truly && (t == nil && sws[d].state[r] == swYes || t != nil && t.Acceptable(o))
			certain = certain && sws[d].state[r] == swYes
		}
		if truly {
			res.TrueZone++
		}
		if certain {
			res.CertainZone++
		}
		if truly != certain {
			res.ZoneEqual = false
		}
		return true
	})
	if !opt.SkipBaseline {
		if err := res.baseline(blank, truths, opt, check); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// baseline runs the random baseline of Simulate, with the same seed, into res.
func (res *SimResult) baseline(blank *parley.Scenario, truths []*Truth, opt SimOptions, check []bool) error {
	kb, err := NewKnowledge(blank, opt.Seed)
	if err != nil {
		return err
	}
	base, _ := kb.run(truths, opt, true, check)
	for d, sp := range base {
		res.Parties[d].BaselineQuestions = sp.Questions
		res.Parties[d].BaselineSettled = sp.Settled
		res.Parties[d].BaselineZoneQuestions = sp.ZoneQuestions
		res.Parties[d].BaselineZoneFound = sp.ZoneFound
		res.BaselineTotal += sp.Questions
	}
	return nil
}

// run asks questions of every decider in turn until each is settled or out of questions. It
// returns the parties' records and their sweeps, up to date.
func (k *Knowledge) run(truths []*Truth, opt SimOptions, random bool, check []bool) ([]SimParty, []*sweep) {
	rng := rand.New(rand.NewPCG(opt.Seed, 0x2545f4914f6cdd1d))
	noise := rand.New(rand.NewPCG(opt.Seed, 0x853c49e6748fea9b))
	out := make([]SimParty, len(truths))
	done := make([]bool, len(truths))
	n := product(k.sizes)
	sws := make([]*sweep, len(truths))
	dirty := make([]bool, len(truths))
	for d := range sws {
		sws[d], dirty[d] = newSweep(n, check), true
	}
	update := func() {
		for d, sw := range sws {
			if dirty[d] {
				k.updateSweep(d, sw, sweepMode{})
				dirty[d] = false
			}
		}
	}
	zw := k.newZoneWatch(truths, check, opt.Noise > 0)
	for {
		active := false
		for d, t := range truths {
			if t == nil { // known in full
				out[d].Known, out[d].Settled, done[d] = true, true, true
			}
			if done[d] {
				continue
			}
			update()
			zw.observe(k, d, t, sws, out[d].Questions)
			if k.settled(d, t, sws) {
				zw.observe(k, d, t, sws, out[d].Questions) // settled covers the zone
				out[d].Settled, done[d] = true, true
				continue
			}
			if out[d].Questions >= opt.MaxQuestions {
				done[d] = true
				continue
			}
			active = true
			var q Question
			ok := false
			if !random {
				q, ok = k.NextQuestion(d, rng)
			}
			if !ok {
				q = k.randomQuestion(rng)
			}
			r := t.Reply(q)
			if opt.Noise > 0 && noise.Float64() < opt.Noise {
				r = corrupt(q, r, noise)
			}
			out[d].Questions++
			if !random {
				if out[d].Asked == nil {
					out[d].Asked = map[parley.StatementKind]int{}
				}
				out[d].Asked[q.Kind]++
			}
			sts, _ := q.Statements(r)
			for _, st := range sts {
				if k.record(d, t, st, &out[d]) {
					sws[d].reset() // a withdrawal widens the polytope
					zw.forget(d)
				}
			}
			dirty[d] = true
		}
		if !active {
			update()
			for d := range out {
				out[d].ZoneQuestions, out[d].ZoneFound = zw.found(d, out[d].Questions, out[d].Known)
			}
			return out, sws
		}
	}
}

// record adds statement st of decider d, answered from truth t. When it conflicts with
// earlier statements, the party reviews the conflicting set (each statement of it but st a
// question) and withdraws the wrong ones: never dropped silently.
func (k *Knowledge) record(d int, t *Truth, st parley.Statement, sp *SimParty) (withdrew bool) {
	err := k.Add(d, st)
	var ce *ConflictError
	if !errors.As(err, &ce) {
		return false
	}
	sp.Conflicts++
	sp.Questions += len(ce.Statements) - 1
	sts := k.Statements(d)
	var wrong []int
	newWrong := false
	for _, j := range ce.Statements {
		if j == len(sts) {
			newWrong = !t.Holds(st)
			continue
		}
		if !t.Holds(sts[j]) {
			wrong = append(wrong, j)
		}
	}
	sp.Withdrawn += len(wrong)
	if len(wrong) > 0 {
		k.Withdraw(d, wrong)
	}
	if newWrong {
		sp.Withdrawn++
	} else if err := k.Add(d, st); err != nil {
		sp.Withdrawn++ // still conflicting: the new answer goes too
	}
	return len(wrong) > 0
}

// openFast returns the packages open for decider d by the samples alone, without a linear
// program: d's samples and witnesses disagree on it, and every other decider has one
// accepting it (so none certainly rejects it).
func (k *Knowledge) openFast(d int) []parley.Outcome {
	var out []parley.Outcome
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		if k.sampleOpen(d, o) {
			out = append(out, slices.Clone(o))
		}
		return true
	})
	return out
}

// sampleOpen reports whether o is open for d by the samples alone (openFast).
func (k *Knowledge) sampleOpen(d int, o parley.Outcome) bool {
	for e, m := range k.models {
		if !m.allows(o) {
			return false
		}
		yes, no := m.sampleSides(o)
		if e == d && !(yes && no) || e != d && !yes {
			return false
		}
	}
	return true
}

// sampleSides reports whether some sample or witness accepts o and whether one rejects it.
func (m *partyModel) sampleSides(o parley.Outcome) (yes, no bool) {
	if m.exact != nil {
		yes = m.exact.Utility(o) >= m.res-Tol
		return yes, !yes
	}
	for _, set := range [][][]float64{m.samples, m.witnesses} {
		for _, z := range set {
			if m.gain(z, o) >= -VerdictTol {
				yes = true
			} else {
				no = true
			}
			if yes && no {
				return yes, no
			}
		}
	}
	return yes, no
}

// settled reports whether decider d's certain verdicts equal its true ones on every package
// no other decider certainly rejects. While the samples show a package open, it is not,
// without a linear program; else d's sweep is completed with linear programs, and another
// decider's rejection, when its sweep has not decided it, is decided by Verdict.
func (k *Knowledge) settled(d int, t *Truth, sws []*sweep) bool {
	if k.anySplit(d, sws) {
		return false
	}
	k.updateSweep(d, sws[d], sweepMode{lp: true, others: others(sws, d)})
	if k.anySplit(d, sws) {
		return false
	}
	ok := true
	r := 0
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		defer func() { r++ }()
		if !sws[d].checked(r) {
			return true
		}
		if decided, yes := sws[d].certain(r); decided && yes == t.Acceptable(o) {
			return true
		}
		for e, sw := range sws {
			if e != d && (sw.rejected(r) || k.Verdict(e, o) == Never) {
				return true
			}
		}
		ok = false
		return false
	})
	return ok
}

// checkSample returns the packages whose verdicts are compared with the truth (nil: all):
// opt.Check of them, drawn with the seed, when the space is larger.
func checkSample(sizes []int, opt SimOptions) []bool {
	n := 1
	for _, z := range sizes {
		n *= z
	}
	if opt.Check <= 0 || opt.Check >= n {
		return nil
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6a09e667f3bcc908))
	check := make([]bool, n)
	for left := opt.Check; left > 0; {
		if r := rng.IntN(n); !check[r] {
			check[r] = true
			left--
		}
	}
	return check
}

// others returns the sweeps of the deciders but d.
func others(sws []*sweep, d int) []*sweep {
	return append(slices.Clone(sws[:d]), sws[d+1:]...)
}

// anySplit reports whether some checked package is possibly acceptable to decider d by its
// sweep and not certainly rejected by another decider. Another decider's rejection its sweep
// has not decided yet (every sample rejects the package) is decided by Verdict, and kept.
func (k *Knowledge) anySplit(d int, sws []*sweep) bool {
	o := make(parley.Outcome, len(k.sizes))
	for r, st := range sws[d].state {
		if st != swSplit || !sws[d].checked(r) {
			continue
		}
		rejected := false
		for e, sw := range sws {
			if e == d || rejected {
				continue
			}
			if sw.state[r] == swLow {
				k.unrank(r, o)
				if k.Verdict(e, o) == Never {
					sw.state[r] = swNo
				}
			}
			rejected = sw.rejected(r)
		}
		if !rejected {
			return true
		}
	}
	return false
}

// unrank writes into o the outcome of rank r.
func (k *Knowledge) unrank(r int, o parley.Outcome) {
	for i := len(k.sizes) - 1; i >= 0; i-- {
		o[i] = r % k.sizes[i]
		r /= k.sizes[i]
	}
}
