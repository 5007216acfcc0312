package analysis

import (
	"fmt"
	"math/big"

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
	if size := s.Size(); size.Cmp(big.NewInt(MaxUncertainOutcomes)) > 0 {
		return nil, invalid("the outcome space has %s packages; the analysis of partial profiles enumerates at most %d", size, MaxUncertainOutcomes)
	}
	r := &UncertainResult{Parties: k.parties, Outcomes: s.Size(), Verdicts: make([][3]int64, len(k.parties))}
	for d := range k.models {
		r.Exact = append(r.Exact, k.models[d].exact != nil)
	}
	newRanges := func() []Range {
		rs := make([]Range, len(s.Issues))
		for i := range rs {
			rs[i] = Range{Issue: i, Allowed: make([]bool, k.sizes[i])}
		}
		return rs
	}
	r.CertainRanges, r.PossibleRanges = newRanges(), newRanges()
	vs := make([]Verdict, len(k.parties))
	// A package listed in both zones is bounded once.
	listed := map[uint64]UncertainPoint{}
	point := func(o parley.Outcome) UncertainPoint {
		rank := k.rank(o)
		pt, ok := listed[rank]
		if !ok {
			pt = k.point(o, vs)
			listed[rank] = pt
		}
		return pt
	}
	for d := range k.models {
		k.Settle(d) // every certain verdict at once: Verdict below reads them
	}
	forEachOutcome(k.sizes, func(o parley.Outcome) bool {
		certain, possible := true, true
		for d := range k.models {
			vs[d] = k.Verdict(d, o)
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
		return true
	})
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

func mark(rs []Range, o parley.Outcome) {
	for i, k := range o {
		rs[i].Allowed[k] = true
	}
}

func (k *Knowledge) point(o parley.Outcome, vs []Verdict) UncertainPoint {
	pt := UncertainPoint{Outcome: append(parley.Outcome(nil), o...), Verdicts: append([]Verdict(nil), vs...)}
	for d := range k.models {
		lo, hi := k.UtilityBounds(d, o)
		pt.Lo = append(pt.Lo, lo)
		pt.Hi = append(pt.Hi, hi)
	}
	return pt
}
