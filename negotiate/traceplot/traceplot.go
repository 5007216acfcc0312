package traceplot

import (
	"fmt"
	"io"

	"parley"
	"parley/analysis"
	"parley/internal/svgchart"
	"parley/negotiate"
	"parley/report"
)

const (
	colMediator = "#666666"
	colAgreed   = "#000000"
)

var (
	// One colour and marker per party, cycling; none is the blue of the acceptable frontier.
	partyCols    = []string{"#d55e00", "#8c564b", "#009e73", "#cc79a7", "#8a6d00"}
	partyMarkers = []svgchart.Marker{svgchart.Circle, svgchart.Triangle, svgchart.Square, svgchart.Diamond, svgchart.Ring}
)

// SVG draws tr into w: for two parties one panel, the first party's utility against the
// second's; for more, one panel per pair of parties. Each panel shows the Pareto frontier
// and the Nash, Kalai-Smorodinsky, egalitarian and utilitarian points of res (when res is
// not nil; its parties must be the trace's), the offers of each party joined in their order
// (for the mediated protocol, the mediator's proposals), and the agreement.
func SVG(w io.Writer, tr *negotiate.Trace, res *analysis.Result) error {
	k := len(tr.Parties)
	if k < 2 {
		return parley.Errorf(parley.EINVALID, "a trace drawing needs at least two parties; the trace has %d", k)
	}
	if res != nil && len(res.Parties) != k {
		return parley.Errorf(parley.EINVALID, "the analysis has %d parties, the trace %d", len(res.Parties), k)
	}
	return report.Pairs(w, k, func(a, b int) *svgchart.Chart { return panel(tr, res, a, b) })
}

func panel(tr *negotiate.Trace, res *analysis.Result, a, b int) *svgchart.Chart {
	sp := report.Space(fmt.Sprintf("%s negotiation: %s and %s", tr.Protocol, tr.Parties[a], tr.Parties[b]), tr.Parties[a], tr.Parties[b], res, a, b)
	// Offers, one series per party (or the mediator), in their order.
	series := map[int]*svgchart.Series{}
	var order []int
	for _, e := range tr.Events {
		if e.Outcome == nil || (e.Kind != "offer" && e.Kind != "propose") {
			continue
		}
		s := series[e.Party]
		if s == nil {
			s = &svgchart.Series{Name: "mediator's proposals", Color: colMediator, Marker: svgchart.Cross, Size: 3, Line: true}
			if e.Party >= 0 {
				s.Name = "offers of " + tr.Parties[e.Party]
				s.Color, s.Marker = partyCols[e.Party%len(partyCols)], partyMarkers[e.Party%len(partyMarkers)]
			}
			series[e.Party] = s
			order = append(order, e.Party)
		}
		s.X, s.Y = append(s.X, e.Utility[a]), append(s.Y, e.Utility[b])
	}
	for _, p := range order {
		sp.Extra = append(sp.Extra, *series[p])
	}
	if tr.Agreement != nil {
		sp.Extra = append(sp.Extra, svgchart.Series{Name: "agreement", X: []float64{tr.Utility[a]}, Y: []float64{tr.Utility[b]},
			Color: colAgreed, Marker: svgchart.Ring, Size: 9})
	}
	return sp.Chart()
}
