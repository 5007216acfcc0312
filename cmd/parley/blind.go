package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"parley"
)

// runBlind runs blind overlap rounds: the mediator opens one, each party seals its worst
// value, and everyone reads only whether the values overlap and the settlement value.
func runBlind(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("blind", "blind list | open ISSUE PARTY=at_least|at_most ... | seal ROUND VALUE [--confirm-retreat]\n\n"+
		"A blind overlap round on a numeric issue: each party of the round seals the worst value it\n"+
		"could accept (at_least: it accepts that value or more; at_most: that value or less). Sealed\n"+
		"values are encrypted and shown to nobody, the mediator and the sealing party included; once\n"+
		"every party has sealed, everyone learns whether they overlap and, if so, the settlement: the\n"+
		"midpoint of the overlap (on the issue's step when a step value lies inside it).", stderr)
	rf := remoteFlags(fs)
	confirm := fs.Bool("confirm-retreat", false, "seal a value more demanding than your value of the previous round on the issue (every member will see the retreat)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return 2
	}
	var in any
	switch {
	case pos[0] == "list" && len(pos) == 1:
	case pos[0] == "open" && len(pos) >= 4:
		o := &parley.BlindOpenInput{Issue: pos[1], Sides: map[string]parley.BlindSide{}}
		for _, a := range pos[2:] {
			p, side, ok := strings.Cut(a, "=")
			if !ok {
				fmt.Fprintf(stderr, "parley blind: %q: write PARTY=at_least or PARTY=at_most\n", a)
				return 2
			}
			o.Sides[p] = parley.BlindSide(side)
		}
		in = o
	case pos[0] == "seal" && len(pos) == 3:
		v, err := strconv.ParseFloat(pos[2], 64)
		if err != nil {
			fmt.Fprintln(stderr, "parley blind: VALUE must be a number")
			return 2
		}
		in = &parley.BlindSealInput{Value: v, ConfirmRetreat: *confirm}
	default:
		fs.Usage()
		return 2
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "blind", err)
	}
	var out any
	switch in := in.(type) {
	case *parley.BlindOpenInput:
		out, err = c.OpenBlind(ctx, me.Workspace, in)
	case *parley.BlindSealInput:
		out, err = c.SealBlind(ctx, me.Workspace, pos[1], in)
	default:
		out, err = c.BlindRounds(ctx, me.Workspace)
	}
	if err != nil {
		return failRemote(stderr, "blind", err)
	}
	printJSON(stdout, out)
	return 0
}
