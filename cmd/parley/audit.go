package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"parley"
	"parley/app"
	"parley/postgres"
	"parley/sqlite"
	"parley/workspace"
)

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit", "audit verify --data DIR | audit verify --db postgres://... | audit verify --server URL --token ADMIN | audit list", stderr)
	rf := remoteFlags(fs)
	data := fs.String("data", "", "verify: the data directory of a stopped or running server")
	dbURL := fs.String("db", "", "verify: the PostgreSQL database of the servers (postgres://...)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	switch pos[0] {
	case "verify":
		var rep *parley.AuditReport
		var err error
		switch {
		case *dbURL != "":
			if !app.IsDatabaseURL(*dbURL) {
				fmt.Fprintln(stderr, "parley audit: --db takes a PostgreSQL URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE")
				return 2
			}
			db, oerr := postgres.Open(ctx, *dbURL)
			if oerr != nil {
				return failRemote(stderr, "audit", oerr)
			}
			defer db.Close()
			rep, err = workspace.Verify(ctx, db)
		case *data != "":
			db, oerr := sqlite.Open(filepath.Join(*data, "parley.db"), sqlite.Options{})
			if oerr != nil {
				return failRemote(stderr, "audit", oerr)
			}
			defer db.Close()
			rep, err = workspace.Verify(ctx, db)
		default:
			c, _, cerr := rf.connect(ctx)
			if cerr != nil {
				return failRemote(stderr, "audit", cerr)
			}
			rep, err = c.VerifyAudit(ctx)
		}
		if err != nil {
			return failRemote(stderr, "audit", err)
		}
		if !rep.OK {
			fmt.Fprintf(stdout, "audit chain BROKEN after %d entries: %s\n", rep.Entries, rep.Problem)
			return 1
		}
		fmt.Fprintf(stdout, "audit chain OK: %d entries\n", rep.Entries)
	case "list":
		c, me, err := rf.connect(ctx)
		if err != nil {
			return failRemote(stderr, "audit", err)
		}
		es, err := c.Audit(ctx, me.Workspace, 0)
		if err != nil {
			return failRemote(stderr, "audit", err)
		}
		for _, e := range es {
			fmt.Fprintf(stdout, "%5d %s %-14s %-20s %s\n", e.Seq, e.At.Format("2006-01-02T15:04:05Z"), e.Actor, e.Action, e.Target)
		}
	default:
		fs.Usage()
		return 2
	}
	return 0
}
