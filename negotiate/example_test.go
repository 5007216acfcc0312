package negotiate_test

import (
	"context"
	"fmt"

	"parley"
	"parley/negotiate"
)

// Mirror offers, in turn, its bids from best to worst, one step per round, but never below
// its reservation value; it accepts any offer worth at least its next bid.
type Mirror struct {
	s    *negotiate.Setup
	next int
}

// Init keeps the setup and resets the agent: a worker may reuse it.
func (a *Mirror) Init(s *negotiate.Setup) error {
	a.s, a.next = s, 0
	return nil
}

// Act offers the next bid, or accepts the offer on the table when it is worth as much.
func (a *Mirror) Act(t negotiate.Turn) negotiate.Action {
	b := a.s.Bids
	i := max(0, min(a.next, b.AtLeast(a.s.Reservation)-1))
	if t.Offer != nil && a.s.Utility.Utility(t.Offer) >= b.Utility(i) {
		return negotiate.Action{Kind: negotiate.Accept}
	}
	a.next++
	return negotiate.Action{Kind: negotiate.Offer, Outcome: b.At(i)}
}

// Receive ignores the other parties' actions.
func (a *Mirror) Receive(party int, act negotiate.Action) {}

func Example_customAgent() {
	s := &parley.Scenario{
		Issues: []*parley.Issue{{ID: "price", Kind: parley.KindInteger, Min: 0, Max: 10, Step: 1}},
		Parties: []*parley.Party{
			{ID: "buyer", Role: parley.RoleParty, Profile: &parley.Profile{
				Weights: map[string]float64{"price": 1},
				Values:  map[string]*parley.ValueFunc{"price": {Points: []parley.Knot{{X: 0, Y: 1}, {X: 10, Y: 0}}}},
			}},
			{ID: "seller", Role: parley.RoleParty, Profile: &parley.Profile{
				Weights: map[string]float64{"price": 1},
				Values:  map[string]*parley.ValueFunc{"price": {Points: []parley.Knot{{X: 0, Y: 0}, {X: 10, Y: 1}}}},
			}},
		},
	}
	d, err := negotiate.NewDomain(s, negotiate.DomainOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// One negotiation: Mirror for the buyer against a built-in Conceder.
	conceder, _ := negotiate.ParseAgent("conceder")
	r, err := negotiate.NewSession(d).Run([]negotiate.Agent{&Mirror{}, conceder.New()}, negotiate.Config{Rounds: 20, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("price %v in round %d\n", s.Issues[0].Value(r.Agreement[0]), r.Rounds)

	// A tournament: Mirror against Boulware, both sides, two repetitions.
	boulware, _ := negotiate.ParseAgent("boulware")
	t := &negotiate.Tournament{
		Scenarios: []negotiate.Entry{{Name: "price", Domain: d}},
		Agents:    []*negotiate.AgentSpec{negotiate.NewAgentSpec("mirror", func() negotiate.Agent { return &Mirror{} }), boulware},
		Reps:      2,
		Config:    negotiate.Config{Rounds: 20, Seed: 1},
	}
	sum, err := t.Run(context.Background(), nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range sum.Agents {
		fmt.Printf("%s: %d negotiations, %d agreements\n", a.Agent, a.Negotiations, a.Agreements)
	}
	// Output:
	// price 5 in round 6
	// mirror: 4 negotiations, 4 agreements
	// boulware: 4 negotiations, 4 agreements
}
