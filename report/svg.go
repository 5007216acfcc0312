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

type marker struct {
	name  string
	pts   []analysis.Point
	shape draw.GlyphDrawer
	col   color.Color
}

// SVG draws the utility space of res: for two parties u1 against u2 with the Pareto
// frontier, the region where both get at least their reservation value, the acceptable
// frontier outcomes and the bargaining points; for more parties a grid with one panel per
// pair of parties.
func SVG(w io.Writer, s *parley.Scenario, res *analysis.Result) error {
	k := len(res.Parties)
	if k < 2 {
		return parley.Errorf(parley.EINVALID, "a utility-space drawing needs at least two parties; the scenario has %d", k)
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
		p, err := panel(s, res, pr[0], pr[1], n == 0)
		if err != nil {
			return err
		}
		plots[n/cols][n%cols] = p
	}
	size := vg.Length(5) * vg.Inch
	canvas := vgsvg.New(size*vg.Length(cols), size*vg.Length(rows))
	dc := draw.New(canvas)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, dc)
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

func panel(s *parley.Scenario, res *analysis.Result, a, b int, legend bool) (*plot.Plot, error) {
	pa, pb := s.Parties[res.Parties[a]], s.Parties[res.Parties[b]]
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s and %s", pa.DisplayName(), pb.DisplayName())
	p.X.Label.Text = "utility of " + pa.DisplayName()
	p.Y.Label.Text = "utility of " + pb.DisplayName()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(plotter.NewGrid())
	p.Legend.Top = false
	p.Legend.Left = true

	da, db := pa.Profile.Reservation, pb.Profile.Reservation
	zone, err := plotter.NewPolygon(plotter.XYs{{X: da, Y: db}, {X: 1, Y: db}, {X: 1, Y: 1}, {X: da, Y: 1}})
	if err != nil {
		return nil, err
	}
	zone.Color = colZone
	zone.LineStyle.Width = 0
	p.Add(zone)
	for _, l := range []plotter.XYs{{{X: da, Y: 0}, {X: da, Y: 1}}, {{X: 0, Y: db}, {X: 1, Y: db}}} {
		ln, err := plotter.NewLine(l)
		if err != nil {
			return nil, err
		}
		ln.Color = colReserve
		ln.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(ln)
	}
	if legend {
		p.Legend.Add("both at or above reservation", zone)
	}

	all, acc := thin(res.Pareto, a, b), thin(res.AcceptablePareto, a, b)
	if len(all) > 0 {
		sc, err := plotter.NewScatter(all)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = colFrontier
		sc.GlyphStyle.Radius = vg.Points(1.5)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
		if legend {
			p.Legend.Add("Pareto frontier", sc)
		}
	}
	if len(acc) > 0 {
		sc, err := plotter.NewScatter(acc)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = colAcceptable
		sc.GlyphStyle.Radius = vg.Points(2.5)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
		if legend {
			p.Legend.Add("best acceptable packages", sc)
		}
	}
	for _, m := range []marker{
		{"Nash", res.Nash, draw.BoxGlyph{}, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
		{"Kalai-Smorodinsky", res.KalaiSmorodinsky, draw.TriangleGlyph{}, color.RGBA{R: 148, G: 103, B: 189, A: 255}},
		{"egalitarian", res.Egalitarian, draw.PyramidGlyph{}, color.RGBA{R: 255, G: 127, B: 14, A: 255}},
		{"utilitarian", res.Utilitarian, draw.CrossGlyph{}, color.RGBA{R: 23, G: 190, B: 207, A: 255}},
	} {
		if len(m.pts) == 0 {
			continue
		}
		var xys plotter.XYs
		for _, pt := range m.pts {
			xys = append(xys, plotter.XY{X: pt.Utility[a], Y: pt.Utility[b]})
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = m.col
		sc.GlyphStyle.Radius = vg.Points(5)
		sc.GlyphStyle.Shape = m.shape
		p.Add(sc)
		if legend {
			p.Legend.Add(m.name, sc)
		}
	}
	return p, nil
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
