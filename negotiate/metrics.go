package negotiate

import "math"

// Metrics hold what the distances of a scenario's results are measured against: the
// utility vectors of its Pareto-optimal outcomes and of its Nash points, each aligned with
// the domain's parties. Build them from an analysis of the scenario (package analysis);
// this package does not compute them.
type Metrics struct {
	Pareto [][]float64
	Nash   [][]float64
}

// ParetoDistance returns the Euclidean distance from u to the nearest Pareto-optimal point,
// as ANAC logs report it; NaN when there are no points.
func (m *Metrics) ParetoDistance(u []float64) float64 { return nearest(m.Pareto, u) }

// NashDistance returns the Euclidean distance from u to the nearest Nash point; NaN when
// there is none (no outcome gives every party a gain over its reservation value).
func (m *Metrics) NashDistance(u []float64) float64 { return nearest(m.Nash, u) }

func nearest(ps [][]float64, u []float64) float64 {
	best := math.Inf(1)
	for _, p := range ps {
		d := 0.0
		for i, x := range p {
			d += (x - u[i]) * (x - u[i])
		}
		best = min(best, d)
	}
	if math.IsInf(best, 1) {
		return math.NaN()
	}
	return math.Sqrt(best)
}
