// Package schemas holds the JSON Schemas (2020-12) of parley's file formats and JSON
// outputs, embedded so `parley schema NAME` prints them: analyze (analyze --json),
// negotiate (negotiate --json), tournament (one line of tournament --json) and scenario
// (the YAML scenario format).
//
// It imports only the standard library.
package schemas

import (
	"embed"
	"slices"
	"strings"
)

//go:embed *.schema.json
var files embed.FS

// Names lists the schemas, sorted.
func Names() []string {
	es, _ := files.ReadDir(".")
	var ns []string
	for _, e := range es {
		ns = append(ns, strings.TrimSuffix(e.Name(), ".schema.json"))
	}
	slices.Sort(ns)
	return ns
}

// Lookup returns the schema called name, or false.
func Lookup(name string) ([]byte, bool) {
	if !slices.Contains(Names(), name) {
		return nil, false
	}
	b, err := files.ReadFile(name + ".schema.json")
	return b, err == nil
}
