package genius

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"parley"
)

// Domain is a GENIUS domain: a scenario holding the issues (and no parties yet) and the
// GENIUS index attribute of each issue, by which profiles refer to them.
type Domain struct {
	Scenario *parley.Scenario
	Index    []int // Index[i] is the index attribute of Scenario.Issues[i]
	file     string
	pos      map[int]int // position by index attribute, built on first use
}

// RealSteps is the number of steps a GENIUS real issue is divided into when its file gives
// no step attribute: parley's issues are discrete, GENIUS's real issues continuous.
const RealSteps = 10

// ReadDomain reads a GENIUS domain file (root element negotiation_template). file names
// the input in errors.
func ReadDomain(r io.Reader, file string) (*Domain, []parley.Warning, error) {
	sp, err := parseSpace(r, file)
	if err != nil {
		return nil, nil, err
	}
	return domainFrom(sp)
}

func domainFrom(sp *rawSpace) (*Domain, []parley.Warning, error) {
	file := sp.file
	if sp.root != "negotiation_template" {
		return nil, nil, errorAt(file, 0, "<"+sp.root+">", "not a domain; a GENIUS domain file has the root element <negotiation_template>")
	}
	if len(sp.issues) == 0 {
		return nil, nil, errorAt(file, 0, "<objective>", "the domain has no issues; expected <issue> elements under <objective>")
	}
	var warns []parley.Warning
	d := &Domain{Scenario: &parley.Scenario{}, file: file}
	ids := map[string]int{}
	for _, ri := range sp.issues {
		field := fmt.Sprintf("<issue index=\"%d\">", ri.index)
		if ri.name == "" {
			return nil, nil, errorAt(file, ri.line, field, "missing attribute name")
		}
		if t := strings.TrimSpace(ri.name); t != ri.name {
			warns = append(warns, parley.Warning{File: file, Line: ri.line, Field: field,
				Message: fmt.Sprintf("issue name %q trimmed to %q (parley ids have no leading or trailing spaces)", ri.name, t)})
			ri.name = t
		}
		if ri.name == "" {
			return nil, nil, errorAt(file, ri.line, field, "blank attribute name")
		}
		if prev, dup := ids[ri.name]; dup {
			return nil, nil, errorAt(file, ri.line, field, "duplicate issue name %q (first at line %d)", ri.name, prev)
		}
		ids[ri.name] = ri.line
		is := &parley.Issue{ID: ri.name, Unit: ri.unit}
		switch ri.typ {
		case "", "discrete":
			if len(ri.items) == 0 {
				return nil, nil, errorAt(file, ri.line, field, "discrete issue %q has no <item> values", ri.name)
			}
			is.Kind = parley.KindOptions
			seen := map[string]int{}
			for _, it := range ri.items {
				if prev, dup := seen[it.value]; dup {
					return nil, nil, errorAt(file, it.line, fmt.Sprintf("issue %q: <item value=%q>", ri.name, it.value), "duplicate value (first at line %d)", prev)
				}
				seen[it.value] = it.line
				is.Options = append(is.Options, it.value)
			}
		case "integer", "real":
			if ri.lower == nil || ri.upper == nil {
				return nil, nil, errorAt(file, ri.line, field, "%s issue %q needs attributes lowerbound and upperbound", ri.typ, ri.name)
			}
			is.Min, is.Max = ri.lower.v, ri.upper.v
			if is.Max < is.Min {
				return nil, nil, errorAt(file, ri.line, field, "upperbound %s is below lowerbound %s", parley.FormatNumber(is.Max), parley.FormatNumber(is.Min))
			}
			if ri.typ == "integer" {
				is.Kind, is.Step = parley.KindInteger, 1
				if is.Min != math.Trunc(is.Min) || is.Max != math.Trunc(is.Max) {
					return nil, nil, errorAt(file, ri.line, field, "integer issue %q has non-integer bounds", ri.name)
				}
			} else {
				is.Kind = parley.KindReal
				is.Step = (is.Max - is.Min) / RealSteps
				if is.Step == 0 {
					is.Step = 1
				}
			}
			if ri.step != nil {
				if !(ri.step.v > 0) || (ri.typ == "integer" && ri.step.v != math.Trunc(ri.step.v)) {
					return nil, nil, errorAt(file, ri.line, field+" step", "step must be a positive number (an integer for an integer issue)")
				}
				is.Step = ri.step.v
			} else if ri.typ == "real" {
				warns = append(warns, parley.Warning{File: file, Line: ri.line, Field: field,
					Message: fmt.Sprintf("real issue %q divided into %d steps of %s (parley's issues are discrete; add a step attribute to choose)", ri.name, RealSteps, parley.FormatNumber(is.Step))})
			}
			if n := (is.Max-is.Min)/is.Step + 1; n > MaxValues {
				return nil, nil, errorAt(file, ri.line, field, "issue %q has %.0f values; parley reads issues of up to %d values", ri.name, n, MaxValues)
			}
		default:
			return nil, nil, errorAt(file, ri.line, field, "unknown issue type %q; expected discrete, integer or real", ri.typ)
		}
		d.Scenario.Issues = append(d.Scenario.Issues, is)
		d.Index = append(d.Index, ri.index)
	}
	return d, warns, nil
}

// issueAt returns the position in d.Scenario.Issues of the issue with GENIUS index idx.
func (d *Domain) issueAt(idx int) int {
	if d.pos == nil {
		d.pos = make(map[int]int, len(d.Index))
		for i, x := range d.Index {
			d.pos[x] = i
		}
	}
	if i, ok := d.pos[idx]; ok {
		return i
	}
	return -1
}

// ReadProfile reads a GENIUS profile (root element utility_space) for domain d, with
// GENIUS's own arithmetic: weights as written, matched to issues by index; a discrete value
// worth its evaluation divided by the largest evaluation of its issue; an integer issue's
// linear evaluator clamp(slope*(x-lowerbound)+offset, 0, 1); hyper-rectangle utilities
// divided by maxutility.
func (d *Domain) ReadProfile(r io.Reader, file string) (*parley.Profile, []parley.Warning, error) {
	sp, err := parseSpace(r, file)
	if err != nil {
		return nil, nil, err
	}
	return d.profileFrom(sp)
}

func (d *Domain) profileFrom(sp *rawSpace) (*parley.Profile, []parley.Warning, error) {
	file := sp.file
	if sp.root != "utility_space" {
		return nil, nil, errorAt(file, 0, "<"+sp.root+">", "not a profile; a GENIUS profile has the root element <utility_space>")
	}
	var warns []parley.Warning
	p := &parley.Profile{}
	if sp.reservation != nil {
		if v := sp.reservation.v; v < 0 || v > 1 {
			return nil, nil, errorAt(file, sp.reservation.line, "<reservation value>", "%s is outside [0, 1]", parley.FormatNumber(v))
		}
		p.Reservation = sp.reservation.v
	}
	if sp.discount != nil {
		if v := sp.discount.v; v < 0 || v > 1 {
			return nil, nil, errorAt(file, sp.discount.line, "<discount_factor value>", "%s is outside [0, 1]", parley.FormatNumber(v))
		}
		p.Discount = sp.discount.v
	}
	// Every issue the profile names must be the domain's issue of that index.
	for _, ri := range sp.issues {
		i := d.issueAt(ri.index)
		field := fmt.Sprintf("<issue index=\"%d\">", ri.index)
		if i < 0 {
			return nil, nil, errorAt(file, ri.line, field, "the domain %s has no issue with index %d", d.file, ri.index)
		}
		if is := d.Scenario.Issues[i]; ri.name != "" && strings.TrimSpace(ri.name) != is.ID {
			warns = append(warns, parley.Warning{File: file, Line: ri.line, Field: field,
				Message: fmt.Sprintf("named %q here but %q in the domain; matched by index as GENIUS does", ri.name, is.ID)})
		}
	}
	if sp.nonlinear {
		if err := d.readRects(sp, p); err != nil {
			return nil, nil, err
		}
		return p, warns, nil
	}
	if len(sp.ufuns) > 0 {
		return nil, nil, errorAt(file, sp.ufuns[0].line, "<ufun>", "hyper-rectangles in an additive space; mark the space <utility_space type=\"nonlinear\">")
	}
	p.Weights = map[string]float64{}
	p.Values = map[string]*parley.ValueFunc{}
	for _, ri := range sp.issues {
		i := d.issueAt(ri.index)
		is := d.Scenario.Issues[i]
		f, err := valueFunc(file, ri, is)
		if err != nil {
			return nil, nil, err
		}
		p.Values[is.ID] = f
	}
	sum := 0.0
	idxs := make([]int, 0, len(sp.weights))
	for idx := range sp.weights {
		idxs = append(idxs, idx)
	}
	sort.Ints(idxs)
	for _, idx := range idxs {
		w := sp.weights[idx]
		field := fmt.Sprintf("<weight index=\"%d\">", idx)
		i := d.issueAt(idx)
		if i < 0 {
			return nil, nil, errorAt(file, w.line, field, "the domain %s has no issue with index %d", d.file, idx)
		}
		if w.v < 0 {
			return nil, nil, errorAt(file, w.line, field, "negative weight %s; weights must be >= 0", parley.FormatNumber(w.v))
		}
		id := d.Scenario.Issues[i].ID
		if p.Values[id] == nil && w.v != 0 {
			return nil, nil, errorAt(file, w.line, field, "issue %q has a weight but the profile does not evaluate it (no <issue index=\"%d\">)", id, idx)
		}
		p.Weights[id] = w.v
		sum += w.v
	}
	for i, is := range d.Scenario.Issues {
		if _, ok := p.Values[is.ID]; ok {
			if _, ok := p.Weights[is.ID]; !ok {
				return nil, nil, errorAt(file, 0, fmt.Sprintf("<weight index=\"%d\">", d.Index[i]), "issue %q is evaluated but has no weight", is.ID)
			}
		}
	}
	if math.Abs(sum-1) > 1e-6 {
		warns = append(warns, parley.Warning{File: file, Field: "<weight>",
			Message: fmt.Sprintf("weights sum to %s, not 1; used as written, as GENIUS does (utilities are clipped to [0, 1])", parley.FormatNumber(sum))})
	}
	return p, warns, nil
}

// valueFunc builds the value function of one issue of an additive profile.
func valueFunc(file string, ri *rawIssue, is *parley.Issue) (*parley.ValueFunc, error) {
	field := fmt.Sprintf("issue %q", is.ID)
	switch is.Kind {
	case parley.KindOptions:
		if ri.typ != "" && ri.typ != "discrete" {
			return nil, errorAt(file, ri.line, field, "type %q here but discrete in the domain", ri.typ)
		}
		known := make(map[string]bool, len(is.Options))
		for _, o := range is.Options {
			known[o] = true
		}
		evals := map[string]float64{}
		for _, it := range ri.items {
			if !it.hasEval {
				return nil, errorAt(file, it.line, fmt.Sprintf("%s: <item value=%q>", field, it.value), "missing attribute evaluation; expected a number >= 0")
			}
			if it.eval < 0 {
				return nil, errorAt(file, it.line, fmt.Sprintf("%s: <item value=%q> evaluation", field, it.value), "negative evaluation %s; expected a number >= 0", parley.FormatNumber(it.eval))
			}
			if !known[it.value] {
				return nil, errorAt(file, it.line, fmt.Sprintf("%s: <item value=%q>", field, it.value), "the domain's issue has no such value (it has: %s)", describeValues(is))
			}
			evals[it.value] = it.eval // a repeated value: the last one wins, as in GENIUS
		}
		top := 0.0
		for _, o := range is.Options {
			e, ok := evals[o]
			if !ok {
				return nil, errorAt(file, ri.line, field, "no evaluation for value %q; every value of a discrete issue needs an <item value=... evaluation=...>", o)
			}
			top = math.Max(top, e)
		}
		f := &parley.ValueFunc{Options: make(map[string]float64, len(is.Options))}
		for _, o := range is.Options {
			if top >= 1e-5 {
				f.Options[o] = evals[o] / top
			} else {
				f.Options[o] = 0
			}
		}
		return f, nil
	default:
		if ri.typ != string(is.Kind) {
			return nil, errorAt(file, ri.line, field, "type %q here but %s in the domain", ri.typ, is.Kind)
		}
		e := ri.eval
		if e == nil {
			return nil, errorAt(file, ri.line, field, "%s issue without an <evaluator>; expected <evaluator ftype=\"linear\" slope=... offset=...>", is.Kind)
		}
		if e.ftype != "linear" {
			return nil, errorAt(file, e.line, fmt.Sprintf("%s: <evaluator ftype=%q>", field, e.ftype), "unsupported evaluator; parley reads ftype=\"linear\"")
		}
		if !e.hasSlope || !e.hasO {
			return nil, errorAt(file, e.line, field+": <evaluator>", "a linear evaluator needs attributes slope and offset (or parameter1 and parameter0)")
		}
		// GENIUS: integer issues evaluate slope*(x-lowerbound)+offset, real issues
		// slope*x+offset; both clamped to [0, 1].
		x0 := is.Min
		if is.Kind == parley.KindReal {
			x0 = 0
		}
		return &parley.ValueFunc{Points: linearPoints(e.slope, e.offset, x0, is.Min, is.Max)}, nil
	}
}

// linearPoints returns the piecewise-linear points of clamp(slope*(x-x0)+offset, 0, 1) over
// [lo, hi]: the two ends and every point where the clamp bends the line.
func linearPoints(slope, offset, x0, lo, hi float64) []parley.Knot {
	f := func(x float64) float64 { return parley.Clamp01(slope*(x-x0) + offset) }
	xs := []float64{lo}
	if slope != 0 {
		for _, y := range []float64{0, 1} {
			x := x0 + (y-offset)/slope
			if x > lo && x < hi {
				xs = append(xs, x)
			}
		}
	}
	xs = append(xs, hi)
	sort.Float64s(xs)
	ps := make([]parley.Knot, 0, len(xs))
	for _, x := range xs {
		if len(ps) > 0 && ps[len(ps)-1].X == x {
			continue
		}
		ps = append(ps, parley.Knot{X: x, Y: f(x)})
	}
	return ps
}

// readRects turns the hyper-rectangles of a non-linear profile into parley rectangles:
// a rectangle's utility is its utility times its ufun's weight, divided by maxutility.
func (d *Domain) readRects(sp *rawSpace, p *parley.Profile) error {
	file := sp.file
	scale := 1.0
	if sp.maxUtility != nil {
		if !(sp.maxUtility.v > 0) {
			return errorAt(file, sp.maxUtility.line, "<utility maxutility>", "must be a positive number")
		}
		scale = sp.maxUtility.v
	}
	for _, uf := range sp.ufuns {
		for _, r := range uf.rects {
			rc := parley.Rectangle{Utility: r.utility * uf.weight / scale}
			seen := map[int]bool{}
			for _, b := range r.bounds {
				field := fmt.Sprintf("<INCLUDES index=\"%d\">", b.index)
				i := d.issueAt(b.index)
				if i < 0 {
					return errorAt(file, b.line, field, "the domain %s has no issue with index %d", d.file, b.index)
				}
				if seen[b.index] {
					return errorAt(file, b.line, field, "a second bound on the same issue in one hyper-rectangle")
				}
				seen[b.index] = true
				is := d.Scenario.Issues[i]
				if is.Kind == parley.KindOptions {
					return errorAt(file, b.line, field, "bounds on the discrete issue %q are not supported; parley reads hyper-rectangles over integer and real issues", is.ID)
				}
				if b.max < b.min {
					return errorAt(file, b.line, field, "max %s is below min %s", parley.FormatNumber(b.max), parley.FormatNumber(b.min))
				}
				rc.Bounds = append(rc.Bounds, parley.Bound{Issue: is.ID, Min: b.min, Max: b.max})
			}
			p.Rectangles = append(p.Rectangles, rc)
		}
	}
	return nil
}

// describeValues lists an issue's values for an error message, at most ten of them.
func describeValues(is *parley.Issue) string {
	if is.Kind == parley.KindOptions && len(is.Options) > 10 {
		return strings.Join(is.Options[:10], ", ") + fmt.Sprintf(", ... (%d values)", len(is.Options))
	}
	return is.Describe()
}
