package analysis

import (
	"math/big"

	"parley"
)

// ForceCount makes Analyze count acceptable outcomes with one method only ("halves",
// "distinct" or "branch") until the returned function is called.
func ForceCount(method string) (restore func()) {
	forceCount = method
	return func() { forceCount = "" }
}

// ForceEnumeration makes Analyze enumerate every space it can, additive or not, until the
// returned function is called.
func ForceEnumeration() (restore func()) {
	forceEnumeration = true
	return func() { forceEnumeration = false }
}

// ReduceDrafts makes EvaluateDraft put every draft to Analyze instead of enumerating its
// completions, until the returned function is called.
func ReduceDrafts() (restore func()) {
	maxCompletions = 0
	return func() { maxCompletions = MaxCompletions }
}

// ForceSplit makes Analyze split additive spaces by their red lines over several issues
// instead of merging the linked issues, until the returned function is called.
func ForceSplit() (restore func()) {
	forceSplit = true
	return func() { forceSplit = false }
}

// CountBounds returns the guaranteed bounds countBounds gives on the acceptable outcomes of
// an additive scenario whose red lines link few combinations.
func CountBounds(s *parley.Scenario) (lo, hi *big.Int, err error) {
	p, err := newProblem(s, Options{})
	if err != nil {
		return nil, nil, err
	}
	comps, err := p.components(true)
	if err != nil {
		return nil, nil, err
	}
	lo, hi = p.countBounds(comps, 1)
	return lo, hi, nil
}

// CountGrid returns countGrid's guaranteed bounds on the acceptable outcomes of an additive
// scenario whose red lines link few combinations, with a budget of
// work cell additions (0: the default); ok is false when the method does not apply.
func CountGrid(s *parley.Scenario, work float64) (lo, hi *big.Int, ok bool, err error) {
	return countBy(s, work, (*problem).countGrid)
}

// CountGridAll returns countGridAll's guaranteed bounds (one grid over every decider) on
// the acceptable outcomes of an additive scenario, as CountGrid does, with a budget of work
// cell additions taken as it is (countGrid caps it by the size of the space).
func CountGridAll(s *parley.Scenario, work float64) (lo, hi *big.Int, ok bool, err error) {
	return countBy(s, work, (*problem).countGridAll)
}

// countBy runs a grid count on s's components with a budget of work cell additions (0: the
// default).
func countBy(s *parley.Scenario, work float64, count func(*problem, []*comp, float64) (*big.Int, *big.Int, bool)) (lo, hi *big.Int, ok bool, err error) {
	p, err := newProblem(s, Options{})
	if err != nil {
		return nil, nil, false, err
	}
	comps, err := p.components(true)
	if err != nil {
		return nil, nil, false, err
	}
	if work == 0 {
		work = gridWork
	}
	lo, hi, ok = count(p, comps, work)
	return lo, hi, ok, nil
}

// ForceParts makes Analyze merge every part of a split space on its own instead of by the
// box merge, until the returned function is called.
func ForceParts() (restore func()) {
	forceParts = true
	return func() { forceParts = false }
}

// LimitBoxStates makes the box merge give up beyond n sets of boxes at once (its limit is
// maxBoxStates), until the returned function is called.
func LimitBoxStates(n int) (restore func()) {
	old := maxBoxStates
	maxBoxStates = n
	return func() { maxBoxStates = old }
}

// LimitParts makes the split give up beyond n parts (its limit is maxParts), until the
// returned function is called.
func LimitParts(n int) (restore func()) {
	old := maxParts
	maxParts = n
	return func() { maxParts = old }
}

// PreferBoxes makes Analyze carry red lines over several issues as boxes whenever it can, even
// when they link few combinations, until the returned function is called.
func PreferBoxes() (restore func()) {
	old := boxFirst
	boxFirst = -1
	return func() { boxFirst = old }
}

// ForceBoxCount makes Analyze count a space cut by boxes, with binding reservation values, by
// the sets of boxes ("halves" or "branch": exact; "grid": bounds only) whatever its size, until the
// returned function is called.
func ForceBoxCount(method string) (restore func()) {
	forceBoxCount = method
	return func() { forceBoxCount = "" }
}

// CountBoundsSingle returns the older bounds countBounds gives from each decider alone
// (countOne's): max(0, sum of the lower bounds - (k-1) * all outcomes) and the least upper
// bound, in float64.
func CountBoundsSingle(s *parley.Scenario) (lo, hi float64, err error) {
	p, err := newProblem(s, Options{})
	if err != nil {
		return 0, 0, err
	}
	comps, err := p.components(true)
	if err != nil {
		return 0, 0, err
	}
	total := 1.0
	for _, c := range comps {
		total *= float64(c.n())
	}
	hi = total
	for i := 0; i < p.k; i++ {
		l, h := p.countOne(comps, i)
		lo += l
		hi = min(hi, h)
	}
	return max(0, lo-float64(p.k-1)*total), hi, nil
}
