package report

import (
	"math"

	"parley"
	"parley/internal/svgchart"
)

// ProgressCharts draws the progress over published plan versions, one chart per measure
// (a share and a gain do not share an axis): the points accepted by every party beside the
// points of the version and, when known (every party shares its profile with the
// mediator), the smallest gain over the reservation value with the line of no agreement.
// The web UI's analysis and sessions pages and `parley plan progress --svg` draw these.
func ProgressCharts(ps []*parley.ProgressPoint) []*svgchart.Chart {
	if len(ps) == 0 {
		return nil
	}
	lo, hi := float64(ps[0].Number)-0.3, float64(ps[len(ps)-1].Number)+0.3
	var xs, acc, all, gain []float64
	var ticks []svgchart.Tick
	most, gmin, gmax, anyGain := 1, 0.0, 0.0, false
	for _, p := range ps {
		x := float64(p.Number)
		xs, ticks = append(xs, x), append(ticks, svgchart.Tick{At: x, Label: svgchart.FormatTick(x, 1)})
		acc, all = append(acc, float64(p.AcceptedByAll)), append(all, float64(p.Points))
		most = max(most, p.Points)
		g := math.NaN()
		if p.MinGain != nil {
			g, anyGain = *p.MinGain, true
			gmin, gmax = math.Min(gmin, g), math.Max(gmax, g)
		}
		gain = append(gain, g)
	}
	c := &svgchart.Chart{ID: "progress-points", Title: "Points accepted by every party, per version", XLabel: "version", YLabel: "points",
		Desc: "For each published version, how many of its points every party accepts, beside how many points it has.",
		XMin: lo, XMax: hi, YMin: 0, YMax: float64(most) * 1.05, XTicks: ticks, Width: 720, Height: 380,
		Series: []svgchart.Series{
			{Name: "points accepted by every party", X: xs, Y: acc, Line: true, Marker: svgchart.Circle, Color: "#0072b2"},
			{Name: "points in the version", X: xs, Y: all, Line: true, Dash: true, Marker: svgchart.Square, Size: 3, Color: "#2c782c"},
		}}
	if !anyGain {
		return []*svgchart.Chart{c}
	}
	pad := math.Max(0.05, (gmax-gmin)*0.1)
	g := &svgchart.Chart{ID: "progress-gain", Title: "Smallest gain over the reservation value, per version", XLabel: "version", YLabel: "utility gain",
		Desc: "For each published version, the smallest gain of any party over its reservation value at the worst settlement of the open issues; below 0 some party may be worse off than without agreement.",
		XMin: lo, XMax: hi, YMin: gmin - pad, YMax: gmax + pad, XTicks: ticks, Width: 720, Height: 380,
		Series: []svgchart.Series{
			{Name: "no agreement (gain 0)", X: []float64{lo, hi}, Y: []float64{0, 0}, Line: true, Dash: true, Color: "#2c782c"},
			{Name: "smallest gain of any party", X: xs, Y: gain, Line: true, Marker: svgchart.Circle, Color: "#0072b2"},
		}}
	return []*svgchart.Chart{c, g}
}
