package traceplot

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"parley"
	"parley/analysis"
	"parley/negotiate"
	"parley/report"
)

var (
	colMediator = color.RGBA{R: 120, G: 120, B: 120, A: 255}
	colAgreed   = color.RGBA{R: 0, G: 0, B: 0, A: 255}
	// One colour and glyph per party, cycling; none is the blue of the acceptable frontier.
	partyCols = []color.Color{
		color.RGBA{R: 214, G: 39, B: 40, A: 255},
		color.RGBA{R: 140, G: 86, B: 75, A: 255},
		color.RGBA{R: 44, G: 160, B: 44, A: 255},
		color.RGBA{R: 148, G: 103, B: 189, A: 255},
		color.RGBA{R: 255, G: 127, B: 14, A: 255},
	}
	partyGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}}
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
	return report.Pairs(w, k, func(a, b int, first bool) (*plot.Plot, error) { return panel(tr, res, a, b, first) })
}

func panel(tr *negotiate.Trace, res *analysis.Result, a, b int, legend bool) (*plot.Plot, error) {
	p := report.NewPanel(fmt.Sprintf("%s negotiation: %s and %s", tr.Protocol, tr.Parties[a], tr.Parties[b]), tr.Parties[a], tr.Parties[b])
	add := func(name string, pl plot.Plotter, th ...plot.Thumbnailer) {
		p.Add(pl)
		if legend && name != "" {
			p.Legend.Add(name, th...)
		}
	}
	if res != nil {
		if err := report.AddFrontier(p, res, a, b, legend); err != nil {
			return nil, err
		}
	}
	// Offers, one series per party (or the mediator), in their order.
	series := map[int]plotter.XYs{}
	var order []int
	for _, e := range tr.Events {
		if e.Outcome == nil || (e.Kind != "offer" && e.Kind != "propose") {
			continue
		}
		if _, ok := series[e.Party]; !ok {
			order = append(order, e.Party)
		}
		series[e.Party] = append(series[e.Party], plotter.XY{X: e.Utility[a], Y: e.Utility[b]})
	}
	for _, party := range order {
		xys := series[party]
		name, col, shape := "mediator's proposals", color.Color(colMediator), draw.GlyphDrawer(draw.CrossGlyph{})
		if party >= 0 {
			name = "offers of " + tr.Parties[party]
			col, shape = partyCols[party%len(partyCols)], partyGlyphs[party%len(partyGlyphs)]
		}
		ln, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		ln.Color = col
		ln.Width = vg.Points(0.5)
		sc, err := report.Scatter(xys, col, shape, vg.Points(2.5))
		if err != nil {
			return nil, err
		}
		p.Add(ln)
		add(name, sc, ln, sc)
	}
	if res != nil {
		if err := report.AddBargainingPoints(p, res, a, b, legend); err != nil {
			return nil, err
		}
	}
	if tr.Agreement != nil {
		sc, err := report.Scatter(plotter.XYs{{X: tr.Utility[a], Y: tr.Utility[b]}}, colAgreed, draw.RingGlyph{}, vg.Points(8))
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = colAgreed
		add("agreement", sc, sc)
	}
	return p, nil
}
