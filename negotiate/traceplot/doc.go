// Package traceplot draws a negotiation trace (package negotiate) as an SVG: the offers of
// each side in the parties' utility space, over the Pareto frontier and the bargaining
// points of the scenario's analysis.
//
// It uses gonum.org/v1/plot with its SVG backend. It writes only to the writer it is given
// and must not import storage, transport or the CLI.
package traceplot
