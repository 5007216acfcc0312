package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"parley"
	"parley/app"
	"parley/demo"
)

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	fs := newFlagSet("demo", "demo [--addr HOST:PORT] [--data DIR] [--no-serve] [--tokens DIR]", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	data := fs.String("data", "", "data directory (default: a new temporary directory)")
	noServe := fs.Bool("no-serve", false, "load the demo workspace, print the tokens and exit")
	tokDir := fs.String("tokens", "", "also write each member's token to DIR/MEMBER.token (mode 0600)")
	memLimit := fs.Int64("memory-limit", defaultMemoryLimitMiB, memoryLimitUsage)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "parley demo: unexpected argument %q\n", pos[0])
		return 2
	}
	restore, ok := setMemoryLimit("demo", *memLimit, stderr)
	if !ok {
		return 2
	}
	defer restore()
	dir := *data
	temp := dir == ""
	if temp {
		var err error
		if dir, err = os.MkdirTemp("", "parley-demo-"); err != nil {
			fmt.Fprintf(stderr, "parley demo: %v\n", err)
			return 1
		}
		// A temporary data directory lives as long as the demo: removed after Ctrl-C and
		// after a failure. Only --no-serve keeps it, for a later parley serve --data.
		keep := false
		defer func() {
			if !keep {
				os.RemoveAll(dir)
			}
		}()
		if *noServe {
			defer func() { keep = code == 0 }()
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cfg := app.Config{Addr: *addr, DataDir: dir, Log: log, Web: true}
	m, err := app.Open(cfg)
	if err != nil && !flagSet(fs, "addr") {
		// The default port is taken: the demo should still start from a fresh clone.
		cfg.Addr = "127.0.0.1:0"
		m, err = app.Open(cfg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "parley demo: %v\n", err)
		return 1
	}
	defer m.Close()
	admin := parley.NewContextWithCaller(ctx, &parley.Caller{Admin: true})
	res, err := demo.Load(admin, m.Service)
	if err != nil {
		fmt.Fprintf(stderr, "parley demo: %v\n", err)
		return 1
	}
	w := res.Workspace
	fmt.Fprintf(stdout, "parley demo: %s. Illustrative only: the texts summarise public reporting; every preference is invented.\n\n", w.Name)
	fmt.Fprintf(stdout, "  URL        %s\n", m.URL)
	fmt.Fprintf(stdout, "  API        %s/api/workspaces/%s\n", m.URL, w.ID)
	if temp && !*noServe {
		fmt.Fprintf(stdout, "  data       %s (temporary: removed when the demo stops)\n", dir)
	} else {
		fmt.Fprintf(stdout, "  data       %s\n", dir)
	}
	fmt.Fprintf(stdout, "  workspace  %s\n\n", w.ID)
	fmt.Fprintf(stdout, "Tokens (each member sees only what it may):\n")
	for _, t := range res.Tokens {
		role := ""
		if mb := w.Member(t.MemberID); mb != nil {
			role = string(mb.Role)
		}
		fmt.Fprintf(stdout, "  %-14s %-9s %s\n", t.MemberID, role, t.Token)
		fmt.Fprintf(stdout, "  %-14s %-9s %s/signin?token=%s\n", "", "sign in", m.URL, t.Token)
	}
	fmt.Fprintf(stdout, "  %-14s %-9s %s\n", "(admin)", "admin", m.AdminToken)
	if *tokDir != "" {
		if err := writeTokens(*tokDir, res.Tokens); err != nil {
			fmt.Fprintf(stderr, "parley demo: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nTokens written to %s (use --token @%s/MEMBER.token)\n", *tokDir, *tokDir)
	}
	fmt.Fprintf(stdout, "\nTry:\n  curl -H 'Authorization: Bearer TOKEN' %s/api/workspaces/%s/versions\n", m.URL, w.ID)
	fmt.Fprintf(stdout, "  parley plan list --server %s --token TOKEN\n", m.URL)
	if *noServe {
		return 0
	}
	fmt.Fprintf(stdout, "\nServing until interrupted (Ctrl-C).\n")
	if err := m.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "parley demo: %v\n", err)
		return 1
	}
	return 0
}

// writeTokens writes each member's token to dir/MEMBER.token (mode 0600).
func writeTokens(dir string, tokens []parley.IssuedToken) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, t := range tokens {
		if err := os.WriteFile(filepath.Join(dir, t.MemberID+".token"), []byte(t.Token+"\n"), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// flagSet reports whether the named flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
