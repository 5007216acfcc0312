package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"parley"
	"parley/analysis"
	"parley/negotiate"
	"parley/negotiate/traceplot"
)

const negotiateSynopsis = `negotiate [flags] SCENARIO

Runs one automated negotiation on SCENARIO: one agent per negotiating party (role party, in
scenario order), with the Stacked Alternating Offers Protocol (saop: parties take turns to
accept, counter-offer or end; more than two parties agree when everyone has accepted the
offer on the table) or the mediated single-text protocol (mediated). Without agreement every
party gets its reservation value. The same seed gives the same result, byte for byte, under
a deadline in rounds; a --time deadline depends on the machine.

SCENARIO is a parley YAML file, a GENIUS or GeniusWeb scenario folder, or example:NAME.

Agents: AGENT or AGENT:PARAM=VALUE[:PARAM=VALUE], comma-separated, one per party:
%s

Mediator strategies (--protocol mediated --mediator NAME or NAME:PARAM=VALUE; a tournament
takes several, comma-separated, and compares them):
%s

Flags:`

func agentHelp() string {
	var b strings.Builder
	for _, a := range negotiate.Agents() {
		fmt.Fprintf(&b, "  %s\n", a)
	}
	return strings.TrimRight(b.String(), "\n")
}

// deadlineFlags are the flags negotiate and tournament share.
type deadlineFlags struct {
	agents   *string
	rounds   *int
	limit    *time.Duration
	seed     *uint64
	protocol *string
	rules    *string
	mediator *string
}

func addDeadlineFlags(fs interface {
	String(string, string, string) *string
	Int(string, int, string) *int
	Duration(string, time.Duration, string) *time.Duration
	Uint64(string, uint64, string) *uint64
}, agentsUsage string) deadlineFlags {
	return deadlineFlags{
		agents:   fs.String("agents", "", agentsUsage),
		rounds:   fs.Int("rounds", 100, "deadline in rounds (every party acts once per round)"),
		limit:    fs.Duration("time", 0, "deadline in wall-clock time, such as 2s (results then depend on the machine)"),
		seed:     fs.Uint64("seed", 1, "random seed"),
		protocol: fs.String("protocol", "saop", "protocol: saop (stacked alternating offers) or mediated (single text)"),
		rules:    fs.String("rules", "parley", "rules of SAOP: parley, or genius to replay GENIUS 10.4 exactly (see docs/agents.md)"),
		mediator: fs.String("mediator", negotiate.DefaultMediator, "mediator strategy of --protocol mediated: `NAME` or NAME:PARAM=VALUE ("+negotiate.MediatorNames()+")"),
	}
}

// config checks the shared flags and returns the agents and the configuration.
func (f deadlineFlags) config() ([]*negotiate.AgentSpec, negotiate.Config, bool, error) {
	var cfg negotiate.Config
	if strings.TrimSpace(*f.agents) == "" {
		return nil, cfg, false, parley.Errorf(parley.EINVALID, "--agents: name the agents, such as --agents boulware,conceder; known agents: %s", negotiate.AgentNames())
	}
	specs, err := negotiate.ParseAgents(*f.agents)
	if err != nil {
		return nil, cfg, false, fmt.Errorf("--agents: %w", err)
	}
	if *f.rounds < 0 || (*f.rounds == 0 && *f.limit <= 0) {
		return nil, cfg, false, parley.Errorf(parley.EINVALID, "--rounds %d: the deadline must be a positive number of rounds (or give --time)", *f.rounds)
	}
	if *f.limit < 0 {
		return nil, cfg, false, parley.Errorf(parley.EINVALID, "--time %v: give a positive duration", *f.limit)
	}
	var mediated bool
	switch *f.protocol {
	case "saop":
	case "mediated":
		mediated = true
	default:
		return nil, cfg, false, parley.Errorf(parley.EINVALID, "--protocol %q: known protocols: saop, mediated", *f.protocol)
	}
	rules, err := negotiate.ParseRules(*f.rules)
	if err != nil {
		return nil, cfg, false, fmt.Errorf("--rules: %w", err)
	}
	if rules == negotiate.RulesGenius {
		if mediated {
			return nil, cfg, false, parley.Errorf(parley.EINVALID, "--rules genius applies to --protocol saop; the mediated protocol follows parley's rules")
		}
		if *f.limit != 0 {
			return nil, cfg, false, parley.Errorf(parley.EINVALID, "--rules genius counts the deadline in rounds: give --rounds, not --time")
		}
	}
	for _, sp := range specs {
		if err := sp.CheckRules(rules); err != nil {
			return nil, cfg, false, fmt.Errorf("--agents: %w", err)
		}
	}
	cfg = negotiate.Config{Rounds: *f.rounds, Time: *f.limit, Seed: *f.seed, Rules: rules}
	return specs, cfg, mediated, nil
}

// analysisBudget bounds the analysis run for the distances, so that a negotiation never
// waits long for it (see analysis.Options.MaxWork); beyond it, results have no distances.
const analysisBudget = 2e8

// maxExtra bounds the frontier outcomes added to the candidate bids of a large space.
const maxExtra = 5000

// prepare analyses s (for the distances and the drawing) and builds its negotiation
// domain. An analysis that fails is reported on stderr and leaves res nil; a scenario that
// cannot be negotiated is an error.
func prepare(cmd string, s *parley.Scenario, stderr io.Writer) (*negotiate.Domain, *analysis.Result, *negotiate.Metrics, error) {
	if n := len(s.Deciders()); n < 2 {
		return nil, nil, nil, parley.Errorf(parley.EINVALID, "scenario %q has %d negotiating parties (role party); a negotiation needs at least two", s.Name, n)
	}
	res, aerr := analysis.Analyze(s, analysis.Options{SkipConflicts: true, MaxWork: analysisBudget})
	var opts negotiate.DomainOptions
	if aerr == nil {
		step := max(1, len(res.Pareto)/maxExtra)
		for i := 0; i < len(res.Pareto); i += step {
			opts.Extra = append(opts.Extra, res.Pareto[i].Outcome)
		}
	}
	d, err := negotiate.NewDomain(s, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	if aerr != nil {
		fmt.Fprintf(stderr, "parley %s: warning: no analysis, so no distances to the frontier: %v\n", cmd, aerr)
		return d, nil, nil, nil
	}
	m := &negotiate.Metrics{}
	for _, pt := range res.Pareto {
		m.Pareto = append(m.Pareto, pt.Utility)
	}
	for _, pt := range res.Nash {
		m.Nash = append(m.Nash, pt.Utility)
	}
	for _, pt := range res.Egalitarian {
		m.Kalai = append(m.Kalai, pt.Utility)
	}
	for _, pt := range res.KalaiSmorodinsky {
		m.KS = append(m.KS, pt.Utility)
	}
	return d, res, m, nil
}

func runNegotiate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("negotiate", fmt.Sprintf(negotiateSynopsis, agentHelp(), mediatorHelp()), stderr)
	df := addDeadlineFlags(fs, "agents, one per negotiating party, comma-separated: `list` such as boulware,conceder")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	traceFile := fs.String("trace", "", "save every action as JSON into `file`")
	svgFile := fs.String("svg", "", "draw the offers over the frontier into the SVG `file`")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "parley negotiate: give exactly one scenario (a YAML file, a GENIUS or GeniusWeb folder, or example:NAME)")
		return 2
	}
	specs, cfg, mediated, err := df.config()
	if err != nil {
		return fail(stderr, "negotiate", err)
	}
	if cfg.Mediator, err = df.oneMediator(mediated); err != nil {
		return fail(stderr, "negotiate", err)
	}
	s, err := loadScenario(pos[0], stderr)
	if err != nil {
		return fail(stderr, "negotiate", err)
	}
	d, res, metrics, err := prepare("negotiate", s, stderr)
	if err != nil {
		return fail(stderr, "negotiate", err)
	}
	if len(specs) != len(d.Parties) {
		var ids []string
		for _, pi := range d.Parties {
			ids = append(ids, s.Parties[pi].ID)
		}
		return fail(stderr, "negotiate", parley.Errorf(parley.EINVALID, "--agents: %d agent(s) for %d negotiating parties (%s); give one agent per party, in that order", len(specs), len(d.Parties), strings.Join(ids, ", ")))
	}
	agents := make([]negotiate.Agent, len(specs))
	names := make([]string, len(specs))
	for p, sp := range specs {
		agents[p], names[p] = sp.NewRules(cfg.Rules), sp.String()
	}
	cfg.Trace = *traceFile != "" || *svgFile != ""
	sess := negotiate.NewSession(d)
	var r negotiate.Result
	if mediated {
		r, err = sess.RunMediated(agents, cfg)
	} else {
		r, err = sess.Run(agents, cfg)
	}
	if err != nil {
		return fail(stderr, "negotiate", err)
	}
	if r.Trace != nil {
		r.Trace.Agents = names
	}
	if err := writeTraceFiles(r, res, *traceFile, *svgFile); err != nil {
		return fail(stderr, "negotiate", err)
	}
	parties := make([]string, len(d.Parties))
	for p, pi := range d.Parties {
		parties[p] = s.Parties[pi].ID
	}
	pareto, nash := nan(), nan()
	if metrics != nil {
		pareto, nash = metrics.ParetoDistance(r.Utility), metrics.NashDistance(r.Utility)
	}
	protocol := *df.protocol
	if mediated {
		protocol += " " + cfg.Mediator.String()
	}
	if *asJSON {
		if err := printResultJSON(stdout, s, d, r, parties, names, cfg, *df.protocol, mediated, pareto, nash); err != nil {
			return fail(stderr, "negotiate", err)
		}
		return 0
	}
	if cfg.Rules == negotiate.RulesGenius {
		protocol += ", GENIUS rules"
	}
	printResult(stdout, s, d, r, parties, names, cfg, protocol, pareto, nash)
	return 0
}

// writeTraceFiles writes the negotiation's trace as JSON into traceFile and its drawing
// over the frontier into svgFile, each when named.
func writeTraceFiles(r negotiate.Result, res *analysis.Result, traceFile, svgFile string) error {
	if traceFile != "" {
		var b bytes.Buffer
		if err := r.Trace.WriteJSON(&b); err != nil {
			return err
		}
		if err := os.WriteFile(traceFile, b.Bytes(), 0o644); err != nil {
			return &parley.Error{Code: parley.EINTERNAL, File: traceFile, Message: "cannot write the trace: " + err.Error()}
		}
	}
	if svgFile != "" {
		var b bytes.Buffer
		if err := traceplot.SVG(&b, r.Trace, res); err != nil {
			return err
		}
		if err := os.WriteFile(svgFile, b.Bytes(), 0o644); err != nil {
			return &parley.Error{Code: parley.EINTERNAL, File: svgFile, Message: "cannot write the drawing: " + err.Error()}
		}
	}
	return nil
}

// printResultJSON prints the result as parley negotiate --json does.
func printResultJSON(w io.Writer, s *parley.Scenario, d *negotiate.Domain, r negotiate.Result, parties, names []string, cfg negotiate.Config, protocol string, mediated bool, pareto, nash float64) error {
	var endedBy any
	if r.EndedBy >= 0 {
		endedBy = parties[r.EndedBy]
	}
	doc := negotiate.Object{
		{Key: "agreement", Value: negotiate.OutcomeObject(s, r.Agreement)},
		{Key: "utility", Value: negotiate.PartyObject(parties, r.Utility)},
		{Key: "rounds", Value: r.Rounds},
		{Key: "discounted_utility", Value: negotiate.PartyObject(parties, r.Discounted)},
		{Key: "agents", Value: negotiate.PartyObject(parties, names)},
		{Key: "protocol", Value: protocol},
		{Key: "rules", Value: cfg.Rules.String()},
		{Key: "seed", Value: cfg.Seed},
		{Key: "acceptable", Value: r.Agreement != nil && d.Acceptable(r.Agreement)},
		{Key: "ended_by", Value: endedBy},
		{Key: "pareto_distance", Value: jsonNum(pareto)},
		{Key: "nash_distance", Value: jsonNum(nash)},
	}
	if mediated {
		doc = append(doc, negotiate.Member{Key: "strategy", Value: cfg.Mediator.String()})
	}
	if d.Mediator != nil {
		doc = append(doc, negotiate.Member{Key: "mediator", Value: d.MediatorID}, negotiate.Member{Key: "mediator_utility", Value: r.Mediator})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s\n", b)
	return nil
}

func printResult(w io.Writer, s *parley.Scenario, d *negotiate.Domain, r negotiate.Result, parties, names []string, cfg negotiate.Config, protocol string, pareto, nash float64) {
	deadline := fmt.Sprintf("%d rounds", cfg.Rounds)
	if cfg.Rounds == 0 {
		deadline = cfg.Time.String()
	}
	switch {
	case r.Agreement != nil:
		fmt.Fprintf(w, "Agreement in round %d (%s, deadline %s, seed %d):\n", r.Rounds, protocol, deadline, cfg.Seed)
		for i, is := range s.Issues {
			v := is.Value(r.Agreement[i]).String()
			if is.Unit != "" && is.Kind != parley.KindOptions {
				v += " " + is.Unit
			}
			fmt.Fprintf(w, "  %s: %s\n", is.DisplayName(), v)
		}
		if !d.Acceptable(r.Agreement) {
			fmt.Fprintln(w, "  (not acceptable to every party: it crosses a red line or a reservation value)")
		}
	case r.Broken != "":
		fmt.Fprintf(w, "No agreement: %s %s in round %d (%s, seed %d).\n", parties[r.EndedBy], r.Broken, r.Rounds, protocol, cfg.Seed)
	case r.EndedBy >= 0:
		fmt.Fprintf(w, "No agreement: %s ended the negotiation in round %d (%s, seed %d).\n", parties[r.EndedBy], r.Rounds, protocol, cfg.Seed)
	default:
		fmt.Fprintf(w, "No agreement after %d rounds (%s, deadline %s, seed %d).\n", r.Rounds, protocol, deadline, cfg.Seed)
	}
	if r.Agreement != nil {
		fmt.Fprintln(w, "Utility:")
	} else {
		fmt.Fprintln(w, "Utility (reservation values):")
	}
	for p, id := range parties {
		fmt.Fprintf(w, "  %s (%s): %.3f", id, names[p], r.Utility[p])
		if d.Discount[p] < 1 {
			fmt.Fprintf(w, " (discounted for time: %.3f)", r.Discounted[p])
		}
		fmt.Fprintln(w)
	}
	if d.Mediator != nil {
		fmt.Fprintf(w, "  mediator %s: %.3f\n", d.MediatorID, r.Mediator)
	}
	if pareto == pareto {
		fmt.Fprintf(w, "Distance to the Pareto frontier: %.3f\n", pareto)
	}
	if nash == nash {
		fmt.Fprintf(w, "Distance to the Nash point: %.3f\n", nash)
	}
}

func nan() float64 { var z float64; return z / z }

func jsonNum(x float64) any {
	if x != x {
		return nil
	}
	return x
}
