package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"parley"
	"parley/docs/schemas"
)

const schemaSynopsis = `schema [NAME]

Lists the JSON Schemas (2020-12) of parley's outputs and formats, or prints one: analyze
(analyze --json), negotiate (negotiate --json), tournament (each line of tournament
--json) and scenario (the YAML scenario format, read as JSON). The same files are in
docs/schemas/. The HTTP API's OpenAPI document is served at /api/openapi.json.

Flags:`

var schemaAbout = map[string]string{
	"analyze":    "the output of parley analyze --json",
	"negotiate":  "the output of parley negotiate --json",
	"tournament": "one line of parley tournament --json FILE (JSON lines)",
	"scenario":   "a scenario file (YAML), as JSON",
}

func runSchema(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("schema", schemaSynopsis, stderr)
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	switch len(pos) {
	case 0:
		for _, n := range schemas.Names() {
			fmt.Fprintf(stdout, "%-12s %s\n", n, schemaAbout[n])
		}
		return 0
	case 1:
		b, ok := schemas.Lookup(pos[0])
		if !ok {
			return fail(stderr, "schema", parley.Errorf(parley.EINVALID, "no schema %q; known schemas: %s", pos[0], strings.Join(schemas.Names(), ", ")))
		}
		stdout.Write(b)
		return 0
	}
	fmt.Fprintln(stderr, "parley schema: give at most one schema name")
	return 2
}
