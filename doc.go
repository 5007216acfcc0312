// Package parley holds the domain of a multi-party, multi-issue negotiation: the scenario
// (parties, issues, profiles), outcomes, red lines as text, the plan and its versions, and the
// application error type.
//
// It imports only the standard library. Parsing, analysis, storage and transport live in
// subpackages (scenario, redline, analysis, negotiate, genius, sqlite, httpapi) that import
// this one, never the other way round.
package parley
