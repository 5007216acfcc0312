package analysis

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"parley"
)

// Limits of the conflict explanation.
const (
	maxConflictConstraints = 12  // all subsets examined up to this many constraints
	conflictEnumWork       = 2e7 // outcome evaluations for non-additive feasibility checks
)

// constraints lists every decider's red lines and positive reservation values, with the
// index of the line in p.lines (-1 for a reservation).
func (p *problem) constraints() ([]Constraint, []int) {
	var cs []Constraint
	var at []int
	for d, pi := range p.parties {
		for li, l := range p.lines {
			if l.decider == d {
				cs = append(cs, Constraint{Party: pi, Kind: KindRedLine, RedLine: l.rl.Text})
				at = append(at, li)
			}
		}
		if p.res[d] > Tol {
			cs = append(cs, Constraint{Party: pi, Kind: KindReservation, Reservation: p.res[d]})
			at = append(at, -1)
		}
	}
	return cs, at
}

// explainConflicts fills r.Conflicts and r.Relaxations: the minimal sets of constraints that
// cannot hold together, and the smallest sets whose relaxation opens a zone of agreement.
func (p *problem) explainConflicts(r *Result) {
	cs, at := p.constraints()
	n := len(cs)
	var work float64
	budgetHit := false
	oracle := p.conflictOracle(cs, at, &work, &budgetHit)
	set := func(idx ...int) []Constraint {
		var out []Constraint
		for _, c := range idx {
			out = append(out, cs[c])
		}
		return out
	}
	if n > maxConflictConstraints {
		p.explainMany(r, n, oracle, set, &budgetHit)
		return
	}
	memo, muses := feasibleSubsets(n, oracle, &budgetHit)
	if budgetHit {
		r.ConflictsNote = "the search for conflicts stopped at its work limit; the conflicts shown may be incomplete and no relaxation is proposed"
	}
	for _, m := range muses {
		cf := Conflict{Constraints: set(bitsOf(n, m)...)}
		cf.Text = p.conflictText(cf.Constraints)
		r.Conflicts = append(r.Conflicts, cf)
	}
	if budgetHit {
		return
	}
	// The largest feasible masks; their complements are the smallest relaxations.
	full := uint(1)<<n - 1
	for size := n - 1; size >= 0 && len(r.Relaxations) == 0; size-- {
		var rels []uint
		eachMask(n, size, func(mask uint) {
			if memo[mask] == subsetYes {
				rels = append(rels, full&^mask)
			}
		})
		slices.Sort(rels)
		for _, m := range rels {
			r.Relaxations = append(r.Relaxations, set(bitsOf(n, m)...))
		}
	}
}

// conflictOracle returns the feasibility check of a subset of the constraints cs (at[c]:
// the index of c's red line in p.lines, or -1 for a reservation value): whether the subset
// can hold together, and whether that is known within the work limit (budgetHit is set when
// it is not).
func (p *problem) conflictOracle(cs []Constraint, at []int, work *float64, budgetHit *bool) func(use []bool) (bool, bool) {
	return func(use []bool) (bool, bool) {
		q := *p
		q.opt.Progress = nil
		q.lines = nil
		q.res = make([]float64, p.k)
		for i := range q.res {
			q.res[i] = math.Inf(-1)
		}
		for c := range cs {
			if !use[c] {
				continue
			}
			if at[c] >= 0 {
				q.lines = append(q.lines, p.lines[at[c]])
			} else {
				for d, pi := range p.parties {
					if pi == cs[c].Party {
						q.res[d] = p.res[d]
					}
				}
			}
		}
		ok, known := q.feasible(work)
		if !known {
			*budgetHit = true
		}
		return ok, known
	}
}

// subsetState is what is known of a subset of the constraints.
type subsetState uint8

const (
	subsetUnknown subsetState = iota
	subsetYes                 // feasible
	subsetNo                  // infeasible
)

// feasibleSubsets decides every subset of the n constraints by increasing size (a subset
// with an infeasible part is infeasible without asking the oracle) until the oracle's budget
// is hit, and returns what it found and the minimal infeasible subsets, as bit masks.
func feasibleSubsets(n int, oracle func([]bool) (bool, bool), budgetHit *bool) (memo map[uint]subsetState, muses []uint) {
	memo = map[uint]subsetState{0: subsetYes}
	use := make([]bool, n)
	for size := 1; size <= n; size++ {
		eachMask(n, size, func(mask uint) {
			if *budgetHit {
				return
			}
			for c := 0; c < n; c++ {
				if mask&(1<<c) != 0 && memo[mask&^(1<<c)] == subsetNo {
					memo[mask] = subsetNo
					return
				}
			}
			for c := range use {
				use[c] = mask&(1<<c) != 0
			}
			ok, known := oracle(use)
			if !known {
				return
			}
			if ok {
				memo[mask] = subsetYes
			} else {
				memo[mask] = subsetNo
				muses = append(muses, mask)
			}
		})
	}
	return memo, muses
}

// bitsOf returns the positions of the bits of m among the first n.
func bitsOf(n int, m uint) []int {
	var idx []int
	for c := 0; c < n; c++ {
		if m&(1<<c) != 0 {
			idx = append(idx, c)
		}
	}
	return idx
}

// maxPairConstraints is the largest number of constraints whose pairs explainMany examines.
const maxPairConstraints = 200

// explainMany explains an empty zone with more constraints than every subset can be examined
// for: the conflicts among single constraints and pairs, and the relaxations of one
// constraint or, when none opens a zone, of two. r.ConflictsNote says the search was partial.
func (p *problem) explainMany(r *Result, n int, oracle func([]bool) (bool, bool), set func(...int) []Constraint, budgetHit *bool) {
	use := make([]bool, n)
	only := func(idx ...int) []bool {
		for c := range use {
			use[c] = false
		}
		for _, c := range idx {
			use[c] = true
		}
		return use
	}
	allBut := func(idx ...int) []bool {
		for c := range use {
			use[c] = true
		}
		for _, c := range idx {
			use[c] = false
		}
		return use
	}
	pairs := n <= maxPairConstraints
	bad := make([]bool, n) // infeasible alone
	for c := 0; c < n && !*budgetHit; c++ {
		if ok, known := oracle(only(c)); known && !ok {
			bad[c] = true
			r.Conflicts = append(r.Conflicts, Conflict{Constraints: set(c)})
		}
	}
	for c := 0; c < n && pairs && !*budgetHit; c++ {
		for d := c + 1; d < n && !bad[c] && !*budgetHit; d++ {
			if bad[d] {
				continue
			}
			if ok, known := oracle(only(c, d)); known && !ok {
				r.Conflicts = append(r.Conflicts, Conflict{Constraints: set(c, d)})
			}
		}
	}
	for x := range r.Conflicts {
		r.Conflicts[x].Text = p.conflictText(r.Conflicts[x].Constraints)
	}
	for c := 0; c < n && !*budgetHit; c++ {
		if ok, known := oracle(allBut(c)); known && ok {
			r.Relaxations = append(r.Relaxations, set(c))
		}
	}
	for c := 0; c < n && pairs && len(r.Relaxations) == 0 && !*budgetHit; c++ {
		for d := c + 1; d < n && !*budgetHit; d++ {
			if ok, known := oracle(allBut(c, d)); known && ok {
				r.Relaxations = append(r.Relaxations, set(c, d))
			}
		}
	}
	var reach string
	switch {
	case !pairs:
		reach = "only single constraints are examined: conflicts of one constraint and relaxations of one"
	case len(r.Relaxations) > 0:
		reach = "only conflicts between one or two constraints are shown, and relaxations of one or two constraints"
	default:
		reach = "only conflicts between one or two constraints are shown; no relaxation of one or two constraints opens a zone of agreement, and larger relaxations were not examined"
	}
	r.ConflictsNote = fmt.Sprintf("the scenario has %d constraints; parley examines every combination only up to %d, so %s", n, maxConflictConstraints, reach)
	if *budgetHit {
		r.ConflictsNote = "the search for conflicts stopped at its work limit; the conflicts and relaxations shown may be incomplete (" + r.ConflictsNote + ")"
	}
}

// eachMask calls f with every n-bit mask of the given number of bits set, in increasing order.
func eachMask(n, size int, f func(uint)) {
	for m := uint(0); m < 1<<n; m++ {
		if bits.OnesCount(m) == size {
			f(m)
		}
	}
}

// feasible reports whether some outcome satisfies p's red lines and reservation values; known
// is false when the check would exceed its work limit.
func (p *problem) feasible(work *float64) (ok, known bool) {
	if p.additive {
		comps, err := p.components(true)
		if forceSplit {
			err = invalid("split forced by a test")
		}
		if err == nil {
			for _, c := range comps {
				if c.n() == 0 {
					return false, true
				}
			}
			d, err := p.merge(comps, make([]float64, p.k), work)
			if err == nil {
				return d != nil && p.reaching(d).Len() > 0, true
			}
		} else if ok, known := p.feasibleBoxes(work); known {
			return ok, true
		}
	}
	size, _ := p.s.Size().Float64()
	if *work+size > conflictEnumWork {
		return false, false
	}
	*work += size
	o := make(parley.Outcome, len(p.s.Issues))
	u := make([]float64, p.k)
	for {
		if p.reaches(p.utility(u, o)) && p.allows(o) {
			return true, true
		}
		i := len(o) - 1
		for ; i >= 0; i-- {
			o[i]++
			if o[i] < p.sizes[i] {
				break
			}
			o[i] = 0
		}
		if i < 0 {
			return false, true
		}
	}
}

// feasibleBoxes reports whether some outcome of an additive problem satisfies its red lines
// and reservation values, by the box merge; known is false when the red lines do not fit it.
func (p *problem) feasibleBoxes(work *float64) (ok, known bool) {
	allowed, boxes, _, fits := p.redBoxes()
	if !fits {
		return false, false
	}
	comps := make([]*comp, len(allowed))
	for i, vs := range allowed {
		comps[i] = p.single(i, vs)
	}
	d, _, _, err := p.boxMerge(comps, boxes, false, work)
	if err != nil {
		return false, false
	}
	return d != nil && p.reaching(d).Len() > 0, true
}

// constraintText names a constraint for a mediator.
func (p *problem) constraintText(c Constraint) string {
	name := p.s.Parties[c.Party].DisplayName()
	if c.Kind == KindRedLine {
		return fmt.Sprintf("%s's red line `%s`", name, c.RedLine)
	}
	return fmt.Sprintf("%s's reservation value %s", name, parley.FormatNumber(c.Reservation))
}

// conflictText says in words that the constraints cannot hold together.
func (p *problem) conflictText(cs []Constraint) string {
	var names []string
	for _, c := range cs {
		names = append(names, p.constraintText(c))
	}
	switch len(names) {
	case 1:
		if cs[0].Kind == KindReservation {
			return names[0] + " cannot be met by any outcome"
		}
		return names[0] + " excludes every outcome"
	case 2:
		return names[0] + " and " + names[1] + " cannot both hold"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " cannot all hold together"
}
