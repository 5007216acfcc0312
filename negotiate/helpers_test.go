package negotiate_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"parley"
	"parley/genius"
	"parley/internal/shared"
	"parley/negotiate"
)

// synthetic returns a scenario of parties deciders over issues options issues of values
// options each, with random additive profiles drawn from seed.
func synthetic(tb testing.TB, seed uint64, parties, issues, values int) *parley.Scenario {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	s := &parley.Scenario{Name: fmt.Sprintf("synthetic-%d", seed)}
	for i := range issues {
		is := &parley.Issue{ID: fmt.Sprintf("i%d", i), Kind: parley.KindOptions}
		for k := range values {
			is.Options = append(is.Options, fmt.Sprintf("v%d", k))
		}
		s.Issues = append(s.Issues, is)
	}
	for p := range parties {
		prof := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
		total := 0.0
		ws := make([]float64, issues)
		for i := range ws {
			ws[i] = r.Float64() + 0.1
			total += ws[i]
		}
		for i, is := range s.Issues {
			prof.Weights[is.ID] = ws[i] / total
			f := &parley.ValueFunc{Options: map[string]float64{}}
			for k, o := range is.Options {
				f.Options[o] = r.Float64()
				if k == p%values {
					f.Options[o] = 1
				}
			}
			prof.Values[is.ID] = f
		}
		s.Parties = append(s.Parties, &parley.Party{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: prof})
	}
	return s
}

func mustDomain(tb testing.TB, s *parley.Scenario) *negotiate.Domain {
	tb.Helper()
	d, err := negotiate.NewDomain(s, negotiate.DomainOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func mustAgents(tb testing.TB, specs ...string) []negotiate.Agent {
	tb.Helper()
	var as []negotiate.Agent
	for _, sp := range specs {
		a, err := negotiate.ParseAgent(sp)
		if err != nil {
			tb.Fatal(err)
		}
		as = append(as, a.New())
	}
	return as
}

// sharedDomain loads a GENIUS domain of the shared ANAC set (PARLEY_DOMAINS, by default
// ../shared/domains beside the repository root).
func sharedDomain(tb testing.TB, name string) *parley.Scenario {
	tb.Helper()
	root := shared.Dir(tb, "domains")
	s, _, err := genius.ReadDir(filepath.Join(root, name))
	if err != nil {
		tb.Fatalf("shared domain %s: %v (set PARLEY_DOMAINS)", name, err)
	}
	return s
}

// veto returns the veto mediator, the mediated protocol of earlier versions.
func veto(tb testing.TB) *negotiate.MediatorSpec {
	tb.Helper()
	m, err := negotiate.ParseMediator("veto")
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
