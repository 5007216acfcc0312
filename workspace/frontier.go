package workspace

import (
	"context"
	"math/big"
	"strings"

	"parley"
	"parley/analysis"
)

// Frontier implements parley.FrontierService. It takes an analysis slot like Analytics
// (limits.go); the zone itself comes from the cache that Analytics fills.
func (s *Service) Frontier(ctx context.Context, ws, version string) (*parley.Frontier, error) {
	ctx, cancel := s.slots.withDeadline(ctx)
	defer cancel()
	release, err := s.slots.take(ctx, ws)
	if err != nil {
		return nil, err
	}
	defer release()
	in, err := s.readAnalytics(ctx, ws, version)
	if err != nil {
		return nil, err
	}
	pps, err := sharedProfiles(in)
	if err != nil {
		return nil, err
	}
	sc := scenarioOf(in.w.Scenario(), pps)
	r, err := s.zone(in.w.ID, sc, pps)
	if err != nil {
		return nil, err
	}
	f := frontierOf(r, sc)
	f.Ranges = issueRanges(r, sc, in.v)
	return f, nil
}

// sharedProfiles returns every party's profile, in the workspace's order, when the caller
// of in is the mediator and every party shares its profile with it: the rule for the whole
// frontier, the same as for the zone of MediatorAnalytics.
func sharedProfiles(in *analyticsInput) ([]*parley.PartyProfile, error) {
	if err := mediatorOnly(in.c); err != nil {
		return nil, err
	}
	var pps []*parley.PartyProfile
	var notShared []string
	for _, p := range in.w.Parties() {
		pp := in.profiles[p.ID]
		if pp == nil || pp.Use != parley.UseShared {
			notShared = append(notShared, p.ID)
			continue
		}
		pps = append(pps, pp)
	}
	if len(notShared) > 0 {
		return nil, parley.Errorf(parley.EFORBIDDEN, "the whole frontier needs every party to share its profile with the mediator; not shared: %s", strings.Join(notShared, ", "))
	}
	return pps, nil
}

// frontierOf describes r's frontier, counts and bargaining points for people.
func frontierOf(r *analysis.Result, sc *parley.Scenario) *parley.Frontier {
	f := &parley.Frontier{Reservation: map[string]float64{}, Points: []parley.FrontierPoint{}, Best: []parley.FrontierPoint{}}
	for _, pi := range r.Parties {
		p := sc.Parties[pi]
		f.Parties = append(f.Parties, p.ID)
		f.Reservation[p.ID] = p.Profile.Reservation
	}
	point := func(p analysis.Point) parley.FrontierPoint { return *frontierPoint(r, sc, p) }
	r.EachPareto(func(p analysis.Point) bool {
		f.Points = append(f.Points, point(p))
		return true
	})
	for _, p := range r.AcceptablePareto {
		f.Best = append(f.Best, point(p))
	}
	count := func(n *big.Int, listed int) string {
		if n == nil {
			return big.NewInt(int64(listed)).String()
		}
		if n.Cmp(big.NewInt(int64(listed))) > 0 {
			f.Truncated = true
		}
		return n.String()
	}
	f.Count = count(r.ParetoCount, len(f.Points))
	f.BestCount = count(r.AcceptableParetoCount, len(f.Best))
	acc := 0
	for _, p := range f.Points {
		if p.Acceptable {
			acc++
		}
	}
	f.AcceptableCount = count(r.ParetoAcceptableCount, acc)
	first := func(ps []analysis.Point) *parley.FrontierPoint {
		if len(ps) == 0 {
			return nil
		}
		fp := point(ps[0])
		return &fp
	}
	f.Nash, f.KalaiSmorodinsky = first(r.Nash), first(r.KalaiSmorodinsky)
	f.Egalitarian, f.Utilitarian = first(r.Egalitarian), first(r.Utilitarian)
	return f
}

// issueRanges gives each issue's agreement range and, when v is set, the value v binds it
// to and whether that value is in the range. A value v binds to several values (a
// conflict) counts as open.
func issueRanges(r *analysis.Result, sc *parley.Scenario, v *parley.Version) []parley.IssueRange {
	var d analysis.Draft
	if v != nil {
		d, _, _ = bindings(sc, v, "")
	}
	out := make([]parley.IssueRange, len(sc.Issues))
	for i, is := range sc.Issues {
		out[i] = parley.IssueRange{Issue: is.ID, Range: "not computed: " + r.RangesNote}
	}
	for _, rg := range r.Ranges {
		ir := &out[rg.Issue]
		ir.Range = describeAllowed(sc.Issues[rg.Issue], rg.Allowed)
		if d == nil || d[rg.Issue] == analysis.Open {
			continue
		}
		k := d[rg.Issue]
		ir.Value = sc.Issues[rg.Issue].Value(k).String()
		inside := k < len(rg.Allowed) && rg.Allowed[k]
		ir.Inside = &inside
	}
	return out
}

// frontierPoint is p, one point of r's frontier, for people: the outcome in words and each
// party's utility by party id.
func frontierPoint(r *analysis.Result, sc *parley.Scenario, p analysis.Point) *parley.FrontierPoint {
	fp := &parley.FrontierPoint{Outcome: outcomeWords(sc, p.Outcome), Acceptable: p.Acceptable, Utility: map[string]float64{}}
	for k, pi := range r.Parties {
		fp.Utility[sc.Parties[pi].ID] = p.Utility[k]
	}
	return fp
}
