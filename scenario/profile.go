package scenario

import (
	"errors"
	"math"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"parley"
	"parley/redline"
)

// weightTolerance is how far from 1 a weight sum may be before it is normalised.
const weightTolerance = 1e-9

func (d *decoder) profile(s *parley.Scenario, n *yaml.Node, path string) (*parley.Profile, error) {
	m, err := d.object(n, path, "a profile", "reservation", "weights", "values", "red_lines", "rectangles", "discount", "normalise_weights", "statements")
	if err != nil {
		return nil, err
	}
	p := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
	// Each field is checked on its own, so every problem is reported at once; the weights
	// need the values and rectangles, so they wait for those to be right.
	failed := false
	_, p.Partial = m["statements"]
	if e, ok := m["rectangles"]; ok && p.Partial {
		failed = d.note(d.errf(e.k, join(path, "rectangles"), "a profile with statements is additive; leave the rectangles out")) || failed
	}
	if _, ok := m["reservation"]; !ok && p.Partial {
		p.ReservationUnknown = true
	}
	if e, ok := m["reservation"]; ok {
		p.Reservation, err = d.unit(e.v, join(path, "reservation"), "reservation value")
		failed = d.note(err) || failed
	}
	if e, ok := m["discount"]; ok {
		p.Discount, err = d.unit(e.v, join(path, "discount"), "discount factor")
		failed = d.note(err) || failed
	}
	valuesOK := true
	if e, ok := m["values"]; ok {
		if d.note(d.values(s, p, e.v, join(path, "values"))) {
			failed, valuesOK = true, false
		}
	}
	if e, ok := m["rectangles"]; ok {
		if d.note(d.rectangles(s, p, e.v, join(path, "rectangles"))) {
			failed, valuesOK = true, false
		}
	}
	normalise := true
	if e, ok := m["normalise_weights"]; ok {
		if e.v.Kind != yaml.ScalarNode || (e.v.Value != "true" && e.v.Value != "false") {
			failed = d.note(d.errf(e.v, join(path, "normalise_weights"), "expected true or false")) || failed
		}
		normalise = e.v.Value == "true"
	}
	if e, ok := m["weights"]; ok {
		if valuesOK {
			failed = d.note(d.weights(s, p, e.v, join(path, "weights"), normalise)) || failed
		}
	} else if len(p.Rectangles) == 0 && valuesOK && !p.Partial {
		failed = d.note(d.errf(n, join(path, "weights"), "missing; a profile needs weights such as {nato: 0.6, buffer_km: 0.4}")) || failed
	}
	if e, ok := m["red_lines"]; ok {
		failed = d.note(d.redLines(s, p, e.v, join(path, "red_lines"))) || failed
	}
	if failed {
		return nil, errNoted
	}
	if e, ok := m["statements"]; ok {
		if err := d.statements(s, p, e.v, join(path, "statements")); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// weights reads a profile's weights. Unless normalise is false (a scenario converted from
// GENIUS, whose arithmetic uses weights as written), weights that do not sum to 1 are divided
// by their sum, with a warning.
func (d *decoder) weights(s *parley.Scenario, p *parley.Profile, n *yaml.Node, path string, normalise bool) error {
	es, err := d.entries(n, path, "weights by issue id, such as {nato: 0.6, buffer_km: 0.4}")
	if err != nil {
		return err
	}
	sum := 0.0
	for _, e := range es {
		if s.Issue(e.key) < 0 {
			return d.errf(e.k, join(path, e.key), "no issue %q in the scenario; the issues are %s", e.key, issueIDs(s))
		}
		w, err := d.num(e.v, join(path, e.key))
		if err != nil {
			return err
		}
		if w < 0 {
			return d.errf(e.v, join(path, e.key), "negative weight %s; a weight is 0 or more", e.v.Value)
		}
		if w > 0 && p.Values[e.key] == nil && !p.Partial {
			return d.errf(e.k, join(path, e.key), "issue %q has weight %s but no value function; add it under values", e.key, e.v.Value)
		}
		p.Weights[e.key] = w
		sum += w
	}
	if sum == 0 {
		if len(p.Rectangles) > 0 {
			return nil
		}
		return d.errf(n, path, "the weights sum to 0; give at least one issue a positive weight")
	}
	if math.IsInf(sum, 0) {
		return d.errf(n, path, "the weights are too large to add up; use numbers that sum to 1")
	}
	if normalise && math.Abs(sum-1) > weightTolerance {
		for k := range p.Weights {
			p.Weights[k] /= sum
		}
		d.warnf(n, path, "weights sum to %s, not 1; each was divided by %s", parley.FormatNumber(sum), parley.FormatNumber(sum))
	}
	return nil
}

func issueIDs(s *parley.Scenario) string {
	ids := make([]string, len(s.Issues))
	for i, is := range s.Issues {
		ids[i] = is.ID
	}
	return strings.Join(ids, ", ")
}

func (d *decoder) values(s *parley.Scenario, p *parley.Profile, n *yaml.Node, path string) error {
	es, err := d.entries(n, path, "value functions by issue id")
	if err != nil {
		return err
	}
	for _, e := range es {
		i := s.Issue(e.key)
		if i < 0 {
			return d.errf(e.k, join(path, e.key), "no issue %q in the scenario; the issues are %s", e.key, issueIDs(s))
		}
		is := s.Issues[i]
		var f *parley.ValueFunc
		if is.Kind == parley.KindOptions {
			f, err = d.optionValues(is, e.v, join(path, e.key))
		} else {
			f, err = d.numberValues(is, e.v, join(path, e.key))
		}
		if err != nil {
			return err
		}
		p.Values[e.key] = f
	}
	return nil
}

func (d *decoder) optionValues(is *parley.Issue, n *yaml.Node, path string) (*parley.ValueFunc, error) {
	es, err := d.entries(n, path, "a value for each option, such as {"+example(is)+"}")
	if err != nil {
		return nil, err
	}
	f := &parley.ValueFunc{Options: make(map[string]float64, len(is.Options))}
	for _, e := range es {
		if _, ok := is.Index(parley.Option(e.key)); !ok {
			return nil, d.errf(e.k, join(path, e.key), "issue %q has no option %q; its options are %s", is.ID, e.key, is.Describe())
		}
		if f.Options[e.key], err = d.unit(e.v, join(path, e.key), "value"); err != nil {
			return nil, err
		}
	}
	var missing []string
	for _, o := range is.Options {
		if _, ok := f.Options[o]; !ok {
			missing = append(missing, o)
		}
	}
	if len(missing) > 0 {
		return nil, d.errf(n, path, "no value for option %s of issue %q; give every option a value from 0 to 1", strings.Join(missing, ", "), is.ID)
	}
	return f, nil
}

func example(is *parley.Issue) string {
	var b strings.Builder
	for i, o := range is.Options {
		if i == 2 {
			b.WriteString(", ...")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(o + ": " + []string{"1", "0.5"}[i])
	}
	return b.String()
}

// numberValues reads the value function of a number issue: a list of [x, value] points, or
// the word increasing or decreasing.
func (d *decoder) numberValues(is *parley.Issue, n *yaml.Node, path string) (*parley.ValueFunc, error) {
	const want = "points [[x, value], ...], a mapping {x: value, ...}, `increasing` or `decreasing`"
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		switch n.Value {
		case "increasing":
			return &parley.ValueFunc{Points: []parley.Knot{{X: is.Min, Y: 0}, {X: is.Max, Y: 1}}}, nil
		case "decreasing":
			return &parley.ValueFunc{Points: []parley.Knot{{X: is.Min, Y: 1}, {X: is.Max, Y: 0}}}, nil
		}
		return nil, d.errf(n, path, "issue %q is a number range (%s); want %s, found %q", is.ID, is.Describe(), want, truncate(n.Value))
	}
	if n.Kind == yaml.MappingNode {
		return d.pointMap(is, n, path)
	}
	items, err := d.list(n, path, want)
	if err != nil {
		return nil, d.errf(n, path, "issue %q is a number range (%s); want %s, found %s", is.ID, is.Describe(), want, kindName(n))
	}
	if len(items) == 0 {
		return nil, d.errf(n, path, "no points; want %s", want)
	}
	f := &parley.ValueFunc{}
	tol := 1e-9 * math.Max(1, math.Max(math.Abs(is.Min), math.Abs(is.Max)))
	for k, it := range items {
		pp := index(path, k)
		if it.Kind != yaml.SequenceNode || len(it.Content) != 2 {
			return nil, d.errf(it, pp, "want a point [x, value] such as [30, 0.7], found %s", kindName(it))
		}
		x, err := d.num(it.Content[0], pp)
		if err != nil {
			return nil, err
		}
		if x < is.Min-tol || x > is.Max+tol {
			return nil, d.errf(it.Content[0], pp, "x %s is outside issue %q's range %s", it.Content[0].Value, is.ID, is.Describe())
		}
		y, err := d.unit(it.Content[1], pp, "value")
		if err != nil {
			return nil, err
		}
		if k > 0 && x <= f.Points[k-1].X {
			return nil, d.errf(it.Content[0], pp, "x %s is not greater than the previous point's %s; list points by increasing x", it.Content[0].Value, parley.FormatNumber(f.Points[k-1].X))
		}
		f.Points = append(f.Points, parley.Knot{X: x, Y: y})
	}
	return f, nil
}

// pointMap reads the value function of a number issue written as a mapping from x to value,
// {0: 1, 30: 0.7, 60: 0.2}: the same points in a shorter form, in any order.
func (d *decoder) pointMap(is *parley.Issue, n *yaml.Node, path string) (*parley.ValueFunc, error) {
	es, err := d.entries(n, path, "a mapping from x to value")
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, d.errf(n, path, "no points; give at least one, such as {%s: 1}", parley.FormatNumber(is.Min))
	}
	tol := 1e-9 * math.Max(1, math.Max(math.Abs(is.Min), math.Abs(is.Max)))
	f := &parley.ValueFunc{}
	for _, e := range es {
		pp := join(path, e.key)
		x, err := d.num(e.k, pp)
		if err != nil {
			return nil, d.errf(e.k, pp, "issue %q is a number range (%s); want a number as key, found %q", is.ID, is.Describe(), truncate(e.key))
		}
		if x < is.Min-tol || x > is.Max+tol {
			return nil, d.errf(e.k, pp, "x %s is outside issue %q's range %s", e.key, is.ID, is.Describe())
		}
		y, err := d.unit(e.v, pp, "value")
		if err != nil {
			return nil, err
		}
		f.Points = append(f.Points, parley.Knot{X: x, Y: y})
	}
	sort.SliceStable(f.Points, func(a, b int) bool { return f.Points[a].X < f.Points[b].X })
	for k := 1; k < len(f.Points); k++ {
		if f.Points[k].X == f.Points[k-1].X {
			return nil, d.errf(n, path, "two points at x %s", parley.FormatNumber(f.Points[k].X))
		}
	}
	return f, nil
}

func (d *decoder) rectangles(s *parley.Scenario, p *parley.Profile, n *yaml.Node, path string) error {
	items, err := d.list(n, path, "a list of rectangles")
	if err != nil {
		return err
	}
	for k, it := range items {
		rp := index(path, k)
		m, err := d.object(it, rp, "a rectangle", "utility", "bounds")
		if err != nil {
			return err
		}
		var r parley.Rectangle
		e, ok := m["utility"]
		if !ok {
			return d.errf(it, join(rp, "utility"), "missing; a rectangle needs the utility it adds")
		}
		if r.Utility, err = d.num(e.v, join(rp, "utility")); err != nil {
			return err
		}
		if !(r.Utility >= -1 && r.Utility <= 1) {
			return d.errf(e.v, join(rp, "utility"), "%s is out of range: a rectangle adds a utility between -1 and 1", parley.FormatNumber(r.Utility))
		}
		e, ok = m["bounds"]
		if !ok {
			return d.errf(it, join(rp, "bounds"), "missing; a rectangle needs bounds by issue id")
		}
		bs, err := d.entries(e.v, join(rp, "bounds"), "bounds by issue id, such as {nato: [join], buffer_km: {min: 0, max: 30}}")
		if err != nil {
			return err
		}
		for _, b := range bs {
			bp := join(join(rp, "bounds"), b.key)
			i := s.Issue(b.key)
			if i < 0 {
				return d.errf(b.k, bp, "no issue %q in the scenario; the issues are %s", b.key, issueIDs(s))
			}
			bound, err := d.bound(s.Issues[i], b.v, bp)
			if err != nil {
				return err
			}
			r.Bounds = append(r.Bounds, bound)
		}
		p.Rectangles = append(p.Rectangles, r)
	}
	return nil
}

func (d *decoder) bound(is *parley.Issue, n *yaml.Node, path string) (parley.Bound, error) {
	b := parley.Bound{Issue: is.ID}
	if is.Kind == parley.KindOptions {
		items, err := d.list(n, path, "a list of options of issue "+is.ID)
		if err != nil {
			return b, err
		}
		seen := map[string]bool{}
		for k, it := range items {
			o, err := d.str(it, index(path, k))
			if err != nil {
				return b, err
			}
			if _, ok := is.Index(parley.Option(o)); !ok {
				return b, d.errf(it, index(path, k), "issue %q has no option %q; its options are %s", is.ID, o, is.Describe())
			}
			if seen[o] {
				return b, d.errf(it, index(path, k), "option %q listed twice", o)
			}
			seen[o] = true
			b.Options = append(b.Options, o)
		}
		return b, nil
	}
	m, err := d.object(n, path, "a number bound {min: ..., max: ...}", "min", "max")
	if err != nil {
		return b, err
	}
	for _, k := range []string{"min", "max"} {
		if _, ok := m[k]; !ok {
			return b, d.errf(n, join(path, k), "missing; a number bound needs min and max")
		}
	}
	if b.Min, err = d.num(m["min"].v, join(path, "min")); err != nil {
		return b, err
	}
	if b.Max, err = d.num(m["max"].v, join(path, "max")); err != nil {
		return b, err
	}
	if b.Max < b.Min {
		return b, d.errf(m["max"].v, join(path, "max"), "max %s is below min %s", m["max"].v.Value, m["min"].v.Value)
	}
	return b, nil
}

func (d *decoder) redLines(s *parley.Scenario, p *parley.Profile, n *yaml.Node, path string) error {
	items, err := d.list(n, path, "a list of red lines such as [\"buffer_km <= 50\"]")
	if err != nil {
		return err
	}
	failed := false // each red line is checked, so all faulty ones are reported
	for k, it := range items {
		rp := index(path, k)
		src, err := d.str(it, rp)
		if d.note(err) {
			failed = true
			continue
		}
		if d.redLineWork += redLineCost(s, src); d.redLineWork > maxRedLineWork {
			return d.errf(it, rp, "too many comparisons in red lines over issues this large to check; use fewer red lines or larger steps")
		}
		if _, err := redline.Parse(src, s); err != nil {
			var re *redline.Error
			if !errors.As(err, &re) {
				d.note(d.errf(it, rp, "%v", err))
				failed = true
				continue
			}
			e := d.errf(it, rp, "%s (column %d of red line %q)", re.Msg, re.Col, truncate(src))
			e.Col = redLineColumn(it, re.Col)
			d.note(e)
			failed = true
			continue
		}
		p.RedLines = append(p.RedLines, src)
	}
	if failed {
		return errNoted
	}
	return nil
}

// redLineCost estimates the work of parsing red line src against s: an upper bound on its
// comparisons times the cost of the largest issue's values.
func redLineCost(s *parley.Scenario, src string) int {
	atoms := 1 + strings.Count(src, "in")
	for _, r := range src {
		if r == '<' || r == '>' || r == '=' {
			atoms++
		}
	}
	largest := 0
	for _, is := range s.Issues {
		c := is.Size()
		if is.Kind == parley.KindReal {
			c *= 10
		}
		largest = max(largest, c)
	}
	return atoms * largest
}

// redLineColumn maps a column of a red line's text to a column of the file. It is exact for
// plain and quoted scalars on one line without escapes, and points at the scalar otherwise.
func redLineColumn(n *yaml.Node, col int) int {
	switch n.Style {
	case 0:
		return n.Column + col - 1
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		return n.Column + col
	}
	return n.Column
}
