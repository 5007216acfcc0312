package analysis

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"parley"
	"parley/redline"
)

// maxConditionRows is the largest set of packages an accept_if condition may allow when that
// set is not a product of per-issue sets (each package then becomes one constraint).
const maxConditionRows = 64

// ConflictError is returned when a party's statements cannot hold together: Statements is a
// minimal set of them that conflicts (leaving out any one of them removes the conflict).
type ConflictError struct {
	Party      int   // index into s.Parties
	Statements []int // indices into the party's Profile.Statements
	Text       string
}

func (e *ConflictError) Error() string { return e.Text }

// newPartyModel builds what is known of decider pi of s.
func newPartyModel(s *parley.Scenario, pi int, sizes []int) (*partyModel, error) {
	party := s.Parties[pi]
	pr := party.Profile
	m := &partyModel{party: pi, s: s}
	field := func(f string) string { return fmt.Sprintf("parties[%d].profile%s", pi, f) }
	for j, text := range pr.RedLines {
		rl, err := redline.Parse(text, s)
		if err != nil {
			return nil, &parley.Error{Code: parley.EINVALID, Field: field(fmt.Sprintf(".red_lines[%d]", j)),
				Message: fmt.Sprintf("red line `%s` of party %q: %v", text, party.DisplayName(), err)}
		}
		m.lines = append(m.lines, rl)
	}
	if !pr.Partial {
		u, err := s.Compile(pr)
		if err != nil {
			return nil, fmt.Errorf("profile of %q: %w", party.DisplayName(), err)
		}
		m.exact, m.res = u, pr.Reservation
		return m, nil
	}
	if len(pr.Rectangles) > 0 {
		return nil, &parley.Error{Code: parley.EINVALID, Field: field(".rectangles"),
			Message: fmt.Sprintf("profile of %q has statements and rectangles; a partial profile is additive, so leave the rectangles out", party.DisplayName())}
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	if total > MaxUncertainValues {
		return nil, &parley.Error{Code: parley.EINVALID, Field: field(".statements"),
			Message: fmt.Sprintf("the issues have %d values together; a partial profile may range over at most %d (use larger steps)", total, MaxUncertainValues)}
	}
	p := newPolytope(sizes)
	m.poly = p
	if len(pr.Weights) > 0 {
		for i, is := range s.Issues {
			p.fix(p.w(i), pr.Weights[is.ID])
		}
	}
	for i, is := range s.Issues {
		f := pr.Values[is.ID]
		if f == nil {
			continue
		}
		for k := 0; k < sizes[i]; k++ {
			v := f.Eval(is.Value(k))
			if p.isFix[p.w(i)] {
				p.fix(p.x(i, k), p.fixed[p.w(i)]*v)
				continue
			}
			p.rows = append(p.rows, lpRow{idx: []int{p.x(i, k), p.w(i)}, val: []float64{1, -v}, eq: true, stmt: -1})
		}
	}
	if !pr.ReservationUnknown {
		p.fix(p.r(), pr.Reservation)
	}
	p.stmts = pr.Statements
	for j, st := range pr.Statements {
		if err := m.addRows(s, j, st); err != nil {
			return nil, &parley.Error{Code: parley.EINVALID, Field: field(fmt.Sprintf(".statements[%d]", j)),
				Message: fmt.Sprintf("statement of %q: %v", party.DisplayName(), err)}
		}
	}
	if c := m.conflictAfterAdd(); c != nil {
		return nil, conflictError(s, pi, c)
	}
	return m, nil
}

func conflictError(s *parley.Scenario, pi int, c []int) *ConflictError {
	party := s.Parties[pi]
	text := fmt.Sprintf("the statements of %q cannot all hold:", party.DisplayName())
	for _, j := range c {
		text += fmt.Sprintf(" [%d] %s;", j, describeStatement(s, party.Profile.Statements[j]))
	}
	text += " change or withdraw one of them"
	return &ConflictError{Party: pi, Statements: c, Text: text}
}

// addRows adds the constraints of statement j.
func (m *partyModel) addRows(s *parley.Scenario, j int, st parley.Statement) error {
	p := m.poly
	checkPkg := func(o parley.Outcome, what string) error {
		if len(o) != len(s.Issues) {
			return fmt.Errorf("%s gives %d values for %d issues", what, len(o), len(s.Issues))
		}
		for i, k := range o {
			if k < 0 || k >= p.sizes[i] {
				return fmt.Errorf("%s has no value %d for issue %q", what, k, s.Issues[i].ID)
			}
		}
		return nil
	}
	issue := func(id string) (int, error) {
		i := s.Issue(id)
		if i < 0 {
			return 0, fmt.Errorf("no issue %q in the scenario", id)
		}
		return i, nil
	}
	switch st.Kind {
	case parley.StatePrefers:
		if err := checkPkg(st.Package, "the package"); err != nil {
			return err
		}
		if err := checkPkg(st.Other, "the other package"); err != nil {
			return err
		}
		r := lpRow{stmt: j}
		for i := range st.Package {
			if st.Package[i] == st.Other[i] {
				continue
			}
			r.idx = append(r.idx, p.x(i, st.Package[i]), p.x(i, st.Other[i]))
			r.val = append(r.val, 1, -1)
		}
		if st.Strict {
			r.b = StrictMargin
		}
		p.rows = append(p.rows, r)
	case parley.StateAcceptable, parley.StateUnacceptable:
		if err := checkPkg(st.Package, "the package"); err != nil {
			return err
		}
		idx, val := p.utilityRow(st.Package, 1)
		if st.Kind == parley.StateUnacceptable {
			if !m.allows(st.Package) {
				return nil // a red line already rules it out
			}
			for k := range val {
				val[k] = -val[k]
			}
			p.rows = append(p.rows, lpRow{idx: idx, val: val, b: StrictMargin, stmt: j})
			return nil
		}
		p.rows = append(p.rows, lpRow{idx: idx, val: val, stmt: j})
	case parley.StateMattersMore:
		a, err := issue(st.Issue)
		if err != nil {
			return err
		}
		b, err := issue(st.OtherIssue)
		if err != nil {
			return err
		}
		p.rows = append(p.rows, lpRow{idx: []int{p.w(a), p.w(b)}, val: []float64{1, -1}, stmt: j})
	case parley.StateBetter:
		i, err := issue(st.Issue)
		if err != nil {
			return err
		}
		is := s.Issues[i]
		a, ok := is.Index(st.Value)
		b, ok2 := is.Index(st.Than)
		if !ok || !ok2 {
			return fmt.Errorf("issue %q has no value %s or %s; its values are %s", is.ID, st.Value, st.Than, is.Describe())
		}
		p.rows = append(p.rows, lpRow{idx: []int{p.x(i, a), p.x(i, b)}, val: []float64{1, -1}, stmt: j})
	case parley.StateAcceptIf:
		return m.addCondition(s, j, st.Condition)
	default:
		return fmt.Errorf("unknown kind %q", st.Kind)
	}
	return nil
}

// addCondition adds "every package that meets cond is acceptable". When the packages
// meeting cond form a product of per-issue sets S_i, the statement is sum_i min_{k in S_i}
// x_ik >= r, written with one auxiliary variable per issue (m_i <= x_ik for k in S_i);
// otherwise every such package is one constraint, at most maxConditionRows of them.
func (m *partyModel) addCondition(s *parley.Scenario, j int, cond string) error {
	p := m.poly
	rl, err := redline.Parse(cond, s)
	if err != nil {
		var re *redline.Error
		if errors.As(err, &re) {
			return fmt.Errorf("condition `%s`, column %d: %s", cond, re.Col, re.Msg)
		}
		return err
	}
	size := 1.0
	for _, n := range p.sizes {
		size *= float64(n)
	}
	if size > MaxUncertainOutcomes {
		return fmt.Errorf("the outcome space is too large (more than %d packages) for a condition", MaxUncertainOutcomes)
	}
	proj := make([][]bool, len(p.sizes))
	for i, n := range p.sizes {
		proj[i] = make([]bool, n)
	}
	var meet []parley.Outcome
	count := 0.0
	forEachOutcome(p.sizes, func(o parley.Outcome) bool {
		if !rl.Allows(o) {
			return true
		}
		count++
		for i, k := range o {
			proj[i][k] = true
		}
		if len(meet) <= maxConditionRows {
			meet = append(meet, append(parley.Outcome(nil), o...))
		}
		return true
	})
	if count == 0 {
		return nil // no package meets it: nothing is said
	}
	prod := 1.0
	for _, a := range proj {
		c := 0
		for _, x := range a {
			if x {
				c++
			}
		}
		prod *= float64(c)
	}
	if prod == count {
		sum := lpRow{stmt: j}
		for i, a := range proj {
			var of []int
			for k, x := range a {
				if x {
					of = append(of, p.x(i, k))
				}
			}
			mi := p.aux(of)
			for k, x := range a {
				if x { // x_ik - m_i >= 0
					p.rows = append(p.rows, lpRow{idx: []int{p.x(i, k), mi}, val: []float64{1, -1}, stmt: j})
				}
			}
			sum.idx = append(sum.idx, mi)
			sum.val = append(sum.val, 1)
		}
		sum.idx = append(sum.idx, p.r())
		sum.val = append(sum.val, -1)
		p.rows = append(p.rows, sum)
		return nil
	}
	if count > maxConditionRows {
		return fmt.Errorf("condition `%s` allows %.0f packages that are not all combinations of per-issue values; write it as conditions on single issues joined by and, or split it into several accept_if statements of at most %d packages", cond, count, maxConditionRows)
	}
	for _, o := range meet {
		idx, val := p.utilityRow(o, 1)
		p.rows = append(p.rows, lpRow{idx: idx, val: val, stmt: j})
	}
	return nil
}

// forEachOutcome calls f for every outcome of the space in lexicographic order until f
// returns false. The outcome passed is reused.
func forEachOutcome(sizes []int, f func(parley.Outcome) bool) {
	o := make(parley.Outcome, len(sizes))
	for _, n := range sizes {
		if n == 0 {
			return
		}
	}
	for {
		if !f(o) {
			return
		}
		i := len(o) - 1
		for ; i >= 0; i-- {
			o[i]++
			if o[i] < sizes[i] {
				break
			}
			o[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// Knowledge is what is known of the deciders' profiles of a scenario: a full profile, or a
// partial one bounded by statements. It answers verdicts and utility bounds and takes new
// statements; it is not safe for concurrent use.
type Knowledge struct {
	s       *parley.Scenario
	parties []int // scenario indices of the deciders
	models  []*partyModel
	sizes   []int
	rng     *rand.Rand
	// workers bounds the goroutines that run one sweep's linear programs (0: GOMAXPROCS).
	workers int
}

// NumSamples is the number of points of each polytope Knowledge keeps to find open
// verdicts without linear programs.
const NumSamples = 24

// NewKnowledge builds what is known of the deciders of s. A party whose statements
// conflict returns a *ConflictError; other bad data a *parley.Error with code EINVALID.
// Samples are drawn with the given seed.
func NewKnowledge(s *parley.Scenario, seed uint64) (*Knowledge, error) {
	if s == nil {
		return nil, invalid("no scenario")
	}
	k := &Knowledge{s: s, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
	for i, is := range s.Issues {
		n := is.Size()
		if n <= 0 {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("issues[%d]", i),
				Message: fmt.Sprintf("issue %q has no values", is.ID)}
		}
		k.sizes = append(k.sizes, n)
	}
	for pi, party := range s.Parties {
		if party == nil || party.Role != parley.RoleParty {
			continue
		}
		if party.Profile == nil {
			return nil, &parley.Error{Code: parley.EINVALID, Field: fmt.Sprintf("parties[%d].profile", pi),
				Message: fmt.Sprintf("party %q has no profile; give it one, or statements: [] if nothing is known of it", party.DisplayName())}
		}
		m, err := newPartyModel(s, pi, k.sizes)
		if err != nil {
			return nil, err
		}
		m.refresh(k.rng)
		k.parties = append(k.parties, pi)
		k.models = append(k.models, m)
	}
	if len(k.parties) == 0 {
		return nil, invalid("the scenario has no party of role party; at least one deciding party is needed")
	}
	return k, nil
}

// Parties returns the scenario indices of the deciders, in scenario order.
func (k *Knowledge) Parties() []int { return k.parties }

// Verdict returns how outcome o stands for decider d (an index into Parties()).
func (k *Knowledge) Verdict(d int, o parley.Outcome) Verdict {
	return k.models[d].verdict(o, k.rank(o))
}

// rank numbers o in the outcome space.
func (k *Knowledge) rank(o parley.Outcome) uint64 {
	r := uint64(0)
	for i, v := range o {
		r = r*uint64(k.sizes[i]) + uint64(v)
	}
	return r
}

// UtilityBounds returns the least and greatest utility of o for decider d over every profile
// consistent with what is known (equal for a full profile). A bound the solver could not
// find is -Inf or +Inf.
func (k *Knowledge) UtilityBounds(d int, o parley.Outcome) (lo, hi float64) {
	lo, hi, _, _ = k.models[d].bounds(o, 0, true, true)
	return lo, hi
}

// Exact reports whether decider d's profile is known in full.
func (k *Knowledge) Exact(d int) bool { return k.models[d].exact != nil }

// Add records statement st of decider d. If it conflicts with what d said before, nothing
// is recorded and a *ConflictError names a minimal conflicting set, indices into the
// statements so far with st last (len(statements) for st).
func (k *Knowledge) Add(d int, st parley.Statement) error {
	m := k.models[d]
	if m.exact != nil {
		return invalid("the profile of %q is known in full; statements are for partial profiles", k.s.Parties[m.party].DisplayName())
	}
	p := m.poly
	m.geq = nil
	nrows, nvar := len(p.rows), p.nvar
	p.stmts = append(p.stmts, st)
	j := len(p.stmts) - 1
	if err := m.addRows(k.s, j, st); err != nil {
		p.rows, p.stmts = p.rows[:nrows], p.stmts[:j]
		p.shrink(nvar)
		return invalid("%v", err)
	}
	if c := m.conflictAfterAdd(); c != nil {
		p.rows, p.stmts = p.rows[:nrows], p.stmts[:j]
		p.shrink(nvar)
		e := &ConflictError{Party: m.party, Statements: c}
		e.Text = fmt.Sprintf("the statements of %q cannot all hold:", k.s.Parties[m.party].DisplayName())
		for _, i := range c {
			stmt := st
			if i < j {
				stmt = p.stmts[i]
			}
			e.Text += fmt.Sprintf(" [%d] %s;", i, describeStatement(k.s, stmt))
		}
		return e
	}
	m.refresh(k.rng)
	return nil
}

// conflictAfterAdd returns a minimal conflicting set of the statements after one was added,
// or nil: without a linear program when a sample of the polytope before satisfies every row
// now (a point of the new polytope, so the statements can all hold).
func (m *partyModel) conflictAfterAdd() []int {
	for _, set := range [][][]float64{m.samples, m.witnesses} {
		for _, z := range set {
			if m.inside(m.fit(slices.Clone(z))) {
				return nil
			}
		}
	}
	return m.poly.conflict()
}

// Withdraw removes decider d's statements at the given indices (ascending or not).
func (k *Knowledge) Withdraw(d int, idx []int) {
	m := k.models[d]
	if m.exact != nil {
		return
	}
	drop := map[int]bool{}
	for _, i := range idx {
		drop[i] = true
	}
	old := m.poly.stmts
	// Rebuild the statement rows: structural rows keep their place, statements renumber.
	p := m.poly
	var rows []lpRow
	for _, r := range p.rows {
		if r.stmt < 0 {
			rows = append(rows, r)
		}
	}
	p.rows = rows
	p.stmts = nil
	p.shrink(p.nbase)
	for i, st := range old {
		if drop[i] {
			continue
		}
		p.stmts = append(p.stmts, st)
		_ = m.addRows(k.s, len(p.stmts)-1, st)
	}
	m.samples, m.witnesses, m.cache, m.geq, m.dom = nil, nil, nil, nil, nil
	m.refresh(k.rng)
}

// Statements returns decider d's statements so far.
func (k *Knowledge) Statements(d int) []parley.Statement {
	if k.models[d].exact != nil {
		return nil
	}
	return k.models[d].poly.stmts
}

// shrink drops auxiliary variables beyond n.
func (p *polytope) shrink(n int) {
	if n < p.nvar {
		p.nvar = n
		p.fixed = p.fixed[:n]
		p.isFix = p.isFix[:n]
	}
}

// centreProfile returns the estimate of decider d's profile: itself when known in full,
// else the average of the polytope's sampled vertices.
func (k *Knowledge) centreProfile(d int) *parley.Profile {
	m := k.models[d]
	pr := k.s.Parties[m.party].Profile
	if m.exact != nil {
		return pr
	}
	return profileAt(k.s, m.poly, m.centre(), pr.RedLines)
}

// Sizes returns the number of values of each issue of the scenario.
func (k *Knowledge) Sizes() []int { return k.sizes }

// ForEachOutcome calls f on every outcome of an outcome space whose issues have the given
// numbers of values, in the space's order, until f returns false. f must not keep o.
func ForEachOutcome(sizes []int, f func(o parley.Outcome) bool) { forEachOutcome(sizes, f) }
