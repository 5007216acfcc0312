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

// auditCmd is what `parley audit` was given.
type auditCmd struct {
	rf                          remote
	data, dbURL, keyFile, state *string
	stdout, stderr              io.Writer
}

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("audit", "audit verify --data DIR | audit verify --db postgres://... --key FILE | audit verify --server URL --token ADMIN | audit list | audit check --state FILE", stderr)
	a := &auditCmd{rf: remoteFlags(fs), stdout: stdout, stderr: stderr}
	a.data = fs.String("data", "", "verify: the data directory of a stopped or running server (its parley.db and audit.key)")
	a.dbURL = fs.String("db", "", "verify: the PostgreSQL database of the servers (postgres://...)")
	a.keyFile = fs.String("key", "", "verify --db: the servers' audit key file (or $PARLEY_AUDIT_KEY)")
	a.state = fs.String("state", "", "check: the file keeping the last checkpoint seen (created on first use)")
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
		return a.verify(ctx)
	case "list":
		return a.list(ctx)
	case "check":
		return a.check(ctx)
	default:
		fs.Usage()
		return 2
	}
}

// verify checks the logs and the stored data, of a database read directly or through a
// server.
func (a *auditCmd) verify(ctx context.Context) int {
	var rep *parley.AuditReport
	var err error
	switch {
	case *a.dbURL != "":
		if !app.IsDatabaseURL(*a.dbURL) {
			fmt.Fprintln(a.stderr, "parley audit: --db takes a PostgreSQL URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE")
			return 2
		}
		db, oerr := postgres.Open(ctx, *a.dbURL)
		if oerr != nil {
			return failRemote(a.stderr, "audit", oerr)
		}
		defer db.Close()
		key, kerr := a.postgresKey()
		if kerr != nil {
			return failRemote(a.stderr, "audit", kerr)
		}
		rep, err = workspace.Verify(ctx, db, key)
	case *a.data != "":
		key, kerr := a.dataKey()
		if kerr != nil {
			return failRemote(a.stderr, "audit", kerr)
		}
		db, oerr := sqlite.Open(filepath.Join(*a.data, "parley.db"), sqlite.Options{})
		if oerr != nil {
			return failRemote(a.stderr, "audit", oerr)
		}
		defer db.Close()
		rep, err = workspace.Verify(ctx, db, key)
	default:
		c, _, cerr := a.rf.connect(ctx)
		if cerr != nil {
			return failRemote(a.stderr, "audit", cerr)
		}
		rep, err = c.VerifyAudit(ctx)
	}
	if err != nil {
		return failRemote(a.stderr, "audit", err)
	}
	if !rep.OK {
		fmt.Fprintf(a.stdout, "audit BROKEN (%d entries): %s\n", rep.Entries, rep.Problem)
		return 1
	}
	fmt.Fprintf(a.stdout, "audit OK: %d entries; every log matches its signed checkpoint and every stored record its last entry\n", rep.Entries)
	return 0
}

// postgresKey reads the audit key of verify --db: --key FILE, or $PARLEY_AUDIT_KEY.
func (a *auditCmd) postgresKey() (*workspace.AuditKey, error) {
	text := os.Getenv("PARLEY_AUDIT_KEY")
	if *a.keyFile != "" {
		b, err := os.ReadFile(*a.keyFile)
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%v", err)
		}
		text = string(b)
	}
	key, err := workspace.ParseAuditKey(text)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "--key or $PARLEY_AUDIT_KEY: %v", err)
	}
	return key, nil
}

// dataKey reads the audit key of verify --data: DIR/audit.key, or --key FILE.
func (a *auditCmd) dataKey() (*workspace.AuditKey, error) {
	text, err := app.LoadAuditKey(*a.data, false)
	if err == nil && *a.keyFile != "" {
		var b []byte
		b, err = os.ReadFile(*a.keyFile)
		text = string(b)
	}
	var key *workspace.AuditKey
	if err == nil {
		key, err = workspace.ParseAuditKey(text)
	}
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%v", err)
	}
	return key, nil
}

// list prints the caller's workspace's audit entries (mediator).
func (a *auditCmd) list(ctx context.Context) int {
	c, me, err := a.rf.connect(ctx)
	if err != nil {
		return failRemote(a.stderr, "audit", err)
	}
	es, err := c.Audit(ctx, me.Workspace, 0)
	if err != nil {
		return failRemote(a.stderr, "audit", err)
	}
	for _, e := range es {
		fmt.Fprintf(a.stdout, "%5d %s %-14s %-20s %s\n", e.Index+1, e.At.Format("2006-01-02T15:04:05Z"), e.Actor, e.Action, e.Target)
	}
	return 0
}

// check verifies the server's latest checkpoint against the one kept in --state.
func (a *auditCmd) check(ctx context.Context) int {
	if *a.state == "" {
		fmt.Fprintln(a.stderr, "parley audit check: --state FILE is required (it keeps the last checkpoint you saw)")
		return 2
	}
	c, me, err := a.rf.connect(ctx)
	if err != nil {
		return failRemote(a.stderr, "audit", err)
	}
	var st client.LogState
	if b, rerr := os.ReadFile(*a.state); rerr == nil {
		if err := json.Unmarshal(b, &st); err != nil {
			return failRemote(a.stderr, "audit", parley.Errorf(parley.EINVALID, "%s: %v", *a.state, err))
		}
	} else if !errors.Is(rerr, os.ErrNotExist) {
		return failRemote(a.stderr, "audit", parley.Errorf(parley.EINVALID, "%v", rerr))
	}
	first := st.Verifier == ""
	if err := c.CheckLog(ctx, me.Workspace, &st); err != nil {
		fmt.Fprintf(a.stdout, "audit log REWRITTEN: %v\n", err)
		return 1
	}
	b, _ := json.MarshalIndent(&st, "", "  ")
	if err := os.WriteFile(*a.state, append(b, '\n'), 0o600); err != nil {
		return failRemote(a.stderr, "audit", err)
	}
	if first {
		fmt.Fprintf(a.stdout, "audit log of %d entries; trusting the server's key %s (compare it with the one the administrator published)\n", st.Checkpoint.Size, st.Verifier)
	} else {
		fmt.Fprintf(a.stdout, "audit log of %d entries extends the one you last saw\n", st.Checkpoint.Size)
	}
	return 0
}
