package workspace

import (
	"context"
	"fmt"
	"strings"

	"parley"
	"parley/analysis"
)

// The zone of agreement under uncertainty follows the rules of the joint results
// (analytics.go): nothing is computed while a party has no profile or keeps it private;
// whether each zone exists is a joint result that names no party, shown to the mediator and
// to every party whose profile is not private; the packages, ranges and per-party counts are
// the mediator's only, and only when every party shares its profile.

// uncertainCache keeps AnalyzeUncertain's results by workspace, profile revisions and
// conditions, bounded by their estimated size (uncertainSize) like the zone cache.
type uncertainCache = byteLRU[*analysis.UncertainResult]

// UncertainZone implements parley.ElicitService.
func (s *Service) UncertainZone(ctx context.Context, ws string) (*parley.UncertainZone, error) {
	var (
		w   *parley.Workspace
		c   *parley.Caller
		pps []*parley.PartyProfile
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		for _, p := range w.Parties() {
			pp, err := tx.Profile(ws, p.ID)
			if parley.ErrorCode(err) == parley.ENOTFOUND {
				pp = nil
			} else if err != nil {
				return err
			}
			if pp != nil && pp.Profile.Partial {
				if pp.Conditions, err = conditionsOf(tx, w, p.ID); err != nil {
					return err
				}
			}
			pps = append(pps, pp)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	z := &parley.UncertainZone{}
	shared, note := zoneUse(w, c, pps)
	if note != "" {
		z.Note = note
		return z, nil
	}
	r, err := s.uncertain(w, pps)
	if err != nil {
		if parley.ErrorCode(err) != parley.EINVALID {
			return nil, err
		}
		// A conflict names statements: say only that one exists, and whose only to the
		// mediator when every party shares.
		z.Note = "not computed: the statements of a party cannot all hold"
		if shared {
			z.Note = "not computed: " + parley.ErrorMessage(err)
		}
		return z, nil
	}
	z.Computed = true
	for _, pp := range pps {
		z.Estimate = z.Estimate || pp.Profile.Partial
	}
	z.CertainExists, z.PossibleExists = r.CertainCount > 0, r.PossibleCount > 0
	if shared {
		mediatorZone(z, w.Scenario(), r, pps)
	}
	return z, nil
}

// zoneUse says what caller c may see of the zone: everything (shared), only whether each
// zone exists, or nothing (a note saying why).
func zoneUse(w *parley.Workspace, c *parley.Caller, pps []*parley.PartyProfile) (shared bool, note string) {
	var missing, private []string
	shared = c.Role == parley.RoleMediator
	for i, pp := range pps {
		id := w.Parties()[i].ID
		switch {
		case pp == nil:
			missing = append(missing, id)
		case pp.Use == parley.UsePrivate:
			private = append(private, id)
		case pp.Use != parley.UseShared:
			shared = false
		}
	}
	own := ownProfile(c, pps, w)
	switch {
	case c.Role == parley.RoleObserver:
		return false, "the zone of agreement is shown to the mediator and the parties"
	case c.Role == parley.RoleParty && (own == nil || own.Use == parley.UsePrivate):
		return false, "your profile is private: joint results leave it out, so they are not computed"
	case len(missing) > 0:
		return false, "the zone needs every party's profile, or its statements; none yet: " + strings.Join(missing, ", ")
	case len(private) > 0:
		return false, fmt.Sprintf("the zone uses every party's profile, and %d of %d keep theirs private", len(private), len(pps))
	}
	return shared, ""
}

func ownProfile(c *parley.Caller, pps []*parley.PartyProfile, w *parley.Workspace) *parley.PartyProfile {
	for i, p := range w.Parties() {
		if p.ID == c.MemberID {
			return pps[i]
		}
	}
	return nil
}

// uncertain returns the zones of the workspace with the parties' profiles
// (analysis.UncertainZones of each party's verdicts, partyVerdicts), from the cache when it
// can.
func (s *Service) uncertain(w *parley.Workspace, pps []*parley.PartyProfile) (*analysis.UncertainResult, error) {
	key := w.ID
	for _, pp := range pps {
		key += fmt.Sprintf("/%s@%d%q", pp.Party, pp.Rev, pp.Conditions)
	}
	if r, ok := s.uncertainZones.get(key); ok {
		return r, nil
	}
	sc := w.Scenario()
	us := *sc
	us.Parties = nil
	for _, pp := range pps {
		pr, err := profileOf(sc, pp)
		if err != nil {
			return nil, err
		}
		us.Parties = append(us.Parties, &parley.Party{ID: pp.Party, Name: pp.Party, Role: parley.RoleParty, Profile: pr})
	}
	verdicts, err := s.partyVerdicts(w, pps)
	if err != nil {
		return nil, err
	}
	r, err := analysis.UncertainZones(&us, verdicts)
	if err != nil {
		return nil, conflictMessage(err)
	}
	s.uncertainZones.put(key, r, uncertainSize(r))
	return r, nil
}

// mediatorZone adds what only a mediator with whom every party shares may see.
func mediatorZone(z *parley.UncertainZone, sc *parley.Scenario, r *analysis.UncertainResult, pps []*parley.PartyProfile) {
	z.CertainCount, z.PossibleCount = r.CertainCount, r.PossibleCount
	for _, p := range r.Certain[:min(len(r.Certain), maxZoneListed)] {
		z.Certain = append(z.Certain, outcomeWords(sc, p.Outcome))
	}
	for _, p := range r.Possible[:min(len(r.Possible), maxZoneListed)] {
		z.Possible = append(z.Possible, outcomeWords(sc, p.Outcome))
	}
	ranges := func(rs []analysis.Range) map[string]string {
		m := map[string]string{}
		for _, rg := range rs {
			m[sc.Issues[rg.Issue].ID] = describeAllowed(sc.Issues[rg.Issue], rg.Allowed)
		}
		return m
	}
	z.CertainRanges, z.PossibleRanges = ranges(r.CertainRanges), ranges(r.PossibleRanges)
	z.Parties = map[string]parley.VerdictCounts{}
	for d, pp := range pps {
		z.Parties[pp.Party] = verdictCounts(r.Verdicts[d])
	}
}

// maxZoneListed bounds the packages of each zone an answer lists.
const maxZoneListed = 50

// verdictCounts presents the analysis's counts by verdict (indexed by analysis.Verdict).
func verdictCounts(c [3]int64) parley.VerdictCounts {
	return parley.VerdictCounts{Certainly: c[analysis.Certainly], Possibly: c[analysis.Possibly], Never: c[analysis.Never]}
}
