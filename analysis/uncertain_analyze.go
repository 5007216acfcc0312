package analysis

import (
	"fmt"
	"math/big"
	"runtime"
	"sync"

	"parley"
)

// MaxUncertainListed is the largest number of packages of each zone UncertainResult lists,
// with their utility bounds; the counts are always exact.
const MaxUncertainListed = 200

// UncertainResult is the analysis of a scenario whose deciders' profiles may be known only
// in part (parley.Profile.Partial): what follows from what the parties said.
type UncertainResult struct {
	Parties  []int    // indices into s.Parties of the deciders, scenario order
	Exact    []bool   // per decider: its profile is known in full
	Outcomes *big.Int // size of the outcome space
	// Verdicts[d][v] counts the packages of verdict v (Possibly, Certainly, Never) for
	// decider d.
	Verdicts [][3]int64
	// Certain lists the certain zone: packages every decider certainly accepts. Possible
	// lists the possible zone: packages no decider certainly rejects. Both are cut at
	// MaxUncertainListed, in the order of the outcome space; the counts are exact.
	Certain, Possible           []UncertainPoint
	CertainCount, PossibleCount int64
	// CertainRanges and PossibleRanges are the agreement ranges of every issue over the
	// certain and the possible zone.
	CertainRanges, PossibleRanges []Range
	// Estimate analyses the estimated profiles (EstimateProfiles, per decider: the profile
	// itself when known in full, else the centre of its polytope): its frontier and
	// bargaining points are estimates, not facts. Nil when that analysis failed:
	// EstimateNote says why.
	Estimate         *Result
	EstimateScenario *parley.Scenario // s with the estimated profiles, which Estimate analyses
	EstimateProfiles []*parley.Profile
	EstimateNote     string
}

// UncertainPoint is one package with, per decider, its least and greatest utility over the
// profiles consistent with what is known, and its verdict.
type UncertainPoint struct {
	Outcome  parley.Outcome
	Lo, Hi   []float64
	Verdicts []Verdict
}

// AnalyzeUncertain analyses s, whose deciders' profiles may be partial. A party whose
// statements conflict returns a *ConflictError naming a minimal conflicting set; other bad
// data, or a space of more than MaxUncertainOutcomes packages, a *parley.Error with code
// EINVALID. It is deterministic: the polytopes' samples are drawn with a fixed seed.
func AnalyzeUncertain(s *parley.Scenario, opt Options) (*UncertainResult, error) {
	k, err := NewKnowledge(s, 1)
	if err != nil {
		return nil, err
	}
	if err := checkUncertainSize(s); err != nil {
		return nil, err
	}
	exact := make([]bool, len(k.models))
	for d, m := range k.models {
		exact[d] = m.exact != nil
	}
	k.workers = opt.Workers
	r := zones(s, k.sizes, k.parties, exact, k.settleAll(opt.Workers), k.bound)
	est := &parley.Scenario{Name: s.Name, Description: s.Description, Issues: s.Issues}
	d := 0
	for _, p := range s.Parties {
		if p != nil && p.Role == parley.RoleParty {
			pr := k.centreProfile(d)
			r.EstimateProfiles = append(r.EstimateProfiles, pr)
			p = &parley.Party{ID: p.ID, Name: p.Name, Role: p.Role, Profile: pr}
			d++
		} else if p != nil && p.Profile != nil && p.Profile.Partial {
			p = &parley.Party{ID: p.ID, Name: p.Name, Role: p.Role} // a partial mediator: left out
		}
		est.Parties = append(est.Parties, p)
	}
	r.EstimateScenario = est
	opt.SkipConflicts = true
	if r.Estimate, err = Analyze(est, opt); err != nil {
		r.Estimate = nil
		r.EstimateNote = fmt.Sprintf("the estimated profiles could not be analysed: %v", err)
	}
	return r, nil
}

// UncertainZones returns the zones of s from its deciders' verdicts on every package:
// verdicts[d] is what SettleVerdicts gives for the d-th decider of s (its parties of role
// party, in scenario order), on a Knowledge of s or of any scenario with the same issues
// and that decider's profile. The result is AnalyzeUncertain's without the utility bounds of
// the listed packages (Lo and Hi nil) and without the estimate (Estimate nil). Errors are
// AnalyzeUncertain's; verdicts of the wrong shape are an EINVALID error.
func UncertainZones(s *parley.Scenario, verdicts [][]Verdict) (*UncertainResult, error) {
	if s == nil {
		return nil, invalid("no scenario")
	}
	if err := checkUncertainSize(s); err != nil {
		return nil, err
	}
	var sizes []int
	n := 1
	for _, is := range s.Issues {
		sizes = append(sizes, is.Size())
		n *= is.Size()
	}
	var parties []int
	var exact []bool
	for pi, p := range s.Parties {
		if p != nil && p.Role == parley.RoleParty {
			parties = append(parties, pi)
			exact = append(exact, p.Profile != nil && !p.Profile.Partial)
		}
	}
	if len(verdicts) != len(parties) {
		return nil, invalid("verdicts of %d deciders for %d", len(verdicts), len(parties))
	}
	for d, vs := range verdicts {
		if len(vs) != n {
			return nil, invalid("decider %d has %d verdicts for %d packages", d, len(vs), n)
		}
	}
	return zones(s, sizes, parties, exact, verdicts, nil), nil
}

func checkUncertainSize(s *parley.Scenario) error {
	if size := s.Size(); size.Cmp(big.NewInt(MaxUncertainOutcomes)) > 0 {
		return invalid("the outcome space has %s packages; the analysis of partial profiles enumerates at most %d", size, MaxUncertainOutcomes)
	}
	return nil
}

// settleAll returns SettleVerdicts of every decider, the deciders' sweeps run side by side
// on up to workers goroutines (0: GOMAXPROCS): each reads and writes its own party model
// only. Each sweep runs its linear programs on up to k.workers goroutines of its own.
func (k *Knowledge) settleAll(workers int) [][]Verdict {
	out := make([][]Verdict, len(k.models))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for d := range k.models {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[d] = k.SettleVerdicts(d)
		}()
	}
	wg.Wait()
	return out
}

// zones writes the zones, ranges and counts of the deciders' verdicts by package rank, and,
// when bound is not nil, has it write the utility bounds of each listed package.
func zones(s *parley.Scenario, sizes, parties []int, exact []bool, verdicts [][]Verdict, bound func(*UncertainPoint)) *UncertainResult {
	r := &UncertainResult{Parties: parties, Exact: exact, Outcomes: s.Size(), Verdicts: make([][3]int64, len(parties))}
	newRanges := func() []Range {
		rs := make([]Range, len(s.Issues))
		for i := range rs {
			rs[i] = Range{Issue: i, Allowed: make([]bool, sizes[i])}
		}
		return rs
	}
	r.CertainRanges, r.PossibleRanges = newRanges(), newRanges()
	vs := make([]Verdict, len(parties))
	// A package listed in both zones is bounded once.
	listed := map[int]UncertainPoint{}
	rank := 0
	point := func(o parley.Outcome) UncertainPoint {
		pt, ok := listed[rank]
		if !ok {
			pt = UncertainPoint{Outcome: append(parley.Outcome(nil), o...), Verdicts: append([]Verdict(nil), vs...)}
			if bound != nil {
				bound(&pt)
			}
			listed[rank] = pt
		}
		return pt
	}
	forEachOutcome(sizes, func(o parley.Outcome) bool {
		certain, possible := true, true
		for d := range parties {
			vs[d] = verdicts[d][rank]
			r.Verdicts[d][vs[d]]++
			certain = certain && vs[d] == Certainly
			possible = possible && vs[d] != Never
		}
		if possible {
			r.PossibleCount++
			mark(r.PossibleRanges, o)
			if len(r.Possible) < MaxUncertainListed {
				r.Possible = append(r.Possible, point(o))
			}
		}
		if certain {
			r.CertainCount++
			mark(r.CertainRanges, o)
			if len(r.Certain) < MaxUncertainListed {
				r.Certain = append(r.Certain, point(o))
			}
		}
		rank++
		return true
	})
	return r
}

func mark(rs []Range, o parley.Outcome) {
	for i, k := range o {
		rs[i].Allowed[k] = true
	}
}

// bound writes the utility bounds of pt's package for every decider.
func (k *Knowledge) bound(pt *UncertainPoint) {
	for d := range k.models {
		lo, hi := k.UtilityBounds(d, pt.Outcome)
		pt.Lo = append(pt.Lo, lo)
		pt.Hi = append(pt.Hi, hi)
	}
}
