// Package negotiate runs automated negotiations on a parley scenario: the Stacked Alternating
// Offers Protocol (SAOP, bilateral and multilateral), a mediated single-text protocol with
// pluggable mediator strategies (hill-climbing and annealing over the votes, a mediator that
// learns what each party could live with; a strategy sees the votes, never a profile), a
// library of agents (time-dependent concession, hardliner, random, relative tit-for-tat, a
// frequency-model Nash seeker and a red-line-respecting rational agent), tournaments over
// agents, scenarios, role swaps and repetitions, and traces of every offer.
//
// SAOP runs under parley's rules by default, or under GENIUS 10.4's (Config.Rules,
// RulesGenius): GENIUS's clock, sorted outcome space, bid choice and time-dependent agents,
// replaying GENIUS's negotiations exactly. A tournament can run as shards, deterministic
// slices written to files (Tournament.WriteShard), which MergeShards combines into the bytes
// one run writes.
//
// Everything is deterministic for a given seed: random choices come from seeded generators,
// tournaments write results in negotiation order whatever the scheduling of their workers,
// and no result depends on map iteration order. Deadlines are counted in rounds by default;
// a deadline in wall-clock time is available but makes results depend on the machine.
//
// Agents see only their own profile (Setup): the protocols hold every party's utility
// function, agents never do. Package negotiate imports only parley, redline, internal/jsonfloat
// and the standard library: it must not import file formats (genius, scenario), storage, HTTP or the CLI, nor
// the analysis (the caller turns an analysis into Metrics, so a negotiation never waits for
// one). Drawing traces lives in the subpackage traceplot, so that this package does not pull
// in a plotting library.
package negotiate
