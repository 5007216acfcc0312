package web

import (
	"fmt"
	"math"
)

// The charts are SVG drawn on the server: no charting script, nothing for the
// Content-Security-Policy to allow, and readable without JavaScript. Every coordinate is
// computed here; the templates only place them.

// chart is a plotting area with axes; X and Y map data to pixels.
type chart struct {
	W, H                  int
	Left, Right, Top, Bot int
	X0, X1, Y0, Y1        float64
	Title, XLabel, YLabel string
	XTicks, YTicks        []tick
	Lines                 []polyline
	Dots                  []dot
	Labels                []label
	Caption               string // says what the dots are
}

type label struct {
	X, Y float64
	Text string
}

type tick struct {
	Pos   float64
	Label string
}

type polyline struct {
	Class, Label string
	Points       string // "x,y x,y ..."
}

type dot struct {
	X, Y  float64
	R     float64
	Class string
	Label string
}

func newChart(title, xl, yl string, x0, x1, y0, y1 float64) *chart {
	if x1 <= x0 {
		x1 = x0 + 1
	}
	if y1 <= y0 {
		y1 = y0 + 1
	}
	return &chart{W: 560, H: 320, Left: 50, Right: 20, Top: 24, Bot: 40, X0: x0, X1: x1, Y0: y0, Y1: y1,
		Title: title, XLabel: xl, YLabel: yl}
}

func (c *chart) px(x float64) float64 {
	return float64(c.Left) + (x-c.X0)/(c.X1-c.X0)*float64(c.W-c.Left-c.Right)
}

func (c *chart) py(y float64) float64 {
	return float64(c.H-c.Bot) - (y-c.Y0)/(c.Y1-c.Y0)*float64(c.H-c.Top-c.Bot)
}

// PlotRight and PlotBottom are the pixel edges of the plotting area.
func (c *chart) PlotRight() int  { return c.W - c.Right }
func (c *chart) PlotBottom() int { return c.H - c.Bot }

// ticks adds n+1 evenly spaced ticks on both axes.
func (c *chart) ticks(nx, ny int, xfmt, yfmt func(float64) string) {
	for i := 0; i <= nx; i++ {
		x := c.X0 + (c.X1-c.X0)*float64(i)/float64(nx)
		c.XTicks = append(c.XTicks, tick{c.px(x), xfmt(x)})
	}
	for i := 0; i <= ny; i++ {
		y := c.Y0 + (c.Y1-c.Y0)*float64(i)/float64(ny)
		c.YTicks = append(c.YTicks, tick{c.py(y), yfmt(y)})
	}
}

// xTicksAt puts x ticks at the given values.
func (c *chart) xTicksAt(xs []float64, f func(float64) string) {
	c.XTicks = nil
	for _, x := range xs {
		c.XTicks = append(c.XTicks, tick{c.px(x), f(x)})
	}
}

func (c *chart) line(class, label string, xs, ys []float64) {
	s := ""
	for i := range xs {
		if math.IsNaN(ys[i]) {
			continue
		}
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("%.1f,%.1f", c.px(xs[i]), c.py(ys[i]))
	}
	c.Lines = append(c.Lines, polyline{Class: class, Label: label, Points: s})
}

func (c *chart) dot(class, label string, x, y, r float64) {
	c.Dots = append(c.Dots, dot{X: c.px(x), Y: c.py(y), R: r, Class: class, Label: label})
}

func fmt2(x float64) string { return fmt.Sprintf("%.2g", x) }
func fmt0(x float64) string { return fmt.Sprintf("%.0f", x) }
