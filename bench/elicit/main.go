// Command elicit measures parley's elicitation: per scenario, the questions each party is
// asked until its certain verdicts equal its true ones (and the certain zone the true zone),
// against a baseline that asks random questions of the same kinds, over several seeds.
//
// Usage:
//
//	go run ./bench/elicit [--domains DIR] [--seeds 10] [--max-questions 60] [--noise 0]
//	    [--max-outcomes 20000] [--only NAME,...]
//
// It runs the shipped examples and every 2-party domain of DIR (PARLEY_DOMAINS, by default
// ../shared/domains beside the repository) with at most --max-outcomes outcomes; larger
// ones are listed as skipped. Per scenario it prints the runs, parley's questions per party
// (mean and largest), the share of runs in which the certain zone equalled the true zone
// with at most 20 questions per party, the baseline's questions per party (a mean of runs
// capped at --max-questions is a lower bound, marked >=) and the ratio.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("elicit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	domains := fs.String("domains", defaultDomains(), "folder of GENIUS domains")
	seeds := fs.Int("seeds", 10, "runs per scenario, seeds 1..N")
	maxQ := fs.Int("max-questions", analysis.DefaultMaxQuestions, "questions per party before a run gives up")
	noise := fs.Float64("noise", 0, "probability that an answer is wrong")
	maxOut := fs.Int64("max-outcomes", 20000, "skip scenarios with more outcomes")
	only := fs.String("only", "", "comma-separated scenario names to run (default all)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var ts []target
	for _, n := range examples.Names() {
		data, err := examples.Get(n)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		s, _, err := scenario.Parse(n+".yaml", data)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		ts = append(ts, target{"example:" + n, s})
	}
	ents, err := os.ReadDir(*domains)
	if err != nil {
		fmt.Fprintf(stderr, "elicit: %v (set --domains or PARLEY_DOMAINS)\n", err)
		return 1
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		s, _, err := genius.ReadDir(filepath.Join(*domains, e.Name()))
		if err != nil {
			fmt.Fprintf(stderr, "elicit: %s: %v\n", e.Name(), err)
			continue
		}
		ts = append(ts, target{e.Name(), s})
	}
	keep := strings.Split(*only, ",")
	fmt.Fprintf(stdout, "seeds 1-%d, at most %d questions per party, noise %g\n", *seeds, *maxQ, *noise)
	// One Markdown table row per scenario, printed as soon as it is measured.
	tw := stdout
	fmt.Fprintln(tw, "| scenario | outcomes | runs | questions per party, mean | largest | runs with the true zone in <= 20 per party | random baseline per party, mean | ratio | time per run |")
	fmt.Fprintln(tw, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, t := range ts {
		if *only != "" && !slices.Contains(keep, t.name) {
			continue
		}
		n := t.s.Size()
		if len(t.s.Deciders()) != 2 {
			fmt.Fprintf(tw, "| %s | %s | skipped: %d parties | | | | | | |\n", t.name, n, len(t.s.Deciders()))
			continue
		}
		if !n.IsInt64() || n.Int64() > *maxOut {
			fmt.Fprintf(tw, "| %s | %s | skipped: over --max-outcomes | | | | | | |\n", t.name, n)
			continue
		}
		var q, b, most, ok, runs int
		capped := false
		start := time.Now()
		for seed := 1; seed <= *seeds; seed++ {
			res, err := analysis.Simulate(t.s, analysis.SimOptions{Seed: uint64(seed), Noise: *noise, MaxQuestions: *maxQ})
			if err != nil {
				fmt.Fprintf(tw, "| %s | %s | not run: %v | | | | | | |\n", t.name, n, err)
				runs = 0
				break
			}
			runs++
			within := res.ZoneEqual
			for _, p := range res.Parties {
				q += p.Questions
				b += p.BaselineQuestions
				most = max(most, p.Questions)
				capped = capped || !p.BaselineSettled
				within = within && p.Settled && p.Questions <= 20
			}
			if within {
				ok++
			}
		}
		if runs == 0 {
			continue
		}
		per := float64(runs * 2)
		ge := ""
		if capped {
			ge = ">="
		}
		fmt.Fprintf(tw, "| %s | %s | %d | %.1f | %d | %d%% | %s%.1f | %s%.1fx | %s |\n", t.name, n, runs, float64(q)/per, most,
			100*ok/runs, ge, float64(b)/per, ge, float64(b)/float64(max(q, 1)), (time.Since(start) / time.Duration(runs)).Round(time.Millisecond))
	}
	return 0
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
