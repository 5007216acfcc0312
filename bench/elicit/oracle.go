package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"parley"
	"parley/analysis"
)

// The oracle (--oracle) measures how far any chooser of acceptable_among screens is from the
// target, from the true profiles. Per party it counts the boundary packages: acceptable to
// the other party (so their verdict matters), and either acceptable with every neighbour one
// value step worse (on one issue) unacceptable, or unacceptable with every neighbour one step
// better acceptable. No dominance settles such a package: only its own statement or an
// additive combination of others does. On spaces of at most --exact packages it then plays a
// chooser that knows both true profiles: one rank question per issue (per 5 more values on
// larger issues) on the values that packages crossing no red line hold, then screens of
// MaxAmongPackages boundary packages still open, nearest the party's line first, then any
// package still open; and it counts the questions until every package the other party
// accepts has a certain verdict. It plays three screens: marks only (acceptable_among);
// ordered (the same packages, also ordered from best to worst: order_among), whose order is
// a chain of preferences, linear constraints that settle packages off the screen; and
// ordered with packages mixed across the line (the nearest acceptable and unacceptable in
// turn).

// oracleRow returns the oracle's table row for one scenario.
func oracleRow(t target, c config) string {
	n := t.s.Size()
	if len(t.s.Deciders()) != 2 || !n.IsInt64() || n.Int64() > c.maxOut {
		return fmt.Sprintf("| %s | %s | skipped | | |", t.name, n)
	}
	var truths []*analysis.Truth
	blank := &parley.Scenario{Name: t.s.Name, Issues: t.s.Issues}
	for _, p := range t.s.Parties {
		if p == nil || p.Role != parley.RoleParty {
			continue
		}
		tr, err := analysis.NewTruth(t.s, p.Profile)
		if err != nil {
			return fmt.Sprintf("| %s | %s | not run: %v | | |", t.name, n, err)
		}
		truths = append(truths, tr)
		blank.Parties = append(blank.Parties, &parley.Party{ID: p.ID, Name: p.Name, Role: p.Role,
			Profile: &parley.Profile{Partial: true, ReservationUnknown: true, RedLines: p.Profile.RedLines}})
	}
	row := fmt.Sprintf("| %s | %s |", t.name, n)
	var bnd, near []string
	var qs [3][]string
	for d := range truths {
		b, e := boundary(blank, truths, d)
		bnd = append(bnd, fmt.Sprint(len(b)))
		near = append(near, fmt.Sprint(e))
		if n.Int64() <= c.exact {
			for kind := range qs {
				q, err := oracleQuestions(blank, truths, d, b, kind)
				if err != nil {
					return fmt.Sprintf("| %s | %s | not run: %v | | |", t.name, n, err)
				}
				qs[kind] = append(qs[kind], fmt.Sprint(q))
			}
		} else {
			for kind := range qs {
				qs[kind] = append(qs[kind], "not run (over --exact)")
			}
		}
	}
	return row + fmt.Sprintf(" %s | %s | %s | %s | %s |", join(bnd), join(near), join(qs[0]), join(qs[1]), join(qs[2]))
}

func join(xs []string) string {
	out := ""
	for j, x := range xs {
		if j > 0 {
			out += " / "
		}
		out += x
	}
	return out
}

// boundary returns party d's boundary packages (see the oracle) and how many packages the
// other party accepts lie within 0.005 of d's line.
func boundary(s *parley.Scenario, truths []*analysis.Truth, d int) ([]parley.Outcome, int) {
	t, other := truths[d], truths[1-d]
	sizes := sizesOf(s)
	var out []parley.Outcome
	near := 0
	nb := make(parley.Outcome, len(sizes))
	analysis.ForEachOutcome(sizes, func(o parley.Outcome) bool {
		if !other.Acceptable(o) || !t.Allows(o) {
			return true
		}
		u := t.Utility(o)
		if math.Abs(u-t.Reservation()) < 0.005 {
			near++
		}
		acc := t.Acceptable(o)
		copy(nb, o)
		for i, k := range o {
			for v := 0; v < sizes[i]; v++ {
				nb[i] = v
				un := t.Utility(nb)
				if v != k && (acc && un < u || !acc && un > u) && t.Acceptable(nb) == acc {
					return true
				}
			}
			nb[i] = k
		}
		out = append(out, slices.Clone(o))
		return true
	})
	return out, near
}

func sizesOf(s *parley.Scenario) []int {
	var sizes []int
	for _, is := range s.Issues {
		sizes = append(sizes, is.Size())
	}
	return sizes
}

// Screen choices of the oracle: nearest the line first (marks only, or ordered), or ordered
// and mixed across the line (the nearest acceptable and unacceptable packages in turn).
const (
	screenMarks = iota
	screenOrdered
	screenMixed
)

// oracleQuestions plays the oracle's chooser for party d (see the oracle) with screens of
// the given kind and returns the questions it asks.
func oracleQuestions(s *parley.Scenario, truths []*analysis.Truth, d int, bnd []parley.Outcome, kind int) (int, error) {
	t, other := truths[d], truths[1-d]
	k, err := analysis.NewKnowledge(s, 1)
	if err != nil {
		return 0, err
	}
	q, err := oracleRanks(s, k, truths, d)
	if err != nil {
		return 0, err
	}
	gap := func(o parley.Outcome) float64 { return math.Abs(t.Utility(o) - t.Reservation()) }
	bnd = slices.Clone(bnd)
	slices.SortStableFunc(bnd, func(a, b parley.Outcome) int { return cmp.Compare(gap(a), gap(b)) })
	sizes := sizesOf(s)
	for {
		screen := oracleScreen(k, t, d, bnd, kind == screenMixed)
		if len(screen) == 0 {
			analysis.ForEachOutcome(sizes, func(o parley.Outcome) bool {
				if other.Acceptable(o) && k.Verdict(d, o) == analysis.Possibly {
					screen = append(screen, slices.Clone(o))
				}
				return len(screen) < analysis.MaxAmongPackages
			})
		}
		if len(screen) == 0 {
			return q, nil
		}
		q++
		for _, st := range oracleAnswer(t, screen, kind != screenMarks) {
			if err := k.Add(d, st); err != nil {
				return 0, err
			}
		}
	}
}

// oracleScreen returns up to MaxAmongPackages boundary packages still open, nearest the line
// first; mixed takes the nearest acceptable and unacceptable ones in turn.
func oracleScreen(k *analysis.Knowledge, t *analysis.Truth, d int, bnd []parley.Outcome, mixed bool) []parley.Outcome {
	var side [2][]parley.Outcome
	var screen []parley.Outcome
	for _, o := range bnd {
		if k.Verdict(d, o) != analysis.Possibly {
			continue
		}
		if !mixed {
			if screen = append(screen, o); len(screen) == analysis.MaxAmongPackages {
				return screen
			}
			continue
		}
		j := 0
		if t.Acceptable(o) {
			j = 1
		}
		side[j] = append(side[j], o)
	}
	for j := 0; len(screen) < analysis.MaxAmongPackages && j < 2*len(bnd); j++ {
		if s := side[j%2]; j/2 < len(s) {
			screen = append(screen, s[j/2])
		} else if len(side[1-j%2]) <= j/2 && len(side[j%2]) <= j/2 {
			break
		}
	}
	return screen
}

// oracleAnswer returns the true answer to a screen: one mark per package and, when ordered,
// the chain of preferences from the best package to the worst (at least as good: an order
// a person gives does not say there are no ties).
func oracleAnswer(t *analysis.Truth, screen []parley.Outcome, ordered bool) []parley.Statement {
	var out []parley.Statement
	for _, o := range screen {
		st := parley.Statement{Kind: parley.StateAcceptable, Package: o}
		if !t.Acceptable(o) {
			st.Kind = parley.StateUnacceptable
		}
		out = append(out, st)
	}
	if !ordered {
		return out
	}
	byU := slices.Clone(screen)
	slices.SortStableFunc(byU, func(a, b parley.Outcome) int { return cmp.Compare(t.Utility(b), t.Utility(a)) })
	for j := 0; j+1 < len(byU); j++ {
		out = append(out, parley.Statement{Kind: parley.StatePrefers, Package: byU[j], Other: byU[j+1]})
	}
	return out
}

// oracleRanks states party d's true order of the values of each issue that packages
// crossing no red line hold, and returns the rank questions that takes: one per issue, one
// more per MaxRankValues-1 further values.
func oracleRanks(s *parley.Scenario, k *analysis.Knowledge, truths []*analysis.Truth, d int) (int, error) {
	t := truths[d]
	sizes := sizesOf(s)
	live := make([][]bool, len(sizes))
	for i, n := range sizes {
		live[i] = make([]bool, n)
	}
	analysis.ForEachOutcome(sizes, func(o parley.Outcome) bool {
		if t.Allows(o) && truths[1-d].Allows(o) {
			for i, v := range o {
				live[i][v] = true
			}
		}
		return true
	})
	base := make(parley.Outcome, len(sizes))
	q := 0
	for i, is := range s.Issues {
		var vals []int
		for v, ok := range live[i] {
			if ok {
				vals = append(vals, v)
			}
		}
		if len(vals) < 2 {
			continue
		}
		score := func(v int) float64 {
			o := slices.Clone(base)
			o[i] = v
			return t.Utility(o)
		}
		slices.SortStableFunc(vals, func(a, b int) int { return cmp.Compare(score(b), score(a)) })
		for j := 0; j+1 < len(vals); j++ {
			st := parley.Statement{Kind: parley.StateBetter, Issue: is.ID, Value: is.Value(vals[j]), Than: is.Value(vals[j+1])}
			if err := k.Add(d, st); err != nil {
				return 0, err
			}
		}
		q += 1 + (len(vals)-2)/(analysis.MaxRankValues-1)
	}
	return q, nil
}
