package parley

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Validate checks an issue of a workspace; field prefixes the paths of its errors
// ("issues[2]").
func (s *Issue) Validate(field string) error {
	if s == nil {
		return FieldErrorf(field, "an issue is needed here, not null")
	}
	if !validID(s.ID) {
		return FieldErrorf(field+".id", "id %q must be 1 to 100 bytes without control characters, '/' or surrounding spaces", s.ID)
	}
	switch s.Kind {
	case KindOptions:
		if len(s.Options) < 1 {
			return FieldErrorf(field+".options", "an options issue needs at least one option")
		}
		seen := map[string]bool{}
		for i, o := range s.Options {
			if o == "" || seen[o] {
				return FieldErrorf(fmt.Sprintf("%s.options[%d]", field, i), "option %q is empty or repeated", o)
			}
			seen[o] = true
		}
	case KindInteger, KindReal:
		if !(s.Step > 0) {
			return FieldErrorf(field+".step", "step must be positive")
		}
		if n := s.Size(); n < 1 || n > 1_000_000 {
			return FieldErrorf(field+".max", "the range must hold 1 to 1000000 values, from min to max by step")
		}
	default:
		return FieldErrorf(field+".kind", "kind %q is not one of options, integer, real", s.Kind)
	}
	return nil
}

func validID(id string) bool {
	if len(id) < 1 || len(id) > 100 || !utf8.ValidString(id) || strings.TrimSpace(id) != id {
		return false
	}
	for _, r := range id {
		if unicode.IsControl(r) || r == '/' {
			return false
		}
	}
	return true
}

// ValidID reports whether id is a valid id for a member, issue or party: 1 to 100 bytes of
// UTF-8 without control characters or '/', and without leading or trailing spaces (GENIUS
// issue names such as "Time of arrival" are ids).
func ValidID(id string) bool { return validID(id) }

// ProfileSpec is the JSON form of a Profile, keyed by issue id.
type ProfileSpec struct {
	Issues      map[string]IssuePreference `json:"issues"`
	Reservation float64                    `json:"reservation"`
	RedLines    []string                   `json:"red_lines,omitempty"`
	// Rectangles are non-additive terms (GENIUS hyper-rectangles, GeniusWeb groups).
	Rectangles []RectangleSpec `json:"rectangles,omitempty"`
	// Discount is the GENIUS discount factor, kept for round trips; 0 means none.
	Discount float64 `json:"discount,omitempty"`
	// Partial marks a profile known only in part (workspace/elicit.go): Issues give the
	// value functions of the issues they name, and the weights only when they name every
	// issue; Reservation holds unless ReservationUnknown; Statements say the rest.
	Partial            bool            `json:"partial,omitempty"`
	ReservationUnknown bool            `json:"reservation_unknown,omitempty"`
	Statements         []StatementSpec `json:"statements,omitempty"`
}

// RectangleSpec is the JSON form of a Rectangle: an outcome inside every bound gains
// Utility. A bound on a number issue gives min and max, on an options issue the options.
type RectangleSpec struct {
	Utility float64              `json:"utility"`
	Bounds  map[string]BoundSpec `json:"bounds"`
}

// BoundSpec is one bound of a RectangleSpec.
type BoundSpec struct {
	Min     float64  `json:"min,omitempty"`
	Max     float64  `json:"max,omitempty"`
	Options []string `json:"options,omitempty"`
}

// IssuePreference is a party's weight and value function for one issue: Options for an
// options issue, Points (x ascending, each [x, value]) for a number issue.
type IssuePreference struct {
	Weight  float64            `json:"weight"`
	Options map[string]float64 `json:"options,omitempty"`
	Points  [][2]float64       `json:"points,omitempty"`
}

// Profile returns the spec as a Profile.
func (p *ProfileSpec) Profile() *Profile {
	pr := &Profile{Weights: map[string]float64{}, Values: map[string]*ValueFunc{},
		Reservation: p.Reservation, RedLines: append([]string(nil), p.RedLines...), Discount: p.Discount}
	for _, r := range p.Rectangles {
		rect := Rectangle{Utility: r.Utility}
		ids := make([]string, 0, len(r.Bounds))
		for id := range r.Bounds {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			b := r.Bounds[id]
			rect.Bounds = append(rect.Bounds, Bound{Issue: id, Min: b.Min, Max: b.Max, Options: append([]string(nil), b.Options...)})
		}
		pr.Rectangles = append(pr.Rectangles, rect)
	}
	for id, ip := range p.Issues {
		pr.Weights[id] = ip.Weight
		f := &ValueFunc{}
		if ip.Options != nil {
			f.Options = map[string]float64{}
			for k, v := range ip.Options {
				f.Options[k] = v
			}
		}
		for _, xy := range ip.Points {
			f.Points = append(f.Points, Knot{X: xy[0], Y: xy[1]})
		}
		pr.Values[id] = f
	}
	return pr
}

// SpecOfProfile returns the JSON form of p.
func SpecOfProfile(p *Profile) ProfileSpec {
	s := ProfileSpec{Issues: map[string]IssuePreference{}, Reservation: p.Reservation,
		RedLines: append([]string(nil), p.RedLines...), Discount: p.Discount}
	for _, r := range p.Rectangles {
		rs := RectangleSpec{Utility: r.Utility, Bounds: map[string]BoundSpec{}}
		for _, b := range r.Bounds {
			rs.Bounds[b.Issue] = BoundSpec{Min: b.Min, Max: b.Max, Options: append([]string(nil), b.Options...)}
		}
		s.Rectangles = append(s.Rectangles, rs)
	}
	ids := map[string]bool{}
	for id := range p.Weights {
		ids[id] = true
	}
	for id := range p.Values {
		ids[id] = true
	}
	for id := range ids {
		ip := IssuePreference{Weight: p.Weights[id]}
		if f := p.Values[id]; f != nil {
			if f.Options != nil {
				ip.Options = map[string]float64{}
				for k, v := range f.Options {
					ip.Options[k] = v
				}
			}
			for _, pt := range f.Points {
				ip.Points = append(ip.Points, [2]float64{pt.X, pt.Y})
			}
		}
		s.Issues[id] = ip
	}
	return s
}

// Validate checks the spec's numbers and names against the scenario's issues. Red lines
// are checked by the caller (package redline). Errors name the field ("issues.nato.weight").
func (p *ProfileSpec) Validate(s *Scenario) error {
	if !(p.Reservation >= 0 && p.Reservation <= 1) {
		return FieldErrorf("reservation", "reservation must be between 0 and 1")
	}
	ids := make([]string, 0, len(p.Issues))
	for id := range p.Issues {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ip := p.Issues[id]
		f := "issues." + id
		i := s.Issue(id)
		if i < 0 {
			return FieldErrorf(f, "no issue %q in the workspace", id)
		}
		if !(ip.Weight >= 0 && ip.Weight <= 1) {
			return FieldErrorf(f+".weight", "weight must be between 0 and 1")
		}
		is := s.Issues[i]
		if is.Kind == KindOptions {
			if len(ip.Points) > 0 {
				return FieldErrorf(f+".points", "issue %q has options, not numbers: give options", id)
			}
			for o, v := range ip.Options {
				if _, ok := is.Index(Option(o)); !ok {
					return FieldErrorf(f+".options."+o, "issue %q has no option %q; options are %s", id, o, is.Describe())
				}
				if !(v >= 0 && v <= 1) {
					return FieldErrorf(f+".options."+o, "value must be between 0 and 1")
				}
			}
			continue
		}
		if len(ip.Options) > 0 {
			return FieldErrorf(f+".options", "issue %q is a number range: give points [x, value]", id)
		}
		for k, xy := range ip.Points {
			pf := fmt.Sprintf("%s.points[%d]", f, k)
			if !(xy[1] >= 0 && xy[1] <= 1) || xy[0] != xy[0] {
				return FieldErrorf(pf, "value must be between 0 and 1")
			}
			if k > 0 && !(xy[0] > ip.Points[k-1][0]) {
				return FieldErrorf(pf, "x must be ascending")
			}
		}
		if ip.Weight > 0 && len(ip.Points) == 0 {
			return FieldErrorf(f+".points", "issue %q has a weight but no points", id)
		}
	}
	if !(p.Discount >= 0 && p.Discount <= 1) {
		return FieldErrorf("discount", "discount factor must be between 0 and 1")
	}
	for k, r := range p.Rectangles {
		f := fmt.Sprintf("rectangles[%d]", k)
		if !(r.Utility >= -1 && r.Utility <= 1) {
			return FieldErrorf(f+".utility", "utility must be between -1 and 1 (utilities are on the scale of the whole profile, 0 to 1)")
		}
		if len(r.Bounds) == 0 {
			return FieldErrorf(f+".bounds", "a rectangle needs at least one bound")
		}
		for id, b := range r.Bounds {
			bf := f + ".bounds." + id
			i := s.Issue(id)
			if i < 0 {
				return FieldErrorf(bf, "no issue %q in the workspace", id)
			}
			if is := s.Issues[i]; is.Kind == KindOptions {
				for _, o := range b.Options {
					if _, ok := is.Index(Option(o)); !ok {
						return FieldErrorf(bf+".options", "issue %q has no option %q; options are %s", id, o, is.Describe())
					}
				}
			} else if len(b.Options) > 0 || !(b.Min <= b.Max) || math.IsInf(b.Min, 0) || math.IsInf(b.Max, 0) {
				return FieldErrorf(bf, "issue %q is a number range: give finite min <= max", id)
			}
		}
	}
	sum := 0.0
	for _, ip := range p.Issues {
		sum += ip.Weight
	}
	if sum > 1+1e-3 { // GENIUS files often sum to 1.00005; utilities are clipped to [0, 1] anyway
		return FieldErrorf("issues", "weights add up to %s; they must add up to at most 1", FormatNumber(sum))
	}
	return nil
}
