package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"parley"
	"parley/genius"
	"parley/scenario"
)

// Conversion targets of parley convert.
var convertFormats = []string{"genius", "geniusweb", "yaml"}

func runConvert(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("convert", "convert IN OUT [--to genius|geniusweb|yaml] [--force]", stderr)
	to := fs.String("to", "", "output format: genius (a folder of GENIUS XML), geniusweb (a folder of GeniusWeb JSON) or yaml (a parley YAML file); default yaml when OUT ends in .yaml or .yml")
	force := fs.Bool("force", false, "write into an existing OUT (replacing files of the same names)")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintln(stderr, "parley convert: want IN and OUT")
		fs.Usage()
		return 2
	}
	in, out := pos[0], pos[1]
	format := *to
	if format == "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".yaml", ".yml":
			format = "yaml"
		default:
			fmt.Fprintf(stderr, "parley convert: say which format to write with --to (%s)\n", strings.Join(convertFormats, ", "))
			return 2
		}
	}
	known := false
	for _, f := range convertFormats {
		known = known || f == format
	}
	if !known {
		fmt.Fprintf(stderr, "parley convert: unknown format %q; expected one of %s\n", format, strings.Join(convertFormats, ", "))
		return 2
	}
	if !*force {
		if fi, err := os.Stat(out); err == nil {
			if !fi.IsDir() || !convertEmptyDir(out) {
				fmt.Fprintf(stderr, "parley convert: %s already exists; choose a new name or add --force\n", out)
				return 2
			}
		}
	}
	s, err := loadScenario(in, stderr)
	if err != nil {
		return fail(stderr, "convert", err)
	}
	var warns []parley.Warning
	switch format {
	case "yaml":
		data, merr := scenario.Marshal(s)
		if merr != nil {
			return fail(stderr, "convert", merr)
		}
		err = os.WriteFile(out, data, 0o644)
	case "genius":
		warns, err = genius.WriteDir(out, s)
	case "geniusweb":
		warns, err = genius.WriteWebDir(out, s)
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "parley: warning: %s\n", w)
	}
	if err != nil {
		return fail(stderr, "convert", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%s)", out, format)
	switch n := len(warns); n {
	case 0:
	case 1:
		fmt.Fprint(stdout, " with 1 warning")
	default:
		fmt.Fprintf(stdout, " with %d warnings", n)
	}
	fmt.Fprintln(stdout)
	return 0
}

func convertEmptyDir(dir string) bool {
	ents, err := os.ReadDir(dir)
	return err == nil && len(ents) == 0
}
