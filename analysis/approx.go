package analysis

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"

	"parley"
)

// DefaultApproxEvaluations is the default budget of Approximate, in outcome evaluations.
const DefaultApproxEvaluations = 2e6

// Approximate analyses s by a seeded local search when no exact method fits (Analyze says so
// with an error): for a spread of weightings of the deciders' utilities it climbs from random
// outcomes to a local optimum of the weighted sum, and keeps every outcome it evaluates that
// nothing else it evaluated dominates. The same seed gives the same result. opt.MaxWork, when
// set, bounds the evaluations (default DefaultApproxEvaluations).
//
// The result is labelled in Method as an approximation: its points are real outcomes with
// their exact utilities, but the frontier may lack points an exact method would find, so the
// bargaining points are the best among the points found. Acceptable is nil (not counted)
// and Ranges are not computed.
func Approximate(s *parley.Scenario, opt Options, seed uint64) (*Result, error) {
	evals := opt.MaxWork
	if evals <= 0 {
		evals = DefaultApproxEvaluations
	}
	p, err := newProblem(s, opt)
	if err != nil {
		return nil, err
	}
	r := &Result{Parties: p.parties, Mediators: p.mediators, Outcomes: s.Size()}
	sol := p.approximate(seed, evals)
	p.finish(r, sol)
	r.Approximate = true
	return r, nil
}

// afront is a frontier of explicitly listed outcomes; it implements frontier.
type afront struct {
	es []*aentry
}

type aentry struct {
	u  []float64
	os []parley.Outcome
}

func (f *afront) Len() int            { return len(f.es) }
func (f *afront) Vec(i int) []float64 { return f.es[i].u }
func (f *afront) Count(i int) *big.Int {
	return big.NewInt(int64(len(f.es[i].os)))
}

func (f *afront) Each(i int, fn func(parley.Outcome) bool) {
	for _, o := range f.es[i].os {
		if !fn(o) {
			return
		}
	}
}

// offer adds o (worth u) unless a kept point dominates it; it drops the points o dominates.
// Ties keep at most 16 outcomes each, to bound memory.
func (f *afront) offer(u []float64, o parley.Outcome) {
	for _, e := range f.es {
		if Equal(e.u, u) {
			if len(e.os) < 16 && !slices.ContainsFunc(e.os, func(x parley.Outcome) bool { return slices.Equal(x, o) }) {
				e.os = append(e.os, slices.Clone(o))
			}
			return
		}
		if Dominates(e.u, u) {
			return
		}
	}
	es := f.es[:0]
	for _, e := range f.es {
		if !Dominates(u, e.u) {
			es = append(es, e)
		}
	}
	f.es = append(es, &aentry{u: slices.Clone(u), os: []parley.Outcome{slices.Clone(o)}})
}

// weightings returns w weight vectors over k deciders: evenly spread for two, otherwise the
// corners, the centre and random points of the simplex.
func weightings(rng *rand.Rand, k, w int) [][]float64 {
	var ws [][]float64
	if k == 1 {
		return [][]float64{{1}}
	}
	if k == 2 {
		for i := 0; i < w; i++ {
			t := float64(i) / float64(w-1)
			ws = append(ws, []float64{t, 1 - t})
		}
		return ws
	}
	for i := 0; i < k; i++ {
		c := make([]float64, k)
		c[i] = 1
		ws = append(ws, c)
	}
	centre := make([]float64, k)
	for i := range centre {
		centre[i] = 1 / float64(k)
	}
	ws = append(ws, centre)
	for len(ws) < w {
		x := make([]float64, k)
		sum := 0.0
		for i := range x {
			x[i] = -math.Log(1 - rng.Float64())
			sum += x[i]
		}
		for i := range x {
			x[i] /= sum
		}
		ws = append(ws, x)
	}
	return ws
}

// approximate runs the seeded local search within evals outcome evaluations.
func (p *problem) approximate(seed uint64, evals float64) *solution {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	full, acc := &afront{}, &afront{}
	n := len(p.s.Issues)
	o := make(parley.Outcome, n)
	u := make([]float64, p.k)
	used := 0.0
	eval := func() {
		used++
		p.utility(u[:0], o)
		full.offer(u, o)
		if p.allows(o) && p.reaches(u) {
			acc.offer(u, o)
		}
	}
	score := func(w []float64) float64 {
		s := 0.0
		for i, x := range u {
			s += w[i] * x
		}
		return s
	}
	ws := weightings(rng, p.k, 32)
	round := 0
	for used < evals {
		w := ws[round%len(ws)]
		round++
		for i := range o {
			o[i] = rng.IntN(p.sizes[i])
		}
		eval()
		cur := score(w)
		for improved := true; improved && used < evals; {
			improved = false
			for _, i := range rng.Perm(n) {
				keep := o[i]
				bestV, best := keep, cur
				for v := 0; v < p.sizes[i] && used < evals; v++ {
					if v == keep {
						continue
					}
					o[i] = v
					eval()
					if x := score(w); x > best+Tol {
						bestV, best = v, x
					}
				}
				o[i] = bestV
				if bestV != keep {
					cur, improved = best, true
				}
			}
		}
	}
	return &solution{
		method: fmt.Sprintf("approximation: seeded local search (seed %d, %s outcome evaluations, %d climbs); every point is a real outcome, but the frontier may lack points an exact method would find",
			seed, magnitude(used), round),
		full:      full,
		acc:       acc,
		countNote: "not computed: approximation",
	}
}
