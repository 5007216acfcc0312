package analysis

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"parley"
)

// The three questions of more than yes or no, each on one screen: rank (order a handful of
// an issue's values from best to worst, as ANAC 2019's agents received bid rankings),
// acceptable_among (which of a handful of packages could you live with?) and order_among
// (order a handful of packages from best to worst and mark those you could live with, as
// conjoint analysis's ranking tasks ask). One answer becomes several statements of the
// existing language: a chain of better statements, one acceptable or unacceptable statement
// per package, or both a chain of prefers statements and the marks.

// MaxRankValues is the most values a rank question lists.
const MaxRankValues = 6

// MaxAmongPackages is the most packages an acceptable_among or order_among question lists.
const MaxAmongPackages = 5

// Reply is the answer to a question: Yes for a yes-or-no question; Order for a rank
// question (indices into Values, best first, each once); Acceptable for an acceptable_among
// question (one mark per package); both for an order_among question (Order indices into
// Packages, best first, each once; Acceptable one mark per package).
type Reply struct {
	Yes        bool
	Order      []int
	Acceptable []bool
}

// Multi reports whether q is answered with a Reply rather than yes or no.
func (q Question) Multi() bool {
	return q.Kind == parley.QuestionRank || q.Kind == parley.QuestionAcceptableAmong || q.Kind == parley.QuestionOrderAmong
}

// Statements returns the statements reply r to q makes. It fails when r does not fit q: an
// order that is not a permutation of the values (or packages), marks not one per package.
// An order_among reply's order and marks need not agree (a package marked acceptable below
// one marked not): the statements then conflict, and the conflict is reported as any other.
func (q Question) Statements(r Reply) ([]parley.Statement, error) {
	switch q.Kind {
	case parley.QuestionRank:
		if err := permutation(r.Order, len(q.Values), "value"); err != nil {
			return nil, err
		}
		var out []parley.Statement
		for t := 0; t+1 < len(r.Order); t++ {
			out = append(out, parley.Statement{Kind: parley.StateBetter, Issue: q.Issue,
				Value: q.Values[r.Order[t]], Than: q.Values[r.Order[t+1]]})
		}
		return out, nil
	case parley.QuestionAcceptableAmong, parley.QuestionOrderAmong:
		if len(r.Acceptable) != len(q.Packages) {
			return nil, fmt.Errorf("%d marks for %d packages", len(r.Acceptable), len(q.Packages))
		}
		var out []parley.Statement
		for j, o := range q.Packages {
			out = append(out, Question{Kind: parley.StateAcceptable, Package: o}.Answer(r.Acceptable[j]))
		}
		if q.Kind == parley.QuestionAcceptableAmong {
			return out, nil
		}
		if err := permutation(r.Order, len(q.Packages), "package"); err != nil {
			return nil, err
		}
		for t := 0; t+1 < len(r.Order); t++ {
			out = append(out, parley.Statement{Kind: parley.StatePrefers,
				Package: q.Packages[r.Order[t]], Other: q.Packages[r.Order[t+1]]})
		}
		return out, nil
	}
	return []parley.Statement{q.Answer(r.Yes)}, nil
}

// permutation checks that order lists each of n items (values or packages: what) once.
func permutation(order []int, n int, what string) error {
	if len(order) != n {
		return fmt.Errorf("the order lists %d %ss; the question has %d", len(order), what, n)
	}
	seen := make([]bool, n)
	for _, j := range order {
		if j < 0 || j >= n || seen[j] {
			return fmt.Errorf("the order must list each %s of the question once", what)
		}
		seen[j] = true
	}
	return nil
}

// Reply answers q truthfully.
func (t *Truth) Reply(q Question) Reply {
	switch q.Kind {
	case parley.QuestionRank:
		i := t.s.Issue(q.Issue)
		return Reply{Order: bestFirst(len(q.Values), func(j int) float64 {
			k, _ := t.s.Issues[i].Index(q.Values[j])
			return t.x[i][k]
		})}
	case parley.QuestionAcceptableAmong, parley.QuestionOrderAmong:
		marks := make([]bool, len(q.Packages))
		for j, o := range q.Packages {
			marks[j] = t.Acceptable(o)
		}
		r := Reply{Acceptable: marks}
		if q.Kind == parley.QuestionOrderAmong {
			r.Order = bestFirst(len(q.Packages), func(j int) float64 { return t.Utility(q.Packages[j]) })
		}
		return r
	}
	return Reply{Yes: t.Answer(q)}
}

// bestFirst returns the indices 0..n-1 ordered by score, highest first (ties in index order).
func bestFirst(n int, score func(j int) float64) []int {
	order := make([]int, n)
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(score(b), score(a)) })
	return order
}

// corrupt makes r a wrong reply to q: a yes becomes a no; two neighbours of a rank swap
// places; one package's mark flips; an order_among reply has either two neighbours of its
// order swapped or one mark flipped.
func corrupt(q Question, r Reply, rng *rand.Rand) Reply {
	swap := q.Kind == parley.QuestionRank || q.Kind == parley.QuestionOrderAmong && rng.IntN(2) == 0
	switch {
	case swap:
		if len(r.Order) > 1 {
			o := slices.Clone(r.Order)
			j := rng.IntN(len(o) - 1)
			o[j], o[j+1] = o[j+1], o[j]
			r.Order = o
		}
	case q.Kind == parley.QuestionAcceptableAmong || q.Kind == parley.QuestionOrderAmong:
		if len(r.Acceptable) > 0 {
			a := slices.Clone(r.Acceptable)
			j := rng.IntN(len(a))
			a[j] = !a[j]
			r.Acceptable = a
		}
	default:
		r.Yes = !r.Yes
	}
	return r
}

// considerParts keeps q if the answer's split of the samples beats the best so far.
func (c *chooser) considerParts(q Question, parts []pset) {
	if len(parts) < 2 || c.skip != nil && c.skip(q) {
		return
	}
	sc := c.scoreParts(parts)
	// Among equals, prefer the question whose answer is least foreseeable.
	most := 0
	for _, p := range parts {
		most = max(most, p.count())
	}
	sc += 1e-3 * float64(len(c.S)-most)
	if sc > c.bestScore {
		c.best, c.bestScore, c.found = q, sc, true
	}
}

// among builds an acceptable_among question greedily: starting from first (when not nil),
// it adds the open package whose mark splits the samples best, up to MaxAmongPackages
// packages. It returns false when fewer than two packages would be asked about.
func (c *chooser) among(open []parley.Outcome, first parley.Outcome) (Question, bool) {
	q := Question{Kind: parley.QuestionAcceptableAmong}
	parts := []pset{c.full}
	if first != nil {
		q.Packages = append(q.Packages, first)
		parts = split(parts, c.accepts(first))
	}
	var picked []int
	cur := c.scoreParts(parts)
	for len(q.Packages) < MaxAmongPackages {
		best, bestSc := -1, cur
		for e := 0; e < min(c.nPkg, maxEval); e++ {
			if slices.Contains(picked, e) || first != nil && slices.Equal(open[e], first) {
				continue
			}
			if sc := c.scoreParts(split(parts, c.acc[e])); sc > bestSc+1e-9 {
				best, bestSc = e, sc
			}
		}
		if best < 0 {
			break
		}
		picked = append(picked, best)
		q.Packages = append(q.Packages, open[best])
		parts, cur = split(parts, c.acc[best]), bestSc
	}
	c.fill(&q, open, picked, first)
	return q, len(q.Packages) >= 2
}

// fill completes an acceptable_among screen that no further package improves by the
// samples (they agree on every open package beyond a few, though linear programs show them
// open): a screen costs the party one question however many of its places are used, so the
// free places take the open packages the samples agree on least, each a verdict settled.
func (c *chooser) fill(q *Question, open []parley.Outcome, picked []int, first parley.Outcome) {
	if len(q.Packages) >= MaxAmongPackages {
		return
	}
	var rest []int
	for e := 0; e < min(c.nPkg, maxEval); e++ {
		if !slices.Contains(picked, e) && (first == nil || !slices.Equal(open[e], first)) {
			rest = append(rest, e)
		}
	}
	minority := func(e int) int {
		y := c.acc[e].count()
		return min(y, len(c.S)-y)
	}
	slices.SortStableFunc(rest, func(a, b int) int { return minority(b) - minority(a) })
	for _, e := range rest[:min(len(rest), MaxAmongPackages-len(q.Packages))] {
		q.Packages = append(q.Packages, open[e])
	}
}

// accepts returns the samples under which o is acceptable.
func (c *chooser) accepts(o parley.Outcome) pset {
	var yes pset
	for j, z := range c.S {
		if c.m.gain(z, o) >= -VerdictTol {
			yes.add(j)
		}
	}
	return yes
}

// amongParts splits the samples by their marks on q's packages.
func (c *chooser) amongParts(q Question) []pset {
	parts := []pset{c.full}
	for _, o := range q.Packages {
		parts = split(parts, c.accepts(o))
	}
	return parts
}

// ranks considers, per issue, a rank question on the values whose order the samples
// disagree on most: all of them when the issue has at most MaxRankValues values, else a
// greedy choice.
func (c *chooser) ranks() {
	p := c.m.poly
	for i, is := range c.k.s.Issues {
		n := p.sizes[i]
		if n < 2 || n > 64 {
			continue
		}
		vals := c.rankValues(i)
		if len(vals) < 2 {
			continue
		}
		parts := []pset{c.full}
		for a := 0; a < len(vals); a++ {
			for b := a + 1; b < len(vals); b++ {
				parts = split(parts, c.valueOrder(i, vals[a], vals[b]))
			}
		}
		q := Question{Kind: parley.QuestionRank, Issue: is.ID}
		for _, v := range vals {
			q.Values = append(q.Values, is.Value(v))
		}
		c.considerParts(q, parts)
	}
}

// rankValues chooses up to MaxRankValues values of issue i to rank: those whose order the
// samples disagree on, the most disagreeing pairs first.
func (c *chooser) rankValues(i int) []int {
	n := c.m.poly.sizes[i]
	open := func(a, b int) int {
		y := c.valueOrder(i, a, b).count()
		return min(y, len(c.S)-y)
	}
	var vals []int
	for len(vals) < MaxRankValues {
		best, bestN := -1, 0
		for v := 0; v < n; v++ {
			if slices.Contains(vals, v) || !c.live[i][v] {
				continue
			}
			sum := 0
			if len(vals) == 0 {
				for u := 0; u < n; u++ {
					if u != v && c.live[i][u] {
						sum += open(u, v)
					}
				}
			} else {
				for _, u := range vals {
					sum += open(u, v)
				}
			}
			if sum > bestN {
				best, bestN = v, sum
			}
		}
		if best < 0 {
			break
		}
		vals = append(vals, best)
	}
	return vals
}

// liveValues returns, per issue and value, whether some package holding the value crosses
// no decider's red line. The order of a value every such package crosses a line with settles
// no verdict (those packages are certainly not acceptable), so it is never asked.
func (k *Knowledge) liveValues() [][]bool {
	live := make([][]bool, len(k.sizes))
	left := 0
	for i, n := range k.sizes {
		live[i] = make([]bool, n)
		left += n
	}
	lines := false
	for _, m := range k.models {
		lines = lines || len(m.lines) > 0
	}
	if !lines {
		for i := range live {
			for v := range live[i] {
				live[i][v] = true
			}
		}
		return live
	}
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		for _, m := range k.models {
			if !m.allows(o) {
				return true
			}
		}
		for i, v := range o {
			if !live[i][v] {
				live[i][v] = true
				left--
			}
		}
		return left > 0
	})
	return live
}

// openValues returns, per issue and value, whether some package of open holds it: the
// order of a value no open package holds settles no open verdict, so it is not asked.
func (k *Knowledge) openValues(open []parley.Outcome) [][]bool {
	live := make([][]bool, len(k.sizes))
	for i, n := range k.sizes {
		live[i] = make([]bool, n)
	}
	for _, o := range open {
		for i, v := range o {
			live[i][v] = true
		}
	}
	return live
}
