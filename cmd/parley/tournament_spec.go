package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"parley"
	"parley/negotiate"
)

// tournamentSpec is a tournament described in a YAML file (docs/scale.md):
//
//	domains: [../domains/Laptop, {path: example:peace-talks, name: peace}]
//	agents: [boulware, "timedependent:e=0.5", {name: random, p: 0.3}]
//	rules: genius          # or parley (the default)
//	protocol: saop         # or mediated
//	mediator: learn        # the mediated protocol's strategy; a list compares several
//	repetitions: 2         # default 1
//	seed: 1                # default 1
//	deadline: {rounds: 100, time: 2s}
//	self_play: false
//
// Keys are checked: an unknown key is an error naming its line, so that a key added later
// (such as a mediator strategy) is never silently ignored by an older parley.
type tournamentSpec struct {
	File     string
	Domains  []specDomain
	Agents   []*negotiate.AgentSpec
	Rules    negotiate.Rules
	Protocol string // saop or mediated
	// Mediators are the mediated protocol's strategies: one, or several to compare
	// (default learn).
	Mediators []*negotiate.MediatorSpec
	Reps      int
	Seed      uint64
	Rounds    int
	Time      time.Duration
	SelfPlay  bool
}

// specDomain is one scenario of a spec: where it is (resolved against the spec's folder)
// and the name results give it.
type specDomain struct {
	Path string
	Name string
	Line int
}

// maxSpecItems bounds the lists of a spec.
const maxSpecItems = 10000

// isTournamentSpec reports whether data looks like a tournament spec (a YAML mapping with
// a top-level "domains" key) rather than a scenario.
func isTournamentSpec(data []byte) bool {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "domains" {
			return true
		}
	}
	return false
}

// parseTournamentSpec parses a spec read from file. Relative domain paths are resolved
// against the file's folder. Errors name the file, line and field, and say what would be
// accepted.
func parseTournamentSpec(file string, data []byte) (*tournamentSpec, error) {
	root, err := decodeSpec(file, data)
	if err != nil {
		return nil, err
	}
	p := &specParser{file: file, sp: &tournamentSpec{File: file, Protocol: "saop", Reps: 1, Seed: 1, Rounds: 100}}
	domains, agents, err := p.keys(root)
	if err != nil {
		return nil, err
	}
	if err := p.domains(domains); err != nil {
		return nil, err
	}
	if err := p.agents(agents); err != nil {
		return nil, err
	}
	if err := p.check(root, agents); err != nil {
		return nil, err
	}
	return p.sp, nil
}

// decodeSpec decodes a spec's YAML and returns its top-level mapping.
func decodeSpec(file string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if k := strings.IndexByte(rest, ':'); k > 0 {
				if n, err := strconv.Atoi(rest[:k]); err == nil {
					line, msg = n, strings.TrimSpace(rest[k+1:])
				}
			}
		}
		if err.Error() == "EOF" {
			msg = "empty file; a tournament spec needs domains and agents"
		}
		return nil, &parley.Error{Code: parley.EINVALID, File: file, Line: line, Message: msg}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		p := &specParser{file: file}
		return nil, p.errAt(&doc, "", "a tournament spec is a mapping with domains, agents and optionally rules, protocol, mediator, repetitions, seed, deadline, self_play")
	}
	return doc.Content[0], nil
}

// specParser reads a spec's nodes into sp.
type specParser struct {
	file string
	sp   *tournamentSpec
}

// errAt is an invalid-input error at n's line.
func (p *specParser) errAt(n *yaml.Node, field, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &parley.Error{Code: parley.EINVALID, File: p.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)}
}

// keys reads the top-level keys, each once, and returns the domains and agents to read
// after them.
func (p *specParser) keys(root *yaml.Node) (domains, agents *yaml.Node, err error) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, nil, p.errAt(k, k.Value, "given twice")
		}
		seen[k.Value] = true
		switch k.Value {
		case "domains":
			domains = v
		case "agents":
			agents = v
		default:
			if err := p.key(k, v); err != nil {
				return nil, nil, err
			}
		}
	}
	if domains == nil {
		return nil, nil, p.errAt(root, "domains", "missing; list the scenarios: parley YAML files, GENIUS or GeniusWeb folders, or example:NAME")
	}
	if agents == nil {
		return nil, nil, p.errAt(root, "agents", "missing; list the agents, such as [boulware, conceder]")
	}
	return domains, agents, nil
}

// key reads one top-level key other than domains and agents.
func (p *specParser) key(k, v *yaml.Node) error {
	sp := p.sp
	switch k.Value {
	case "rules":
		r, err := negotiate.ParseRules(scalar(v))
		if err != nil || v.Kind != yaml.ScalarNode {
			return p.errAt(v, "rules", "%q: give parley or genius", scalar(v))
		}
		sp.Rules = r
	case "protocol":
		switch s := scalar(v); s {
		case "saop", "mediated":
			sp.Protocol = s
		default:
			return p.errAt(v, "protocol", "%q: give saop or mediated", s)
		}
	case "mediator":
		return p.mediators(v)
	case "repetitions":
		n, err := strconv.Atoi(scalar(v))
		if err != nil || n <= 0 || n > 1<<30 {
			return p.errAt(v, "repetitions", "%q: give a positive whole number", scalar(v))
		}
		sp.Reps = n
	case "seed":
		n, err := strconv.ParseUint(scalar(v), 10, 64)
		if err != nil {
			return p.errAt(v, "seed", "%q: give a whole number from 0 to 18446744073709551615", scalar(v))
		}
		sp.Seed = n
	case "self_play":
		b, err := strconv.ParseBool(scalar(v))
		if err != nil || v.Kind != yaml.ScalarNode {
			return p.errAt(v, "self_play", "%q: give true or false", scalar(v))
		}
		sp.SelfPlay = b
	case "deadline":
		return sp.parseDeadline(v, p.errAt)
	default:
		return p.errAt(k, k.Value, "unknown key; a tournament spec has domains, agents, rules, protocol, mediator, repetitions, seed, deadline, self_play")
	}
	return nil
}

// mediators reads the mediator key: a strategy or a list of them.
func (p *specParser) mediators(v *yaml.Node) error {
	var list []string
	switch v.Kind {
	case yaml.ScalarNode:
		list = []string{v.Value}
	case yaml.SequenceNode:
		for _, x := range v.Content {
			if x.Kind != yaml.ScalarNode || strings.Contains(x.Value, ",") {
				return p.errAt(x, "mediator", "give one strategy per item, such as learn or anneal:t0=2")
			}
			list = append(list, x.Value)
		}
	default:
		return p.errAt(v, "mediator", "give a strategy, such as learn, or a list of them; known mediators: %s", negotiate.MediatorNames())
	}
	ms, err := negotiate.ParseMediators(strings.Join(list, ","))
	if err != nil || len(list) == 0 {
		msg := "give a strategy, such as learn"
		if err != nil {
			msg = messageOf(err)
		}
		return p.errAt(v, "mediator", "%s", msg)
	}
	p.sp.Mediators = ms
	return nil
}

// domains reads the list of domains.
func (p *specParser) domains(domains *yaml.Node) error {
	if domains.Kind != yaml.SequenceNode || len(domains.Content) == 0 || len(domains.Content) > maxSpecItems {
		return p.errAt(domains, "domains", "give a list of 1 to %d scenarios", maxSpecItems)
	}
	base := filepath.Dir(p.file)
	for i, d := range domains.Content {
		field := fmt.Sprintf("domains[%d]", i)
		dom := specDomain{Line: d.Line}
		switch d.Kind {
		case yaml.ScalarNode:
			dom.Path = d.Value
		case yaml.MappingNode:
			for j := 0; j+1 < len(d.Content); j += 2 {
				k, v := d.Content[j], d.Content[j+1]
				if v.Kind != yaml.ScalarNode {
					return p.errAt(v, field+"."+k.Value, "give a string")
				}
				switch k.Value {
				case "path":
					dom.Path = v.Value
				case "name":
					dom.Name = v.Value
				default:
					return p.errAt(k, field+"."+k.Value, "unknown key; a domain has path and name")
				}
			}
		default:
			return p.errAt(d, field, "give a path, or a mapping with path and name")
		}
		if strings.TrimSpace(dom.Path) == "" {
			return p.errAt(d, field, "no path; give a parley YAML file, a GENIUS or GeniusWeb folder, or example:NAME")
		}
		if !strings.HasPrefix(dom.Path, examplePrefix) && !filepath.IsAbs(dom.Path) {
			dom.Path = filepath.Join(base, dom.Path)
		}
		p.sp.Domains = append(p.sp.Domains, dom)
	}
	return nil
}

// agents reads the list of agents.
func (p *specParser) agents(agents *yaml.Node) error {
	if agents.Kind != yaml.SequenceNode || len(agents.Content) == 0 || len(agents.Content) > maxSpecItems {
		return p.errAt(agents, "agents", "give a list of 1 to %d agents, such as [boulware, conceder]", maxSpecItems)
	}
	for i, a := range agents.Content {
		field := fmt.Sprintf("agents[%d]", i)
		text := ""
		switch a.Kind {
		case yaml.ScalarNode:
			text = a.Value
		case yaml.MappingNode:
			var err error
			if text, err = p.agentMapping(a, field); err != nil {
				return err
			}
		default:
			return p.errAt(a, field, "give an agent, such as boulware or timedependent:e=0.5")
		}
		if strings.TrimSpace(text) == "" || strings.Contains(text, ",") {
			return p.errAt(a, field, "give one agent, such as boulware; known agents: %s", negotiate.AgentNames())
		}
		spec, err := negotiate.ParseAgent(text)
		if err != nil {
			return p.errAt(a, field, "%s", messageOf(err))
		}
		p.sp.Agents = append(p.sp.Agents, spec)
	}
	return nil
}

// agentMapping turns an agent given as a mapping ({name: random, p: 0.3}) into its text
// form (random:p=0.3), parameters in name order.
func (p *specParser) agentMapping(a *yaml.Node, field string) (string, error) {
	var name string
	params := map[string]string{}
	for j := 0; j+1 < len(a.Content); j += 2 {
		k, v := a.Content[j], a.Content[j+1]
		if v.Kind != yaml.ScalarNode {
			return "", p.errAt(v, field+"."+k.Value, "give a value")
		}
		if k.Value == "name" {
			name = v.Value
		} else if strings.ContainsAny(k.Value, ":=,") || strings.ContainsAny(v.Value, ":=,") {
			return "", p.errAt(k, field+"."+k.Value, "a parameter is a name and a number")
		} else {
			params[k.Value] = v.Value
		}
	}
	if name == "" {
		return "", p.errAt(a, field, "no name; give the agent's name, such as name: timedependent")
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	text := name
	for _, k := range keys {
		text += ":" + k + "=" + params[k]
	}
	return text, nil
}

// check checks what the keys say together: the mediator, the rules and the agents.
func (p *specParser) check(root, agents *yaml.Node) error {
	sp := p.sp
	if sp.Mediators == nil {
		m, err := negotiate.ParseMediator(negotiate.DefaultMediator)
		if err != nil {
			return err
		}
		sp.Mediators = []*negotiate.MediatorSpec{m}
	} else if sp.Protocol != "mediated" {
		return p.errAt(root, "mediator", "a mediator strategy is for protocol mediated; add protocol: mediated")
	}
	if sp.Rules == negotiate.RulesGenius {
		if sp.Protocol == "mediated" {
			return p.errAt(root, "rules", "genius applies to protocol saop; the mediated protocol follows parley's rules")
		}
		if sp.Time != 0 {
			return p.errAt(root, "deadline.time", "rules genius count the deadline in rounds; give deadline.rounds only")
		}
	}
	for i, a := range sp.Agents {
		if err := a.CheckRules(sp.Rules); err != nil {
			return p.errAt(agents.Content[i], fmt.Sprintf("agents[%d]", i), "%s", messageOf(err))
		}
	}
	return nil
}

func (sp *tournamentSpec) parseDeadline(v *yaml.Node, errAt func(*yaml.Node, string, string, ...any) error) error {
	if v.Kind != yaml.MappingNode {
		return errAt(v, "deadline", "give a mapping with rounds and/or time, such as {rounds: 100}")
	}
	sp.Rounds = 0
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, x := v.Content[j], v.Content[j+1]
		switch k.Value {
		case "rounds":
			n, err := strconv.Atoi(scalar(x))
			if err != nil || n <= 0 || n > 1<<30 {
				return errAt(x, "deadline.rounds", "%q: give a positive whole number", scalar(x))
			}
			sp.Rounds = n
		case "time":
			d, err := time.ParseDuration(scalar(x))
			if err != nil || d <= 0 {
				return errAt(x, "deadline.time", "%q: give a positive duration such as 2s", scalar(x))
			}
			sp.Time = d
		default:
			return errAt(k, "deadline."+k.Value, "unknown key; a deadline has rounds and time")
		}
	}
	if sp.Rounds == 0 && sp.Time == 0 {
		return errAt(v, "deadline", "give rounds, time or both")
	}
	return nil
}

// scalar returns a scalar node's value, or a description of another node.
func scalar(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return "a " + map[yaml.Kind]string{yaml.MappingNode: "mapping", yaml.SequenceNode: "list", yaml.AliasNode: "alias", yaml.DocumentNode: "document"}[n.Kind]
}

// messageOf returns a parley error's message without its location.
func messageOf(err error) string {
	if e, ok := err.(*parley.Error); ok {
		return e.Message
	}
	return err.Error()
}

// config returns the negotiation configuration of the spec.
func (sp *tournamentSpec) config() negotiate.Config {
	return negotiate.Config{Rounds: sp.Rounds, Time: sp.Time, Seed: sp.Seed, Rules: sp.Rules}
}
