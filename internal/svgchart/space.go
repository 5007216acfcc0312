package svgchart

import "math"

// Pt is a point of a utility space, with its label (drawn beside it) and tooltip.
type Pt struct {
	X, Y       float64
	Label, Tip string
}

// Space is a utility-space panel of two parties: the Pareto frontier, the best acceptable
// packages, the region where both get at least their reservation value, the four bargaining
// points and any further series (versions, offers, the agreement). Every utility-space chart
// of parley, in the web UI and the CLI, is drawn by Space.Chart, so each element looks the
// same everywhere.
type Space struct {
	ID, Title, Desc   string
	XParty, YParty    string  // the parties on the axes, as people read them
	ResX, ResY        float64 // reservation values; NaN: not shown
	Width, Height     int
	Frontier          []Pt // Pareto-optimal outcomes
	Acceptable        []Pt // the best acceptable packages
	Nash, KS          []Pt
	Egal, Utilitarian []Pt
	Extra             []Series // drawn last, on top
}

// The styles of a utility space's elements.
const (
	ColorFrontier   = "#8c8c8c"
	ColorAcceptable = "#0072b2"
	ColorZone       = "#e4f2e4"
	ColorReserve    = "#2c782c"
	ColorNash       = "#d55e00"
	ColorKS         = "#8e44ad"
	ColorEgal       = "#8a6d00"
	ColorUtil       = "#007a5e"
	ColorVersion    = "#111111"
)

// Chart returns the panel as a chart with both axes from 0 to 1.
func (s *Space) Chart() *Chart {
	c := &Chart{ID: s.ID, Title: s.Title, Desc: s.Desc, Width: s.Width, Height: s.Height,
		XLabel: "utility of " + s.XParty, YLabel: "utility of " + s.YParty, XMin: 0, XMax: 1, YMin: 0, YMax: 1}
	if !math.IsNaN(s.ResX) && !math.IsNaN(s.ResY) {
		c.Regions = append(c.Regions, Region{Name: "both at or above reservation", X0: s.ResX, X1: 1, Y0: s.ResY, Y1: 1, Color: ColorZone})
		c.Series = append(c.Series,
			Series{X: []float64{s.ResX, s.ResX}, Y: []float64{0, 1}, Line: true, Dash: true, Color: ColorReserve},
			Series{Name: "reservation values", X: []float64{0, 1}, Y: []float64{s.ResY, s.ResY}, Line: true, Dash: true, Color: ColorReserve})
	}
	add := func(name string, pts []Pt, col string, m Marker, size float64) {
		if len(pts) > 0 {
			c.Series = append(c.Series, Pts(name, pts, col, m, size))
		}
	}
	add("Pareto frontier", Thin(s.Frontier, MaxDrawn), ColorFrontier, Circle, 2.5)
	add("best acceptable packages", Thin(s.Acceptable, MaxDrawn), ColorAcceptable, Circle, 3.5)
	// Largest first, so that bargaining points at the same outcome all stay visible.
	add("utilitarian", s.Utilitarian, ColorUtil, Cross, 9)
	add("egalitarian", s.Egal, ColorEgal, Diamond, 8)
	add("Kalai-Smorodinsky", s.KS, ColorKS, Triangle, 6.5)
	add("Nash", s.Nash, ColorNash, Square, 4.5)
	c.Series = append(c.Series, s.Extra...)
	return c
}

// MaxDrawn bounds the frontier points a utility space draws, so that a huge frontier still
// gives a drawing of reasonable size.
const MaxDrawn = 4000

// Thin returns at most n of pts, spread evenly over them (pts itself when it is short).
func Thin(pts []Pt, n int) []Pt {
	if len(pts) <= n || n <= 0 {
		return pts
	}
	step := (len(pts) + n - 1) / n
	out := make([]Pt, 0, n)
	for i := 0; i < len(pts); i += step {
		out = append(out, pts[i])
	}
	return out
}

// Pts returns a series of points drawn with marker m.
func Pts(name string, pts []Pt, col string, m Marker, size float64) Series {
	s := Series{Name: name, Color: col, Marker: m, Size: size}
	for _, p := range pts {
		s.X, s.Y = append(s.X, p.X), append(s.Y, p.Y)
		s.Labels, s.Tips = append(s.Labels, p.Label), append(s.Tips, p.Tip)
	}
	return s
}
