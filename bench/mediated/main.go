// Command mediated measures the mediated single-text protocol against SAOP with the same
// parties, on every shared ANAC domain and every shipped example, and checks the targets of
// the mediator strategies.
//
// Usage:
//
//	go run ./bench/mediated [--domains DIR] [--agents boulware,linear,conceder,rational]
//	    [--mediators learn,hillclimb,anneal,veto] [--reps 5] [--rounds 100] [--seed 1]
//	    [--oracle] [--only WORD,...] [--runs] [--self]
//
// For each scenario it runs a tournament per protocol (SAOP, then the mediated protocol
// with each mediator strategy): every assignment of the agents to the parties (with
// repeats when there are fewer agents than parties), --reps times, the same seeds for
// every protocol. It prints, per scenario, whether a zone of possible agreement exists, and
// for each protocol the agreement rate, the mean distances to the Pareto frontier and to
// the Nash point (from the result: the agreement, or the reservation point without one)
// and the median round of the agreements. Then, per mediator strategy, the targets:
//
//   - bilateral scenarios with a zone (an acceptable outcome that gives every party more
//     than its reservation value): agreement in at least 99% of the runs, mean Pareto
//     distance at most 0.01, on no scenario a larger mean Pareto distance or Nash distance
//     than SAOP's (beyond 0.001), median agreement round at most 50;
//   - multilateral scenarios (3 or more parties): agreement rate, Pareto and Nash
//     distances at least as good as SAOP's (within 0.001), scenario by scenario.
//
// Beside the median round it prints, for the same negotiations, the median of the earliest
// round in which the parties could all have accepted some text (negotiate.Session.
// EarliestAgreement, asked of fresh agents of the same specs): what the parties' own
// acceptance allows, whatever the mediator. Last, per agent pairing, the median of that
// earliest round over every negotiation of the bilateral scenarios with a zone, beside each
// protocol's median agreement round. --only restricts the scenarios; --runs prints
// every negotiation; --self adds the assignments that give two parties the same agent (the
// setting of negotiate's TestLearnFindsTheZone).
//
// With --oracle it also runs a reference mediator that knows every party's profile (see
// oracle), to show how much of a strategy's gap comes from what it must learn.
//
// DIR defaults to PARLEY_DOMAINS, or ../shared/domains beside the repository root.
//
// It is a command, not a library: it may import any package of parley (the analysis for the
// distances, the file formats and the examples for the scenarios).
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"parley"
	"parley/analysis"
	"parley/examples"
	"parley/genius"
	"parley/negotiate"
	"parley/scenario"
)

// figures are one protocol's results on one scenario.
type figures struct {
	n, agreed    int
	pareto, nash float64 // means; NaN when unknown
	median       float64 // median round of the agreements
	welfare      float64
	pN, nN       int
	rounds       []int
	bounds       []int // the bound of each agreement's negotiation, when it has one
	// pairRounds holds the agreement rounds by agent pairing ("boulware,linear"); only
	// filled on bilateral scenarios with a zone.
	pairRounds map[string][]int
	// pairNash sums the Nash distances of every negotiation by agent pairing, pairN
	// counts them (bilateral scenarios with a zone).
	pairNash       map[string]float64
	pairN          map[string]int
	paretoS, nashS float64
}

type entry struct {
	name    string
	parties int
	// zone is "yes" when some acceptable outcome gives every party more than its
	// reservation value (there is a Nash point), "no gain" when the acceptable outcomes
	// give some party only its reservation value, "no" when nothing is acceptable.
	zone  string
	e     negotiate.Entry
	front []parley.Outcome // the Pareto frontier, for the oracle
	// zoneFront is the Pareto frontier of the zone; bound[i] is the earliest round in which
	// the parties of the tournament's negotiation i could all accept a text (see bound), 0
	// when in none; measured on bilateral scenarios with a zone.
	zoneFront []parley.Outcome
	bound     map[int]int
	// pair[i] is the agent pairing of negotiation i ("boulware,linear"); boundNash[i] the
	// least Nash distance of a text the parties could all accept in round bound[i].
	pair      map[int]string
	boundNash map[int]float64
	results   []figures // SAOP, then each mediator
}

func main() {
	domains := flag.String("domains", defaultDomains(), "folder of the shared ANAC domains")
	agentList := flag.String("agents", "boulware,linear,conceder,rational", "the parties' agents")
	medList := flag.String("mediators", "learn,hillclimb,anneal,veto", "mediator strategies")
	withOracle := flag.Bool("oracle", false, "also run the oracle, a reference mediator that knows every profile")
	reps := flag.Int("reps", 5, "repetitions of every assignment")
	rounds := flag.Int("rounds", 100, "deadline in rounds")
	seed := flag.Uint64("seed", 1, "seed")
	flag.StringVar(&only, "only", "", "measure only the scenarios whose names contain one of these comma-separated words")
	flag.BoolVar(&runs, "runs", false, "also print every negotiation: scenario, protocol, agents, rounds, utilities, distances")
	flag.BoolVar(&self, "self", false, "also let an agent negotiate against itself (every assignment of the agents to the parties, repeats included)")
	flag.Parse()
	if err := run(*domains, *agentList, *medList, *withOracle, *reps, *rounds, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mediated:", err)
		os.Exit(1)
	}
}

// only, runs and self are the --only, --runs and --self flags.
var (
	only string
	runs bool
	self bool
)

// wanted reports whether the scenario name passes --only.
func wanted(name string) bool {
	if only == "" {
		return true
	}
	for _, w := range strings.Split(only, ",") {
		if w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func defaultDomains() string {
	if d := os.Getenv("PARLEY_DOMAINS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for ; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "domains")
		}
	}
	return ""
}

func run(domains, agentList, medList string, withOracle bool, reps, rounds int, seed uint64) error {
	agents, err := negotiate.ParseAgents(agentList)
	if err != nil {
		return err
	}
	meds, err := negotiate.ParseMediators(medList)
	if err != nil {
		return err
	}
	var scs []*parley.Scenario
	var names []string
	ents, err := os.ReadDir(domains)
	if err != nil {
		return fmt.Errorf("domains: %w (give --domains or PARLEY_DOMAINS)", err)
	}
	for _, e := range ents {
		if !e.IsDir() || !wanted(e.Name()) {
			continue
		}
		s, _, err := genius.ReadDir(filepath.Join(domains, e.Name()))
		if err != nil {
			return err
		}
		scs, names = append(scs, s), append(names, e.Name())
	}
	for _, name := range examples.Names() {
		if !wanted("example:" + name) {
			continue
		}
		data, err := examples.Get(name)
		if err != nil {
			return err
		}
		s, _, err := scenario.Parse(name+".yaml", data)
		if err != nil {
			return err
		}
		scs, names = append(scs, s), append(names, "example:"+name)
	}
	var es []*entry
	for i, s := range scs {
		e, err := prepare(names[i], s)
		if err != nil {
			return fmt.Errorf("%s: %w", names[i], err)
		}
		es = append(es, e)
	}
	start := time.Now()
	protocols := append([]*negotiate.MediatorSpec{nil}, meds...)
	if withOracle {
		protocols = append(protocols, negotiate.NewMediatorSpec("oracle", nil))
	}
	for _, m := range protocols {
		for _, e := range es {
			if m != nil && m.String() == "oracle" {
				m = negotiate.NewMediatorSpec("oracle", func() negotiate.Mediator { return &oracle{d: e.e.Domain, front: e.front} })
			}
			f, err := play(e, agents, m, reps, rounds, seed)
			if err != nil {
				return fmt.Errorf("%s: %w", e.name, err)
			}
			e.results = append(e.results, f)
		}
	}
	elapsed := time.Since(start)
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	fmt.Printf("agents %s, %d reps, deadline %d rounds, seed %d; %d scenarios; %s on %d cores, load average %s\n\n",
		agentList, reps, rounds, seed, len(es), elapsed.Round(time.Millisecond), runtime.NumCPU(), load)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', tabwriter.AlignRight)
	head := "scenario\tparties\tzone\t"
	for _, m := range protocols {
		head += label(m) + ": agreed\tPareto\tNash\tmedian round\t"
	}
	fmt.Fprintln(tw, head)
	for _, e := range es {
		line := fmt.Sprintf("%s\t%d\t%s\t", e.name, e.parties, e.zone)
		for _, f := range e.results {
			line += fmt.Sprintf("%.3f\t%s\t%s\t%s\t", ratio(f.agreed, f.n), num(f.pareto), num(f.nash), num(f.median))
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	fmt.Println()
	for k, m := range protocols {
		if m == nil {
			continue
		}
		targets(label(m), es, k)
	}
	pairings(es, protocols)
	return nil
}

// pairings prints, per agent pairing over the bilateral scenarios with a zone, the median
// of the earliest round in which the parties could all accept a text (over every
// negotiation), in how many they could in none, and the mean least Nash distance of a text
// they could all accept that early; then each protocol's median agreement round and mean
// Nash distance: whether a median within 50 rounds is within the parties' reach, and what
// agreeing that early would cost.
func pairings(es []*entry, protocols []*negotiate.MediatorSpec) {
	bounds := map[string][]int{}
	never := map[string]int{}
	nash, nashN := map[string]float64{}, map[string]int{}
	var keys []string
	for _, e := range es {
		if e.parties != 2 || e.zone != "yes" {
			continue
		}
		for i, key := range e.pair {
			if _, ok := bounds[key]; !ok {
				keys = append(keys, key)
				bounds[key] = nil
			}
			for _, k := range []string{key, "all"} {
				if b := e.bound[i]; b > 0 {
					bounds[k] = append(bounds[k], b)
					nash[k] += e.boundNash[i]
					nashN[k]++
				} else {
					never[k]++
				}
			}
		}
	}
	sort.Strings(keys)
	keys = append(keys, "all")
	fmt.Println("per agent pairing, bilateral scenarios with a zone: the earliest round in which the parties could all accept a text (median over every negotiation; in how many in none) and the mean least Nash distance of a text they could all accept then; each protocol's median agreement round and mean Nash distance")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', tabwriter.AlignRight)
	head := "pairing\tearliest possible\tnever\tits Nash\t"
	for _, m := range protocols {
		head += label(m) + ": round\tNash\t"
	}
	fmt.Fprintln(tw, head)
	for _, key := range keys {
		line := fmt.Sprintf("%s\t%s\t%d\t%s\t", key, num(negotiate.Median(bounds[key])), never[key], num(nash[key]/float64(nashN[key])))
		for k := range protocols {
			var rs []int
			sum, n := 0.0, 0
			for _, e := range es {
				if e.parties != 2 || e.zone != "yes" {
					continue
				}
				f := e.results[k]
				if key == "all" {
					rs = append(rs, f.rounds...)
					sum, n = sum+f.nashS, n+f.nN
					continue
				}
				rs = append(rs, f.pairRounds[key]...)
				sum, n = sum+f.pairNash[key], n+f.pairN[key]
			}
			line += num(negotiate.Median(rs)) + "\t" + num(sum/float64(n)) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	fmt.Println()
}

func label(m *negotiate.MediatorSpec) string {
	if m == nil {
		return "saop"
	}
	return m.String()
}

// targets prints whether mediator k (an index into each entry's results) meets the
// targets.
func targets(name string, es []*entry, k int) {
	var n, agreed int
	var pSum float64
	var pN int
	var rounds, bounds []int
	var worseP, worseN []string
	var saopAgreed, saopN int
	var saopP float64
	var saopPN int
	var saopRounds []int
	var multi []string
	for _, e := range es {
		f, s := e.results[k], e.results[0]
		if e.parties > 2 {
			if ratio(f.agreed, f.n) < ratio(s.agreed, s.n)-1e-9 || worse(f.pareto, s.pareto) || worse(f.nash, s.nash) {
				multi = append(multi, fmt.Sprintf("%s (agreed %.3f vs %.3f, Pareto %s vs %s, Nash %s vs %s)", e.name,
					ratio(f.agreed, f.n), ratio(s.agreed, s.n), num(f.pareto), num(s.pareto), num(f.nash), num(s.nash)))
			}
			continue
		}
		if e.zone != "yes" {
			continue
		}
		n += f.n
		agreed += f.agreed
		pSum += f.paretoS
		pN += f.pN
		rounds = append(rounds, f.rounds...)
		bounds = append(bounds, f.bounds...)
		saopN += s.n
		saopAgreed += s.agreed
		saopP += s.paretoS
		saopPN += s.pN
		saopRounds = append(saopRounds, s.rounds...)
		if worse(f.pareto, s.pareto) {
			worseP = append(worseP, fmt.Sprintf("%s (%s vs %s)", e.name, num(f.pareto), num(s.pareto)))
		}
		if worse(f.nash, s.nash) {
			worseN = append(worseN, fmt.Sprintf("%s (%s vs %s)", e.name, num(f.nash), num(s.nash)))
		}
	}
	med := negotiate.Median(rounds)
	mark := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	meanP := pSum / float64(max(1, pN))
	fmt.Printf("%s, bilateral scenarios with a zone (%d negotiations; SAOP: agreement %.3f, Pareto %.4f):\n", name, n, ratio(saopAgreed, saopN), saopP/float64(max(1, saopPN)))
	fmt.Printf("  agreement rate %.3f (target >= 0.99): %s\n", ratio(agreed, n), mark(ratio(agreed, n) >= 0.99))
	fmt.Printf("  mean Pareto distance %.4f (target <= 0.01): %s\n", meanP, mark(meanP <= 0.01))
	fmt.Printf("  Pareto distance worse than SAOP's on %d scenarios: %s %s\n", len(worseP), mark(len(worseP) == 0), strings.Join(worseP, ", "))
	fmt.Printf("  Nash distance worse than SAOP's on %d scenarios: %s %s\n", len(worseN), mark(len(worseN) == 0), strings.Join(worseN, ", "))
	fmt.Printf("  median agreement round %s (target <= 50; SAOP %s): %s\n", num(med), num(negotiate.Median(saopRounds)), mark(med <= 50))
	fmt.Printf("    the earliest round the same parties could all accept a text, in the negotiations it agreed in: median %s\n", num(negotiate.Median(bounds)))
	fmt.Printf("  multilateral, worse than SAOP on %d scenarios: %s %s\n\n", len(multi), mark(len(multi) == 0), strings.Join(multi, "; "))
}

// worse reports whether a distance a is worse than b by more than 0.001.
func worse(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return false
	}
	return a > b+1e-3
}

func prepare(name string, s *parley.Scenario) (*entry, error) {
	res, aerr := analysis.Analyze(s, analysis.Options{SkipConflicts: true, MaxWork: 2e8})
	if aerr != nil {
		return nil, aerr
	}
	var opts negotiate.DomainOptions
	step := max(1, len(res.Pareto)/5000)
	for i := 0; i < len(res.Pareto); i += step {
		opts.Extra = append(opts.Extra, res.Pareto[i].Outcome)
	}
	d, err := negotiate.NewDomain(s, opts)
	if err != nil {
		return nil, err
	}
	m := &negotiate.Metrics{}
	for _, pt := range res.Pareto {
		m.Pareto = append(m.Pareto, pt.Utility)
	}
	for _, pt := range res.Nash {
		m.Nash = append(m.Nash, pt.Utility)
	}
	zone := "no"
	switch {
	case len(res.Nash) > 0:
		zone = "yes"
	case len(res.AcceptablePareto) > 0:
		zone = "no gain"
	}
	var front []parley.Outcome
	for _, pt := range res.Pareto {
		front = append(front, pt.Outcome)
	}
	var zoneFront []parley.Outcome
	for _, pt := range res.AcceptablePareto {
		zoneFront = append(zoneFront, pt.Outcome)
	}
	return &entry{name: name, parties: len(d.Parties), zone: zone, front: front, zoneFront: zoneFront, bound: map[int]int{}, pair: map[int]string{}, boundNash: map[int]float64{},
		e: negotiate.Entry{Name: name, Domain: d, Metrics: m}}, nil
}

func play(e *entry, agents []*negotiate.AgentSpec, m *negotiate.MediatorSpec, reps, rounds int, seed uint64) (figures, error) {
	t := &negotiate.Tournament{
		Scenarios: []negotiate.Entry{e.e},
		Agents:    agents,
		Reps:      reps,
		Config:    negotiate.Config{Rounds: rounds, Seed: seed, Mediator: m},
		Mediated:  m != nil,
		SelfPlay:  self,
	}
	f := figures{pairRounds: map[string][]int{}, pairNash: map[string]float64{}, pairN: map[string]int{}}
	sum, err := t.Run(context.Background(), func(r *negotiate.Record) error {
		var names []string
		for _, a := range r.Agents {
			names = append(names, agents[a].String())
		}
		pair := strings.Join(names, ",")
		if m == nil && e.parties == 2 && e.zone == "yes" {
			b, nash, err := bound(e, agents, r, rounds)
			if err != nil {
				return err
			}
			e.bound[r.Index], e.pair[r.Index], e.boundNash[r.Index] = b, pair, nash
		}
		if e.parties == 2 && e.zone == "yes" && !math.IsNaN(r.NashDistance) {
			f.pairNash[pair] += r.NashDistance
			f.pairN[pair]++
		}
		if r.Agreement != nil {
			f.rounds = append(f.rounds, r.Rounds)
			if b := e.bound[r.Index]; b > 0 {
				f.bounds = append(f.bounds, b)
			}
			if e.parties == 2 && e.zone == "yes" {
				f.pairRounds[pair] = append(f.pairRounds[pair], r.Rounds)
			}
		}
		if runs {
			fmt.Printf("run %s %s %s rep %d: agreed %v, round %d, utility %.3f, Pareto %.3f, Nash %.3f\n", e.name, label(m),
				strings.Join(names, ","), r.Rep, r.Agreement != nil, r.Rounds, r.Utility, r.ParetoDistance, r.NashDistance)
		}
		return nil
	}, nil)
	if err != nil {
		return f, err
	}
	f.n, f.agreed, f.welfare = sum.Negotiations, sum.Agreements, sum.Welfare
	f.pareto, f.nash = sum.Pareto.Value(), sum.Nash.Value()
	f.paretoS, f.pN, f.nashS, f.nN = sum.Pareto.Sum, sum.Pareto.N, sum.Nash.Sum, sum.Nash.N
	f.median = negotiate.Median(append([]int(nil), f.rounds...))
	return f, nil
}

// bound returns the earliest round in which the parties of negotiation r could all accept a
// text, whatever the mediator (negotiate.Session.EarliestAgreement over the Pareto frontier and
// the zone's frontier, with fresh agents of the same specs), or 0 when in none. It is exact for
// the time-dependent and rational agents on scenarios without red lines (every shared ANAC
// domain); with red lines it could in principle miss texts that cross the red lines of a party
// whose agent ignores them, but on the shipped examples it gives the same round as every
// outcome (negotiate's TestEarliestAgreementRedLines). It also returns the least Nash distance
// of the texts the parties could all accept in that round (NaN without one): how near the Nash
// point an agreement that early could be.
func bound(e *entry, agents []*negotiate.AgentSpec, r *negotiate.Record, rounds int) (int, float64, error) {
	as := make([]negotiate.Agent, len(r.Agents))
	for p, a := range r.Agents {
		as[p] = agents[a].New()
	}
	cands := append(append([]parley.Outcome(nil), e.front...), e.zoneFront...)
	round, texts, err := negotiate.NewSession(e.e.Domain).EarliestTexts(as, negotiate.Config{Rounds: rounds, Seed: r.Seed}, cands)
	if err != nil || len(texts) == 0 {
		return 0, math.NaN(), err
	}
	best := math.Inf(1)
	u := make([]float64, len(e.e.Domain.Utility))
	for _, o := range texts {
		for p, f := range e.e.Domain.Utility {
			u[p] = f.Utility(o)
		}
		best = min(best, e.e.Metrics.NashDistance(u))
	}
	return round, best, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.3f", x)
}
