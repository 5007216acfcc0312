package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"parley"
	"parley/app"
	"parley/httpapi/client"
	"parley/postgres"
	"parley/sqlite"
	"parley/workspace"
)

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit", "audit verify --data DIR | audit verify --db postgres://... --key FILE | audit verify --server URL --token ADMIN | audit list | audit check --state FILE", stderr)
	rf := remoteFlags(fs)
	data := fs.String("data", "", "verify: the data directory of a stopped or running server (its parley.db and audit.key)")
	dbURL := fs.String("db", "", "verify: the PostgreSQL database of the servers (postgres://...)")
	keyFile := fs.String("key", "", "verify --db: the servers' audit key file (or $PARLEY_AUDIT_KEY)")
	state := fs.String("state", "", "check: the file keeping the last checkpoint seen (created on first use)")
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
			text := os.Getenv("PARLEY_AUDIT_KEY")
			if *keyFile != "" {
				b, rerr := os.ReadFile(*keyFile)
				if rerr != nil {
					return failRemote(stderr, "audit", parley.Errorf(parley.EINVALID, "%v", rerr))
				}
				text = string(b)
			}
			key, kerr := workspace.ParseAuditKey(text)
			if kerr != nil {
				return failRemote(stderr, "audit", parley.Errorf(parley.EINVALID, "--key or $PARLEY_AUDIT_KEY: %v", kerr))
			}
			rep, err = workspace.Verify(ctx, db, key)
		case *data != "":
			text, kerr := app.LoadAuditKey(*data, false)
			if kerr == nil && *keyFile != "" {
				b, rerr := os.ReadFile(*keyFile)
				text, kerr = string(b), rerr
			}
			var key *workspace.AuditKey
			if kerr == nil {
				key, kerr = workspace.ParseAuditKey(text)
			}
			if kerr != nil {
				return failRemote(stderr, "audit", parley.Errorf(parley.EINVALID, "%v", kerr))
			}
			db, oerr := sqlite.Open(filepath.Join(*data, "parley.db"), sqlite.Options{})
			if oerr != nil {
				return failRemote(stderr, "audit", oerr)
			}
			defer db.Close()
			rep, err = workspace.Verify(ctx, db, key)
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
			fmt.Fprintf(stdout, "audit BROKEN (%d entries): %s\n", rep.Entries, rep.Problem)
			return 1
		}
		fmt.Fprintf(stdout, "audit OK: %d entries; every log matches its signed checkpoint and every stored record its last entry\n", rep.Entries)
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
			fmt.Fprintf(stdout, "%5d %s %-14s %-20s %s\n", e.Index+1, e.At.Format("2006-01-02T15:04:05Z"), e.Actor, e.Action, e.Target)
		}
	case "check":
		if *state == "" {
			fmt.Fprintln(stderr, "parley audit check: --state FILE is required (it keeps the last checkpoint you saw)")
			return 2
		}
		c, me, err := rf.connect(ctx)
		if err != nil {
			return failRemote(stderr, "audit", err)
		}
		var st client.LogState
		if b, rerr := os.ReadFile(*state); rerr == nil {
			if err := json.Unmarshal(b, &st); err != nil {
				return failRemote(stderr, "audit", parley.Errorf(parley.EINVALID, "%s: %v", *state, err))
			}
		} else if !errors.Is(rerr, os.ErrNotExist) {
			return failRemote(stderr, "audit", parley.Errorf(parley.EINVALID, "%v", rerr))
		}
		first := st.Verifier == ""
		if err := c.CheckLog(ctx, me.Workspace, &st); err != nil {
			fmt.Fprintf(stdout, "audit log REWRITTEN: %v\n", err)
			return 1
		}
		b, _ := json.MarshalIndent(&st, "", "  ")
		if err := os.WriteFile(*state, append(b, '\n'), 0o600); err != nil {
			return failRemote(stderr, "audit", err)
		}
		if first {
			fmt.Fprintf(stdout, "audit log of %d entries; trusting the server's key %s (compare it with the one the administrator published)\n", st.Checkpoint.Size, st.Verifier)
		} else {
			fmt.Fprintf(stdout, "audit log of %d entries extends the one you last saw\n", st.Checkpoint.Size)
		}
	default:
		fs.Usage()
		return 2
	}
	return 0
}
