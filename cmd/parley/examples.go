package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"parley/examples"
	"parley/scenario"
)

const examplesSynopsis = `examples [NAME]

Lists the scenarios shipped inside parley, or prints the YAML of one of them (to start a
scenario of your own from it: parley examples peace-talks > mine.yaml). Any command that
takes a scenario also takes example:NAME.

Flags:`

func runExamples(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("examples", examplesSynopsis, stderr)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	switch len(pos) {
	case 0:
		for _, name := range examples.Names() {
			data, _ := examples.Get(name)
			about := ""
			if s, _, err := scenario.Parse(name+".yaml", data); err == nil {
				about = s.Description
				if i := strings.Index(about, ". "); i >= 0 {
					about = about[:i+1]
				}
			}
			fmt.Fprintf(stdout, "%-22s %s\n", name, about)
		}
		return 0
	case 1:
		data, err := examples.Get(pos[0])
		if err != nil {
			return fail(stderr, "examples", err)
		}
		stdout.Write(data)
		return 0
	}
	fmt.Fprintln(stderr, "parley examples: give at most one example name")
	return 2
}
