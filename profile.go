package parley

import (
	"fmt"
	"math"
	"sort"
)

// Profile is a party's private preferences over outcomes.
//
// The utility of an outcome o is
//
//	U(o) = clamp(sum over issues i of Weights[i] * Values[i](o_i) + sum of the Utility of every
//	       Rectangle that contains o, 0, 1)
//
// so a profile without rectangles is additive. An outcome that crosses one of RedLines is
// unacceptable to the party whatever its utility; so is one worth less than Reservation.
type Profile struct {
	Weights     map[string]float64    // by issue id, each >= 0
	Values      map[string]*ValueFunc // by issue id
	Reservation float64               // utility of no agreement, in [0, 1]
	RedLines    []string              // expressions in the red-line language (package redline)
	// Discount is the GENIUS discount factor, kept for round trips; 0 means none.
	Discount float64
	// Rectangles are non-additive terms (GENIUS hyper-rectangle constraints).
	Rectangles []Rectangle
	// Partial marks a profile known only in part: its weights when Weights is not empty,
	// the value function of each issue in Values, its reservation value unless
	// ReservationUnknown, its red lines, and Statements. Everything else may be anything an
	// additive profile allows. Package analysis (AnalyzeUncertain) bounds what follows;
	// Analyze refuses nothing, so callers route partial profiles there.
	Partial            bool
	ReservationUnknown bool        // in a partial profile: the reservation value was not given
	Statements         []Statement // in a partial profile: what the party said
}

// ValueFunc gives the value, in [0, 1], of each value of one issue.
type ValueFunc struct {
	// Options maps each option of an options issue to its value.
	Options map[string]float64
	// Points define a piecewise-linear function of a number issue, X ascending: values
	// between two points are interpolated, values beyond the ends take the end's Y.
	Points []Knot
}

// Knot is one point (a knot) of a piecewise-linear value function.
type Knot struct{ X, Y float64 }

// Eval returns the value of v under f (0 when f says nothing of v).
func (f *ValueFunc) Eval(v Value) float64 {
	if f == nil {
		return 0
	}
	if !v.num {
		return f.Options[v.s]
	}
	ps := f.Points
	if len(ps) == 0 {
		return 0
	}
	x := v.n
	if x <= ps[0].X {
		return ps[0].Y
	}
	if x >= ps[len(ps)-1].X {
		return ps[len(ps)-1].Y
	}
	k := sort.Search(len(ps), func(k int) bool { return ps[k].X >= x })
	a, b := ps[k-1], ps[k]
	if b.X == a.X {
		return b.Y
	}
	return a.Y + (b.Y-a.Y)*(x-a.X)/(b.X-a.X)
}

// Rectangle is a hyper-rectangle term: an outcome whose values lie inside every bound gains
// Utility (which may be negative).
type Rectangle struct {
	Bounds  []Bound
	Utility float64
}

// Bound restricts one issue: a number issue to [Min, Max], an options issue to Options.
type Bound struct {
	Issue    string
	Min, Max float64
	Options  []string
}

// UtilityFunc is a profile compiled against a scenario for fast evaluation.
type UtilityFunc struct {
	// Tables[i][k] is the weighted value of value k of issue i.
	Tables [][]float64
	// Rects are the rectangle terms as index ranges.
	Rects []CompiledRect
}

// CompiledRect is a Rectangle as inclusive index ranges: issue Issues[j] must take an index
// in [Lo[j], Hi[j]], or, when Allowed[j] is not nil, an index k with Allowed[j][k].
type CompiledRect struct {
	Issues  []int
	Lo, Hi  []int
	Allowed [][]bool
	Utility float64
}

// Contains reports whether o lies in r.
func (r *CompiledRect) Contains(o Outcome) bool {
	for j, i := range r.Issues {
		k := o[i]
		if a := r.Allowed[j]; a != nil {
			if !a[k] {
				return false
			}
		} else if k < r.Lo[j] || k > r.Hi[j] {
			return false
		}
	}
	return true
}

// Additive reports whether the function is a plain sum of per-issue terms.
func (u *UtilityFunc) Additive() bool { return len(u.Rects) == 0 }

// Utility returns the utility of o.
func (u *UtilityFunc) Utility(o Outcome) float64 {
	s := 0.0
	for i, t := range u.Tables {
		s += t[o[i]]
	}
	for r := range u.Rects {
		if u.Rects[r].Contains(o) {
			s += u.Rects[r].Utility
		}
	}
	return Clamp01(s)
}

// Clamp01 clamps x to [0, 1].
func Clamp01(x float64) float64 { return math.Min(1, math.Max(0, x)) }

// Compile compiles p against the scenario's issues. It fails if a weight or value function
// names an unknown issue, if an issue with a positive weight has no value function, or if a
// bound names an unknown issue or option.
func (s *Scenario) Compile(p *Profile) (*UtilityFunc, error) {
	for id := range p.Weights {
		if s.Issue(id) < 0 {
			return nil, FieldErrorf("weights."+id, "no issue %q in the scenario", id)
		}
	}
	for id := range p.Values {
		if s.Issue(id) < 0 {
			return nil, FieldErrorf("values."+id, "no issue %q in the scenario", id)
		}
	}
	u := &UtilityFunc{Tables: make([][]float64, len(s.Issues))}
	for i, is := range s.Issues {
		w := p.Weights[is.ID]
		f := p.Values[is.ID]
		n := is.Size()
		t := make([]float64, n)
		if w != 0 {
			if f == nil {
				return nil, FieldErrorf("values."+is.ID, "issue %q has weight %s but no value function", is.ID, FormatNumber(w))
			}
			for k := 0; k < n; k++ {
				t[k] = w * f.Eval(is.Value(k))
			}
		}
		u.Tables[i] = t
	}
	for ri, r := range p.Rectangles {
		c := CompiledRect{Utility: r.Utility}
		for _, b := range r.Bounds {
			i := s.Issue(b.Issue)
			if i < 0 {
				return nil, FieldErrorf(fmt.Sprintf("rectangles[%d]", ri), "no issue %q in the scenario", b.Issue)
			}
			is := s.Issues[i]
			c.Issues = append(c.Issues, i)
			if is.Kind == KindOptions {
				a := make([]bool, is.Size())
				for _, o := range b.Options {
					k, ok := is.Index(Option(o))
					if !ok {
						return nil, FieldErrorf(fmt.Sprintf("rectangles[%d]", ri), "issue %q has no option %q", b.Issue, o)
					}
					a[k] = true
				}
				c.Allowed = append(c.Allowed, a)
				c.Lo = append(c.Lo, 0)
				c.Hi = append(c.Hi, 0)
				continue
			}
			lo := int(math.Ceil((b.Min-is.Min)/is.Step - 1e-9))
			hi := int(math.Floor((b.Max-is.Min)/is.Step + 1e-9))
			c.Allowed = append(c.Allowed, nil)
			c.Lo = append(c.Lo, max(lo, 0))
			c.Hi = append(c.Hi, min(hi, is.Size()-1))
		}
		u.Rects = append(u.Rects, c)
	}
	return u, nil
}
