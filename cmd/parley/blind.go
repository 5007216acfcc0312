package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"parley"
)

// blindUsage is the usage and --help text of parley blind.
const blindUsage = "blind list | open ISSUE PARTY=at_least|at_most ... [--rule NAME [--range-percent P]] | seal ROUND VALUE [--confirm-retreat]\n\n" +
	"A blind overlap round on a numeric issue: each party of the round seals the worst value it\n" +
	"could accept (at_least: it accepts that value or more; at_most: that value or less). Sealed\n" +
	"values are encrypted and shown to nobody, the mediator and the sealing party included; once\n" +
	"every party has sealed, everyone learns whether they overlap and, if the round settles, the\n" +
	"settlement value by the rule the mediator chose when opening it. With L the greatest\n" +
	"at_least value and H the least at_most value (the values overlap when L <= H):\n" +
	"  midpoint     (default) settles an overlap at (L+H)/2.\n" +
	"  concession   settles an overlap at L + f*(H-L), f = 1/2 + (A-B)/(4(A+B)), where A and B\n" +
	"               are how far the at_least and at_most parties moved toward the other side\n" +
	"               since their first round on the issue: the side that conceded more gets up\n" +
	"               to three quarters of the overlap (after Smartsettle's \"reward early effort\").\n" +
	"  cybersettle  settles at (L+H)/2 on an overlap, and also on a gap when L-H is at most\n" +
	"               --range-percent (default 30) percent of |L| (Cybersettle's rule).\n" +
	"The value then moves to the issue's step value nearest to it when that lies between L and H."

// runBlind runs blind overlap rounds: the mediator opens one, each party seals its worst
// value, and everyone reads only whether the values overlap and the settlement value.
func runBlind(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("blind", blindUsage, stderr)
	rf := remoteFlags(fs)
	confirm := fs.Bool("confirm-retreat", false, "seal a value more demanding than your value of the previous round on the issue (every member will see the retreat)")
	rule := fs.String("rule", "", "open: the settlement rule, midpoint (default), concession or cybersettle")
	var rangePct *float64
	fs.Func("range-percent", "open, with --rule cybersettle: the gap, in percent of the at_least value (0 to 100), within which the round still settles (default 30)", func(v string) error {
		p, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("write a number from 0 to 100")
		}
		rangePct = &p
		return nil
	})
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
		o := &parley.BlindOpenInput{Issue: pos[1], Sides: map[string]parley.BlindSide{}, Rule: parley.BlindRule(*rule), RangePercent: rangePct}
		if o.Rule != "" && !o.Rule.Valid() {
			fmt.Fprintf(stderr, "parley blind: --rule %q is not known; accepted: %s\n", *rule, parley.BlindRuleNames())
			return 2
		}
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
