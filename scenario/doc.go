// Package scenario reads and writes parley's own YAML scenario format: the issues, the
// parties and each party's profile (weights, value functions, reservation value, red lines,
// and the non-additive rectangles and discount factor kept for GENIUS round trips).
//
// Parse validates everything a person can get wrong and reports it as a *parley.Error with
// the file, line, column and field path, saying what would be accepted; Marshal writes the
// canonical form, which Parse reads back unchanged. docs/scenario.md documents the format
// field by field.
//
// The package imports parley, parley/redline, the YAML library and the standard library; it
// must not import analysis, storage, transport or the CLI.
package scenario
