package svgchart_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"parley/internal/svgchart"
)

// wellFormed fails t unless s is well-formed XML.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 4, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-1, 1, 4, []float64{-1, -0.5, 0, 0.5, 1}},
		{0.8, 6.2, 5, []float64{1, 2, 3, 4, 5, 6}},
		{0, 800, 4, []float64{0, 200, 400, 600, 800}},
		{3, 3, 4, []float64{3}},
	} {
		got := svgchart.Ticks(tc.lo, tc.hi, tc.n)
		if len(got) != len(tc.want) {
			t.Errorf("Ticks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-9 {
				t.Errorf("Ticks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
				break
			}
		}
	}
	if got := svgchart.FormatTick(0.2, 0.2); got != "0.2" {
		t.Errorf("FormatTick(0.2, 0.2) = %q", got)
	}
	if got := svgchart.FormatTick(400, 200); got != "400" {
		t.Errorf("FormatTick(400, 200) = %q", got)
	}
}

func sample() *svgchart.Chart {
	return &svgchart.Chart{
		Title: "Versions <& frontier>", Desc: "a test chart", XLabel: "utility of A", YLabel: "utility of B",
		XMin: 0, XMax: 1, YMin: 0, YMax: 1, ID: "t",
		Regions: []svgchart.Region{{Name: "both above reservation", X0: 0.3, X1: 1, Y0: 0.2, Y1: 1, Color: "#e8f4e8"}},
		Series: []svgchart.Series{
			{Name: "Pareto frontier", X: []float64{0.1, 0.5, 0.9, math.NaN(), 2}, Y: []float64{0.9, 0.6, 0.1, 0.5, 0.5}, Marker: svgchart.Circle, Size: 2.5},
			{Name: "versions", X: []float64{0.4, 0.41}, Y: []float64{0.4, 0.41}, Labels: []string{"v1 \"draft\"", "v2"}, Tips: []string{"one", "two"}, Marker: svgchart.Ring, Line: true},
			{Name: "Nash", X: []float64{0.6}, Y: []float64{0.6}, Marker: svgchart.Square},
			{Name: "Kalai-Smorodinsky", X: []float64{0.55}, Y: []float64{0.62}, Marker: svgchart.Triangle},
			{Name: "egalitarian", X: []float64{0.5}, Y: []float64{0.5}, Marker: svgchart.Diamond},
			{Name: "utilitarian", X: []float64{0.7}, Y: []float64{0.5}, Marker: svgchart.Cross},
			{Name: "agreement", X: []float64{0.7}, Y: []float64{0.7}, Marker: svgchart.Star, Dash: true, Line: true},
		},
	}
}

func TestChartSVG(t *testing.T) {
	c := sample()
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	wellFormed(t, s)
	for _, want := range []string{
		`role="img"`, `aria-labelledby="t-title t-desc"`, "Versions &lt;&amp; frontier&gt;", "<desc id=\"t-desc\">a test chart</desc>",
		"utility of A", "utility of B", ">Nash<", ">Kalai-Smorodinsky<", ">egalitarian<", ">utilitarian<",
		">both above reservation<", "v1 &#34;draft&#34;", ">v2<", "<title>one</title>", ">0.2<", ">1.0<",
		`stroke-dasharray="6 4"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(s, "NaN") {
		t.Errorf("SVG writes NaN coordinates")
	}
	// The frontier point outside the range (x = 2) and the NaN one are not drawn: 3 circles.
	if n := strings.Count(sectionOf(s, `data-series="Pareto frontier"`), "<circle"); n != 3 {
		t.Errorf("frontier circles = %d, want 3", n)
	}
	if !strings.HasPrefix(c.SVG(), "<svg") {
		t.Errorf("SVG() does not start with <svg")
	}
}

// sectionOf returns the <g> element of s that starts with attr.
func sectionOf(s, attr string) string {
	i := strings.Index(s, attr)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], "</g>")
	return s[i : i+j]
}

func TestLabelsDoNotOverlap(t *testing.T) {
	c := sample()
	s := c.SVG()
	// The two version labels sit at nearly the same point: they must land at different places.
	var ys []string
	for _, part := range strings.Split(sectionOf(s, `class="labels"`), "<text ")[1:] {
		ys = append(ys, part[:strings.Index(part, "text-anchor")])
	}
	if len(ys) != 2 || ys[0] == ys[1] {
		t.Errorf("labels placed at %q, want two different places", ys)
	}
}

func TestAutoRangeAndGrid(t *testing.T) {
	a := &svgchart.Chart{Title: "progress", Series: []svgchart.Series{{Name: "share", X: []float64{1, 2, 3}, Y: []float64{0, 0.5, 1}, Line: true, Marker: svgchart.Circle}}}
	b := &svgchart.Chart{Title: "empty"}
	var buf bytes.Buffer
	if err := svgchart.Grid(&buf, 2, []*svgchart.Chart{a, b, a}); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	wellFormed(t, s)
	if n := strings.Count(s, "<svg "); n != 4 {
		t.Errorf("grid has %d <svg> elements, want 4 (the document and 3 charts)", n)
	}
	if !strings.Contains(s, `width="1440" height="960"`) {
		t.Errorf("grid of 3 charts in 2 columns is not 1440 x 960")
	}
}

func TestManyLegendItemsKeepAPlottingArea(t *testing.T) {
	c := &svgchart.Chart{Width: 200, Height: 120}
	for i := 0; i < 30; i++ {
		c.Series = append(c.Series, svgchart.Series{Name: strings.Repeat("x", 20), X: []float64{float64(i)}, Y: []float64{1}, Marker: svgchart.Circle})
	}
	wellFormed(t, c.SVG())
}

func TestThin(t *testing.T) {
	pts := make([]svgchart.Pt, 10001)
	for i := range pts {
		pts[i].X = float64(i)
	}
	got := svgchart.Thin(pts, 4000)
	if len(got) > 4000 || len(got) < 3000 || got[0].X != 0 {
		t.Errorf("Thin(10001, 4000) kept %d points from %v", len(got), got[0].X)
	}
	if got := svgchart.Thin(pts[:10], 4000); len(got) != 10 {
		t.Errorf("Thin of 10 points kept %d", len(got))
	}
	sp := &svgchart.Space{Frontier: pts, ResX: math.NaN(), ResY: math.NaN()}
	if n := len(sp.Chart().Series[0].X); n > svgchart.MaxDrawn {
		t.Errorf("a utility space draws %d frontier points, more than %d", n, svgchart.MaxDrawn)
	}
}
