package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"parley"
	"parley/httpapi"
)

func runSession(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("session", "session list | add FILE.json", stderr)
	rf := remoteFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return 2
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "session", err)
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		ss, err := c.Sessions(ctx, me.Workspace)
		if err != nil {
			return failRemote(stderr, "session", err)
		}
		if *asJSON {
			printJSON(stdout, ss)
			return 0
		}
		for _, s := range ss {
			fmt.Fprintf(stdout, "%s  %s, %s", s.Date.Format("2006-01-02"), s.Title, s.Place)
			if s.Minutes > 0 {
				fmt.Fprintf(stdout, " (%dh%02d)", s.Minutes/60, s.Minutes%60)
			}
			if s.Tone != "" {
				fmt.Fprintf(stdout, ", tone: %s", s.Tone)
			}
			fmt.Fprintln(stdout)
			var ps []string
			for _, p := range s.Participants {
				ps = append(ps, fmt.Sprintf("%s (%s, %s)", p.Person, p.Side, p.Role))
			}
			fmt.Fprintf(stdout, "    participants: %s\n    topics: %s\n", strings.Join(ps, "; "), strings.Join(s.Topics, ", "))
			if s.Produced != "" {
				fmt.Fprintf(stdout, "    produced: %s\n", s.Produced)
			}
		}
	case pos[0] == "add" && len(pos) == 2:
		data, err := os.ReadFile(pos[1])
		if err != nil {
			return failRemote(stderr, "session", parley.Errorf(parley.EINVALID, "%v", err))
		}
		var s parley.Session
		if err := httpapi.Decode(data, &s); err != nil {
			return failRemote(stderr, "session", err)
		}
		out, err := c.CreateSession(ctx, me.Workspace, &s)
		if err != nil {
			return failRemote(stderr, "session", err)
		}
		fmt.Fprintf(stdout, "session %s\n", out.ID)
	default:
		fs.Usage()
		return 2
	}
	return 0
}
