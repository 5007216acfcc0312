package main

import (
	"strings"
	"testing"

	"parley/negotiate"
)

func TestParseTournamentSpec(t *testing.T) {
	sp, err := parseTournamentSpec("dir/t.yaml", []byte(`# a spec
domains:
  - ../Laptop
  - {path: example:peace-talks, name: peace}
  - /abs/x.yaml
agents: [boulware, "timedependent:e=0.5", {name: random, p: 0.3}]
rules: genius
repetitions: 3
seed: 9
deadline: {rounds: 50}
self_play: true
`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []string{sp.Domains[0].Path, sp.Domains[1].Path, sp.Domains[1].Name, sp.Domains[2].Path}, []string{"Laptop", "example:peace-talks", "peace", "/abs/x.yaml"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("domains %v, want %v", got, want)
	}
	var agents []string
	for _, a := range sp.Agents {
		agents = append(agents, a.String())
	}
	if got, want := strings.Join(agents, ","), "boulware,timedependent:e=0.5,random:p=0.3"; got != want {
		t.Errorf("agents %s, want %s", got, want)
	}
	if sp.Rules != negotiate.RulesGenius || sp.Reps != 3 || sp.Seed != 9 || sp.Rounds != 50 || !sp.SelfPlay || sp.Protocol != "saop" {
		t.Errorf("spec %+v", sp)
	}
	d, err := parseTournamentSpec("t.yaml", []byte("domains: [a]\nagents: [linear]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Reps != 1 || d.Seed != 1 || d.Rounds != 100 || d.Rules != negotiate.RulesParley || d.Protocol != "saop" {
		t.Errorf("defaults %+v", d)
	}
}

func TestParseTournamentSpecErrors(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
	}{
		{"ErrEmpty", "", "t.yaml: empty file"},
		{"ErrNotMapping", "- a\n", "t.yaml:1: a tournament spec is a mapping"},
		{"ErrSyntax", "domains: [a\n", "t.yaml:"},
		{"ErrNoDomains", "agents: [linear]\n", "t.yaml:1: domains: missing"},
		{"ErrNoAgents", "domains: [a]\n", "t.yaml:1: agents: missing"},
		{"ErrDomainsNotList", "domains: a\nagents: [linear]\n", "t.yaml:1: domains: give a list"},
		{"ErrDomainKey", "domains:\n  - {path: a, weight: 2}\nagents: [linear]\n", "t.yaml:2: domains[0].weight: unknown key"},
		{"ErrDomainNoPath", "domains:\n  - {name: a}\nagents: [linear]\n", "t.yaml:2: domains[0]: no path"},
		{"ErrAgent", "domains: [a]\nagents:\n  - linear\n  - tft:gamma=2\n", "t.yaml:4: agents[1]: agent \"tft\": parameter gamma=2 out of range"},
		{"ErrAgentNoName", "domains: [a]\nagents:\n  - {e: 1}\n", "t.yaml:3: agents[0]: no name"},
		{"ErrAgentList", "domains: [a]\nagents: [\"linear,boulware\"]\n", "agents[0]: give one agent"},
		{"ErrRules", "domains: [a]\nagents: [linear]\nrules: anac\n", "t.yaml:3: rules: \"anac\": give parley or genius"},
		{"ErrProtocol", "domains: [a]\nagents: [linear]\nprotocol: voting\n", "t.yaml:3: protocol: \"voting\": give saop or mediated"},
		{"ErrReps", "domains: [a]\nagents: [linear]\nrepetitions: 0\n", "t.yaml:3: repetitions: \"0\": give a positive whole number"},
		{"ErrSeed", "domains: [a]\nagents: [linear]\nseed: -1\n", "t.yaml:3: seed: \"-1\""},
		{"ErrRounds", "domains: [a]\nagents: [linear]\ndeadline: {rounds: x}\n", "t.yaml:3: deadline.rounds: \"x\""},
		{"ErrTime", "domains: [a]\nagents: [linear]\ndeadline: {time: soon}\n", "t.yaml:3: deadline.time: \"soon\""},
		{"ErrDeadlineEmpty", "domains: [a]\nagents: [linear]\ndeadline: {}\n", "t.yaml:3: deadline: give rounds, time or both"},
		{"ErrDeadlineKey", "domains: [a]\nagents: [linear]\ndeadline: {turns: 3}\n", "t.yaml:3: deadline.turns: unknown key"},
		{"ErrSelfPlay", "domains: [a]\nagents: [linear]\nself_play: maybe\n", "t.yaml:3: self_play: \"maybe\": give true or false"},
		{"ErrTwice", "domains: [a]\nagents: [linear]\nseed: 1\nseed: 2\n", "t.yaml:4: seed: given twice"},
		{"ErrUnknown", "domains: [a]\nagents: [linear]\nreferee: nash\n", "t.yaml:3: referee: unknown key"},
		{"ErrMediator", "domains: [a]\nagents: [linear]\nprotocol: mediated\nmediator: nash\n", "t.yaml:4: mediator: unknown mediator \"nash\"; known mediators: anneal, hillclimb, learn, veto"},
		{"ErrMediatorParam", "domains: [a]\nagents: [linear]\nprotocol: mediated\nmediator: [learn, \"anneal:t0=0\"]\n", "t.yaml:4: mediator: mediator \"anneal\": parameter t0=0 out of range"},
		{"ErrMediatorList", "domains: [a]\nagents: [linear]\nprotocol: mediated\nmediator: [\"learn,veto\"]\n", "t.yaml:4: mediator: give one strategy per item"},
		{"ErrMediatorSAOP", "domains: [a]\nagents: [linear]\nmediator: learn\n", "mediator: a mediator strategy is for protocol mediated"},
		{"ErrGeniusMediated", "domains: [a]\nagents: [linear]\nrules: genius\nprotocol: mediated\n", "rules: genius applies to protocol saop"},
		{"ErrGeniusTime", "domains: [a]\nagents: [linear]\nrules: genius\ndeadline: {rounds: 3, time: 1s}\n", "deadline.time: rules genius count the deadline in rounds"},
		{"ErrPartyParley", "domains: [a]\nagents: [party-linear]\n", "t.yaml:2: agents[0]: agent \"party-linear\" negotiates under GENIUS rules only"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTournamentSpec("t.yaml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzTournamentSpec(f *testing.F) {
	f.Add([]byte("domains: [a, {path: b, name: c}]\nagents: [linear, {name: random, p: 0.5}]\nrules: genius\ndeadline: {rounds: 5}\n"))
	f.Add([]byte("domains: [a]\nagents: [tft:gamma=0.2]\nrepetitions: 2\nseed: 3\nself_play: true\nprotocol: mediated\n"))
	f.Add([]byte("domains: &x [a]\nagents: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sp, err := parseTournamentSpec("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		if len(sp.Domains) == 0 || len(sp.Agents) == 0 || sp.Reps <= 0 || (sp.Rounds <= 0 && sp.Time <= 0) {
			t.Errorf("accepted an incomplete spec: %+v", sp)
		}
	})
}
