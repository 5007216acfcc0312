package svgchart

import (
	"bytes"
	"fmt"
)

// legendItem is one entry of the legend: a marker, a line, or a region's swatch.
type legendItem struct {
	name   string
	color  string
	marker Marker
	line   bool
	dash   bool
	region bool
	x, y   float64 // placed by legendHeight's layout
}

func (c *Chart) legendItems() []legendItem {
	var out []legendItem
	for _, r := range c.Regions {
		if r.Name != "" {
			out = append(out, legendItem{name: r.Name, color: r.Color, region: true})
		}
	}
	for i, s := range c.Series {
		if s.Name != "" {
			out = append(out, legendItem{name: s.Name, color: c.color(i), marker: s.Marker, line: s.Line, dash: s.Dash})
		}
	}
	return out
}

const legendRow = 20

// legendHeight places the items in rows of at most width pixels and returns the height of
// the rows.
func legendHeight(items []legendItem, width float64) float64 {
	if len(items) == 0 {
		return 0
	}
	x, row := 0.0, 0
	for i := range items {
		w := 30 + float64(len([]rune(items[i].name)))*charWidth + 18
		if x > 0 && x+w > width {
			x, row = 0, row+1
		}
		items[i].x, items[i].y = x, float64(row*legendRow)
		x += w
	}
	return float64((row + 1) * legendRow)
}

func drawLegend(b *bytes.Buffer, g *geometry) {
	if len(g.legend) == 0 {
		return
	}
	fmt.Fprintf(b, `<g class="legend" fill="#222" transform="translate(%.1f %.1f)">`+"\n", g.left, g.legendTop)
	for _, it := range g.legend {
		x, y := it.x, it.y+legendRow/2
		switch {
		case it.region:
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="22" height="12" fill="%s" stroke="#999"/>`, x, y-6, esc(it.color))
		case it.line:
			dash := ""
			if it.dash {
				dash = ` stroke-dasharray="6 4"`
			}
			fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`, x, y, x+22, y, esc(it.color), dash)
		}
		if it.marker != NoMarker {
			marker(b, it.marker, x+11, y, 4.5, it.color, "")
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" dominant-baseline="middle">%s</text>`+"\n", x+30, y, esc(it.name))
	}
	b.WriteString("</g>\n")
}
