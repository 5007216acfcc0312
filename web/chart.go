package web

import (
	"fmt"
	"html/template"
	"strings"

	"parley/internal/svgchart"
)

// The charts are SVG drawn on the server by parley/internal/svgchart, the package that
// draws the CLI's SVG too: no charting script, nothing for the Content-Security-Policy to
// allow, and readable without JavaScript. svgchart escapes every piece of text it writes.

// chart is one chart of a page: the drawing and a caption saying how to read it.
type chart struct {
	c       *svgchart.Chart
	Caption string
	dots    map[string]int // class -> index of its series in c.Series
}

// chartColors gives the colours of the line and dot classes of the pages' charts.
var chartColors = map[string]string{"line": "#0072b2", "line2": "#2c782c", "ver": "#d55e00", "bp": "#b03a2e"}

func newChart(title, xl, yl string, x0, x1, y0, y1 float64) *chart {
	if x1 <= x0 {
		x1 = x0 + 1
	}
	if y1 <= y0 {
		y1 = y0 + 1
	}
	return &chart{c: &svgchart.Chart{ID: chartID(title), Title: title, Desc: title, XLabel: xl, YLabel: yl,
		XMin: x0, XMax: x1, YMin: y0, YMax: y1, Width: 720, Height: 400}, dots: map[string]int{}}
}

// chartID makes an element id of a chart's title.
func chartID(title string) string {
	var b strings.Builder
	b.WriteString("chart")
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// SVG is the chart's drawing, for the templates.
func (c *chart) SVG() template.HTML { return template.HTML(c.c.SVG()) }

// ID is the id of the chart's <svg> title, for aria-describedby and links.
func (c *chart) ID() string { return c.c.ID }

// ticks puts n+1 evenly spaced ticks on each axis.
func (c *chart) ticks(nx, ny int, xfmt, yfmt func(float64) string) {
	s := c.c
	s.XTicks, s.YTicks = nil, nil
	for i := 0; i <= nx; i++ {
		x := s.XMin + (s.XMax-s.XMin)*float64(i)/float64(nx)
		s.XTicks = append(s.XTicks, svgchart.Tick{At: x, Label: xfmt(x)})
	}
	for i := 0; i <= ny; i++ {
		y := s.YMin + (s.YMax-s.YMin)*float64(i)/float64(ny)
		s.YTicks = append(s.YTicks, svgchart.Tick{At: y, Label: yfmt(y)})
	}
}

// xTicksAt puts the x ticks at the given values.
func (c *chart) xTicksAt(xs []float64, f func(float64) string) {
	c.c.XTicks = nil
	for _, x := range xs {
		c.c.XTicks = append(c.c.XTicks, svgchart.Tick{At: x, Label: f(x)})
	}
}

// line adds a labelled series joining the points; class "line2" is dashed.
func (c *chart) line(class, label string, xs, ys []float64) {
	c.c.Series = append(c.c.Series, svgchart.Series{Name: label, X: xs, Y: ys, Line: true, Dash: class == "line2",
		Color: chartColors[class], Marker: svgchart.NoMarker})
}

// dot adds a point of the class's series (not in the legend), with label as its tooltip.
func (c *chart) dot(class, label string, x, y, r float64) {
	i, ok := c.dots[class]
	if !ok {
		i = len(c.c.Series)
		c.dots[class] = i
		c.c.Series = append(c.c.Series, svgchart.Series{Color: chartColors[class], Marker: svgchart.Circle, Size: r})
	}
	s := &c.c.Series[i]
	s.X, s.Y, s.Tips = append(s.X, x), append(s.Y, y), append(s.Tips, label)
}

func fmt2(x float64) string { return fmt.Sprintf("%.2g", x) }
func fmt0(x float64) string { return fmt.Sprintf("%.0f", x) }
