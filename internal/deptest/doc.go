// Package deptest holds the test that enforces the import rules each package's doc.go states
// (in the manner of tailscale's tstest/deptest): a package that imports what its doc.go
// forbids fails the build of the test suite, not a code review.
//
// It has no code of its own, and nothing may import it.
package deptest
