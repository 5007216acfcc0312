package workspace

import (
	"fmt"
	"slices"

	"parley"
)

// FromScenario returns the definition of a workspace for scenario s: its issues, its
// parties and mediator, and each party's profile as its initial private profile (rectangle
// terms and discount factors have no place in a workspace profile and are dropped). Observers
// and settings are left to the caller; a scenario without a mediator gets one, "mediator".
func FromScenario(s *parley.Scenario) *parley.WorkspaceCreate {
	c := &parley.WorkspaceCreate{Name: s.Name, Description: s.Description}
	for _, is := range s.Issues {
		ic := *is
		ic.Options = slices.Clone(is.Options)
		c.Issues = append(c.Issues, &ic)
	}
	for _, p := range s.Parties {
		ps := parley.PartySpec{ID: p.ID, Name: p.Name, Role: p.Role}
		if p.Profile != nil && p.Role == parley.RoleParty {
			spec := parley.SpecOfProfile(p.Profile)
			ps.Profile = &spec
		}
		c.Parties = append(c.Parties, ps)
	}
	// A scenario without a mediator (most GENIUS domains) gets one: a workspace needs it.
	ids := map[string]bool{}
	for _, p := range c.Parties {
		if p.Role == parley.RoleMediator {
			return c
		}
		ids[p.ID] = true
	}
	id := "mediator"
	for n := 2; ids[id]; n++ {
		id = fmt.Sprintf("mediator%d", n)
	}
	c.Parties = append(c.Parties, parley.PartySpec{ID: id, Name: "Mediator", Role: parley.RoleMediator})
	return c
}
