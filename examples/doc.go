// Package examples holds the scenarios shipped with parley, embedded in the binary, as parley
// YAML (see docs/scenario.md). Every preference in them is invented for illustration.
//
// It imports parley and the standard library only; it does not parse the files (package
// scenario does), so that any package may list and read them without a dependency cycle.
package examples
