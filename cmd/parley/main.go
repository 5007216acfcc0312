// Command parley is the command-line interface of the parley mediation engine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand: Run parses args and writes to stdout and stderr, returning the
// exit code (0 ok, 1 failure, 2 bad usage or bad input).
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands lists every subcommand. Each lives in a file of its own.
func commands() map[string]command {
	return map[string]command{
		"analyze":    {"analyse a scenario: zone of agreement, frontier, bargaining points, conflicts", runAnalyze},
		"elicit":     {"simulate eliciting what each party could live with, against random questions", runElicit},
		"examples":   {"list the scenarios shipped with parley, or print one as YAML", runExamples},
		"convert":    {"convert a scenario between parley YAML, GENIUS XML and GeniusWeb JSON", runConvert},
		"negotiate":  {"run one automated negotiation between agents", runNegotiate},
		"tournament": {"run agents against each other over scenarios, role swaps and repetitions", runTournament},
		"serve":      {"serve the workspace API and web UI on embedded SQLite, or PostgreSQL with --db", runServe},
		"demo":       {"serve the peace-talks demo workspace and web UI; print every member's sign-in link", runDemo},
		"workspace":  {"show a workspace, create one, admit observers, rotate or revoke tokens", runWorkspace},
		"plan":       {"list, show, diff, draft, edit and publish plan versions; analytics and progress", runPlan},
		"stance":     {"mark points accept/reject/amend/reserve; the stance matrix", runStance},
		"session":    {"list and record sessions (meetings and rounds)", runSession},
		"blind":      {"blind overlap rounds: open one, seal a worst value, read only overlap and settlement", runBlind},
		"sign":       {"propose a version for ratification, sign or decline it", runSign},
		"audit":      {"verify the hash-chained audit log, or list a workspace's entries", runAudit},
		"schema":     {"print the JSON Schema of a JSON output or of the scenario format", runSchema},
	}
}

func main() {
	os.Exit(mainWithSignals())
}

// mainWithSignals runs Main on the process's arguments, cancelling its context on Ctrl-C or
// SIGTERM so that servers shut down and clean up.
func mainWithSignals() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// Main runs parley with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := cmds[args[1]]; ok {
				return c.run(ctx, []string{"--help"}, stdout, stderr)
			}
		}
		w := stdout
		if len(args) == 0 {
			w = stderr
		}
		usage(w, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "parley: unknown command %q\n\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "parley: a mediation engine for negotiations between several parties over several issues.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: parley COMMAND [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'parley COMMAND --help' for a command's flags.")
}

// newFlagSet returns a flag set that writes its usage to stderr and does not exit.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: parley %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments, and returns the
// positional arguments. It returns ok=false and the exit code when parsing stops (0 after
// --help, 2 on a bad flag).
func parseFlags(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError says what is missing or extra in a command line, then prints the usage; it
// returns the exit code of bad usage.
func usageError(fs *flag.FlagSet, stderr io.Writer, msg string, got []string) int {
	fmt.Fprintf(stderr, "parley %s: %s", fs.Name(), msg)
	if len(got) > 0 {
		fmt.Fprintf(stderr, "; got %q", got)
	}
	fmt.Fprintf(stderr, "\n\n")
	fs.Usage()
	return 2
}
