package main

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"parley/docs/schemas"
	"parley/internal/shared"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"parley": func() { os.Exit(mainWithSignals()) },
	})
}

// TestScript runs the CLI scripts in testdata/script. $DOMAINS is the folder of shared ANAC
// domains (PARLEY_DOMAINS, or ../shared/domains beside the checkout).
func TestScript(t *testing.T) {
	domains := shared.Dir(t, "domains")
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("DOMAINS", domains)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":    cmdExitCode,
			"freeport":    cmdFreePort,
			"waitfile":    cmdWaitFile,
			"schemavalid": cmdSchemaValid,
		},
	})
}

// cmdExitCode runs a program and checks its exit code: exitcode 2 parley analyze x.yaml.
// Its stdout and stderr are then available to the stdout and stderr commands.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with code %d, want %d", args[1], got, want)
	}
}

// cmdFreePort sets an environment variable to a loopback port that is free now, so that
// scripts starting servers do not collide with each other or with other programs:
// freeport PORT.
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.Fatalf("freeport: %v", err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	ts.Setenv(args[0], port)
}

// cmdWaitFile waits until a file exists (a background command wrote it), for up to a
// minute: waitfile PATH.
func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile PATH")
	}
	p := ts.MkAbs(args[0])
	for i := 0; i < 1200; i++ {
		if _, err := os.Stat(p); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("waitfile: %s did not appear within a minute", p)
}

// cmdSchemaValid validates a file (stdout: the last command's output) against a schema of
// docs/schemas: schemavalid NAME FILE. The tournament's file is checked line by line.
func cmdSchemaValid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: schemavalid NAME FILE")
	}
	b, ok := schemas.Lookup(args[0])
	if !ok {
		ts.Fatalf("schemavalid: no schema %q", args[0])
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	ts.Check(err)
	c := jsonschema.NewCompiler()
	ts.Check(c.AddResource(args[0]+".json", doc))
	s, err := c.Compile(args[0] + ".json")
	ts.Check(err)
	data := ts.ReadFile(args[1])
	docs := []string{data}
	if args[0] == "tournament" {
		docs = strings.Split(strings.TrimSpace(data), "\n")
	}
	for i, d := range docs {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(d))
		if err == nil {
			err = s.Validate(v)
		}
		if err != nil {
			ts.Fatalf("%s (document %d) does not match the %s schema: %v", args[1], i+1, args[0], err)
		}
	}
}
