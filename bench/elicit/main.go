// Command elicit measures parley's elicitation: per scenario, the questions each party is
// asked, against a baseline that asks random questions of the same kinds, over several seeds,
// counted two ways. Zone found: until the party's certain verdicts cover the true zone (every
// package of it certainly acceptable to the party), so that once every party is there the
// certain zone equals the true zone (the elicitation target's wording;
// analysis.SimParty.ZoneQuestions). Zone known: until its certain verdicts equal its true
// ones on every package no other party certainly rejects, so that every package outside the
// zone is also certainly rejected by some party and the possible zone equals the certain zone
// (analysis.SimParty.Questions).
//
// Usage:
//
//	go run ./bench/elicit [--domains DIR] [--seeds 10] [--max-questions 60] [--noise 0]
//	    [--max-outcomes 4000000] [--exact 20000] [--check 3000] [--only NAME,...]
//	    [--cpuprofile FILE] [--oracle]
//
// It runs the shipped examples and every 2-party domain of DIR (PARLEY_DOMAINS, by default
// ../shared/domains beside the repository) with at most --max-outcomes outcomes; larger
// ones, and scenarios of more than two parties, are listed as skipped. On spaces of at most
// --exact outcomes every package's verdict is compared with the truth; on larger ones the
// verdicts of --check random packages (analysis.SimOptions.Check), and the row says so. A
// party whose profile is not additive is known in full and asked nothing; the row names it.
// Per scenario it prints the runs and, for each count, parley's questions per asked party
// (mean and largest), the share of runs within 20 questions per party, the baseline's
// questions per party (a mean of runs capped at --max-questions is a lower bound, marked >=)
// and the ratio; then the wall time per run.
//
// With --oracle it measures instead how far any chooser of package screens is from
// the target (oracle.go): per party the boundary packages no dominance settles, and, on
// spaces of at most --exact outcomes, the questions of a chooser that knows the true
// profiles, with marked screens, ordered screens, and ordered screens mixed across the line.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"parley"
	"parley/analysis"
	"parley/examples"
	"parley/genius"
	"parley/scenario"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type target struct {
	name string
	s    *parley.Scenario
}

// config is what the flags say.
type config struct {
	seeds, maxQ, check int
	noise              float64
	maxOut, exact      int64
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("elicit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	domains := fs.String("domains", defaultDomains(), "folder of GENIUS domains")
	fs.IntVar(&c.seeds, "seeds", 10, "runs per scenario, seeds 1..N")
	fs.IntVar(&c.maxQ, "max-questions", analysis.DefaultMaxQuestions, "questions per party before a run gives up")
	fs.Float64Var(&c.noise, "noise", 0, "probability that an answer is wrong")
	fs.Int64Var(&c.maxOut, "max-outcomes", analysis.MaxSimulatedOutcomes, "skip scenarios with more outcomes")
	fs.Int64Var(&c.exact, "exact", 20000, "compare every package's verdict on spaces of at most this many outcomes")
	fs.IntVar(&c.check, "check", 3000, "on larger spaces, compare the verdicts of this many random packages")
	only := fs.String("only", "", "comma-separated scenario names to run (default all)")
	oracle := fs.Bool("oracle", false, "instead, count each party's boundary packages and the questions of a chooser that knows the true profiles")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cpuprof != "" {
		stop, err := profile(*cpuprof)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer stop()
	}
	ts, err := targets(*domains, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	keep := strings.Split(*only, ",")
	ts = slices.DeleteFunc(ts, func(t target) bool { return *only != "" && !slices.Contains(keep, t.name) })
	row := func(t target) string { return measure(t, c) }
	if *oracle {
		row = func(t target) string { return oracleRow(t, c) }
		fmt.Fprintln(stdout, "| scenario | outcomes | boundary packages per party | packages the other accepts within 0.005 of the line | oracle's questions per party, marks | ordered screens | ordered, mixed across the line |")
		fmt.Fprintln(stdout, "| --- | --- | --- | --- | --- | --- | --- |")
	} else {
		fmt.Fprintf(stdout, "seeds 1-%d, at most %d questions per party, noise %g; verdicts compared on every package up to %d outcomes, else on %d random packages\n",
			c.seeds, c.maxQ, c.noise, c.exact, c.check)
		fmt.Fprintln(stdout, "zone found: the certain zone equals the true zone (the issue's target)")
		fmt.Fprintln(stdout, "zone known: also every package outside it certainly rejected by some party (possible zone = certain zone)")
		fmt.Fprintln(stdout, "| scenario | outcomes | runs | zone found: questions per party, mean | largest | runs within 20 per party | random baseline, mean | ratio | zone known: questions per party, mean | largest | runs within 20 per party | random baseline, mean | ratio | time per run |")
		fmt.Fprintln(stdout, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	}
	// One Markdown table row per scenario, printed as soon as it is measured.
	for _, t := range ts {
		fmt.Fprintln(stdout, row(t))
	}
	return 0
}

// profile starts a CPU profile written to path; an interrupted run still writes it.
func profile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	stop = func() {
		pprof.StopCPUProfile()
		f.Close()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		stop()
		os.Exit(1)
	}()
	return stop, nil
}

// targets returns the shipped examples and the domains of dir.
func targets(dir string, stderr io.Writer) ([]target, error) {
	var ts []target
	for _, n := range examples.Names() {
		data, err := examples.Get(n)
		if err != nil {
			return nil, err
		}
		s, _, err := scenario.Parse(n+".yaml", data)
		if err != nil {
			return nil, err
		}
		ts = append(ts, target{"example:" + n, s})
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("elicit: %v (set --domains or PARLEY_DOMAINS)", err)
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		s, _, err := genius.ReadDir(filepath.Join(dir, e.Name()))
		if err != nil {
			fmt.Fprintf(stderr, "elicit: %s: %v\n", e.Name(), err)
			continue
		}
		ts = append(ts, target{e.Name(), s})
	}
	return ts, nil
}

// measure runs the seeds of one scenario and returns its table row.
func measure(t target, c config) string {
	n := t.s.Size()
	blank := " | | | | | | | | | | |"
	if len(t.s.Deciders()) != 2 {
		return fmt.Sprintf("| %s | %s | skipped: %d parties%s", t.name, n, len(t.s.Deciders()), blank)
	}
	if !n.IsInt64() || n.Int64() > c.maxOut {
		return fmt.Sprintf("| %s | %s | skipped: over --max-outcomes%s", t.name, n, blank)
	}
	var found, known tally
	runs, asked := 0, 0
	who := ""
	start := time.Now()
	for seed := 1; seed <= c.seeds; seed++ {
		opt := analysis.SimOptions{Seed: uint64(seed), Noise: c.noise, MaxQuestions: c.maxQ, KnowNonAdditive: true}
		if n.Int64() > c.exact {
			opt.Check = c.check
		}
		res, err := analysis.Simulate(t.s, opt)
		if err != nil {
			return fmt.Sprintf("| %s | %s | not run: %v%s", t.name, n, err, blank)
		}
		runs++
		found.run(res.ZoneEqual)
		known.run(res.ZoneEqual)
		for _, p := range res.Parties {
			if p.Known {
				who = fmt.Sprintf(" (%s known in full: not additive)", t.s.Parties[p.Party].DisplayName())
				continue
			}
			asked++
			found.add(p.ZoneQuestions, p.ZoneFound, p.BaselineZoneQuestions, p.BaselineZoneFound)
			known.add(p.Questions, p.Settled, p.BaselineQuestions, p.BaselineSettled)
		}
		found.end()
		known.end()
	}
	if runs == 0 {
		return fmt.Sprintf("| %s | %s | no seeds%s", t.name, n, blank)
	}
	size := n.String()
	if n.Int64() > c.exact {
		size += fmt.Sprintf(" (%d checked)", c.check)
	}
	size += who
	return fmt.Sprintf("| %s | %s | %d | %s | %s | %s |", t.name, size, runs, found.cells(runs, asked), known.cells(runs, asked),
		(time.Since(start) / time.Duration(runs)).Round(time.Millisecond))
}

// tally sums one count (zone found or zone known) over a scenario's runs.
type tally struct {
	q, b, most, ok int
	capped, within bool // the baseline ran out of questions; this run is within the target
}

// run starts a run; equal is whether the certain zone equalled the true zone at its end.
func (t *tally) run(equal bool) { t.within = equal }

// add counts one asked party: parley's count and whether it got there, the baseline's.
func (t *tally) add(q int, got bool, b int, bgot bool) {
	t.q += q
	t.b += b
	t.most = max(t.most, q)
	t.capped = t.capped || !bgot
	t.within = t.within && got && q <= 20
}

// end ends a run.
func (t *tally) end() {
	if t.within {
		t.ok++
	}
}

// cells returns the count's five cells: mean and largest per party, the share of runs
// within 20 per party, the baseline's mean (a lower bound, >=, when a baseline run ran out
// of questions) and the ratio.
func (t *tally) cells(runs, asked int) string {
	per := float64(max(asked, 1))
	ge := ""
	if t.capped {
		ge = ">="
	}
	return fmt.Sprintf("%.1f | %d | %d%% | %s%.1f | %s%.1fx", float64(t.q)/per, t.most, 100*t.ok/runs,
		ge, float64(t.b)/per, ge, float64(t.b)/float64(max(t.q, 1)))
}

// defaultDomains is PARLEY_DOMAINS, else ../shared/domains beside the folder holding go.mod.
func defaultDomains() string {
	if d := os.Getenv("PARLEY_DOMAINS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return "domains"
	}
	for ; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "domains")
		}
		if filepath.Dir(dir) == dir {
			return "domains"
		}
	}
}
