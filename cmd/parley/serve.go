package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"time"

	"parley/app"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--addr HOST:PORT] [--data DIR] [--db postgres://...] [--memory-limit MiB]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	data := fs.String("data", "parley-data", "data directory (SQLite file and admin token)")
	sync := fs.String("synchronous", "FULL", "SQLite synchronous mode: FULL survives power loss, NORMAL only a crash")
	dbURL := fs.String("db", os.Getenv("PARLEY_DATABASE_URL"), "PostgreSQL database URL (postgres://user:password@host:port/database) instead of SQLite in --data; default $PARLEY_DATABASE_URL")
	deadline := fs.Duration("analysis-deadline", 60*time.Second, "how long an analysis or a diff may take (its wait for a slot included) before it is stopped and its client gets 429")
	memLimit := fs.Int64("memory-limit", defaultMemoryLimitMiB, memoryLimitUsage)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "parley serve: unexpected argument %q\n", pos[0])
		return 2
	}
	restore, ok := setMemoryLimit("serve", *memLimit, stderr)
	if !ok {
		return 2
	}
	defer restore()
	if *deadline <= 0 {
		fmt.Fprintln(stderr, "parley serve: --analysis-deadline must be a positive duration, such as 60s or 2m")
		return 2
	}
	if *dbURL != "" && !app.IsDatabaseURL(*dbURL) {
		fmt.Fprintln(stderr, "parley serve: --db must be a PostgreSQL URL, postgres://user:password@host:port/database (SQLite is chosen with --data DIR)")
		return 2
	}
	// The administrator token comes from $PARLEY_ADMIN_TOKEN, or DIR/admin.token; the audit
	// key from $PARLEY_AUDIT_KEY, or DIR/audit.key; the seal key of blind overlap rounds
	// from $PARLEY_SEAL_KEY, or DIR/seal.key.
	log := slog.New(slog.NewTextHandler(stderr, nil))
	m, err := app.Open(app.Config{Addr: *addr, DataDir: *data, DatabaseURL: *dbURL, Synchronous: *sync,
		AdminToken: os.Getenv("PARLEY_ADMIN_TOKEN"), AuditKey: os.Getenv("PARLEY_AUDIT_KEY"), SealKey: os.Getenv("PARLEY_SEAL_KEY"), Log: log, Web: true,
		AnalysisDeadline: *deadline})
	if err != nil {
		fmt.Fprintf(stderr, "parley serve: %v\n", err)
		return 1
	}
	defer m.Close()
	where := *data + "/admin.token"
	if os.Getenv("PARLEY_ADMIN_TOKEN") != "" {
		where = "$PARLEY_ADMIN_TOKEN"
	}
	store := *data
	if *dbURL != "" {
		store = "PostgreSQL database " + dbName(*dbURL)
	}
	fmt.Fprintf(stdout, "parley serving %s (data in %s; administrator token in %s)\n", m.URL, store, where)
	if err := m.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "parley serve: %v\n", err)
		return 1
	}
	return 0
}

// dbName returns the host and database of a PostgreSQL URL, without the password.
func dbName(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Host + p.Path
}
