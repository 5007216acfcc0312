// Package genius reads and writes the negotiation file formats of the field: GENIUS XML
// (domains, additive and non-linear hyper-rectangle profiles, pareto.xml frontiers) and
// GeniusWeb JSON (domains, LinearAdditiveUtilitySpace and SumOfGroupsUtilitySpace profiles).
//
// Readers stream their input and are bounded (MaxFileSize bytes per file, MaxValues values
// per issue); bad input is reported as a *parley.Error naming the file, the line and the
// element, attribute or JSON path, and saying what would be accepted. Utilities follow each
// tool's own arithmetic exactly; docs/formats.md lists the rules.
//
// It imports only the root package parley and the standard library: never the analysis,
// the CLI, storage or transport.
package genius
