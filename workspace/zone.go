package workspace

import (
	"fmt"
	"strings"

	"parley"
	"parley/analysis"
)

// maxZoneBytes bounds the analyses kept in memory, estimated by resultSize: a server with
// many large workspaces (or many profile revisions of one) keeps the most recently used
// analyses that fit, and analyses again the others when next asked for.
const maxZoneBytes = 64 << 20

// maxUncertainBytes bounds the uncertain analyses kept in memory (elicit_zone.go), estimated
// by uncertainSize.
const maxUncertainBytes = 32 << 20

// zoneCache keeps the analyses of workspaces' scenarios: a zone depends only on the
// scenario, which never changes, and the profiles, whose revisions are in the key.
type zoneCache = byteLRU[*analysis.Result]

// zone returns Analyze(sc), where sc's deciders are the parties of pps, from the cache when
// it can.
func (s *Service) zone(ws string, sc *parley.Scenario, pps []*parley.PartyProfile) (*analysis.Result, error) {
	return s.zoneStop(nil, ws, sc, pps)
}

// zoneStop is zone, stopped with analysis.ErrStopped when stop closes; a stopped analysis
// is not kept, nor one larger than the cache's whole budget.
func (s *Service) zoneStop(stop <-chan struct{}, ws string, sc *parley.Scenario, pps []*parley.PartyProfile) (*analysis.Result, error) {
	key := ws
	for _, pp := range pps {
		key += fmt.Sprintf("/%s@%d", pp.Party, pp.Rev)
	}
	if r, ok := s.zones.get(key); ok {
		return r, nil
	}
	r, err := analysis.Analyze(sc, optionsStop(stop))
	if err != nil {
		return nil, err
	}
	s.zones.put(key, r, resultSize(r))
	return r, nil
}

// zone describes the zone of possible agreement for a mediator with whom every party
// shares its profile.
func zone(r *analysis.Result, s *parley.Scenario) *parley.Zone {
	z := &parley.Zone{}
	words := func(o parley.Outcome) map[string]string {
		m := map[string]string{}
		for i, is := range s.Issues {
			m[is.ID] = is.Value(o[i]).String()
		}
		return m
	}
	// The best acceptable packages first (they differ from the acceptable part of the whole
	// frontier when red lines cut it), then the rest of the frontier.
	var pts []analysis.Point
	pts = append(pts, r.AcceptablePareto[:min(len(r.AcceptablePareto), 100)]...)
	for _, p := range r.Pareto {
		if !p.Acceptable {
			pts = append(pts, p)
		}
	}
	for _, p := range pts {
		if len(z.Frontier) == 200 {
			break
		}
		fp := parley.FrontierPoint{Outcome: words(p.Outcome), Acceptable: p.Acceptable, Utility: map[string]float64{}}
		for k, pi := range r.Parties {
			fp.Utility[s.Parties[pi].ID] = p.Utility[k]
		}
		z.Frontier = append(z.Frontier, fp)
	}
	if r.Ranges != nil {
		z.Ranges = map[string]string{}
		for _, rg := range r.Ranges {
			z.Ranges[s.Issues[rg.Issue].ID] = describeAllowed(s.Issues[rg.Issue], rg.Allowed)
		}
	}
	z.Exists = len(r.Nash) > 0
	if z.Exists {
		z.Nash = words(r.Nash[0].Outcome)
		if len(r.KalaiSmorodinsky) > 0 {
			z.KalaiSmorodinsky = words(r.KalaiSmorodinsky[0].Outcome)
		}
		return z
	}
	for _, c := range r.Conflicts {
		var parts []string
		for _, k := range c.Constraints {
			who := s.Parties[k.Party].ID
			if k.Kind == analysis.KindRedLine {
				parts = append(parts, fmt.Sprintf("%s's red line %q", who, k.RedLine))
			} else {
				parts = append(parts, fmt.Sprintf("%s's reservation value %s", who, parley.FormatNumber(k.Reservation)))
			}
		}
		z.Conflicts = append(z.Conflicts, strings.Join(parts, " and ")+" cannot all hold")
	}
	z.Note = r.ConflictsNote
	return z
}

// describeAllowed writes the allowed values of an issue in words: runs of consecutive
// numbers as "30-50", options listed; "none" when nothing is allowed.
func describeAllowed(is *parley.Issue, allowed []bool) string {
	var parts []string
	for k := 0; k < len(allowed); k++ {
		if !allowed[k] {
			continue
		}
		if is.Kind == parley.KindOptions {
			parts = append(parts, is.Value(k).String())
			continue
		}
		e := k
		for e+1 < len(allowed) && allowed[e+1] {
			e++
		}
		if e == k {
			parts = append(parts, is.Value(k).String())
		} else {
			parts = append(parts, is.Value(k).String()+"-"+is.Value(e).String())
		}
		k = e
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
