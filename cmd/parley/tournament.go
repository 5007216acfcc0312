package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"parley"
	"parley/negotiate"
)

const tournamentSynopsis = `tournament [flags] SCENARIO...
       parley tournament [flags] SPEC.yaml [--shard I/N|auto --out DIR]
       parley tournament merge [--csv FILE] [--json FILE] SHARD...

Runs every combination of agents, scenarios, role swaps and repetitions: for a scenario of
k negotiating parties, the agents play k at a time (without repeating an agent, unless there
are fewer agents than parties or --self-play is given) in every assignment of agents to
parties. Negotiations run in
parallel over the cores; results stream to --csv (one row per negotiation and party) and
--json (JSON lines, one object per negotiation) in the tournament's order, so the same seed
gives the same files, byte for byte. The summary table gives each agent's agreement rate,
mean utility, distances to the Pareto frontier and the Nash point and ANL advantage, and
the mean social welfare, rounds used, ANL distances (Kalai, Kalai-Smorodinsky) and GENIUS's
session metrics (see docs/agents.md). --rules genius replays GENIUS 10.4's negotiations.

SCENARIO is a parley YAML file, a GENIUS or GeniusWeb scenario folder, or example:NAME.

A tournament spec (a YAML file with domains, agents, rules, protocol, repetitions, seed,
deadline and self_play; see docs/scale.md) replaces the scenarios and the flags that set
them. With --shard I/N, one of N processes runs the I-th slice (from 0) of the spec's
negotiations and writes it into --out as shard-I-of-N.jsonl; --shard auto takes I from
JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (a Slurm job array)
and N from --shards, PARLEY_SHARDS or SLURM_ARRAY_TASK_COUNT. "parley tournament merge"
checks that the shards are all N shards of one spec and writes exactly the CSV, JSON lines
and summary one process would have.

Agents: AGENT or AGENT:PARAM=VALUE[:PARAM=VALUE], comma-separated:
%s

Mediator strategies (--protocol mediated --mediator NAME or NAME:PARAM=VALUE; a tournament
takes several, comma-separated, and compares them):
%s

Flags:`

// tournamentFlags are parley tournament's flags.
type tournamentFlags struct {
	df                       deadlineFlags
	reps, workers, shards    *int
	csv, json, shard, outDir *string
	selfPlay, quiet          *bool
	set                      map[string]bool // the flags given
}

func runTournament(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "merge" {
		return runTournamentMerge(args[1:], stdout, stderr)
	}
	fs := newFlagSet("tournament", fmt.Sprintf(tournamentSynopsis, agentHelp(), mediatorHelp()), stderr)
	tf := &tournamentFlags{df: addDeadlineFlags(fs, "agents taking part, comma-separated: `list` such as boulware,conceder,tft")}
	tf.reps = fs.Int("reps", 1, "repetitions of every combination")
	tf.csv = fs.String("csv", "", "write the results as CSV into `file`")
	tf.json = fs.String("json", "", "write the results as JSON lines into `file`")
	tf.workers = fs.Int("workers", 0, "negotiations run at once (0: one per core)")
	tf.selfPlay = fs.Bool("self-play", false, "let agents also play against themselves")
	tf.quiet = fs.Bool("quiet", false, "show no progress bar on a terminal")
	tf.shard = fs.String("shard", "", "with a spec: run only shard `I/N` (I from 0), or auto (from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)")
	tf.shards = fs.Int("shards", 0, "with --shard auto: the number of shards (default PARLEY_SHARDS or SLURM_ARRAY_TASK_COUNT)")
	tf.outDir = fs.String("out", ".", "with --shard: the `folder` the shard file is written into")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "parley tournament: give at least one scenario (a YAML file, a GENIUS or GeniusWeb folder, or example:NAME) or a tournament spec")
		return 2
	}
	tf.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { tf.set[f.Name] = true })
	if err := tf.run(ctx, pos, stdout, stderr); err != nil {
		return fail(stderr, "tournament", err)
	}
	return 0
}

// run builds the tournament of a spec or of the scenarios given, and runs it.
func (tf *tournamentFlags) run(ctx context.Context, pos []string, stdout, stderr io.Writer) error {
	var sp *tournamentSpec
	var specHash string
	if len(pos) == 1 {
		var err error
		if sp, specHash, err = readSpecFile(pos[0]); err != nil {
			return err
		}
	}
	var t *negotiate.Tournament
	var protocol string
	var err error
	if sp != nil {
		t, specHash, err = tf.fromSpec(sp, specHash, pos[0], stderr)
		protocol = sp.Protocol
	} else {
		t, err = tf.fromArgs(pos, stderr)
		protocol = *tf.df.protocol
	}
	if err != nil {
		return err
	}
	if *tf.workers < 0 {
		return parley.Errorf(parley.EINVALID, "--workers %d: give 0 (one per core) or more", *tf.workers)
	}
	t.Workers = *tf.workers
	total, err := t.Size()
	if err != nil {
		return err
	}
	if t.Mediated {
		ms := []*negotiate.MediatorSpec(nil)
		if sp != nil {
			ms = sp.Mediators
		} else if ms, err = tf.df.mediators(); err != nil {
			return err
		}
		if len(ms) > 1 {
			return tf.compare(ctx, t, ms, total, stdout)
		}
		t.Config.Mediator = ms[0]
		protocol += " " + ms[0].String()
	}
	title := fmt.Sprintf("%d scenario(s), %d agent(s), %d repetition(s), %d negotiations (%s, deadline %s, seed %d)",
		len(t.Scenarios), len(t.Agents), t.Reps, total, protocolText(protocol, t.Config.Rules), deadlineText(t.Config), t.Config.Seed)
	bar := newProgress(stderr, *tf.quiet)
	if *tf.shard != "" {
		return tf.runShard(ctx, t, specHash, title, total, bar, stdout)
	}
	sum, err := tf.runAll(ctx, t, bar)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n\n", title)
	return sum.WriteTable(stdout)
}

// fromSpec is the tournament of a spec, with the hash that identifies it to its shards:
// the spec's and what each scenario is, not where it was read from.
func (tf *tournamentFlags) fromSpec(sp *tournamentSpec, specHash, file string, stderr io.Writer) (*negotiate.Tournament, string, error) {
	for _, name := range []string{"agents", "rounds", "time", "seed", "protocol", "mediator", "rules", "reps", "self-play"} {
		if tf.set[name] {
			return nil, "", parley.Errorf(parley.EINVALID, "--%s: %s is a tournament spec, which sets it; edit the spec instead", name, file)
		}
	}
	t := &negotiate.Tournament{Agents: sp.Agents, Reps: sp.Reps, Config: sp.config(), Mediated: sp.Protocol == "mediated", SelfPlay: sp.SelfPlay}
	h := sha256.New()
	h.Write([]byte(specHash))
	used := map[string]int{}
	for _, dom := range sp.Domains {
		s, err := loadScenario(dom.Path, stderr)
		if err != nil {
			return nil, "", fmt.Errorf("%s:%d: domains: %w", sp.File, dom.Line, err)
		}
		d, _, m, err := prepare("tournament", s, stderr)
		if err != nil {
			return nil, "", fmt.Errorf("%s:%d: domains: %s: %w", sp.File, dom.Line, dom.Path, err)
		}
		name := dom.Name
		if name == "" {
			name = scenarioName(dom.Path)
		}
		name = uniqueName(used, name)
		t.Scenarios = append(t.Scenarios, negotiate.Entry{Name: name, Domain: d, Metrics: m})
		b, err := json.Marshal(s)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(h, "\n%s\n%d\n", name, len(b))
		h.Write(b)
	}
	return t, "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// fromArgs is the tournament of the scenarios given, with the flags' agents and deadline.
func (tf *tournamentFlags) fromArgs(pos []string, stderr io.Writer) (*negotiate.Tournament, error) {
	if *tf.shard != "" {
		return nil, parley.Errorf(parley.EINVALID, "--shard runs a slice of a tournament spec; give one spec file (see docs/scale.md)")
	}
	specs, cfg, mediated, err := tf.df.config()
	if err != nil {
		return nil, err
	}
	if *tf.reps <= 0 {
		return nil, parley.Errorf(parley.EINVALID, "--reps %d: give a positive number of repetitions", *tf.reps)
	}
	t := &negotiate.Tournament{Agents: specs, Reps: *tf.reps, Config: cfg, Mediated: mediated, SelfPlay: *tf.selfPlay}
	used := map[string]int{}
	for _, path := range pos {
		s, err := loadScenario(path, stderr)
		if err != nil {
			return nil, err
		}
		d, _, m, err := prepare("tournament", s, stderr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t.Scenarios = append(t.Scenarios, negotiate.Entry{Name: uniqueName(used, scenarioName(path)), Domain: d, Metrics: m})
	}
	return t, nil
}

// uniqueName returns name, or name#2, name#3, ... when used has seen it before.
func uniqueName(used map[string]int, name string) string {
	used[name]++
	if used[name] > 1 {
		return fmt.Sprintf("%s#%d", name, used[name])
	}
	return name
}

// compare runs the tournament once per mediator strategy and compares them.
func (tf *tournamentFlags) compare(ctx context.Context, t *negotiate.Tournament, ms []*negotiate.MediatorSpec, total int, stdout io.Writer) error {
	if *tf.shard != "" || *tf.csv != "" || *tf.json != "" {
		return parley.Errorf(parley.EINVALID, "several mediator strategies: --csv, --json and --shard take one; run one tournament per strategy")
	}
	fmt.Fprintf(stdout, "%d scenario(s), %d agent(s), %d repetition(s), %d negotiations per mediator (mediated, deadline %s, seed %d)\n\n",
		len(t.Scenarios), len(t.Agents), t.Reps, total, deadlineText(t.Config), t.Config.Seed)
	return compareMediators(ctx, t, ms, stdout)
}

// runShard runs one shard of the tournament into its file.
func (tf *tournamentFlags) runShard(ctx context.Context, t *negotiate.Tournament, specHash, title string, total int, bar *progress, stdout io.Writer) error {
	if *tf.csv != "" || *tf.json != "" {
		return parley.Errorf(parley.EINVALID, "--csv and --json are written by parley tournament merge, from the shards; a shard writes its own file into --out")
	}
	i, n, err := parseShard(*tf.shard, *tf.shards, tf.set["shards"])
	if err != nil {
		return err
	}
	path, err := writeShardFile(ctx, t, *tf.outDir, specHash, title, i, n, bar.count)
	bar.finish()
	if err != nil {
		return err
	}
	first, end := negotiate.ShardRange(total, i, n)
	fmt.Fprintf(stdout, "shard %d of %d: negotiations %d to %d of %d written to %s\n", i, n, first+1, end, total, path)
	return nil
}

// runAll runs the whole tournament, writing its records into the --csv and --json files.
func (tf *tournamentFlags) runAll(ctx context.Context, t *negotiate.Tournament, bar *progress) (*negotiate.Summary, error) {
	var writers []func(*negotiate.Record) error
	var flushers []func() error
	for _, out := range []struct {
		file string
		csv  bool
	}{{*tf.csv, true}, {*tf.json, false}} {
		if out.file == "" {
			continue
		}
		f, err := os.Create(out.file)
		if err != nil {
			return nil, &parley.Error{Code: parley.EINVALID, File: out.file, Message: "cannot write the results: " + err.Error()}
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
	sum, err := t.Run(ctx, func(r *negotiate.Record) error {
		for _, w := range writers {
			if err := w(r); err != nil {
				return err
			}
		}
		return nil
	}, bar.count)
	bar.finish()
	for _, f := range flushers {
		if ferr := f(); ferr != nil && err == nil {
			err = ferr
		}
	}
	return sum, err
}

// readSpecFile reads path as a tournament spec. It returns nil, without error, when path is
// not a spec (a scenario file or folder); the hash returned covers the spec's bytes.
func readSpecFile(path string) (*tournamentSpec, string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
	default:
		return nil, "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil || !isTournamentSpec(data) {
		return nil, "", nil // loadScenario says what is wrong with it
	}
	sp, err := parseTournamentSpec(path, data)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return sp, hex.EncodeToString(sum[:]), nil
}

// parseShard parses --shard: I/N, auto or auto/N. With auto, the index comes from
// JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array),
// the count from --shards, PARLEY_SHARDS or SLURM_ARRAY_TASK_COUNT.
func parseShard(v string, shards int, shardsSet bool) (int, int, error) {
	bad := func(format string, args ...any) (int, int, error) {
		return 0, 0, parley.Errorf(parley.EINVALID, "--shard %s: "+format, append([]any{v}, args...)...)
	}
	is, ns, hasN := strings.Cut(v, "/")
	var i, n int
	var err error
	if is == "auto" {
		src := ""
		for _, env := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"} {
			if x := os.Getenv(env); x != "" {
				src = env
				if i, err = strconv.Atoi(x); err != nil {
					return bad("%s=%q is not a whole number", env, x)
				}
				break
			}
		}
		if src == "" {
			return bad("neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm job array) is set; give --shard I/N")
		}
		if !hasN {
			switch {
			case shardsSet:
				n = shards
			case os.Getenv("PARLEY_SHARDS") != "":
				if n, err = strconv.Atoi(os.Getenv("PARLEY_SHARDS")); err != nil {
					return bad("PARLEY_SHARDS=%q is not a whole number", os.Getenv("PARLEY_SHARDS"))
				}
			case os.Getenv("SLURM_ARRAY_TASK_COUNT") != "" && src == "SLURM_ARRAY_TASK_ID":
				if n, err = strconv.Atoi(os.Getenv("SLURM_ARRAY_TASK_COUNT")); err != nil {
					return bad("SLURM_ARRAY_TASK_COUNT=%q is not a whole number", os.Getenv("SLURM_ARRAY_TASK_COUNT"))
				}
			default:
				return bad("the number of shards is unknown; give --shards N, --shard auto/N or set PARLEY_SHARDS")
			}
		}
	} else {
		if !hasN {
			return bad("give I/N, such as 0/4 (I from 0 to N-1), or auto")
		}
		if i, err = strconv.Atoi(is); err != nil {
			return bad("%q is not a whole number", is)
		}
	}
	if hasN {
		if n, err = strconv.Atoi(ns); err != nil {
			return bad("%q is not a whole number", ns)
		}
	}
	if err := negotiate.CheckShard(i, n); err != nil {
		return bad("%s", messageOf(err))
	}
	return i, n, nil
}

// shardFileName is the name of shard i of n.
func shardFileName(i, n int) string { return fmt.Sprintf("shard-%05d-of-%05d.jsonl", i, n) }

// writeShardFile runs shard i of n into dir, atomically: a shard that was run again
// replaces the earlier file with the same bytes, and an interrupted run leaves none.
func writeShardFile(ctx context.Context, t *negotiate.Tournament, dir, spec, title string, i, n int, progress func(done, total int)) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &parley.Error{Code: parley.EINVALID, File: dir, Message: "cannot create the folder: " + err.Error()}
	}
	path := filepath.Join(dir, shardFileName(i, n))
	tmp, err := os.CreateTemp(dir, ".shard-*.tmp")
	if err != nil {
		return "", &parley.Error{Code: parley.EINVALID, File: dir, Message: "cannot write the shard: " + err.Error()}
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	_, err = t.WriteShard(ctx, bw, spec, title, i, n, progress)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return "", err
	}
	return path, nil
}

const mergeSynopsis = `tournament merge [--csv FILE] [--json FILE] SHARD...

Merges the shard files written by "parley tournament SPEC --shard I/N" (a SHARD may be a
folder: its shard-*.jsonl files). It checks that they are all N shards of one spec, each
once, and writes the CSV, JSON lines and summary one process would have written, byte for
byte, reading one shard at a time.

Flags:`

func runTournamentMerge(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tournament merge", mergeSynopsis, stderr)
	csvFile := fs.String("csv", "", "write the results as CSV into `file`")
	jsonFile := fs.String("json", "", "write the results as JSON lines into `file`")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "parley tournament merge: give the shard files (or folders of them)")
		return 2
	}
	var shards []negotiate.ShardFile
	for _, p := range pos {
		fi, err := os.Stat(p)
		if err != nil {
			return fail(stderr, "tournament merge", &parley.Error{Code: parley.EINVALID, File: p, Message: "no such shard file or folder"})
		}
		files := []string{p}
		if fi.IsDir() {
			if files, err = filepath.Glob(filepath.Join(p, "shard-*.jsonl")); err != nil || len(files) == 0 {
				return fail(stderr, "tournament merge", &parley.Error{Code: parley.EINVALID, File: p, Message: "no shard-*.jsonl files in the folder"})
			}
		}
		for _, f := range files {
			shards = append(shards, negotiate.ShardFile{Name: f, Open: func() (io.ReadCloser, error) { return os.Open(f) }})
		}
	}
	var outs []*os.File
	var bws []*bufio.Writer
	open := func(name string) (io.Writer, error) {
		if name == "" {
			return nil, nil
		}
		f, err := os.Create(name)
		if err != nil {
			return nil, &parley.Error{Code: parley.EINVALID, File: name, Message: "cannot write the results: " + err.Error()}
		}
		outs = append(outs, f)
		bw := bufio.NewWriterSize(f, 1<<16)
		bws = append(bws, bw)
		return bw, nil
	}
	defer func() {
		for _, f := range outs {
			f.Close()
		}
	}()
	cw, err := open(*csvFile)
	if err != nil {
		return fail(stderr, "tournament merge", err)
	}
	jw, err := open(*jsonFile)
	if err != nil {
		return fail(stderr, "tournament merge", err)
	}
	var csvw, jsonw io.Writer
	if cw != nil {
		csvw = cw
	}
	if jw != nil {
		jsonw = jw
	}
	sum, title, err := negotiate.MergeShards(shards, csvw, jsonw)
	for _, bw := range bws {
		if ferr := bw.Flush(); ferr != nil && err == nil {
			err = ferr
		}
	}
	for _, f := range outs {
		if ferr := f.Close(); ferr != nil && err == nil {
			err = ferr
		}
	}
	outs = nil
	if err != nil {
		return fail(stderr, "tournament merge", err)
	}
	fmt.Fprintf(stdout, "%s\n\n", title)
	if err := sum.WriteTable(stdout); err != nil {
		return fail(stderr, "tournament merge", err)
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
