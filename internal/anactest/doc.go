// Package anactest is the ANAC correctness suite: its tests analyse every shared GENIUS
// domain (../shared/domains, or PARLEY_DOMAINS) with parley and compare the frontier and
// every bargaining point with golden files that an independent brute-force path in the
// tests produced (go test ./internal/anactest -update), and check the exact frontiers of
// the non-linear ANAC 2014 domains against the pareto.xml files shipped with them.
//
// The package has no code of its own; its tests import parley, parley/genius and
// parley/analysis, and nothing may import it.
package anactest
