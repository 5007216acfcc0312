// Command scale measures the analysis at the sizes where it used to break: many issues
// with --json (and --frontier-jsonl), red lines that link issues, many parties, refusals,
// counting with binding reservation values. The shapes with --json run under the soft memory
// limit parley analyze sets (200 MiB). Each shape runs in a process of its own, so that its
// peak memory is its own; the table gives the wall time, the CPU time, the peak RSS, the frontier and the
// time per frontier point, beside the target and the machine's load average.
//
// Usage:
//
//	go run ./bench/scale [--shapes name,name] [--workers 2]
//	go run ./bench/scale --shape 2x400-json --yaml s.yaml   # the scenario, for parley analyze
//
// It imports analysis, report and scenario, never storage, transport or the CLI; the API's
// analytics on a shape's workspace are measured by api_memory.sh beside it, on a real
// parley serve.
//
// The scenarios are synthetic and seeded: option issues of 10 values (5 for the many-party
// shapes), random additive profiles (weights and values uniform), red lines as named. The
// frontier of a draw varies widely: at 5 parties x 12 issues x 10 values, seeds give from
// 117,000 to 267,000 points (5x12-v10 and 5x12-v10-s3, the issue's 200,000-point case).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"parley"
	"parley/analysis"
	"parley/internal/synth"
	"parley/report"
	"parley/scenario"
)

type shape struct {
	name     string
	parties  int
	issues   int
	values   int
	lines    [][]int // issues of each `not (a and b and c)` red line, each forbidding one combination
	lineKind string  // "hit": the forbidden combinations are those of frontier outcomes
	res      float64 // every party's reservation value
	json     bool    // write the --json document (to /dev/null)
	jsonl    bool    // and every frontier point as JSON lines, as --frontier-jsonl does
	approx   bool    // approximate when refused, as --approximate does
	target   string
	maxWork  float64
	seed     uint64 // added to the random generator's seed (0: the shape's usual draw)
}

var shapes = []shape{
	{name: "2x200-json", parties: 2, issues: 200, values: 10, json: true, target: "peak < 300 MiB"},
	{name: "2x400-json", parties: 2, issues: 400, values: 10, json: true, target: "peak < 300 MiB"},
	{name: "3x40-json", parties: 3, issues: 40, values: 10, json: true, target: "peak < 300 MiB"},
	{name: "2x400-jsonl", parties: 2, issues: 400, values: 10, json: true, jsonl: true, target: "peak < 300 MiB"},
	{name: "3x40-jsonl", parties: 3, issues: 40, values: 10, json: true, jsonl: true, target: "peak < 300 MiB"},
	{name: "3x10-plain", parties: 3, issues: 10, values: 10, target: "(reference)"},
	{name: "3x10-3lines", parties: 3, issues: 10, values: 10, lines: [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}, target: "< 1 s, < 3x plain"},
	{name: "3x10-3lines-hit", parties: 3, issues: 10, values: 10, lines: [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}, lineKind: "hit", target: "< 1 s, < 3x plain"},
	{name: "3x12-plain", parties: 3, issues: 12, values: 10, target: "(reference)"},
	{name: "3x12-6lines", parties: 3, issues: 12, values: 10, lines: [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}, {6, 7, 8}, {8, 9, 10}, {10, 11, 0}}, target: "< 2 s, < 3x plain"},
	{name: "3x12-6lines-hit", parties: 3, issues: 12, values: 10, lines: [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}, {6, 7, 8}, {8, 9, 10}, {10, 11, 0}}, lineKind: "hit", target: "< 2 s, < 3x plain"},
	{name: "4x10", parties: 4, issues: 10, values: 5, target: "< 0.5 s"},
	{name: "5x10", parties: 5, issues: 10, values: 5, target: "(time per point)"},
	{name: "5x12", parties: 5, issues: 12, values: 5, target: "< 3 s"},
	{name: "4x10-v10", parties: 4, issues: 10, values: 10, target: "< 0.5 s"},
	{name: "5x12-v10", parties: 5, issues: 12, values: 10, target: "< 3 s"},
	{name: "5x12-v12", parties: 5, issues: 12, values: 12, target: "(time per point: 382,529 points)"},
	{name: "5x12-v10-s3", parties: 5, issues: 12, values: 10, seed: 3, target: "< 3 s (266,828 points)"},
	{name: "3x40-plain", parties: 3, issues: 40, values: 10, target: "(reference)"},
	{name: "3x40-lines", parties: 3, issues: 40, values: 10, lines: [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}, target: "finish, or refuse < 1 s"},
	{name: "3x40-lines-approx", parties: 3, issues: 40, values: 10, lines: [][]int{{0, 1, 2}, {2, 3, 4}, {4, 5, 6}}, approx: true, target: "--approximate never fails"},
	{name: "2x100-api", parties: 2, issues: 100, values: 10, target: "(the API's analytics)"},
	{name: "3x20-api", parties: 3, issues: 20, values: 10, target: "(the API's analytics)"},
	{name: "4x12-count", parties: 4, issues: 12, values: 10, res: 0.5, target: "guaranteed bounds (4 deciders)"},
	{name: "5x12-count", parties: 5, issues: 12, values: 5, res: 0.5, target: "guaranteed bounds (5 deciders)"},
	{name: "2x100-count", parties: 2, issues: 100, values: 10, res: 0.55, target: "exact count, or guaranteed bounds, < 1 s"},
}

func build(sh shape) *parley.Scenario {
	rng := rand.New(rand.NewPCG(1+sh.seed, uint64(sh.parties*1000+sh.issues)))
	s := synth.Additive(rng, sh.parties, synth.Sizes(sh.issues, sh.values), sh.res, nil)
	s.Name = sh.name
	synth.RedLines(rng, s, sh.lines, sh.lineKind == "hit")
	return s
}

// run analyses one shape in this process and prints one line of figures.
func run(sh shape, workers int) {
	s := build(sh)
	if sh.json {
		debug.SetMemoryLimit(analysis.SoftMemoryLimit) // as parley analyze sets it
	}
	start := time.Now()
	opt := analysis.Options{Workers: workers, MaxWork: sh.maxWork, KeepFrontier: sh.jsonl}
	res, err := analysis.Analyze(s, opt)
	outcome := "ok"
	if err != nil && sh.approx && errors.Is(err, analysis.ErrNoExactMethod) {
		opt.MaxWork = 0
		res, err = analysis.Approximate(s, opt, 1)
		outcome = "approximated"
	}
	if err != nil {
		outcome = "refused: " + err.Error()
	} else if sh.json {
		if sh.jsonl {
			if _, err := report.WriteFrontierJSONL(io.Discard, s, res, 10_000_000); err != nil {
				outcome = "jsonl: " + err.Error()
			}
		}
		if err := report.WriteJSON(io.Discard, s, res); err != nil {
			outcome = "json: " + err.Error()
		}
	}
	wall := time.Since(start)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	front, count := "-", "-"
	perPoint := "-"
	if res != nil {
		front = analysis.FormatCount(res.ParetoCount)
		if res.Acceptable != nil {
			count = analysis.FormatCount(res.Acceptable)
		} else if res.AcceptableAtLeast != nil {
			count = fmt.Sprintf("between %s and %s (bounds)", analysis.FormatBound(res.AcceptableAtLeast, false), analysis.FormatBound(res.AcceptableAtMost, true))
		} else {
			count = "not counted"
		}
		if n, _ := res.ParetoCount.Float64(); n > 0 {
			perPoint = fmt.Sprintf("%.1f µs", float64(cpu.Microseconds())/n)
		}
	}
	fmt.Printf("%s\t%.2f s\t%.2f s\t%d MiB\t%s\t%s\t%s\t%s\n", sh.name, wall.Seconds(), cpu.Seconds(), peakMiB(), front, perPoint, count, outcome)
}

// peakMiB reads the peak resident set of this process.
func peakMiB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb int
		if _, err := fmt.Sscanf(sc.Text(), "VmHWM: %d kB", &kb); err == nil {
			return kb / 1024
		}
	}
	return -1
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

func main() {
	only := flag.String("shapes", "", "comma-separated shapes to run (default: all)")
	one := flag.String("shape", "", "run one shape in this process (used by the driver)")
	workers := flag.Int("workers", 2, "parallel workers of each analysis")
	profile := flag.String("cpuprofile", "", "with --shape: write a CPU profile to this `file`")
	yamlOut := flag.String("yaml", "", "with --shape: write the shape's scenario to this `file` (for parley analyze) instead of analysing it")
	flag.Parse()
	if *one != "" && *yamlOut != "" {
		for _, sh := range shapes {
			if sh.name == *one {
				b, err := scenario.Marshal(build(sh))
				if err == nil {
					err = os.WriteFile(*yamlOut, b, 0o644)
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, "scale:", err)
					os.Exit(1)
				}
				return
			}
		}
	}
	if *one != "" && *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "scale:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *one != "" {
		for _, sh := range shapes {
			if sh.name == *one {
				run(sh, *workers)
				return // the deferred StopCPUProfile flushes the profile
			}
		}
		fmt.Fprintf(os.Stderr, "scale: no shape %q\n", *one)
		os.Exit(2)
	}
	want := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n != "" {
			want[n] = true
		}
	}
	fmt.Printf("# %d cores, GOMAXPROCS %d, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Println("shape\twall\tcpu\tpeak RSS\tfrontier\tcpu/point\tacceptable\toutcome\ttarget\tload average before")
	for _, sh := range shapes {
		if len(want) > 0 && !want[sh.name] {
			continue
		}
		load := loadavg()
		cmd := exec.Command(os.Args[0], "-shape", sh.name, "-workers", fmt.Sprint(*workers))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		line := strings.TrimSpace(string(out))
		if err != nil {
			line = fmt.Sprintf("%s\tfailed: %v", sh.name, err)
		}
		fmt.Printf("%s\t%s\t%s\n", line, sh.target, load)
	}
}
