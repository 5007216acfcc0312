package traceplot_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/negotiate"
	"parley/negotiate/traceplot"
)

func scenario(parties int) *parley.Scenario {
	s := &parley.Scenario{Name: "plot"}
	for _, id := range []string{"a", "b"} {
		s.Issues = append(s.Issues, &parley.Issue{ID: id, Kind: parley.KindOptions, Options: []string{"x", "y", "z"}})
	}
	for p := range parties {
		f := &parley.ValueFunc{Options: map[string]float64{"x": 1, "y": 0.5, "z": 0}}
		if p%2 == 1 {
			f = &parley.ValueFunc{Options: map[string]float64{"x": 0, "y": 0.6, "z": 1}}
		}
		prof := &parley.Profile{Weights: map[string]float64{"a": 0.5, "b": 0.5}, Values: map[string]*parley.ValueFunc{"a": f, "b": f}}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: prof})
	}
	return s
}

func TestSVG(t *testing.T) {
	for _, parties := range []int{2, 3} {
		for _, mediated := range []bool{false, true} {
			s := scenario(parties)
			d, err := negotiate.NewDomain(s, negotiate.DomainOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var agents []negotiate.Agent
			for range parties {
				a, _ := negotiate.ParseAgent("conceder")
				agents = append(agents, a.New())
			}
			sess := negotiate.NewSession(d)
			cfg := negotiate.Config{Rounds: 20, Trace: true}
			var r negotiate.Result
			if mediated {
				r, err = sess.RunMediated(agents, cfg)
			} else {
				r, err = sess.Run(agents, cfg)
			}
			if err != nil {
				t.Fatal(err)
			}
			res, err := analysis.Analyze(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := traceplot.SVG(&b, r.Trace, res); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			wants := []string{"<svg", "Pareto frontier", "offers of p0", "Nash"}
			if mediated {
				wants[2] = "mediator&#39;s proposals"
			}
			for _, w := range wants {
				if !strings.Contains(got, w) {
					t.Errorf("%d parties, mediated %v: drawing lacks %q", parties, mediated, w)
				}
			}
			// Without an analysis, the offers alone.
			b.Reset()
			if err := traceplot.SVG(&b, r.Trace, nil); err != nil || strings.Contains(b.String(), "Pareto frontier") {
				t.Errorf("drawing without analysis: err %v, frontier drawn %v", err, strings.Contains(b.String(), "Pareto frontier"))
			}
		}
	}
}
