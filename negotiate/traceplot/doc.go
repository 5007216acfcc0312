// Package traceplot draws a negotiation trace (package negotiate) as an SVG: the offers of
// each side in the parties' utility space, over the Pareto frontier and the bargaining
// points of the scenario's analysis.
//
// It draws with parley/internal/svgchart, as the web UI does. It writes only to the writer it is given
// and must not import storage, transport or the CLI.
package traceplot
