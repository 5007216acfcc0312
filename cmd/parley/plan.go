package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"parley/httpapi/client"
)

// planVerbs are the verbs of parley plan, each a method of planCmd in a file of its own:
// plan_show.go (list, show), plan_diff.go, plan_analytics.go (analytics, progress) and
// plan_draft.go (draft, edit, publish).
var planVerbs = map[string]func(*planCmd) error{
	"list":      (*planCmd).list,
	"show":      (*planCmd).show,
	"diff":      (*planCmd).diff,
	"analytics": (*planCmd).analytics,
	"progress":  (*planCmd).progress,
	"draft":     (*planCmd).draft,
	"edit":      (*planCmd).edit,
	"publish":   (*planCmd).publish,
}

// planCmd is one run of parley plan: the client connected to the member's workspace, the
// verb's arguments (pos[0] is the verb) and the flags.
type planCmd struct {
	ctx     context.Context
	c       *client.Client
	ws      string
	pos     []string
	json    bool
	basedOn string
	svg     string
	stdout  io.Writer
}

// planUsage is a verb's complaint about its arguments: the usage is printed, exit code 2.
type planUsage struct{ msg string }

func (e *planUsage) Error() string { return e.msg }

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("plan", "plan list | show [VERSION] | diff FROM TO | analytics [VERSION] | progress [--svg FILE] | draft TITLE [--based-on V] | edit VERSION|draft OPS.json | publish VERSION|draft\n\nVERSION is an id, a plan number, latest, or draft (your newest draft).", stderr)
	rf := remoteFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	basedOn := fs.String("based-on", "", "draft: copy the points of this version")
	svg := fs.String("svg", "", "progress: also draw the chart to this SVG file")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return 2
	}
	verb, ok := planVerbs[pos[0]]
	if !ok {
		fmt.Fprintf(stderr, "parley plan: unknown subcommand %q\n", pos[0])
		fs.Usage()
		return 2
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "plan", err)
	}
	p := &planCmd{ctx: ctx, c: c, ws: me.Workspace, pos: pos, json: *asJSON, basedOn: *basedOn, svg: *svg, stdout: stdout}
	if err := verb(p); err != nil {
		var u *planUsage
		if errors.As(err, &u) {
			return usageError(fs, stderr, u.msg, pos[1:])
		}
		return failRemote(stderr, "plan", err)
	}
	return 0
}

// args checks that the verb has n arguments after it.
func (p *planCmd) args(n int, msg string) error {
	if len(p.pos) != n+1 {
		return &planUsage{msg}
	}
	return nil
}

// version resolves the verb's argument i (1-based), latest when it is left out.
func (p *planCmd) version(i int) (string, error) {
	if len(p.pos) <= i {
		return resolveVersion(p.ctx, p.c, p.ws, "latest")
	}
	return resolveVersion(p.ctx, p.c, p.ws, p.pos[i])
}

// printJSON prints v when --json asks for it, and says whether it did.
func (p *planCmd) printedJSON(v any) bool {
	if p.json {
		printJSON(p.stdout, v)
	}
	return p.json
}

func nums(ns []int) string {
	if len(ns) == 0 {
		return "-"
	}
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, "+")
}

func joinMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		keys[i] = k + "=" + m[k]
	}
	return strings.Join(keys, ", ")
}
