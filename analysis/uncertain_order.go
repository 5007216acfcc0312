package analysis

import (
	"slices"

	"parley"
)

// The order_among question: order up to MaxAmongPackages packages from best to worst and
// mark those you could live with. Its marks say what an acceptable_among screen says; its
// order adds a chain of preferences, linear constraints on the profile that, through the
// polytope, settle packages that are not on the screen (bench/elicit --oracle measures how
// much: a chooser knowing the true profiles needs fewer questions with ordered screens).

// ordered builds an order_among question greedily, as among does, but weighing each
// package by how its mark and its order against the packages already picked split the
// samples. It returns false when fewer than two packages would be asked about.
func (c *chooser) ordered(open []parley.Outcome) (Question, bool) {
	n := min(c.nPkg, maxEval)
	gain := make([][]float64, n)
	for e := range gain {
		gain[e] = make([]float64, len(c.S))
		for j, z := range c.S {
			gain[e][j] = c.m.gain(z, open[e])
		}
	}
	q := Question{Kind: parley.QuestionOrderAmong}
	parts := []pset{c.full}
	var picked []int
	with := func(parts []pset, e int) []pset {
		parts = split(parts, c.acc[e])
		for _, f := range picked {
			parts = split(parts, c.atLeast(gain[e], gain[f]))
		}
		return parts
	}
	cur := c.scoreParts(parts)
	for len(q.Packages) < MaxAmongPackages {
		best, bestSc := -1, cur
		for e := 0; e < n; e++ {
			if slices.Contains(picked, e) {
				continue
			}
			if sc := c.scoreParts(with(parts, e)); sc > bestSc+1e-9 {
				best, bestSc = e, sc
			}
		}
		if best < 0 {
			break
		}
		parts, cur = with(parts, best), bestSc
		picked = append(picked, best)
		q.Packages = append(q.Packages, open[best])
	}
	c.fill(&q, open, picked, nil)
	return q, len(q.Packages) >= 2
}

// atLeast returns the samples under which a package of gains a is at least as good as one
// of gains b.
func (c *chooser) atLeast(a, b []float64) pset {
	var yes pset
	for j := range c.S {
		if a[j] >= b[j]-VerdictTol {
			yes.add(j)
		}
	}
	return yes
}

// orderedParts splits the samples by their marks on q's packages and their order of them.
func (c *chooser) orderedParts(q Question) []pset {
	parts := c.amongParts(q)
	gain := make([][]float64, len(q.Packages))
	for e, o := range q.Packages {
		gain[e] = make([]float64, len(c.S))
		for j, z := range c.S {
			gain[e][j] = c.m.gain(z, o)
		}
	}
	for a := range gain {
		for b := a + 1; b < len(gain); b++ {
			parts = split(parts, c.atLeast(gain[a], gain[b]))
		}
	}
	return parts
}
