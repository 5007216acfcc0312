package svgchart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
)

// Marker is the shape drawn at a point. Series tell apart by shape as well as colour, so a
// chart reads in grey and for colour-blind readers.
type Marker int

// Markers.
const (
	NoMarker Marker = iota
	Circle
	Square
	Triangle
	Diamond
	Cross
	Ring
	Star
)

// Series is one set of points, drawn as markers, a line through them, or both.
type Series struct {
	Name   string // in the legend; empty: not in the legend
	X, Y   []float64
	Labels []string // optional, one per point: drawn beside the point
	Tips   []string // optional, one per point: the point's tooltip (its <title>)
	Color  string   // CSS colour; empty: the palette's next
	Marker Marker
	Size   float64 // marker radius in pixels; 0: 4
	Line   bool    // join the points in order
	Dash   bool    // dashed line
	Class  string  // optional class attribute of the series' group
}

// Region is a shaded rectangle in data coordinates.
type Region struct {
	Name           string // in the legend; empty: not in the legend
	X0, X1, Y0, Y1 float64
	Color          string
}

// Tick is an axis tick at a data value with its text.
type Tick struct {
	At    float64
	Label string
}

// Chart is one plotting area with its axes, series, regions and legend. The zero ranges
// (min == max) are set from the data.
type Chart struct {
	Title, Desc    string // Desc: the accessible description (<desc>)
	XLabel, YLabel string
	Width, Height  int // pixels; 0: 720 x 480
	XMin, XMax     float64
	YMin, YMax     float64
	XTicks, YTicks []Tick // optional: replace the round ticks
	Regions        []Region
	Series         []Series
	ID             string // prefix of the element ids; "" : "chart"
}

// Palette is the Okabe-Ito palette, readable by colour-blind readers, darkened where needed
// for a 3:1 contrast against white.
var Palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#000000"}

const (
	fontSize  = 13
	charWidth = 7.2 // rough width of a character at fontSize, for layout
	marginL   = 64
	marginR   = 24
	marginT   = 36
	marginB   = 48
)

// geometry is a chart's pixel layout.
type geometry struct {
	w, h                  int
	left, right, top, bot float64 // the plotting area
	x0, x1, y0, y1        float64 // data ranges
	legend                []legendItem
	legendTop             float64
}

func (g *geometry) px(x float64) float64 { return g.left + (x-g.x0)/(g.x1-g.x0)*(g.right-g.left) }
func (g *geometry) py(y float64) float64 { return g.bot - (y-g.y0)/(g.y1-g.y0)*(g.bot-g.top) }

// WriteTo writes c as a standalone SVG document.
func (c *Chart) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	c.render(&b, 0, 0, true)
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

// SVG returns c as an <svg> element (no XML declaration), for embedding in HTML.
func (c *Chart) SVG() string {
	var b bytes.Buffer
	c.render(&b, 0, 0, false)
	return b.String()
}

// Grid writes charts into w as one SVG document, cols charts a row, each at its own size
// (the cells take the largest).
func Grid(w io.Writer, cols int, charts []*Chart) error {
	if cols < 1 {
		cols = 1
	}
	cw, ch := 0, 0
	for _, c := range charts {
		g := c.layout()
		cw, ch = max(cw, g.w), max(ch, g.h)
	}
	rows := (len(charts) + cols - 1) / cols
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`+"\n",
		cw*cols, ch*rows, cw*cols, ch*rows)
	for i, c := range charts {
		c.render(&b, (i%cols)*cw, (i/cols)*ch, false)
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func (c *Chart) id() string {
	if c.ID == "" {
		return "chart"
	}
	return c.ID
}

// layout places the plotting area and the legend.
func (c *Chart) layout() *geometry {
	g := &geometry{w: c.Width, h: c.Height}
	if g.w <= 0 {
		g.w = 720
	}
	if g.h <= 0 {
		g.h = 480
	}
	g.x0, g.x1, g.y0, g.y1 = c.XMin, c.XMax, c.YMin, c.YMax
	c.dataRange(g)
	g.legend = c.legendItems()
	lh := legendHeight(g.legend, float64(g.w-marginL-marginR))
	g.left, g.right = marginL, float64(g.w-marginR)
	g.top = marginT
	if c.Title == "" {
		g.top = 16
	}
	g.bot = float64(g.h) - marginB - lh
	g.legendTop = float64(g.h) - lh - 4
	if g.bot-g.top < 40 { // too many legend rows: grow the chart rather than squash it
		g.h += int(40 - (g.bot - g.top))
		g.bot, g.legendTop = g.top+40, g.top+40+marginB
	}
	return g
}

// dataRange sets empty ranges from the data, with a margin.
func (c *Chart) dataRange(g *geometry) {
	auto := func(lo, hi *float64, vals func(Series) []float64, regions func(Region) (float64, float64)) {
		if *hi > *lo {
			return
		}
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, s := range c.Series {
			for _, v := range vals(s) {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					mn, mx = math.Min(mn, v), math.Max(mx, v)
				}
			}
		}
		for _, r := range c.Regions {
			a, b := regions(r)
			mn, mx = math.Min(mn, math.Min(a, b)), math.Max(mx, math.Max(a, b))
		}
		if math.IsInf(mn, 0) {
			mn, mx = 0, 1
		}
		pad := (mx - mn) * 0.05
		if pad == 0 {
			pad = math.Max(math.Abs(mn)*0.1, 0.5)
		}
		*lo, *hi = mn-pad, mx+pad
	}
	auto(&g.x0, &g.x1, func(s Series) []float64 { return s.X }, func(r Region) (float64, float64) { return r.X0, r.X1 })
	auto(&g.y0, &g.y1, func(s Series) []float64 { return s.Y }, func(r Region) (float64, float64) { return r.Y0, r.Y1 })
}

// render writes c's <svg> element at (ox, oy); standalone adds the XML declaration.
func (c *Chart) render(b *bytes.Buffer, ox, oy int, standalone bool) {
	g := c.layout()
	if standalone {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	}
	id := c.id()
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" x="%d" y="%d" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="%d">`+"\n",
		ox, oy, g.w, g.h, g.w, g.h, esc(id), esc(id), fontSize)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`+"\n", esc(id), esc(c.Title), esc(id), esc(c.Desc))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", g.w, g.h)
	c.drawRegions(b, g)
	c.drawAxes(b, g)
	c.drawSeries(b, g)
	c.drawLabels(b, g)
	drawLegend(b, g)
	b.WriteString("</svg>\n")
}

func (c *Chart) drawRegions(b *bytes.Buffer, g *geometry) {
	for _, r := range c.Regions {
		x0, x1 := g.px(math.Max(r.X0, g.x0)), g.px(math.Min(r.X1, g.x1))
		y0, y1 := g.py(math.Min(r.Y1, g.y1)), g.py(math.Max(r.Y0, g.y0))
		if x1 <= x0 || y1 <= y0 {
			continue
		}
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", x0, y0, x1-x0, y1-y0, esc(r.Color))
	}
}

// esc escapes s for XML text and attributes.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
				continue // not allowed in XML 1.0
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
