package negotiate

import "math"

// Metrics hold what the distances of a scenario's results are measured against: the
// utility vectors of its Pareto-optimal outcomes and of its Nash points, each aligned with
// the domain's parties. Build them from an analysis of the scenario (package analysis);
// this package does not compute them.
type Metrics struct {
	Pareto [][]float64
	Nash   [][]float64
	// Kalai holds the Kalai (egalitarian) points, KS the Kalai-Smorodinsky points, for the
	// ANL distances; NaN distances when empty.
	Kalai, KS [][]float64
}

// ParetoDistance returns the Euclidean distance from u to the nearest Pareto-optimal point,
// as ANAC logs report it; NaN when there are no points.
func (m *Metrics) ParetoDistance(u []float64) float64 { return nearest(m.Pareto, u) }

// NashDistance returns the Euclidean distance from u to the nearest Nash point; NaN when
// there is none (no outcome gives every party a gain over its reservation value).
func (m *Metrics) NashDistance(u []float64) float64 { return nearest(m.Nash, u) }

// KalaiDistance returns the Euclidean distance from u to the nearest Kalai (egalitarian)
// point; NaN when there is none.
func (m *Metrics) KalaiDistance(u []float64) float64 { return nearest(m.Kalai, u) }

// KSDistance returns the Euclidean distance from u to the nearest Kalai-Smorodinsky point;
// NaN when there is none.
func (m *Metrics) KSDistance(u []float64) float64 { return nearest(m.KS, u) }

// GeniusSession returns the distance to the Pareto frontier, the distance to the Nash point
// and the social welfare as GENIUS 10.4 logs them for a session (MultilateralAnalysis),
// but over the whole frontier: GENIUS reads only the first 100,000 bids of a space, so its
// own figures are wrong on larger spaces. utility holds the parties' undiscounted utilities
// of the agreement (agreed) and t is the session's end time. As GENIUS does, utilities are
// discounted (u * d^t, d from discount), a session without agreement is the point 0 (not
// the reservation values), the Nash point is the frontier point of greatest product of
// discounted utility minus (undiscounted) reservation value (NaN when no product exceeds
// -1), and the welfare is the sum of discounted utilities (0 without agreement).
func (m *Metrics) GeniusSession(utility []float64, agreed bool, reservation, discount []float64, t float64) (pareto, nash, welfare float64) {
	pareto, nash, welfare, _ = m.geniusSession(utility, agreed, reservation, discount, t, nil)
	return pareto, nash, welfare
}

// geniusSession is GeniusSession with scratch space buf, grown as needed and returned.
func (m *Metrics) geniusSession(utility []float64, agreed bool, reservation, discount []float64, t float64, buf []float64) (pareto, nash, welfare float64, _ []float64) {
	n := len(utility)
	if cap(buf) < 2*n {
		buf = make([]float64, 2*n)
	}
	a, fac := buf[:n], buf[n:2*n]
	for p := range n {
		fac[p] = math.Pow(discount[p], t)
		a[p] = 0
		if agreed {
			a[p] = utility[p] * fac[p]
			welfare += a[p]
		}
	}
	pareto, nash = math.Inf(1), math.NaN()
	maxP := -1.0
	for _, f := range m.Pareto {
		d2, prod := 0.0, 1.0
		for p, x := range f {
			y := x * fac[p]
			d2 += (y - a[p]) * (y - a[p])
			prod *= y - reservation[p]
		}
		pareto = min(pareto, d2)
		if prod > maxP {
			maxP, nash = prod, d2
		}
	}
	if math.IsInf(pareto, 1) {
		return math.NaN(), math.NaN(), welfare, buf
	}
	return math.Sqrt(pareto), math.Sqrt(nash), welfare, buf
}

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
