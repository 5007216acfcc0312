package negotiate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"parley"
)

// AgentInfo describes one kind of agent that ParseAgent knows.
type AgentInfo struct {
	Name        string
	Description string
	Params      []ParamInfo
}

// ParamInfo describes one parameter of an agent: its default and its allowed range
// [Min, Max] (the minimum excluded when MinOpen).
type ParamInfo struct {
	Name        string
	Default     float64
	Min, Max    float64
	MinOpen     bool
	Description string
}

func (p ParamInfo) rangeText() string {
	lb := "["
	if p.MinOpen {
		lb = "("
	}
	return lb + parley.FormatNumber(p.Min) + ", " + parley.FormatNumber(p.Max) + "]"
}

type agentKind struct {
	AgentInfo
	make func(p []float64) Agent // under parley's rules; nil for GENIUS's parties
	// genius makes the agent under GENIUS rules; nil when it is the same as make.
	genius func(p []float64) Agent
}

func exponent(def float64) ParamInfo {
	return ParamInfo{"e", def, 0, 50, false, "concession exponent: below 1 concedes late (Boulware), above 1 early (Conceder), 0 never"}
}

func agentKinds() []agentKind {
	td := func(p []float64) Agent { return &TimeDependent{E: p[0]} }
	gtd := func(e float64) func([]float64) Agent {
		return func([]float64) Agent { return &GeniusTimeDependent{E: e} }
	}
	party := func(e float64) func([]float64) Agent {
		return func([]float64) Agent { return &GeniusParty{E: e} }
	}
	return []agentKind{
		{AgentInfo{"boulware", "time-dependent, concedes late (e = 0.2)", nil}, func([]float64) Agent { return &TimeDependent{E: 0.2} }, gtd(0.2)},
		{AgentInfo{"conceder", "time-dependent, concedes early (e = 2)", nil}, func([]float64) Agent { return &TimeDependent{E: 2} }, gtd(2)},
		{AgentInfo{"frequency", "learns a frequency model of its opponents and concedes towards the estimated Nash point", []ParamInfo{exponent(0.5)}}, func(p []float64) Agent { return &Frequency{E: p[0]} }, nil},
		{AgentInfo{"hardliner", "always offers its best bid, accepts only as much", nil}, func([]float64) Agent { return &TimeDependent{E: 0} }, gtd(0)},
		{AgentInfo{"linear", "time-dependent, concedes linearly (e = 1)", nil}, func([]float64) Agent { return &TimeDependent{E: 1} }, gtd(1)},
		{AgentInfo{"party-boulware", "GENIUS rules only: GENIUS's BoulwareNegotiationParty, for any number of parties (e = 0.2)", nil}, nil, party(0.2)},
		{AgentInfo{"party-conceder", "GENIUS rules only: GENIUS's ConcederNegotiationParty, for any number of parties (e = 2)", nil}, nil, party(2)},
		{AgentInfo{"party-linear", "GENIUS rules only: GENIUS's time-dependent party conceding linearly, for any number of parties (e = 1)", nil}, nil, party(1)},
		{AgentInfo{"random", "random offers; accepts any offer with probability p", []ParamInfo{{"p", 0.1, 0, 1, false, "probability of accepting"}}}, func(p []float64) Agent { return &Random{P: p[0]} }, nil},
		{AgentInfo{"rational", "time-dependent over the bids within its red lines and reservation value; never accepts anything else", []ParamInfo{exponent(0.5)}}, func(p []float64) Agent { return &Rational{E: p[0]} }, nil},
		{AgentInfo{"tft", "relative tit-for-tat: mirrors its opponents' concessions", []ParamInfo{{"gamma", 0.1, 0, 1, false, "share of its range conceded in time regardless"}}}, func(p []float64) Agent { return &TitForTat{Gamma: p[0]} }, nil},
		{AgentInfo{"timedependent", "concedes with time: target(t) = Pmin + (Pmax - Pmin) * (1 - t^(1/e))", []ParamInfo{exponent(1)}}, td, func(p []float64) Agent { return &GeniusTimeDependent{E: p[0]} }},
	}
}

// Agents lists the agents ParseAgent knows, by name.
func Agents() []AgentInfo {
	ks := agentKinds()
	infos := make([]AgentInfo, len(ks))
	for i, k := range ks {
		infos[i] = k.AgentInfo
	}
	return infos
}

// AgentNames returns the names of the known agents, comma-separated.
func AgentNames() string {
	var names []string
	for _, k := range agentKinds() {
		names = append(names, k.Name)
	}
	return strings.Join(names, ", ")
}

// AgentSpec is a parsed agent specification: a kind and its parameters. It makes fresh
// agents with New.
type AgentSpec struct {
	kind   agentKind
	params []float64
	text   string
}

// String returns the spec in canonical form ("boulware", "timedependent:e=0.5").
func (s *AgentSpec) String() string { return s.text }

// New returns a new agent of the spec under parley's rules.
func (s *AgentSpec) New() Agent { return s.NewRules(RulesParley) }

// NewRules returns a new agent of the spec under rules r: under GENIUS rules, boulware,
// conceder, linear, hardliner and timedependent are GENIUS's TimeDependentAgent
// (GeniusTimeDependent); the party-* agents exist under GENIUS rules only (under parley's,
// their Init fails and says so).
func (s *AgentSpec) NewRules(r Rules) Agent {
	if s.kind.genius != nil && (r == RulesGenius || s.kind.make == nil) {
		return s.kind.genius(s.params)
	}
	return s.kind.make(s.params)
}

// CheckRules reports an error when the spec's agent cannot negotiate under rules r.
func (s *AgentSpec) CheckRules(r Rules) error {
	if s.kind.make == nil && r != RulesGenius {
		return parley.Errorf(parley.EINVALID, "agent %q negotiates under GENIUS rules only (--rules genius)", s.text)
	}
	return nil
}

// ParseAgent parses an agent specification: a name, optionally followed by parameters
// as ":name=value" ("timedependent:e=0.5", "random:p=0.3"). Names are case-insensitive.
// An unknown name, an unknown parameter or a value out of range is an error that says what
// would be accepted.
func ParseAgent(spec string) (*AgentSpec, error) {
	parts := strings.Split(strings.TrimSpace(spec), ":")
	name := strings.ToLower(strings.TrimSpace(parts[0]))
	var kind *agentKind
	kinds := agentKinds()
	for i := range kinds {
		if kinds[i].Name == name {
			kind = &kinds[i]
		}
	}
	if kind == nil {
		return nil, parley.Errorf(parley.EINVALID, "unknown agent %q; known agents: %s", name, AgentNames())
	}
	params, text, err := parseParams("agent", name, kind.Params, parts[1:])
	if err != nil {
		return nil, err
	}
	return &AgentSpec{kind: *kind, params: params, text: text}, nil
}

// parseParams parses the ":name=value" parameters kvs of the what (agent, mediator) called
// name against its parameters ps. It returns every parameter's value (its default unless
// given) and the spec in canonical form: name, then the parameters given, in ps's order.
func parseParams(what, name string, ps []ParamInfo, kvs []string) ([]float64, string, error) {
	text := name
	set := make([]bool, len(ps))
	params := make([]float64, len(ps))
	for i, p := range ps {
		params[i] = p.Default
	}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok {
			return nil, "", parley.Errorf(parley.EINVALID, "%s %q: parameter %q has no value; write name=value", what, name, kv)
		}
		idx := -1
		for i, p := range ps {
			if p.Name == k {
				idx = i
			}
		}
		if idx < 0 {
			if len(ps) == 0 {
				return nil, "", parley.Errorf(parley.EINVALID, "%s %q takes no parameters (got %q)", what, name, k)
			}
			var names []string
			for _, p := range ps {
				names = append(names, p.Name)
			}
			return nil, "", parley.Errorf(parley.EINVALID, "%s %q has no parameter %q; its parameters: %s", what, name, k, strings.Join(names, ", "))
		}
		p := ps[idx]
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(x) {
			return nil, "", parley.Errorf(parley.EINVALID, "%s %q: parameter %s=%q is not a number; %s must be in %s", what, name, k, v, k, p.rangeText())
		}
		if x < p.Min || x > p.Max || (p.MinOpen && x == p.Min) {
			return nil, "", parley.Errorf(parley.EINVALID, "%s %q: parameter %s=%s out of range; %s must be in %s", what, name, k, parley.FormatNumber(x), k, p.rangeText())
		}
		if set[idx] {
			return nil, "", parley.Errorf(parley.EINVALID, "%s %q: parameter %s given twice", what, name, k)
		}
		set[idx] = true
		params[idx] = x
	}
	for i, p := range ps {
		if set[i] {
			text += ":" + p.Name + "=" + parley.FormatNumber(params[i])
		}
	}
	return params, text, nil
}

// ParseAgents parses a comma-separated list of agent specifications.
func ParseAgents(list string) ([]*AgentSpec, error) {
	var specs []*AgentSpec
	for _, f := range strings.Split(list, ",") {
		if strings.TrimSpace(f) == "" {
			return nil, parley.Errorf(parley.EINVALID, "empty agent name in %q; known agents: %s", list, AgentNames())
		}
		s, err := ParseAgent(f)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// String returns a one-line description of the agent kind with its parameters.
func (a AgentInfo) String() string {
	s := a.Name + ": " + a.Description
	for _, p := range a.Params {
		s += fmt.Sprintf("; %s in %s, default %s", p.Name, p.rangeText(), parley.FormatNumber(p.Default))
	}
	return s
}

// NewAgentSpec returns a spec for an agent of your own, so that it can play in
// tournaments: name is how results name it, and newAgent makes a fresh agent.
func NewAgentSpec(name string, newAgent func() Agent) *AgentSpec {
	return &AgentSpec{kind: agentKind{AgentInfo: AgentInfo{Name: name}, make: func([]float64) Agent { return newAgent() }}, text: name}
}
