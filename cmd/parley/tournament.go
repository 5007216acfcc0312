package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"parley"
	"parley/negotiate"
)

const tournamentSynopsis = `tournament [flags] SCENARIO...

Runs every combination of agents, scenarios, role swaps and repetitions: for a scenario of
k negotiating parties, the agents play k at a time (without repeating an agent, unless there
are fewer agents than parties or --self-play is given) in every assignment of agents to
parties. Negotiations run in
parallel over the cores; results stream to --csv (one row per negotiation and party) and
--json (JSON lines, one object per negotiation) in the tournament's order, so the same seed
gives the same files, byte for byte. The summary table gives each agent's agreement rate,
mean utility and distances to the Pareto frontier and the Nash point, and the mean social
welfare and rounds used.

SCENARIO is a parley YAML file, a GENIUS or GeniusWeb scenario folder, or example:NAME.

Agents: AGENT or AGENT:PARAM=VALUE[:PARAM=VALUE], comma-separated:
%s

Flags:`

func runTournament(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tournament", fmt.Sprintf(tournamentSynopsis, agentHelp()), stderr)
	df := addDeadlineFlags(fs, "agents taking part, comma-separated: `list` such as boulware,conceder,tft")
	reps := fs.Int("reps", 1, "repetitions of every combination")
	csvFile := fs.String("csv", "", "write the results as CSV into `file`")
	jsonFile := fs.String("json", "", "write the results as JSON lines into `file`")
	workers := fs.Int("workers", 0, "negotiations run at once (0: one per core)")
	selfPlay := fs.Bool("self-play", false, "let agents also play against themselves")
	quiet := fs.Bool("quiet", false, "show no progress bar on a terminal")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "parley tournament: give at least one scenario (a YAML file, a GENIUS or GeniusWeb folder, or example:NAME)")
		return 2
	}
	specs, cfg, mediated, err := df.config()
	if err != nil {
		return fail(stderr, "tournament", err)
	}
	if *reps <= 0 {
		return fail(stderr, "tournament", parley.Errorf(parley.EINVALID, "--reps %d: give a positive number of repetitions", *reps))
	}
	if *workers < 0 {
		return fail(stderr, "tournament", parley.Errorf(parley.EINVALID, "--workers %d: give 0 (one per core) or more", *workers))
	}
	t := &negotiate.Tournament{Agents: specs, Reps: *reps, Config: cfg, Mediated: mediated, Workers: *workers, SelfPlay: *selfPlay}
	used := map[string]int{}
	for _, path := range pos {
		s, err := loadScenario(path, stderr)
		if err != nil {
			return fail(stderr, "tournament", err)
		}
		d, _, m, err := prepare("tournament", s, stderr)
		if err != nil {
			return fail(stderr, "tournament", fmt.Errorf("%s: %w", path, err))
		}
		name := scenarioName(path)
		used[name]++
		if used[name] > 1 {
			name = fmt.Sprintf("%s#%d", name, used[name])
		}
		t.Scenarios = append(t.Scenarios, negotiate.Entry{Name: name, Domain: d, Metrics: m})
	}
	total, err := t.Size()
	if err != nil {
		return fail(stderr, "tournament", err)
	}
	var writers []func(*negotiate.Record) error
	var flushers []func() error
	for _, out := range []struct {
		file string
		csv  bool
	}{{*csvFile, true}, {*jsonFile, false}} {
		if out.file == "" {
			continue
		}
		f, err := os.Create(out.file)
		if err != nil {
			return fail(stderr, "tournament", &parley.Error{Code: parley.EINVALID, File: out.file, Message: "cannot write the results: " + err.Error()})
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<16)
		if out.csv {
			w := negotiate.NewCSVWriter(bw, t)
			writers = append(writers, w.Write)
			flushers = append(flushers, w.Flush)
		} else {
			writers = append(writers, negotiate.NewJSONWriter(bw, t).Write)
		}
		flushers = append(flushers, bw.Flush, f.Close)
	}
	var bar *progressBar
	if f, ok := stderr.(*os.File); ok && !*quiet && term.IsTerminal(int(f.Fd())) {
		bar = &progressBar{w: stderr, start: time.Now()}
	}
	sum, err := t.Run(ctx, func(r *negotiate.Record) error {
		for _, w := range writers {
			if err := w(r); err != nil {
				return err
			}
		}
		return nil
	}, bar.update)
	bar.finish()
	for _, f := range flushers {
		if ferr := f(); ferr != nil && err == nil {
			err = ferr
		}
	}
	if err != nil {
		return fail(stderr, "tournament", err)
	}
	fmt.Fprintf(stdout, "%d scenario(s), %d agent(s), %d repetition(s), %d negotiations (%s, deadline %s, seed %d)\n\n",
		len(t.Scenarios), len(specs), *reps, total, protocolText(*df.protocol, cfg.Rules), deadlineText(cfg), cfg.Seed)
	if err := sum.WriteTable(stdout); err != nil {
		return fail(stderr, "tournament", err)
	}
	return 0
}

// protocolText names the protocol and, when not parley's, the rules.
func protocolText(protocol string, r negotiate.Rules) string {
	if r == negotiate.RulesGenius {
		return protocol + ", GENIUS rules"
	}
	return protocol
}

func deadlineText(cfg negotiate.Config) string {
	switch {
	case cfg.Rounds > 0 && cfg.Time > 0:
		return fmt.Sprintf("%d rounds or %v", cfg.Rounds, cfg.Time)
	case cfg.Rounds > 0:
		return fmt.Sprintf("%d rounds", cfg.Rounds)
	}
	return cfg.Time.String()
}

// scenarioName names a scenario in results after its argument: example:NAME gives NAME, a
// file or folder its base name without extension.
func scenarioName(path string) string {
	if name, ok := strings.CutPrefix(path, examplePrefix); ok {
		return name
	}
	base := filepath.Base(filepath.Clean(path))
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// progressBar draws a one-line progress bar on a terminal. A nil bar draws nothing.
type progressBar struct {
	w     io.Writer
	start time.Time
	last  time.Time
	drawn bool
}

func (p *progressBar) update(done, total int) {
	if p == nil {
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	const width = 30
	frac := float64(done) / float64(max(1, total))
	n := int(frac * width)
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(done) / max(elapsed, 1e-9)
	eta := ""
	if done < total && rate > 0 {
		eta = fmt.Sprintf(", %s left", time.Duration(float64(total-done)/rate*float64(time.Second)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %d/%d, %.0f/s%s   ", strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*frac, done, total, rate, eta)
}

func (p *progressBar) finish() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
