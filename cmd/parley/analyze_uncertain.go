package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"parley"
	"parley/analysis"
	"parley/report"
)

// partial reports whether a decider of s has a partial profile (statements).
func partial(s *parley.Scenario) bool {
	for _, p := range s.Parties {
		if p != nil && p.Role == parley.RoleParty && p.Profile != nil && p.Profile.Partial {
			return true
		}
	}
	return false
}

// uncertainDoc is the JSON form of an analysis of partial profiles, the contract of
// `parley analyze --json` when a party's profile has statements. Fields are only ever added.
type uncertainDoc struct {
	Scenario       string                  `json:"scenario,omitempty"`
	Uncertain      bool                    `json:"uncertain"`
	Outcomes       json.RawMessage         `json:"outcomes"`
	Parties        []uncertainParty        `json:"parties"`
	CertainZone    uncertainZone           `json:"certain_zone"`
	PossibleZone   uncertainZone           `json:"possible_zone"`
	CertainRanges  map[string]uncertainRng `json:"certain_ranges"`
	PossibleRanges map[string]uncertainRng `json:"possible_ranges"`
	// Estimate analyses each party's estimated profile (the centre of what it said):
	// its frontier and bargaining points are estimates, not facts.
	Estimate     *report.Document `json:"estimate"`
	EstimateNote string           `json:"estimate_note"`
}

type uncertainParty struct {
	ID                  string `json:"id"`
	Known               string `json:"known"` // "full" or "partial"
	CertainlyAcceptable int64  `json:"certainly_acceptable"`
	PossiblyAcceptable  int64  `json:"possibly_acceptable"`
	CertainlyNot        int64  `json:"certainly_not"`
}

type uncertainZone struct {
	Count     int64              `json:"count"`
	Packages  []uncertainPackage `json:"packages"`
	Truncated bool               `json:"truncated,omitempty"`
}

type uncertainPackage struct {
	Outcome map[string]any        `json:"outcome"`
	Utility map[string][2]float64 `json:"utility"` // per party: least and greatest
}

type uncertainRng struct {
	Values []any  `json:"values"`
	Text   string `json:"text"`
}

func newUncertainDoc(s *parley.Scenario, r *analysis.UncertainResult) *uncertainDoc {
	d := &uncertainDoc{Scenario: s.Name, Uncertain: true, Outcomes: json.RawMessage(r.Outcomes.String()),
		CertainRanges: map[string]uncertainRng{}, PossibleRanges: map[string]uncertainRng{}, EstimateNote: r.EstimateNote}
	for k, pi := range r.Parties {
		known := "partial"
		if r.Exact[k] {
			known = "full"
		}
		v := r.Verdicts[k]
		d.Parties = append(d.Parties, uncertainParty{ID: s.Parties[pi].ID, Known: known,
			CertainlyAcceptable: v[analysis.Certainly], PossiblyAcceptable: v[analysis.Possibly], CertainlyNot: v[analysis.Never]})
	}
	zone := func(pts []analysis.UncertainPoint, n int64) uncertainZone {
		z := uncertainZone{Count: n, Packages: []uncertainPackage{}, Truncated: int64(len(pts)) < n}
		for _, p := range pts {
			q := uncertainPackage{Outcome: outcomeJSON(s, p.Outcome), Utility: map[string][2]float64{}}
			for k, pi := range r.Parties {
				q.Utility[s.Parties[pi].ID] = [2]float64{round6(p.Lo[k]), round6(p.Hi[k])}
			}
			z.Packages = append(z.Packages, q)
		}
		return z
	}
	d.CertainZone = zone(r.Certain, r.CertainCount)
	d.PossibleZone = zone(r.Possible, r.PossibleCount)
	for i, is := range s.Issues {
		d.CertainRanges[is.ID] = uncertainRange(is, r.CertainRanges[i].Allowed)
		d.PossibleRanges[is.ID] = uncertainRange(is, r.PossibleRanges[i].Allowed)
	}
	if r.Estimate != nil {
		d.Estimate = report.NewDocument(r.EstimateScenario, r.Estimate)
	}
	return d
}

func outcomeJSON(s *parley.Scenario, o parley.Outcome) map[string]any {
	m := map[string]any{}
	for i, is := range s.Issues {
		v := is.Value(o[i])
		if v.IsNumber() {
			m[is.ID] = v.Float()
		} else {
			m[is.ID] = v.String()
		}
	}
	return m
}

func round6(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	return math.Round(x*1e6) / 1e6
}

// uncertainRange describes the values of is marked in allowed: "30-50 km", "join,
// moratorium", or "none".
func uncertainRange(is *parley.Issue, allowed []bool) uncertainRng {
	r := uncertainRng{Values: []any{}}
	var parts []string
	for k := 0; k < len(allowed); k++ {
		if !allowed[k] {
			continue
		}
		if is.Kind == parley.KindOptions {
			r.Values = append(r.Values, is.Options[k])
			parts = append(parts, is.Options[k])
			continue
		}
		j := k
		for j+1 < len(allowed) && allowed[j+1] {
			j++
		}
		for x := k; x <= j; x++ {
			r.Values = append(r.Values, is.Value(x).Float())
		}
		if j > k {
			parts = append(parts, is.Value(k).String()+"-"+is.Value(j).String())
		} else {
			parts = append(parts, is.Value(k).String())
		}
		k = j
	}
	r.Text = strings.Join(parts, ", ")
	if r.Text == "" {
		r.Text = "none"
	} else if is.Unit != "" {
		r.Text += " " + is.Unit
	}
	return r
}

// printUncertain writes the analysis of partial profiles as text.
func printUncertain(w io.Writer, s *parley.Scenario, r *analysis.UncertainResult) error {
	d := newUncertainDoc(s, r)
	var b strings.Builder
	if s.Name != "" {
		fmt.Fprintf(&b, "scenario: %s\n", s.Name)
	}
	fmt.Fprintf(&b, "outcomes: %s\n", r.Outcomes)
	b.WriteString("What follows from what the parties said (some profiles are known only in part):\n")
	for _, p := range d.Parties {
		fmt.Fprintf(&b, "  %s (%s profile): %d certainly acceptable, %d possibly, %d certainly not\n",
			p.ID, p.Known, p.CertainlyAcceptable, p.PossiblyAcceptable, p.CertainlyNot)
	}
	fmt.Fprintf(&b, "certain zone (acceptable to every party whatever else holds): %d\n", r.CertainCount)
	fmt.Fprintf(&b, "possible zone (acceptable to every party under some consistent profiles): %d\n", r.PossibleCount)
	b.WriteString("agreement ranges, certain | possible:\n")
	for _, is := range s.Issues {
		fmt.Fprintf(&b, "  %s: %s | %s\n", is.DisplayName(), d.CertainRanges[is.ID].Text, d.PossibleRanges[is.ID].Text)
	}
	show := func(title string, z uncertainZone) {
		if len(z.Packages) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s, with each party's least-greatest utility:\n", title)
		for k, p := range z.Packages {
			if k == 10 {
				fmt.Fprintf(&b, "  ... %d more (--json lists up to %d)\n", z.Count-10, analysis.MaxUncertainListed)
				break
			}
			var vals, us []string
			for _, is := range s.Issues {
				vals = append(vals, fmt.Sprintf("%s=%v", is.ID, p.Outcome[is.ID]))
			}
			for _, q := range d.Parties {
				u := p.Utility[q.ID]
				us = append(us, fmt.Sprintf("%s %.3f-%.3f", q.ID, u[0], u[1]))
			}
			fmt.Fprintf(&b, "  %s  (%s)\n", strings.Join(vals, " "), strings.Join(us, ", "))
		}
	}
	show("certain zone", d.CertainZone)
	show("possible zone", d.PossibleZone)
	if r.Estimate != nil {
		b.WriteString("estimates from the centre of each party's possible profiles (not facts):\n")
		bp := func(name string, pts []analysis.Point) {
			if len(pts) == 0 {
				return
			}
			var vals []string
			for i, is := range s.Issues {
				vals = append(vals, fmt.Sprintf("%s=%s", is.ID, is.Value(pts[0].Outcome[i])))
			}
			fmt.Fprintf(&b, "  %s: %s\n", name, strings.Join(vals, " "))
		}
		fmt.Fprintf(&b, "  Pareto frontier: %s outcomes\n", r.Estimate.ParetoCount)
		bp("Nash", r.Estimate.Nash)
		bp("Kalai-Smorodinsky", r.Estimate.KalaiSmorodinsky)
		bp("egalitarian", r.Estimate.Egalitarian)
		bp("utilitarian", r.Estimate.Utilitarian)
	} else if r.EstimateNote != "" {
		fmt.Fprintf(&b, "estimates: %s\n", r.EstimateNote)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
