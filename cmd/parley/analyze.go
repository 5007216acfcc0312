package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"strings"

	"parley"
	"parley/analysis"
	"parley/report"
)

const analyzeSynopsis = `analyze [flags] SCENARIO

Analyses a negotiation scenario: the outcome space, the acceptable outcomes (the zone of
possible agreement), the Pareto frontier, the Nash, Kalai-Smorodinsky, egalitarian and
utilitarian bargaining points, the agreement range of each issue and, when nothing is
acceptable, which red lines and reservation values conflict.

SCENARIO is a parley YAML file, a folder holding a GENIUS domain file and one profile file
per party, a GeniusWeb scenario folder, or example:NAME for an example shipped with parley
(example:peace-talks, example:labour-contract, ...; see 'parley examples').

Flags:`

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("analyze", analyzeSynopsis, stderr)
	asJSON := fs.Bool("json", false, "print the analysis as JSON")
	svg := fs.String("svg", "", "draw the utility space into this SVG `file`")
	example := fs.String("example", "", "analyse the shipped example `name` instead of a file")
	workers := fs.Int("workers", 0, "parallel workers (0: one per core)")
	quiet := fs.Bool("quiet", false, "show no progress on a terminal")
	approx := fs.Bool("approximate", false, "when no exact method fits the space, estimate the frontier by a seeded local search, labelled as an approximation")
	seed := fs.Uint64("seed", 1, "seed of --approximate: the same seed gives the same result")
	maxWork := fs.Float64("max-work", 0, "work budget of the exact methods, in outcome evaluations (0: the default, "+analysisDefaultWork+"); raise it when a refusal says how much would do")
	jsonl := fs.String("frontier-jsonl", "", "also write every Pareto-optimal outcome to this `file` as JSON lines, one point a line (at most 10,000,000)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if *example != "" {
		pos = append(pos, examplePrefix+*example)
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "parley analyze: give exactly one scenario (a YAML file, a GENIUS or GeniusWeb folder, or --example NAME)")
		fs.Usage()
		return 2
	}
	if *workers < 0 {
		fmt.Fprintln(stderr, "parley analyze: --workers must be 0 (one per core) or more")
		return 2
	}
	s, err := loadScenario(pos[0], stderr)
	if err != nil {
		return fail(stderr, "analyze", err)
	}
	if *maxWork < 0 || math.IsNaN(*maxWork) || math.IsInf(*maxWork, 0) {
		fmt.Fprintln(stderr, "parley analyze: --max-work must be 0 (the default) or a positive number of outcome evaluations, such as 1e10")
		return 2
	}
	// The garbage collector's default lets the heap reach twice the live data; the points
	// built while --json and --frontier-jsonl stream a frontier of long outcomes are garbage
	// at once, so a soft limit keeps the peak near the live data.
	restore, _ := setMemoryLimit("analyze", defaultMemoryLimitMiB, stderr)
	defer restore()
	opt := analysis.Options{Workers: *workers, MaxWork: *maxWork, KeepFrontier: *jsonl != ""}
	if partial(s) {
		return analyzeUncertain(pos[0], s, opt, *asJSON, *svg != "", stdout, stderr)
	}
	prog := newProgress(stderr, *quiet)
	if prog != nil {
		opt.Progress = prog.update
	}
	res, err := analysis.Analyze(s, opt)
	if *approx && errors.Is(err, analysis.ErrNoExactMethod) {
		fmt.Fprintf(stderr, "parley analyze: %v\nparley analyze: approximating with seed %d, as --approximate asks\n", err, *seed)
		aopt := opt
		aopt.MaxWork = 0 // --max-work budgets the exact methods; the estimate keeps its own
		res, err = analysis.Approximate(s, aopt, *seed)
	}
	prog.finish()
	if errors.Is(err, analysis.ErrNoExactMethod) {
		code := fail(stderr, "analyze", err)
		fmt.Fprintln(stderr, "parley analyze: add --approximate for a seeded estimate of the frontier, labelled as such")
		if need, ok := analysis.NeededWork(err); ok {
			fmt.Fprintf(stderr, "parley analyze: or --max-work %.2g to let the exact method run (its estimated work: %s, in the units of --max-work)\n", need*1.01, analysis.FormatCount(bigOf(need)))
		}
		return code
	}
	if err != nil {
		return fail(stderr, "analyze", err)
	}
	if *jsonl != "" {
		if err := writeFrontierJSONL(*jsonl, s, res, stderr); err != nil {
			return fail(stderr, "analyze", err)
		}
	}
	if *svg != "" {
		var buf bytes.Buffer
		if err := report.SVG(&buf, s, res); err != nil {
			return fail(stderr, "analyze", err)
		}
		if err := os.WriteFile(*svg, buf.Bytes(), 0o644); err != nil {
			return fail(stderr, "analyze", &parley.Error{Code: parley.EINVALID, File: *svg, Message: "cannot write the drawing: " + err.Error()})
		}
	}
	if *asJSON {
		if err := report.WriteJSON(stdout, s, res); err != nil {
			return fail(stderr, "analyze", err)
		}
		return 0
	}
	if err := report.Text(stdout, s, res); err != nil {
		return fail(stderr, "analyze", err)
	}
	return 0
}

// analyzeUncertain analyses a scenario in which some party's profile is partial.
func analyzeUncertain(name string, s *parley.Scenario, opt analysis.Options, asJSON, svg bool, stdout, stderr io.Writer) int {
	if svg {
		fmt.Fprintln(stderr, "parley analyze: --svg draws full profiles only; leave it out for a scenario with statements")
		return 2
	}
	res, err := analysis.AnalyzeUncertain(s, opt)
	if err != nil {
		var ce *analysis.ConflictError
		if errors.As(err, &ce) {
			var idx []string
			for _, j := range ce.Statements {
				idx = append(idx, fmt.Sprint(j))
			}
			fmt.Fprintf(stderr, "parley analyze: %s: parties[%d].profile.statements[%s]: %s\n", name, ce.Party, strings.Join(idx, ","), ce.Text)
			return 2
		}
		return fail(stderr, "analyze", err)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(newUncertainDoc(s, res)); err != nil {
			return fail(stderr, "analyze", err)
		}
		return 0
	}
	if err := printUncertain(stdout, s, res); err != nil {
		return fail(stderr, "analyze", err)
	}
	return 0
}

// analysisDefaultWork is analysis.DefaultMaxWork in words, for --help.
var analysisDefaultWork = analysis.FormatCount(bigOf(analysis.DefaultMaxWork))

func bigOf(x float64) *big.Int {
	n, _ := big.NewFloat(x).Int(nil)
	return n
}

// maxJSONL is the most lines --frontier-jsonl writes.
const maxJSONL = 10_000_000

// writeFrontierJSONL writes the frontier of res to the file at path as JSON lines.
func writeFrontierJSONL(path string, s *parley.Scenario, res *analysis.Result, stderr io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return &parley.Error{Code: parley.EINVALID, File: path, Message: "cannot write the frontier (--frontier-jsonl): " + err.Error()}
	}
	n, err := report.WriteFrontierJSONL(f, s, res, maxJSONL)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &parley.Error{Code: parley.EINVALID, File: path, Message: "cannot write the frontier (--frontier-jsonl): " + err.Error()}
	}
	if res.ParetoCount != nil && res.ParetoCount.Cmp(big.NewInt(n)) > 0 {
		fmt.Fprintf(stderr, "parley analyze: %s holds %s of the %s Pareto-optimal outcomes (--frontier-jsonl stops at %s)\n",
			path, analysis.FormatCount(big.NewInt(n)), analysis.FormatCount(res.ParetoCount), analysis.FormatCount(big.NewInt(maxJSONL)))
	}
	return nil
}
