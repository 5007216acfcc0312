package report

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"parley"
	"parley/analysis"
)

// maxDrawn bounds the frontier points drawn per panel so that a huge frontier still gives a
// drawing of reasonable size; the points kept are spread evenly along the frontier.
const maxDrawn = 4000

var (
	colFrontier   = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	colAcceptable = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	colZone       = color.RGBA{R: 222, G: 240, B: 222, A: 255}
	colReserve    = color.RGBA{R: 44, G: 120, B: 44, A: 255}
)

// SVG draws the utility space of res: for two parties u1 against u2 with the Pareto
// frontier, the region where both get at least their reservation value, the best acceptable
// packages and the bargaining points; for more parties a grid with one panel per pair of
// parties.
func SVG(w io.Writer, s *parley.Scenario, res *analysis.Result) error {
	if k := len(res.Parties); k < 2 {
		return parley.Errorf(parley.EINVALID, "a utility-space drawing needs at least two parties; the scenario has %d", k)
	}
	return Pairs(w, len(res.Parties), func(a, b int, first bool) (*plot.Plot, error) {
		pa, pb := s.Parties[res.Parties[a]], s.Parties[res.Parties[b]]
		p := NewPanel(fmt.Sprintf("%s and %s", pa.DisplayName(), pb.DisplayName()), pa.DisplayName(), pb.DisplayName())
		if err := addZone(p, pa.Profile.Reservation, pb.Profile.Reservation, first); err != nil {
			return nil, err
		}
		if err := AddFrontier(p, res, a, b, first); err != nil {
			return nil, err
		}
		return p, AddBargainingPoints(p, res, a, b, first)
	})
}

// Pairs draws one panel per pair of k parties into w as SVG, in a near-square grid; panel
// makes the panel of parties a and b, with the legend when first.
func Pairs(w io.Writer, k int, panel func(a, b int, first bool) (*plot.Plot, error)) error {
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
		p, err := panel(pr[0], pr[1], n == 0)
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

// NewPanel returns an empty utility-space panel: both axes from 0 to 1, a grid, the legend
// at the bottom left (where a frontier leaves room).
func NewPanel(title, xParty, yParty string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "utility of " + xParty
	p.Y.Label.Text = "utility of " + yParty
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(plotter.NewGrid())
	p.Legend.Top = false
	p.Legend.Left = true
	return p
}

func addZone(p *plot.Plot, da, db float64, legend bool) error {
	zone, err := plotter.NewPolygon(plotter.XYs{{X: da, Y: db}, {X: 1, Y: db}, {X: 1, Y: 1}, {X: da, Y: 1}})
	if err != nil {
		return err
	}
	zone.Color = colZone
	zone.LineStyle.Width = 0
	p.Add(zone)
	for _, l := range []plotter.XYs{{{X: da, Y: 0}, {X: da, Y: 1}}, {{X: 0, Y: db}, {X: 1, Y: db}}} {
		ln, err := plotter.NewLine(l)
		if err != nil {
			return err
		}
		ln.Color = colReserve
		ln.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(ln)
	}
	if legend {
		p.Legend.Add("both at or above reservation", zone)
	}
	return nil
}

// Scatter returns a scatter of xys drawn with the given colour, glyph and radius.
func Scatter(xys plotter.XYs, col color.Color, shape draw.GlyphDrawer, radius vg.Length) (*plotter.Scatter, error) {
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle.Color = col
	sc.GlyphStyle.Radius = radius
	sc.GlyphStyle.Shape = shape
	return sc, nil
}

// AddFrontier adds the Pareto frontier of res and the best acceptable packages to p, for
// parties a and b (indices into res.Parties).
func AddFrontier(p *plot.Plot, res *analysis.Result, a, b int, legend bool) error {
	for _, f := range []struct {
		name   string
		pts    []analysis.Point
		col    color.Color
		radius vg.Length
	}{
		{"Pareto frontier", res.Pareto, colFrontier, vg.Points(1.5)},
		{"best acceptable packages", res.AcceptablePareto, colAcceptable, vg.Points(2.5)},
	} {
		if len(f.pts) == 0 {
			continue
		}
		sc, err := Scatter(thin(f.pts, a, b), f.col, draw.CircleGlyph{}, f.radius)
		if err != nil {
			return err
		}
		p.Add(sc)
		if legend {
			p.Legend.Add(f.name, sc)
		}
	}
	return nil
}

// AddBargainingPoints marks the Nash, Kalai-Smorodinsky, egalitarian and utilitarian points
// of res on p, for parties a and b.
func AddBargainingPoints(p *plot.Plot, res *analysis.Result, a, b int, legend bool) error {
	for _, m := range []struct {
		name  string
		pts   []analysis.Point
		shape draw.GlyphDrawer
		col   color.Color
	}{
		{"Nash", res.Nash, draw.BoxGlyph{}, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
		{"Kalai-Smorodinsky", res.KalaiSmorodinsky, draw.TriangleGlyph{}, color.RGBA{R: 148, G: 103, B: 189, A: 255}},
		{"egalitarian", res.Egalitarian, draw.PyramidGlyph{}, color.RGBA{R: 255, G: 127, B: 14, A: 255}},
		{"utilitarian", res.Utilitarian, draw.CrossGlyph{}, color.RGBA{R: 23, G: 190, B: 207, A: 255}},
	} {
		if len(m.pts) == 0 {
			continue
		}
		sc, err := Scatter(thin(m.pts, a, b), m.col, m.shape, vg.Points(5))
		if err != nil {
			return err
		}
		p.Add(sc)
		if legend {
			p.Legend.Add(m.name, sc)
		}
	}
	return nil
}

// thin returns the utilities of parties a and b at points spread evenly over pts, at most
// maxDrawn of them.
func thin(pts []analysis.Point, a, b int) plotter.XYs {
	step := 1
	if len(pts) > maxDrawn {
		step = (len(pts) + maxDrawn - 1) / maxDrawn
	}
	var xys plotter.XYs
	for i := 0; i < len(pts); i += step {
		xys = append(xys, plotter.XY{X: pts[i].Utility[a], Y: pts[i].Utility[b]})
	}
	return xys
}
