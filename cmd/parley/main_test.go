package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"parley": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scripts in testdata/script. $DOMAINS is the folder of shared ANAC
// domains (PARLEY_DOMAINS, or ../shared/domains beside the checkout).
func TestScript(t *testing.T) {
	domains := os.Getenv("PARLEY_DOMAINS")
	if domains == "" {
		domains, _ = filepath.Abs("../../../shared/domains")
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("DOMAINS", domains)
			return nil
		},
	})
}
