// Package report renders the result of an analysis for people and programs: the readable
// text report, the JSON document of `parley analyze --json` and the SVG drawing of the
// utility space.
//
// It reads analysis results and the scenario; it does no analysis and no I/O of its own
// beyond writing to the writer it is given. It must not import storage or transport packages.
package report
