package report

import (
	"fmt"
	"io"
	"math"

	"parley"
	"parley/analysis"
	"parley/internal/svgchart"
)

// panelSize is the side of one panel of a drawing, in pixels.
const panelSize = 520

// SVG draws the utility space of res: for two parties u1 against u2 with the Pareto
// frontier, the region where both get at least their reservation value, the best acceptable
// packages and the bargaining points; for more parties a grid with one panel per pair of
// parties.
func SVG(w io.Writer, s *parley.Scenario, res *analysis.Result) error {
	if k := len(res.Parties); k < 2 {
		return parley.Errorf(parley.EINVALID, "a utility-space drawing needs at least two parties; the scenario has %d", k)
	}
	return Pairs(w, len(res.Parties), func(a, b int) *svgchart.Chart {
		pa, pb := s.Parties[res.Parties[a]], s.Parties[res.Parties[b]]
		sp := Space(fmt.Sprintf("%s and %s", pa.DisplayName(), pb.DisplayName()), pa.DisplayName(), pb.DisplayName(), res, a, b)
		sp.ResX, sp.ResY = pa.Profile.Reservation, pb.Profile.Reservation
		return sp.Chart()
	})
}

// Pairs draws one panel per pair of k parties into w as one SVG document, in a near-square
// grid; panel makes the panel of parties a and b.
func Pairs(w io.Writer, k int, panel func(a, b int) *svgchart.Chart) error {
	var charts []*svgchart.Chart
	for a := 0; a < k; a++ {
		for b := a + 1; b < k; b++ {
			c := panel(a, b)
			c.ID = fmt.Sprintf("panel-%d-%d", a, b)
			charts = append(charts, c)
		}
	}
	cols := 1
	for cols*cols < len(charts) {
		cols++
	}
	return svgchart.Grid(w, cols, charts)
}

// Space returns the utility-space panel of parties a and b (indices into res.Parties) with
// the frontier, the best acceptable packages and the bargaining points of res (res may be
// nil: an empty panel), and no reservation region.
func Space(title, xParty, yParty string, res *analysis.Result, a, b int) *svgchart.Space {
	sp := &svgchart.Space{Title: title, XParty: xParty, YParty: yParty, ResX: math.NaN(), ResY: math.NaN(),
		Width: panelSize, Height: panelSize}
	if res == nil {
		return sp
	}
	sp.Frontier = thin(res.Pareto, a, b)
	sp.Acceptable = thin(res.AcceptablePareto, a, b)
	sp.Nash, sp.KS = thin(res.Nash, a, b), thin(res.KalaiSmorodinsky, a, b)
	sp.Egal, sp.Utilitarian = thin(res.Egalitarian, a, b), thin(res.Utilitarian, a, b)
	return sp
}

// thin returns the utilities of parties a and b at points spread evenly over pts, at most
// svgchart.MaxDrawn of them (a frontier may list far more).
func thin(pts []analysis.Point, a, b int) []svgchart.Pt {
	step := 1
	if len(pts) > svgchart.MaxDrawn {
		step = (len(pts) + svgchart.MaxDrawn - 1) / svgchart.MaxDrawn
	}
	var out []svgchart.Pt
	for i := 0; i < len(pts); i += step {
		out = append(out, svgchart.Pt{X: pts[i].Utility[a], Y: pts[i].Utility[b]})
	}
	return out
}
