package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"

	"go.yaml.in/yaml/v3"

	"parley"
)

// MaxFileSize is the largest scenario file Parse and Load accept, in bytes.
const MaxFileSize = 64 << 20

// MaxValues bounds the YAML values (scalars, lists, mappings) of a scenario file, and so the
// memory parsing it takes. The largest shared ANAC domains have a few thousand.
const MaxValues = 1_000_000

// countIndicators returns an upper bound of the YAML values in data.
func countIndicators(data []byte) int {
	n := 1
	for _, c := range data {
		switch c {
		case '\n', ',', '[', '{', ':', '-', '?':
			n++
		}
	}
	return n
}

// MaxIssueValues is the largest number of values a number issue may take, and the largest
// total over all the issues of a scenario.
const MaxIssueValues = 10_000_000

// maxRedLineWork bounds the work of checking every red line of a file: the estimated number
// of comparisons times the values of the largest issue (real values count tenfold, they cost
// more to generate). About two seconds of checking at most.
var maxRedLineWork = 300_000_000 // a variable so that fuzzing can lower it

// Load reads the scenario file at path; errors and warnings name the file by path.
func Load(path string) (*parley.Scenario, []parley.Warning, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, &parley.Error{Code: parley.ENOTFOUND, File: path, Message: "no such file"}
	} else if err != nil {
		return nil, nil, &parley.Error{Code: parley.EINVALID, File: path, Message: fmt.Sprintf("cannot open: %v", errors.Unwrap(err))}
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, nil, &parley.Error{Code: parley.EINVALID, File: path, Message: "is a folder; give a scenario file (.yaml)"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, nil, &parley.Error{Code: parley.EINVALID, File: path, Message: fmt.Sprintf("cannot read: %v", err)}
	}
	return Parse(path, data)
}

// Parse reads a parley YAML scenario; name is the file name used in errors and warnings.
// Every error is a *parley.Error with code EINVALID naming the line, column and field. The
// problems of parts that do not depend on each other (each issue, each party, each field of
// a profile) are all reported, in file order, joined with errors.Join; errors.As finds the
// first.
// Weights that do not sum to 1 are normalised, with a warning.
func Parse(name string, data []byte) (s *parley.Scenario, warns []parley.Warning, err error) {
	d := &decoder{file: name}
	if len(data) > MaxFileSize {
		return nil, nil, d.errf(nil, "", "file is larger than %d MiB; a scenario file must be smaller", MaxFileSize>>20)
	}
	// The YAML library builds a node of a few hundred bytes per value: a 60 MB list of
	// numbers would take gigabytes. Every value starts a line or follows one of ",[{:-?", so
	// counting those bounds the values, and the memory, before parsing.
	if n := countIndicators(data); n > MaxValues {
		return nil, nil, d.errf(nil, "", "the file holds up to %d YAML values, more than the %d a scenario may have", n, MaxValues)
	}
	defer func() {
		// The YAML library has panicked on hostile input in the past; never pass that on.
		if r := recover(); r != nil {
			s, warns, err = nil, nil, d.errf(nil, "", "malformed YAML: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF {
		return nil, nil, d.errf(nil, "", "empty file; a scenario needs `issues` and `parties`")
	} else if err != nil {
		return nil, nil, d.syntaxError(data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, nil, d.errf(&extra, "", "a second YAML document; a scenario file holds exactly one (remove the `---`)")
	} else if err != io.EOF {
		return nil, nil, d.syntaxError(data, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil, d.errf(&doc, "", "empty document; a scenario needs `issues` and `parties`")
	}
	if err := d.checkPlain(&doc); err != nil {
		return nil, nil, err
	}
	s, err = d.scenario(doc.Content[0])
	d.note(err)
	if err := d.result(); err != nil {
		return nil, nil, err
	}
	return s, d.warns, nil
}

// Top-level fields. The workspace (plans, sessions) will add its own here.
var scenarioFields = []string{"name", "description", "issues", "parties"}

func (d *decoder) scenario(n *yaml.Node) (*parley.Scenario, error) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, d.errf(n, "", "empty document; a scenario needs `issues` and `parties`")
	}
	m, err := d.object(n, "", "a scenario (a mapping with name, description, issues and parties)", scenarioFields...)
	if err != nil {
		return nil, err
	}
	s := &parley.Scenario{}
	if e, ok := m["name"]; ok {
		if s.Name, err = d.str(e.v, "name"); err != nil {
			return nil, err
		}
	}
	if e, ok := m["description"]; ok {
		if s.Description, err = d.str(e.v, "description"); err != nil {
			return nil, err
		}
	}
	e, ok := m["issues"]
	if !ok {
		return nil, d.errf(n, "issues", "missing; a scenario needs a list of issues")
	}
	if err := d.issues(s, e.v); err != nil {
		return nil, err
	}
	e, ok = m["parties"]
	if !ok {
		return nil, d.errf(n, "parties", "missing; a scenario needs a list of parties")
	}
	if err := d.parties(s, e.v); err != nil {
		return nil, err
	}
	return s, nil
}

func (d *decoder) issues(s *parley.Scenario, n *yaml.Node) error {
	items, err := d.list(n, "issues", "a list of issues")
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return d.errf(n, "issues", "no issues; a scenario needs at least one")
	}
	seen := map[string]int{}
	total := 0
	failed := false
	for i, it := range items {
		path := index("issues", i)
		is, err := d.issue(it, path)
		if d.note(err) {
			failed = true // the parties refer to the issues: they wait for a clean list
			continue
		}
		if line, dup := seen[is.ID]; dup {
			return d.errf(valueOf(it, "id"), join(path, "id"), "duplicate issue id %q (first used on line %d); ids must be unique", is.ID, line)
		}
		seen[is.ID] = it.Line
		if total += is.Size(); total > MaxIssueValues {
			return d.errf(it, path, "the issues take %d values in all; parley accepts at most %d, so use larger steps", total, MaxIssueValues)
		}
		s.Issues = append(s.Issues, is)
	}
	if failed {
		return errNoted
	}
	return nil
}

func (d *decoder) issue(n *yaml.Node, path string) (*parley.Issue, error) {
	m, err := d.object(n, path, "an issue", "id", "name", "options", "ordered", "range")
	if err != nil {
		return nil, err
	}
	is := &parley.Issue{}
	e, ok := m["id"]
	if !ok {
		return nil, d.errf(n, join(path, "id"), "missing; every issue needs an id such as `buffer_km`")
	}
	if is.ID, err = d.id(e.v, join(path, "id")); err != nil {
		return nil, err
	}
	if e, ok := m["name"]; ok {
		if is.Name, err = d.str(e.v, join(path, "name")); err != nil {
			return nil, err
		}
	}
	opts, hasOpts := m["options"]
	rng, hasRange := m["range"]
	switch {
	case hasOpts && hasRange:
		return nil, d.errf(rng.k, join(path, "range"), "an issue has either options or a range, not both")
	case !hasOpts && !hasRange:
		return nil, d.errf(n, path, "issue %q needs `options: [a, b, ...]` or `range: {min: ..., max: ...}`", is.ID)
	case hasOpts:
		is.Kind = parley.KindOptions
		if err := d.options(is, opts.v, join(path, "options")); err != nil {
			return nil, err
		}
		if e, ok := m["ordered"]; ok {
			if is.Ordered, err = d.boolean(e.v, join(path, "ordered")); err != nil {
				return nil, err
			}
		}
	default:
		if e, ok := m["ordered"]; ok {
			return nil, d.errf(e.k, join(path, "ordered"), "only an options issue can be ordered; a range is ordered already")
		}
		if err := d.rangeIssue(is, rng.v, join(path, "range")); err != nil {
			return nil, err
		}
	}
	return is, nil
}

func (d *decoder) options(is *parley.Issue, n *yaml.Node, path string) error {
	items, err := d.list(n, path, "a list of options such as [join, moratorium, renounce]")
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return d.errf(n, path, "no options; an options issue needs at least one")
	}
	seen := map[string]bool{}
	for i, it := range items {
		o, err := d.id(it, index(path, i))
		if err != nil {
			return err
		}
		if seen[o] {
			return d.errf(it, index(path, i), "duplicate option %q; options must be unique", o)
		}
		seen[o] = true
		is.Options = append(is.Options, o)
	}
	return nil
}

// isInteger reports whether x is an integer that a float64 holds exactly.
func isInteger(x float64) bool { return x == math.Trunc(x) && math.Abs(x) <= 1<<53 }

func (d *decoder) rangeIssue(is *parley.Issue, n *yaml.Node, path string) error {
	m, err := d.object(n, path, "a range", "min", "max", "step", "unit", "real")
	if err != nil {
		return err
	}
	for _, k := range []string{"min", "max"} {
		if _, ok := m[k]; !ok {
			return d.errf(n, join(path, k), "missing; a range needs min and max, e.g. {min: 0, max: 60, step: 5}")
		}
	}
	if is.Min, err = d.num(m["min"].v, join(path, "min")); err != nil {
		return err
	}
	if is.Max, err = d.num(m["max"].v, join(path, "max")); err != nil {
		return err
	}
	if is.Max < is.Min {
		return d.errf(m["max"].v, join(path, "max"), "max %s is below min %s", parley.FormatNumber(is.Max), parley.FormatNumber(is.Min))
	}
	isReal, realSet := false, false
	if e, ok := m["real"]; ok {
		if isReal, err = d.boolean(e.v, join(path, "real")); err != nil {
			return err
		}
		realSet = true
	}
	is.Step = 1
	stepNode := n
	if e, ok := m["step"]; ok {
		stepNode = e.v
		if is.Step, err = d.num(e.v, join(path, "step")); err != nil {
			return err
		}
		if is.Step <= 0 {
			return d.errf(e.v, join(path, "step"), "step %s must be greater than 0", e.v.Value)
		}
	} else if isReal || !isInteger(is.Min) || !isInteger(is.Max) {
		return d.errf(n, join(path, "step"), "missing; a real range needs a step, e.g. step: 0.5")
	}
	integral := isInteger(is.Min) && isInteger(is.Max) && isInteger(is.Step)
	switch {
	case realSet && !isReal && !integral:
		return d.errf(m["real"].v, join(path, "real"), "real is false but min, max and step are not all integers")
	case isReal || !integral:
		is.Kind = parley.KindReal
	default:
		is.Kind = parley.KindInteger
	}
	if count := math.Floor((is.Max-is.Min)/is.Step+1e-9) + 1; count > MaxIssueValues {
		return d.errf(stepNode, join(path, "step"), "range %s-%s with step %s has %.4g values; parley accepts at most %d per issue, so use a larger step",
			parley.FormatNumber(is.Min), parley.FormatNumber(is.Max), parley.FormatNumber(is.Step), count, MaxIssueValues)
	}
	if last := is.Value(is.Size() - 1).Float(); math.Abs(last-is.Max) > 1e-9*math.Max(1, math.Abs(is.Max)) {
		d.warnf(m["max"].v, join(path, "max"), "max %s is not min plus a multiple of step %s; the largest value is %s",
			parley.FormatNumber(is.Max), parley.FormatNumber(is.Step), parley.FormatNumber(last))
	}
	if e, ok := m["unit"]; ok {
		if is.Unit, err = d.str(e.v, join(path, "unit")); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) parties(s *parley.Scenario, n *yaml.Node) error {
	items, err := d.list(n, "parties", "a list of parties")
	if err != nil {
		return err
	}
	seen := map[string]int{}
	deciders := 0
	failed := false
	for i, it := range items {
		path := index("parties", i)
		p, err := d.party(s, it, path)
		if d.note(err) {
			failed = true
			continue
		}
		if line, dup := seen[p.ID]; dup {
			return d.errf(valueOf(it, "id"), join(path, "id"), "duplicate party id %q (first used on line %d); ids must be unique", p.ID, line)
		}
		seen[p.ID] = it.Line
		if p.Role == parley.RoleParty {
			deciders++
		}
		s.Parties = append(s.Parties, p)
	}
	if failed {
		return errNoted
	}
	if deciders == 0 {
		return d.errf(n, "parties", "no party of role `party`; a scenario needs at least one side that must agree")
	}
	return nil
}

func (d *decoder) party(s *parley.Scenario, n *yaml.Node, path string) (*parley.Party, error) {
	m, err := d.object(n, path, "a party", "id", "name", "role", "profile")
	if err != nil {
		return nil, err
	}
	p := &parley.Party{Role: parley.RoleParty}
	e, ok := m["id"]
	if !ok {
		return nil, d.errf(n, join(path, "id"), "missing; every party needs an id such as `ukraine`")
	}
	if p.ID, err = d.id(e.v, join(path, "id")); err != nil {
		return nil, err
	}
	if e, ok := m["name"]; ok {
		if p.Name, err = d.str(e.v, join(path, "name")); err != nil {
			return nil, err
		}
	}
	if e, ok := m["role"]; ok {
		r, err := d.str(e.v, join(path, "role"))
		if err != nil {
			return nil, err
		}
		if p.Role = parley.Role(r); !p.Role.Valid() {
			return nil, d.errf(e.v, join(path, "role"), "unknown role %q; a role is party, mediator or observer", r)
		}
	}
	if e, ok := m["profile"]; ok {
		if p.Profile, err = d.profile(s, e.v, join(path, "profile")); err != nil {
			return nil, err
		}
	}
	return p, nil
}
