package workspace

import (
	"fmt"
	"math"
	"strings"

	"parley"
	"parley/analysis"
)

// zoneWork bounds the analysis run for one request.
const zoneWork = 5e7

// analyse runs package analysis on the workspace's scenario with the deciders' profiles.
func analyse(sc *parley.Scenario, js []*judge, profiles map[string]*parley.Profile) (*analysis.Result, *parley.Scenario, error) {
	s := *sc
	s.Parties = nil
	for _, j := range js {
		s.Parties = append(s.Parties, &parley.Party{ID: j.party, Name: j.party, Role: parley.RoleParty, Profile: profiles[j.party]})
	}
	r, err := analysis.Analyze(&s, analysis.Options{MaxWork: zoneWork})
	return r, &s, err
}

// zone describes the zone of possible agreement for the mediator.
func zone(r *analysis.Result, s *parley.Scenario, js []*judge) *parley.Zone {
	z := &parley.Zone{}
	words := func(o parley.Outcome) map[string]string {
		m := map[string]string{}
		for i, is := range s.Issues {
			m[is.ID] = is.Value(o[i]).String()
		}
		return m
	}
	trusted := map[string]bool{}
	for _, j := range js {
		trusted[j.party] = j.trust
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
		fp := parley.FrontierPoint{Outcome: words(p.Outcome), Acceptable: p.Acceptable}
		for k, pi := range r.Parties {
			if id := s.Parties[pi].ID; trusted[id] {
				if fp.Utility == nil {
					fp.Utility = map[string]float64{}
				}
				fp.Utility[id] = p.Utility[k]
			}
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
			switch {
			case k.Kind == analysis.KindRedLine && trusted[who]:
				parts = append(parts, fmt.Sprintf("%s's red line %q", who, k.RedLine))
			case k.Kind == analysis.KindRedLine:
				parts = append(parts, fmt.Sprintf("a red line of %s", who))
			case trusted[who]:
				parts = append(parts, fmt.Sprintf("%s's reservation value %s", who, parley.FormatNumber(k.Reservation)))
			default:
				parts = append(parts, fmt.Sprintf("%s's reservation value", who))
			}
		}
		z.Conflicts = append(z.Conflicts, strings.Join(parts, " and ")+" cannot all hold")
	}
	z.Note = r.ConflictsNote
	return z
}

// frontierFromAnalysis fills the distance to the frontier and the improvements of draft
// from the analysis' Pareto list, for spaces too large to enumerate here.
func frontierFromAnalysis(r *analysis.Result, sc *parley.Scenario, js []*judge, draft parley.Outcome, m *parley.MediatorAnalytics) {
	if r.Truncated || len(r.Pareto) == 0 {
		return
	}
	base := make([]float64, len(js))
	for k, j := range js {
		base[k] = j.u.Utility(draft)
	}
	best := math.Inf(1)
	for _, p := range r.Pareto {
		d := 0.0
		for k := range base {
			d += (p.Utility[k] - base[k]) * (p.Utility[k] - base[k])
		}
		best = math.Min(best, math.Sqrt(d))
		if analysis.Dominates(p.Utility, base) && p.Acceptable && len(m.Improvements) < 3 {
			im := &parley.Improvement{Changes: map[string]string{}}
			for i := range p.Outcome {
				if p.Outcome[i] != draft[i] {
					im.Changes[sc.Issues[i].ID] = sc.Issues[i].Value(p.Outcome[i]).String()
				}
			}
			for k, j := range js {
				if j.trust {
					if im.Gains == nil {
						im.Gains = map[string]float64{}
					}
					im.Gains[j.party] = p.Utility[k] - base[k]
				}
			}
			m.Improvements = append(m.Improvements, im)
		}
	}
	m.FrontierDistance = best
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
