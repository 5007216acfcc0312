package svgchart

import (
	"bytes"
	"fmt"
)

type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

// drawLabels writes the series' point labels, each beside its point at the first of a few
// places where it overlaps no label already placed and stays in the plotting area.
func (c *Chart) drawLabels(b *bytes.Buffer, g *geometry) {
	var placed []box
	offsets := [][2]float64{{8, -8}, {8, 14}, {-8, -8}, {-8, 14}, {8, -22}, {8, 28}, {-8, -22}, {-8, 28}}
	b.WriteString(`<g class="labels" fill="#111">`)
	for _, s := range c.Series {
		for k, text := range s.Labels {
			if text == "" || k >= len(s.X) || k >= len(s.Y) || !g.inside(s.X[k], s.Y[k]) {
				continue
			}
			x, y := g.px(s.X[k]), g.py(s.Y[k])
			w := float64(len([]rune(text))) * charWidth
			var at box
			anchor := "start"
			for _, o := range offsets {
				bx := box{x + o[0], y + o[1] - fontSize, x + o[0] + w, y + o[1] + 2}
				if o[0] < 0 {
					bx.x0, bx.x1 = x+o[0]-w, x+o[0]
				}
				at = bx
				if bx.x0 >= g.left && bx.x1 <= float64(g.w) && bx.y0 >= 0 && !overlapsAny(bx, placed) {
					break
				}
			}
			if at.x1 <= x {
				anchor = "end"
			}
			placed = append(placed, at)
			tx := at.x0
			if anchor == "end" {
				tx = at.x1
			}
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" paint-order="stroke" stroke="#fff" stroke-width="3">%s</text>`, tx, at.y1-2, anchor, esc(text))
		}
	}
	b.WriteString("</g>\n")
}

func overlapsAny(a box, bs []box) bool {
	for _, b := range bs {
		if a.overlaps(b) {
			return true
		}
	}
	return false
}
