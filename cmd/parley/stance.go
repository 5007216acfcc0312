package main

import (
	"context"
	"fmt"
	"io"

	"parley"
)

func runStance(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("stance", "stance set VERSION POINT accept|reject|amend|reserve [--amendment TEXT] [--comment TEXT] [--private] [--if CONDITION] | list VERSION | matrix VERSION", stderr)
	rf := remoteFlags(fs)
	amendment := fs.String("amendment", "", "the proposed text of an amend stance")
	comment := fs.String("comment", "", "a comment")
	private := fs.Bool("private", false, "only you and the mediator see the stance")
	cond := fs.String("if", "", "accept only on this condition, in the red-line language (\"buffer_km <= 40\"): the point counts as accepted only while a version meets it")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) < 2 {
		fs.Usage()
		return 2
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "stance", err)
	}
	v, err := resolveVersion(ctx, c, me.Workspace, pos[1])
	if err != nil {
		return failRemote(stderr, "stance", err)
	}
	switch {
	case pos[0] == "set" && len(pos) == 4:
		point := pos[2]
		ver, err := c.Version(ctx, me.Workspace, v)
		if err != nil {
			return failRemote(stderr, "stance", err)
		}
		for _, p := range ver.Points { // a point may be named by its number
			if fmt.Sprint(p.Number) == point {
				point = p.ID
			}
		}
		var rev int64
		sts, err := c.Stances(ctx, me.Workspace, v)
		if err != nil {
			return failRemote(stderr, "stance", err)
		}
		for _, s := range sts {
			if s.Point == point && s.Party == me.Member {
				rev = s.Rev
			}
		}
		st, err := c.SetStance(ctx, me.Workspace, v, point, rev, &parley.StanceInput{Mark: parley.Mark(pos[3]), Amendment: *amendment, Comment: *comment, Private: *private, Condition: *cond})
		if err != nil {
			return failRemote(stderr, "stance", err)
		}
		fmt.Fprintf(stdout, "%s: %s on point %s (rev %d)\n", st.Party, st.Mark, st.Point, st.Rev)
	case pos[0] == "list" && len(pos) == 2:
		sts, err := c.Stances(ctx, me.Workspace, v)
		if err != nil {
			return failRemote(stderr, "stance", err)
		}
		printJSON(stdout, sts)
	case pos[0] == "matrix" && len(pos) == 2:
		m, err := c.Matrix(ctx, me.Workspace, v)
		if err != nil {
			return failRemote(stderr, "stance", err)
		}
		ver, err := c.Version(ctx, me.Workspace, v)
		if err != nil {
			return failRemote(stderr, "stance", err)
		}
		num := map[string]int{}
		for _, p := range ver.Points {
			num[p.ID] = p.Number
		}
		printMatrix(stdout, m, num)
	default:
		fs.Usage()
		return 2
	}
	return 0
}

// printMatrix writes the stance matrix m: a row per point (by number), a column per party,
// each conditional accept with whether the version meets its condition, then the points a
// change elsewhere reopened.
func printMatrix(stdout io.Writer, m *parley.Matrix, num map[string]int) {
	fmt.Fprintf(stdout, "%-6s", "point")
	for _, p := range m.Parties {
		fmt.Fprintf(stdout, " %-14s", p)
	}
	fmt.Fprintln(stdout)
	for i, pid := range m.Points {
		fmt.Fprintf(stdout, "%-6d", num[pid])
		for j, s := range m.Cells[i] {
			mark := "."
			if s != nil {
				mark = string(s.Mark)
			}
			if m.Conditions != nil && m.Conditions[i][j] != parley.ConditionNone {
				mark += " if:" + string(m.Conditions[i][j]) // accept if:met, if:unmet, if:open
			}
			fmt.Fprintf(stdout, " %-14s", mark)
		}
		fmt.Fprintln(stdout)
	}
	for _, r := range m.Reopened {
		fmt.Fprintf(stdout, "reopened: point %d, accepted by %s if %s; this version: %s\n", r.Number, r.Party, r.Condition, r.Status)
	}
}
