package genius

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"parley"
)

// Profile kinds of GeniusWeb: the key wrapping a profile file's content.
const (
	LinearAdditive = "LinearAdditiveUtilitySpace"
	SumOfGroups    = "SumOfGroupsUtilitySpace"
)

// ReadWebDomain reads a GeniusWeb domain: {"name": ..., "issuesValues": {issue: {"values":
// [...]} or {"range": {"low": ..., "high": ..., "step": ...}}}}. Issues keep the file's
// order; a range whose bounds and step are whole numbers is an integer issue, any other a
// real one.
func ReadWebDomain(r io.Reader, file string) (*parley.Scenario, error) {
	doc, err := readJSON(r, file)
	if err != nil {
		return nil, err
	}
	return doc.domain(doc.root, "")
}

func (d *jdoc) domain(n *jnode, path string) (*parley.Scenario, error) {
	p := func(k ...string) string { return jpath(path, k...) }
	top := path
	if top == "" {
		top = "(top level)"
	}
	if err := d.want(n, '{', top); err != nil {
		return nil, err
	}
	s := &parley.Scenario{}
	if nm := n.get("name"); nm != nil {
		if err := d.want(nm, 's', p("name")); err != nil {
			return nil, err
		}
		s.Name = nm.str
	}
	iv := n.get("issuesValues")
	if err := d.want(iv, '{', p("issuesValues")); err != nil {
		return nil, err
	}
	if len(iv.keys) == 0 {
		return nil, d.errAtNode(iv, p("issuesValues"), "no issues")
	}
	if len(iv.keys) > MaxIssues {
		return nil, d.errAtNode(iv, p("issuesValues"), "more than %d issues", MaxIssues)
	}
	for k, id := range iv.keys {
		v := iv.vals[k]
		ip := p("issuesValues", id)
		if err := d.want(v, '{', ip); err != nil {
			return nil, err
		}
		is, err := d.issue(v, id, ip)
		if err != nil {
			return nil, err
		}
		s.Issues = append(s.Issues, is)
	}
	return s, nil
}

// issue reads the issue id of a GeniusWeb domain from v (at path ip): its list of values
// or its range.
func (d *jdoc) issue(v *jnode, id, ip string) (*parley.Issue, error) {
	is := &parley.Issue{ID: id}
	switch vals, rng := v.get("values"), v.get("range"); {
	case vals != nil:
		if err := d.want(vals, '[', ip+".values"); err != nil {
			return nil, err
		}
		if len(vals.vals) == 0 {
			return nil, d.errAtNode(vals, ip+".values", "no values")
		}
		if len(vals.vals) > MaxValues {
			return nil, d.errAtNode(vals, ip+".values", "more than %d values; parley reads issues of up to %d values", MaxValues, MaxValues)
		}
		is.Kind = parley.KindOptions
		seen := map[string]bool{}
		for j, x := range vals.vals {
			vp := fmt.Sprintf("%s.values[%d]", ip, j)
			if err := d.want(x, 's', vp); err != nil {
				return nil, err
			}
			if seen[x.str] {
				return nil, d.errAtNode(x, vp, "duplicate value %q", x.str)
			}
			seen[x.str] = true
			is.Options = append(is.Options, x.str)
		}
	case rng != nil:
		var lo, hi, step float64
		var err error
		if rng.kind == '[' && len(rng.vals) == 3 {
			if lo, err = d.number(rng.vals[0], ip+".range[0]"); err != nil {
				return nil, err
			}
			if hi, err = d.number(rng.vals[1], ip+".range[1]"); err != nil {
				return nil, err
			}
			if step, err = d.number(rng.vals[2], ip+".range[2]"); err != nil {
				return nil, err
			}
		} else {
			if err := d.want(rng, '{', ip+".range"); err != nil {
				return nil, err
			}
			if lo, err = d.number(rng.get("low"), ip+".range.low"); err != nil {
				return nil, err
			}
			if hi, err = d.number(rng.get("high"), ip+".range.high"); err != nil {
				return nil, err
			}
			if step, err = d.number(rng.get("step"), ip+".range.step"); err != nil {
				return nil, err
			}
		}
		if !(step > 0) || hi < lo {
			return nil, d.errAtNode(rng, ip+".range", "needs low <= high and step > 0")
		}
		if n := (hi-lo)/step + 1; n > MaxValues {
			return nil, d.errAtNode(rng, ip+".range", "%.0f values; parley reads issues of up to %d values", n, MaxValues)
		}
		is.Kind, is.Min, is.Max, is.Step = parley.KindReal, lo, hi, step
		if lo == math.Trunc(lo) && hi == math.Trunc(hi) && step == math.Trunc(step) {
			is.Kind = parley.KindInteger
		}
	default:
		return nil, d.errAtNode(v, ip, "expected \"values\" (a list of strings) or \"range\" ({\"low\", \"high\", \"step\"})")
	}
	return is, nil
}

// ReadWebProfile reads a GeniusWeb profile for the domain s: a LinearAdditiveUtilitySpace
// (issueWeights; per issue discreteutils {"valueUtilities"} or numberutils {"lowValue",
// "lowUtility", "highValue", "highUtility"}, linear between the two and 0 outside) or a
// SumOfGroupsUtilitySpace (partUtilities: groups of issues with a utility per combination
// of values, 0 for combinations not listed), each group combination becoming one
// rectangle of single values. The reservation value is the utility of reservationBid. It
// returns the profile's name ("" when it has none).
func ReadWebProfile(r io.Reader, file string, s *parley.Scenario) (*parley.Profile, string, []parley.Warning, error) {
	doc, err := readJSON(r, file)
	if err != nil {
		return nil, "", nil, err
	}
	return doc.profile(s)
}

func (d *jdoc) profile(s *parley.Scenario) (*parley.Profile, string, []parley.Warning, error) {
	root := d.root
	if err := d.want(root, '{', "(top level)"); err != nil {
		return nil, "", nil, err
	}
	if len(root.keys) != 1 || (root.keys[0] != LinearAdditive && root.keys[0] != SumOfGroups) {
		return nil, "", nil, d.errAtNode(root, "(top level)", "expected an object with the single key %q or %q", LinearAdditive, SumOfGroups)
	}
	kind, n := root.keys[0], root.vals[0]
	if err := d.want(n, '{', kind); err != nil {
		return nil, "", nil, err
	}
	name := ""
	if nm := n.get("name"); nm != nil {
		if err := d.want(nm, 's', kind+".name"); err != nil {
			return nil, "", nil, err
		}
		name = nm.str
	}
	if dn := n.get("domain"); dn != nil {
		ds, err := d.domain(dn, kind+".domain")
		if err != nil {
			return nil, "", nil, err
		}
		if err := sameDomain(ds, s); err != nil {
			return nil, "", nil, d.errAtNode(dn, kind+".domain", "differs from the domain file: %v", err)
		}
	}
	var p *parley.Profile
	var warns []parley.Warning
	var err error
	if kind == LinearAdditive {
		p, warns, err = d.linearAdditive(n, s)
	} else {
		p, err = d.sumOfGroups(n, s)
	}
	if err != nil {
		return nil, "", nil, err
	}
	if rb := n.get("reservationBid"); rb != nil && rb.kind != '0' {
		bid, err := d.bid(rb, kind+".reservationBid", s)
		if err != nil {
			return nil, "", nil, err
		}
		p.Reservation, err = bidUtility(s, p, bid)
		if err != nil {
			return nil, "", nil, d.errAtNode(rb, kind+".reservationBid", "%v", err)
		}
	}
	return p, name, warns, nil
}

// sameDomain reports how two domains differ, or nil.
func sameDomain(a, b *parley.Scenario) error {
	if len(a.Issues) != len(b.Issues) {
		return fmt.Errorf("%d issues instead of %d", len(a.Issues), len(b.Issues))
	}
	for _, x := range a.Issues {
		i := b.Issue(x.ID)
		if i < 0 {
			return fmt.Errorf("issue %q is not in the domain file", x.ID)
		}
		y := b.Issues[i]
		if x.Kind != y.Kind || x.Min != y.Min || x.Max != y.Max || x.Step != y.Step || strings.Join(x.Options, "\x00") != strings.Join(y.Options, "\x00") {
			return fmt.Errorf("issue %q has other values", x.ID)
		}
	}
	return nil
}

// value reads a value of issue is: a string for options, a number for number issues.
func (d *jdoc) value(n *jnode, path string, is *parley.Issue) (parley.Value, int, error) {
	var v parley.Value
	if is.Kind == parley.KindOptions {
		if n == nil || n.kind != 's' {
			return v, 0, d.errAtNode(n, path, "expected one of the values of issue %q (a string)", is.ID)
		}
		v = parley.Option(n.str)
	} else {
		x, err := d.number(n, path)
		if err != nil {
			return v, 0, err
		}
		v = parley.Number(x)
	}
	k, ok := d.index(is, v)
	if !ok {
		return v, 0, d.errAtNode(n, path, "issue %q has no value %s (it has: %s)", is.ID, v, describeValues(is))
	}
	return v, k, nil
}

// index returns the index of v among the values of is, looking options up in a map built
// once per issue (is.Index scans the options).
func (d *jdoc) index(is *parley.Issue, v parley.Value) (int, bool) {
	if is.Kind != parley.KindOptions {
		return is.Index(v)
	}
	if v.IsNumber() {
		return 0, false
	}
	if d.options == nil {
		d.options = map[*parley.Issue]map[string]int{}
	}
	m := d.options[is]
	if m == nil {
		m = make(map[string]int, len(is.Options))
		for k, o := range is.Options {
			m[o] = k
		}
		d.options[is] = m
	}
	k, ok := m[v.String()]
	return k, ok
}

// bid reads {"issuevalues": {issue: value}}, a possibly partial outcome: -1 for an issue
// the bid leaves out.
func (d *jdoc) bid(n *jnode, path string, s *parley.Scenario) ([]int, error) {
	iv := n.get("issuevalues")
	if err := d.want(iv, '{', path+".issuevalues"); err != nil {
		return nil, err
	}
	o := make([]int, len(s.Issues))
	for i := range o {
		o[i] = -1
	}
	for k, id := range iv.keys {
		i := s.Issue(id)
		vp := jpath(path, "issuevalues", id)
		if i < 0 {
			return nil, d.errAtNode(iv.vals[k], vp, "no issue %q in the domain", id)
		}
		_, x, err := d.value(iv.vals[k], vp, s.Issues[i])
		if err != nil {
			return nil, err
		}
		o[i] = x
	}
	return o, nil
}

// bidUtility returns the utility of a partial outcome: issues left out count 0, as in
// GeniusWeb.
func bidUtility(s *parley.Scenario, p *parley.Profile, bid []int) (float64, error) {
	u, err := s.Compile(p)
	if err != nil {
		return 0, err
	}
	return partialUtility(u, bid), nil
}

func (d *jdoc) utility(n *jnode, path string) (float64, error) {
	x, err := d.number(n, path)
	if err == nil && (x < 0 || x > 1) {
		err = d.errAtNode(n, path, "utility %s is outside [0, 1]", parley.FormatNumber(x))
	}
	return x, err
}

func (d *jdoc) linearAdditive(n *jnode, s *parley.Scenario) (*parley.Profile, []parley.Warning, error) {
	const kind = LinearAdditive
	p := &parley.Profile{Weights: map[string]float64{}, Values: map[string]*parley.ValueFunc{}}
	iu := n.get("issueUtilities")
	if err := d.want(iu, '{', kind+".issueUtilities"); err != nil {
		return nil, nil, err
	}
	iw := n.get("issueWeights")
	if err := d.want(iw, '{', kind+".issueWeights"); err != nil {
		return nil, nil, err
	}
	for k, id := range iu.keys {
		up := jpath(kind, "issueUtilities", id)
		i := s.Issue(id)
		if i < 0 {
			return nil, nil, d.errAtNode(iu.vals[k], up, "no issue %q in the domain", id)
		}
		f, err := d.valueUtils(iu.vals[k], up, s.Issues[i])
		if err != nil {
			return nil, nil, err
		}
		p.Values[id] = f
	}
	sum := 0.0
	for k, id := range iw.keys {
		wp := jpath(kind, "issueWeights", id)
		if s.Issue(id) < 0 {
			return nil, nil, d.errAtNode(iw.vals[k], wp, "no issue %q in the domain", id)
		}
		w, err := d.number(iw.vals[k], wp)
		if err != nil {
			return nil, nil, err
		}
		if w < 0 {
			return nil, nil, d.errAtNode(iw.vals[k], wp, "negative weight %s; weights must be >= 0", parley.FormatNumber(w))
		}
		if p.Values[id] == nil && w != 0 {
			return nil, nil, d.errAtNode(iw.vals[k], wp, "issue %q has a weight but no entry in issueUtilities", id)
		}
		p.Weights[id] = w
		sum += w
	}
	for _, is := range s.Issues {
		if _, ok := p.Weights[is.ID]; !ok && p.Values[is.ID] != nil {
			return nil, nil, d.errAtNode(iw, jpath(kind, "issueWeights", is.ID), "missing; every issue with utilities needs a weight")
		}
	}
	var warns []parley.Warning
	if math.Abs(sum-1) > 1e-6 {
		warns = append(warns, parley.Warning{File: d.file, Line: d.line(iw.off), Field: kind + ".issueWeights",
			Message: fmt.Sprintf("weights sum to %s, not 1; used as written (utilities are clipped to [0, 1])", parley.FormatNumber(sum))})
	}
	return p, warns, nil
}

// valueUtils reads the discreteutils or numberutils of one issue.
func (d *jdoc) valueUtils(n *jnode, path string, is *parley.Issue) (*parley.ValueFunc, error) {
	if err := d.want(n, '{', path); err != nil {
		return nil, err
	}
	if du := n.get("discreteutils"); du != nil {
		if is.Kind != parley.KindOptions {
			return nil, d.errAtNode(du, path+".discreteutils", "issue %q is a number range; expected numberutils", is.ID)
		}
		vu := du.get("valueUtilities")
		if err := d.want(vu, '{', path+".discreteutils.valueUtilities"); err != nil {
			return nil, err
		}
		f := &parley.ValueFunc{Options: map[string]float64{}}
		for k, v := range vu.keys {
			vp := jpath(path, "discreteutils", "valueUtilities", v)
			if _, ok := d.index(is, parley.Option(v)); !ok {
				return nil, d.errAtNode(vu.vals[k], vp, "issue %q has no value %q (it has: %s)", is.ID, v, describeValues(is))
			}
			x, err := d.utility(vu.vals[k], vp)
			if err != nil {
				return nil, err
			}
			f.Options[v] = x
		}
		for _, o := range is.Options {
			if _, ok := f.Options[o]; !ok {
				return nil, d.errAtNode(vu, path+".discreteutils.valueUtilities", "no utility for value %q; every value needs one", o)
			}
		}
		return f, nil
	}
	nu := n.get("numberutils")
	if nu == nil {
		return nil, d.errAtNode(n, path, "expected \"discreteutils\" or \"numberutils\"")
	}
	if is.Kind == parley.KindOptions {
		return nil, d.errAtNode(nu, path+".numberutils", "issue %q has discrete values; expected discreteutils", is.ID)
	}
	var vals [4]float64
	for k, key := range []string{"lowValue", "lowUtility", "highValue", "highUtility"} {
		var err error
		if k%2 == 1 {
			vals[k], err = d.utility(nu.get(key), jpath(path, "numberutils", key))
		} else {
			vals[k], err = d.number(nu.get(key), jpath(path, "numberutils", key))
		}
		if err != nil {
			return nil, err
		}
	}
	lo, lu, hi, hu := vals[0], vals[1], vals[2], vals[3]
	if hi < lo {
		return nil, d.errAtNode(nu, path+".numberutils", "highValue %s is below lowValue %s", parley.FormatNumber(hi), parley.FormatNumber(lo))
	}
	return &parley.ValueFunc{Points: numberPoints(is, lo, lu, hi, hu)}, nil
}

// numberPoints returns points giving, at every value of is, GeniusWeb's number utility:
// linear from (lo, lu) to (hi, hu), 0 outside [lo, hi].
func numberPoints(is *parley.Issue, lo, lu, hi, hu float64) []parley.Knot {
	var ps []parley.Knot
	n := is.Size()
	// The grid values just outside [lo, hi] get 0; interpolation between them and the
	// ends never lands on another grid value.
	below, above := -1, -1
	for k := 0; k < n; k++ {
		x := is.Value(k).Float()
		if x < lo {
			below = k
		}
		if x > hi && above < 0 {
			above = k
		}
	}
	if below >= 0 {
		ps = append(ps, parley.Knot{X: is.Value(below).Float(), Y: 0})
	}
	ps = append(ps, parley.Knot{X: lo, Y: lu})
	if hi > lo {
		ps = append(ps, parley.Knot{X: hi, Y: hu})
	}
	if above >= 0 {
		ps = append(ps, parley.Knot{X: is.Value(above).Float(), Y: 0})
	}
	return ps
}

// sumOfGroups reads partUtilities: {group: {"partsutils": {"issues": [...], "utilslist":
// [{"values": [...], "util": u}]}}}.
func (d *jdoc) sumOfGroups(n *jnode, s *parley.Scenario) (*parley.Profile, error) {
	const kind = SumOfGroups
	pu := n.get("partUtilities")
	if err := d.want(pu, '{', kind+".partUtilities"); err != nil {
		return nil, err
	}
	p := &parley.Profile{}
	owner := map[string]string{}
	for g, gname := range pu.keys {
		gp := jpath(kind, "partUtilities", gname)
		ps := pu.vals[g].get("partsutils")
		if err := d.want(ps, '{', gp+".partsutils"); err != nil {
			return nil, err
		}
		iss := ps.get("issues")
		if err := d.want(iss, '[', gp+".partsutils.issues"); err != nil {
			return nil, err
		}
		var idx []int
		for j, x := range iss.vals {
			ip := fmt.Sprintf("%s.partsutils.issues[%d]", gp, j)
			if err := d.want(x, 's', ip); err != nil {
				return nil, err
			}
			i := s.Issue(x.str)
			if i < 0 {
				return nil, d.errAtNode(x, ip, "no issue %q in the domain", x.str)
			}
			if o, ok := owner[x.str]; ok {
				return nil, d.errAtNode(x, ip, "issue %q is already in group %q; groups must not share issues", x.str, o)
			}
			owner[x.str] = gname
			idx = append(idx, i)
		}
		ul := ps.get("utilslist")
		if err := d.want(ul, '[', gp+".partsutils.utilslist"); err != nil {
			return nil, err
		}
		for j, e := range ul.vals {
			ep := fmt.Sprintf("%s.partsutils.utilslist[%d]", gp, j)
			if len(p.Rectangles) >= MaxTerms {
				return nil, d.errAtNode(e, ep, "more than %d combinations", MaxTerms)
			}
			vals := e.get("values")
			if err := d.want(vals, '[', ep+".values"); err != nil {
				return nil, err
			}
			if len(vals.vals) != len(idx) {
				return nil, d.errAtNode(vals, ep+".values", "%d values for %d issues", len(vals.vals), len(idx))
			}
			u, err := d.utility(e.get("util"), ep+".util")
			if err != nil {
				return nil, err
			}
			r := parley.Rectangle{Utility: u}
			for m, i := range idx {
				is := s.Issues[i]
				v, _, err := d.value(vals.vals[m], fmt.Sprintf("%s.values[%d]", ep, m), is)
				if err != nil {
					return nil, err
				}
				if is.Kind == parley.KindOptions {
					r.Bounds = append(r.Bounds, parley.Bound{Issue: is.ID, Options: []string{v.String()}})
				} else {
					r.Bounds = append(r.Bounds, parley.Bound{Issue: is.ID, Min: v.Float(), Max: v.Float()})
				}
			}
			p.Rectangles = append(p.Rectangles, r)
		}
	}
	return p, nil
}

// ReadWebDir reads a GeniusWeb folder: one domain file (a JSON object with issuesValues)
// and one profile per party, each party named after its file (without .json) and given
// the profile's name as its display name.
func ReadWebDir(dir string) (*parley.Scenario, []parley.Warning, error) {
	_, names, err := listDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var docs []*jdoc
	var domain *jdoc
	for _, n := range names {
		path := filepath.Join(dir, n)
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, &parley.Error{Code: parley.ENOTFOUND, File: path, Message: fmt.Sprintf("cannot open: %v", unwrapPath(err))}
		}
		doc, err := readJSON(f, path)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		if doc.root.get("issuesValues") != nil {
			if domain != nil {
				return nil, nil, errorAt(path, 1, "issuesValues", "a second domain file in the folder (the first is %s)", domain.file)
			}
			domain = doc
			continue
		}
		docs = append(docs, doc)
	}
	if domain == nil {
		return nil, nil, errorAt(dir, 0, "", "no GeniusWeb domain in the folder; expected a .json file with \"issuesValues\"")
	}
	if len(docs) == 0 {
		return nil, nil, errorAt(dir, 0, "", "no GeniusWeb profile in the folder; expected a .json file with %q or %q per party", LinearAdditive, SumOfGroups)
	}
	s, err := domain.domain(domain.root, "")
	if err != nil {
		return nil, nil, err
	}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(domain.file), filepath.Ext(domain.file))
	}
	var warns []parley.Warning
	for _, doc := range docs {
		p, name, w, err := doc.profile(s)
		if err != nil {
			return nil, nil, err
		}
		warns = append(warns, w...)
		id := strings.TrimSuffix(filepath.Base(doc.file), filepath.Ext(doc.file))
		if name == "" {
			name = id
		}
		s.Parties = append(s.Parties, &parley.Party{ID: id, Name: name, Role: parley.RoleParty, Profile: p})
	}
	return s, warns, nil
}
