package svgchart

import (
	"bytes"
	"fmt"
	"math"
)

func (c *Chart) color(i int) string {
	if c.Series[i].Color != "" {
		return c.Series[i].Color
	}
	return Palette[i%len(Palette)]
}

// ticks returns the chart's ticks on one axis: the given ones inside the range, or round ones.
func ticks(given []Tick, lo, hi float64, n int) []Tick {
	if len(given) > 0 {
		var out []Tick
		for _, t := range given {
			if t.At >= lo-1e-9*(hi-lo) && t.At <= hi+1e-9*(hi-lo) {
				out = append(out, t)
			}
		}
		return out
	}
	vs := Ticks(lo, hi, n)
	step := 0.0
	if len(vs) > 1 {
		step = vs[1] - vs[0]
	}
	out := make([]Tick, len(vs))
	for i, v := range vs {
		out[i] = Tick{v, FormatTick(v, step)}
	}
	return out
}

// drawAxes draws the grid, the axes, their ticks and labels, and the title.
func (c *Chart) drawAxes(b *bytes.Buffer, g *geometry) {
	nx := max(2, int((g.right-g.left)/90))
	ny := max(2, int((g.bot-g.top)/60))
	b.WriteString(`<g class="grid" stroke="#e3e3e3" stroke-width="1">`)
	xt, yt := ticks(c.XTicks, g.x0, g.x1, nx), ticks(c.YTicks, g.y0, g.y1, ny)
	for _, t := range xt {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, g.px(t.At), g.top, g.px(t.At), g.bot)
	}
	for _, t := range yt {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, g.left, g.py(t.At), g.right, g.py(t.At))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(b, `<g class="axes" stroke="#333" stroke-width="1"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/></g>`+"\n",
		g.left, g.bot, g.right, g.bot, g.left, g.top, g.left, g.bot)
	b.WriteString(`<g class="ticks" fill="#222">`)
	for _, t := range xt {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, g.px(t.At), g.bot+17, esc(t.Label))
	}
	for _, t := range yt {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`, g.left-6, g.py(t.At), esc(t.Label))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#222">%s</text>`+"\n", (g.left+g.right)/2, g.bot+36, esc(c.XLabel))
	fmt.Fprintf(b, `<text transform="translate(16 %.1f) rotate(-90)" text-anchor="middle" fill="#222">%s</text>`+"\n", (g.top+g.bot)/2, esc(c.YLabel))
	if c.Title != "" {
		fmt.Fprintf(b, `<text x="%.1f" y="22" text-anchor="middle" font-size="15" font-weight="bold" fill="#222">%s</text>`+"\n", float64(g.w)/2, esc(c.Title))
	}
}

// inside reports whether (x, y) lies in the data range (points outside are not drawn).
func (g *geometry) inside(x, y float64) bool {
	const eps = 1e-9
	return !math.IsNaN(x) && !math.IsNaN(y) &&
		x >= g.x0-eps*(g.x1-g.x0) && x <= g.x1+eps*(g.x1-g.x0) && y >= g.y0-eps*(g.y1-g.y0) && y <= g.y1+eps*(g.y1-g.y0)
}

// drawSeries draws each series' line, then its markers, in order (later series on top).
func (c *Chart) drawSeries(b *bytes.Buffer, g *geometry) {
	for i, s := range c.Series {
		col := c.color(i)
		fmt.Fprintf(b, `<g data-series="%s"`, esc(s.Name))
		if s.Class != "" {
			fmt.Fprintf(b, ` class="%s"`, esc(s.Class))
		}
		b.WriteString(">\n")
		if s.Line {
			c.drawLine(b, g, s, col)
		}
		for k := range s.X {
			if k >= len(s.Y) || !g.inside(s.X[k], s.Y[k]) || s.Marker == NoMarker {
				continue
			}
			tip := ""
			if k < len(s.Tips) {
				tip = s.Tips[k]
			}
			marker(b, s.Marker, g.px(s.X[k]), g.py(s.Y[k]), size(s), col, tip)
		}
		b.WriteString("</g>\n")
	}
}

func size(s Series) float64 {
	if s.Size > 0 {
		return s.Size
	}
	return 4
}

// drawLine joins the series' points in order; a NaN breaks the line.
func (c *Chart) drawLine(b *bytes.Buffer, g *geometry, s Series, col string) {
	dash := ""
	if s.Dash {
		dash = ` stroke-dasharray="6 4"`
	}
	var pts bytes.Buffer
	flush := func() {
		if pts.Len() > 0 {
			fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"/>`+"\n", esc(col), dash, pts.String())
			pts.Reset()
		}
	}
	for k := range s.X {
		if k >= len(s.Y) || math.IsNaN(s.X[k]) || math.IsNaN(s.Y[k]) {
			flush()
			continue
		}
		if pts.Len() > 0 {
			pts.WriteByte(' ')
		}
		x := math.Max(g.left, math.Min(g.right, g.px(s.X[k])))
		y := math.Max(g.top, math.Min(g.bot, g.py(s.Y[k])))
		fmt.Fprintf(&pts, "%.1f,%.1f", x, y)
	}
	flush()
}

// marker draws shape m of radius r at (x, y), with tip as its tooltip.
func marker(b *bytes.Buffer, m Marker, x, y, r float64, col, tip string) {
	t := ""
	if tip != "" {
		t = "<title>" + esc(tip) + "</title>"
	}
	col = esc(col)
	switch m {
	case Square:
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#fff" stroke-width="0.8">%s</rect>`, x-r*0.9, y-r*0.9, r*1.8, r*1.8, col, t)
	case Triangle:
		fmt.Fprintf(b, `<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="%s" stroke="#fff" stroke-width="0.8">%s</path>`, x, y-r*1.2, x+r*1.1, y+r*0.8, x-r*1.1, y+r*0.8, col, t)
	case Diamond:
		fmt.Fprintf(b, `<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="%s" stroke="#fff" stroke-width="0.8">%s</path>`, x, y-r*1.3, x+r*1.1, y, x, y+r*1.3, x-r*1.1, y, col, t)
	case Cross:
		fmt.Fprintf(b, `<path d="M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f" stroke="%s" stroke-width="2.5">%s</path>`, x-r, y-r, x+r, y+r, x-r, y+r, x+r, y-r, col, t)
	case Ring:
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="none" stroke="%s" stroke-width="2">%s</circle>`, x, y, r, col, t)
	case Star:
		fmt.Fprintf(b, `<path d="%s" fill="%s" stroke="#fff" stroke-width="0.8">%s</path>`, starPath(x, y, r*1.4), col, t)
	default:
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s">%s</circle>`, x, y, r, col, t)
	}
	b.WriteByte('\n')
}

func starPath(x, y, r float64) string {
	var b bytes.Buffer
	for k := 0; k < 10; k++ {
		rr := r
		if k%2 == 1 {
			rr = r * 0.45
		}
		a := -math.Pi/2 + float64(k)*math.Pi/5
		cmd := 'L'
		if k == 0 {
			cmd = 'M'
		}
		fmt.Fprintf(&b, "%c%.1f %.1f", cmd, x+rr*math.Cos(a), y+rr*math.Sin(a))
	}
	b.WriteByte('Z')
	return b.String()
}
