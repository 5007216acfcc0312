package traceplot

import (
	"fmt"
	"image/color"
	"io"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"parley"
	"parley/analysis"
	"parley/negotiate"
)

// maxDrawn bounds the frontier points drawn per panel; the points kept are spread evenly.
const maxDrawn = 4000

var (
	colFrontier = color.RGBA{R: 170, G: 170, B: 170, A: 255}
	colMediator = color.RGBA{R: 120, G: 120, B: 120, A: 255}
	colAgreed   = color.RGBA{R: 0, G: 0, B: 0, A: 255}
	// One colour and glyph per party, cycling.
	partyCols = []color.Color{
		color.RGBA{R: 31, G: 119, B: 180, A: 255},
		color.RGBA{R: 214, G: 39, B: 40, A: 255},
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
	var pairs [][2]int
	for a := 0; a < k; a++ {
		for b := a + 1; b < k; b++ {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	cols := 1
	for cols*cols < len(pairs) {
		cols++
	}
	rows := (len(pairs) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for n, pr := range pairs {
		p, err := panel(tr, res, pr[0], pr[1], n == 0)
		if err != nil {
			return err
		}
		plots[n/cols][n%cols] = p
	}
	size := vg.Length(5) * vg.Inch
	canvas := vgsvg.New(size*vg.Length(cols), size*vg.Length(rows))
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, draw.New(canvas))
	for r := range plots {
		for c := range plots[r] {
			if plots[r][c] != nil {
				plots[r][c].Draw(canvases[r][c])
			}
		}
	}
	_, err := canvas.WriteTo(w)
	return err
}

func scatter(xys plotter.XYs, col color.Color, shape draw.GlyphDrawer, radius vg.Length) (*plotter.Scatter, error) {
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle.Color = col
	sc.GlyphStyle.Radius = radius
	sc.GlyphStyle.Shape = shape
	return sc, nil
}

func panel(tr *negotiate.Trace, res *analysis.Result, a, b int, legend bool) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s negotiation: %s and %s", tr.Protocol, tr.Parties[a], tr.Parties[b])
	p.X.Label.Text = "utility of " + tr.Parties[a]
	p.Y.Label.Text = "utility of " + tr.Parties[b]
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(plotter.NewGrid())
	p.Legend.Top = false
	p.Legend.Left = true
	add := func(name string, pl plot.Plotter, th ...plot.Thumbnailer) {
		p.Add(pl)
		if legend && name != "" {
			p.Legend.Add(name, th...)
		}
	}
	if res != nil && len(res.Pareto) > 0 {
		step := max(1, (len(res.Pareto)+maxDrawn-1)/maxDrawn)
		var xys plotter.XYs
		for i := 0; i < len(res.Pareto); i += step {
			xys = append(xys, plotter.XY{X: res.Pareto[i].Utility[a], Y: res.Pareto[i].Utility[b]})
		}
		sort.Slice(xys, func(i, j int) bool { return xys[i].X < xys[j].X })
		sc, err := scatter(xys, colFrontier, draw.CircleGlyph{}, vg.Points(1.5))
		if err != nil {
			return nil, err
		}
		add("Pareto frontier", sc, sc)
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
		sc, err := scatter(xys, col, shape, vg.Points(2.5))
		if err != nil {
			return nil, err
		}
		p.Add(ln)
		add(name, sc, ln, sc)
	}
	if res != nil {
		for _, m := range []struct {
			name  string
			pts   []analysis.Point
			shape draw.GlyphDrawer
		}{
			{"Nash", res.Nash, draw.BoxGlyph{}},
			{"Kalai-Smorodinsky", res.KalaiSmorodinsky, draw.TriangleGlyph{}},
			{"egalitarian", res.Egalitarian, draw.PyramidGlyph{}},
			{"utilitarian", res.Utilitarian, draw.CrossGlyph{}},
		} {
			if len(m.pts) == 0 {
				continue
			}
			var xys plotter.XYs
			for _, pt := range m.pts {
				xys = append(xys, plotter.XY{X: pt.Utility[a], Y: pt.Utility[b]})
			}
			sc, err := scatter(xys, color.RGBA{R: 90, G: 90, B: 90, A: 255}, m.shape, vg.Points(6))
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle.Color = color.RGBA{R: 60, G: 60, B: 60, A: 255}
			add(m.name, sc, sc)
		}
	}
	if tr.Agreement != nil {
		sc, err := scatter(plotter.XYs{{X: tr.Utility[a], Y: tr.Utility[b]}}, colAgreed, draw.RingGlyph{}, vg.Points(8))
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = colAgreed
		add("agreement", sc, sc)
	}
	return p, nil
}
