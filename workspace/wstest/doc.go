// Package wstest provides fixtures for tests and benchmarks of the workspace: a small
// workspace definition with two parties, a mediator, an observer and profiles, and a helper
// that opens a real SQLite-backed service in a temporary directory.
//
// It is imported by tests only.
package wstest
