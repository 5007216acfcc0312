// Package svgchart draws the charts of parley as SVG: scatter and line series with distinct
// marker shapes, shaded regions, axes with round ticks, per-point labels and a legend, one
// chart or a grid of them. The web UI (package web) and the CLI (package report and
// negotiate/traceplot) draw with it, so a chart looks the same wherever it is read.
//
// It writes only to the writer it is given, keeps no state, and imports only the standard
// library: charts need no fonts, no raster back end and no script. Every piece of text is
// XML-escaped; a chart's title and description make it an accessible image (role="img").
package svgchart
