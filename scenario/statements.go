package scenario

import (
	"errors"
	"strings"

	"go.yaml.in/yaml/v3"

	"parley"
	"parley/redline"
)

// statementKeys lists the keys a statement accepts; exactly one of the first six names its
// kind.
var statementKeys = []string{"prefers", "acceptable", "unacceptable", "matters_more", "better", "accept_if", "to", "strict", "than", "issue"}

const statementKinds = "prefers, acceptable, unacceptable, matters_more, better or accept_if"

// statements reads a partial profile's statements.
func (d *decoder) statements(s *parley.Scenario, p *parley.Profile, n *yaml.Node, path string) error {
	items, err := d.list(n, path, "a list of statements such as [{acceptable: {nato: moratorium, buffer_km: 30}}]")
	if err != nil {
		return err
	}
	p.Statements = make([]parley.Statement, 0, len(items))
	for k, it := range items {
		st, err := d.statement(s, it, index(path, k))
		if err != nil {
			return err
		}
		p.Statements = append(p.Statements, st)
	}
	return nil
}

func (d *decoder) statement(s *parley.Scenario, n *yaml.Node, path string) (parley.Statement, error) {
	var st parley.Statement
	m, err := d.object(n, path, "a statement", statementKeys...)
	if err != nil {
		return st, err
	}
	var kind string
	for _, k := range statementKeys[:6] {
		if _, ok := m[k]; ok {
			if kind != "" {
				return st, d.errf(m[k].k, join(path, k), "a statement says one thing: %s and %s are both given; write two statements", kind, k)
			}
			kind = k
		}
	}
	if kind == "" {
		return st, d.errf(n, path, "a statement needs one of %s", statementKinds)
	}
	st.Kind = parley.StatementKind(kind)
	if err := d.statementFields(m, kind, path); err != nil {
		return st, err
	}
	sd := &stmtDecoder{d: d, s: s, m: m, n: n, path: path, kind: kind}
	return st, sd.fill(&st)
}

// statementFields checks that m holds no field that does not go with kind.
func (d *decoder) statementFields(m map[string]entry, kind, path string) error {
	allowed := map[string][]string{
		"prefers": {"to", "strict"}, "matters_more": {"than"}, "better": {"than", "issue"},
	}
	for _, k := range statementKeys[6:] {
		e, ok := m[k]
		if !ok {
			continue
		}
		okHere := false
		for _, a := range allowed[kind] {
			okHere = okHere || a == k
		}
		if !okHere {
			return d.errf(e.k, join(path, k), "field %q does not go with %s; %s takes %s", k, kind, kind, describeFields(allowed[kind]))
		}
	}
	return nil
}

// stmtDecoder reads the fields of one statement of kind kind, mapping m at n.
type stmtDecoder struct {
	d    *decoder
	s    *parley.Scenario
	m    map[string]entry
	n    *yaml.Node
	path string
	kind string
}

func (sd *stmtDecoder) need(k, what string) (entry, error) {
	e, ok := sd.m[k]
	if !ok {
		return e, sd.d.errf(sd.n, join(sd.path, k), "missing; %s needs %s", sd.kind, what)
	}
	return e, nil
}

// fill reads the statement's fields into st.
func (sd *stmtDecoder) fill(st *parley.Statement) error {
	d, s, m, path := sd.d, sd.s, sd.m, sd.path
	e := m[sd.kind]
	kp := join(path, sd.kind)
	var err error
	switch st.Kind {
	case parley.StatePrefers:
		if st.Package, err = d.pkg(s, e.v, kp); err != nil {
			return err
		}
		to, err := sd.need("to", "the package it is preferred to, under to:")
		if err != nil {
			return err
		}
		if st.Other, err = d.pkg(s, to.v, join(path, "to")); err != nil {
			return err
		}
		if e, ok := m["strict"]; ok {
			if st.Strict, err = d.boolean(e.v, join(path, "strict")); err != nil {
				return err
			}
		}
	case parley.StateAcceptable, parley.StateUnacceptable:
		st.Package, err = d.pkg(s, e.v, kp)
	case parley.StateMattersMore:
		if st.Issue, err = d.issueRef(s, e.v, kp); err != nil {
			return err
		}
		than, err := sd.need("than", "the issue that matters less, under than:")
		if err != nil {
			return err
		}
		st.OtherIssue, err = d.issueRef(s, than.v, join(path, "than"))
		return err
	case parley.StateBetter:
		return sd.better(st, e, kp)
	case parley.StateAcceptIf:
		st.Condition, err = d.condition(s, e, kp)
	}
	return err
}

// better reads a better statement: the value under kp, than: and issue:.
func (sd *stmtDecoder) better(st *parley.Statement, e entry, kp string) error {
	d, s, path := sd.d, sd.s, sd.path
	ie, err := sd.need("issue", "the issue whose values it compares, under issue:")
	if err != nil {
		return err
	}
	id, err := d.issueRef(s, ie.v, join(path, "issue"))
	if err != nil {
		return err
	}
	st.Issue = id
	is := s.Issues[s.Issue(id)]
	if st.Value, err = d.value(is, e.v, kp); err != nil {
		return err
	}
	than, err := sd.need("than", "the value it is at least as good as, under than:")
	if err != nil {
		return err
	}
	st.Than, err = d.value(is, than.v, join(path, "than"))
	return err
}

// condition reads an accept_if condition, in the red-line language.
func (d *decoder) condition(s *parley.Scenario, e entry, kp string) (string, error) {
	src, err := d.str(e.v, kp)
	if err != nil {
		return "", err
	}
	if d.redLineWork += redLineCost(s, src); d.redLineWork > maxRedLineWork {
		return "", d.errf(e.v, kp, "too many comparisons in conditions over issues this large to check; use fewer conditions or larger steps")
	}
	if _, err := redline.Parse(src, s); err != nil {
		var re *redline.Error
		if !errors.As(err, &re) {
			return "", d.errf(e.v, kp, "%v", err)
		}
		pe := d.errf(e.v, kp, "%s (column %d of condition %q)", re.Msg, re.Col, truncate(src))
		pe.Col = redLineColumn(e.v, re.Col)
		return "", pe
	}
	return src, nil
}

func describeFields(fs []string) string {
	if len(fs) == 0 {
		return "no other field"
	}
	return strings.Join(fs, " and ")
}

// pkg reads a complete package: a mapping from every issue id to one of its values.
func (d *decoder) pkg(s *parley.Scenario, n *yaml.Node, path string) (parley.Outcome, error) {
	es, err := d.entries(n, path, "a package: a value for every issue, such as {"+packageExample(s)+"}")
	if err != nil {
		return nil, err
	}
	o := make(parley.Outcome, len(s.Issues))
	set := make([]bool, len(s.Issues))
	for _, e := range es {
		i := s.Issue(e.key)
		if i < 0 {
			return nil, d.errf(e.k, join(path, e.key), "no issue %q in the scenario; the issues are %s", e.key, issueIDs(s))
		}
		k, err := d.valueIndex(s.Issues[i], e.v, join(path, e.key))
		if err != nil {
			return nil, err
		}
		o[i], set[i] = k, true
	}
	var missing []string
	for i, ok := range set {
		if !ok {
			missing = append(missing, s.Issues[i].ID)
		}
	}
	if len(missing) > 0 {
		return nil, d.errf(n, path, "the package gives no value for %s; a package gives every issue a value", strings.Join(missing, ", "))
	}
	return o, nil
}

func packageExample(s *parley.Scenario) string {
	var parts []string
	for i, is := range s.Issues {
		if i == 2 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, is.ID+": "+is.Value(0).String())
	}
	return strings.Join(parts, ", ")
}

// issueRef reads the id of an issue of s.
func (d *decoder) issueRef(s *parley.Scenario, n *yaml.Node, path string) (string, error) {
	id, err := d.str(n, path)
	if err != nil {
		return "", err
	}
	if s.Issue(id) < 0 {
		return "", d.errf(n, path, "no issue %q in the scenario; the issues are %s", truncate(id), issueIDs(s))
	}
	return id, nil
}

// value reads one value of issue is.
func (d *decoder) value(is *parley.Issue, n *yaml.Node, path string) (parley.Value, error) {
	k, err := d.valueIndex(is, n, path)
	if err != nil {
		return parley.Value{}, err
	}
	return is.Value(k), nil
}

// valueIndex reads one value of issue is and returns its index.
func (d *decoder) valueIndex(is *parley.Issue, n *yaml.Node, path string) (int, error) {
	if is.Kind == parley.KindOptions {
		o, err := d.str(n, path)
		if err != nil {
			return 0, err
		}
		k, ok := is.Index(parley.Option(o))
		if !ok {
			return 0, d.errf(n, path, "issue %q has no option %q; its options are %s", is.ID, truncate(o), is.Describe())
		}
		return k, nil
	}
	x, err := d.num(n, path)
	if err != nil {
		return 0, d.errf(n, path, "issue %q is a number range (%s); want one of its values, found %s", is.ID, is.Describe(), kindName(n))
	}
	k, ok := is.Index(parley.Number(x))
	if !ok {
		return 0, d.errf(n, path, "%s is not a value of issue %q (%s)", n.Value, is.ID, is.Describe())
	}
	return k, nil
}

// marshalStatements writes statements in the form statements reads.
func marshalStatements(s *parley.Scenario, sts []parley.Statement) *yaml.Node {
	list := sequence(false)
	pkg := func(o parley.Outcome) *yaml.Node {
		m := mapping(true)
		for i, k := range o {
			if i < len(s.Issues) {
				add(m, s.Issues[i].ID, valueNode(s.Issues[i].Value(k)))
			}
		}
		return m
	}
	for _, st := range sts {
		n := mapping(false)
		switch st.Kind {
		case parley.StatePrefers:
			add(n, "prefers", pkg(st.Package))
			add(n, "to", pkg(st.Other))
			if st.Strict {
				add(n, "strict", boolean(true))
			}
		case parley.StateAcceptable, parley.StateUnacceptable:
			add(n, string(st.Kind), pkg(st.Package))
		case parley.StateMattersMore:
			add(n, "matters_more", text(st.Issue))
			add(n, "than", text(st.OtherIssue))
		case parley.StateBetter:
			add(n, "better", valueNode(st.Value))
			add(n, "than", valueNode(st.Than))
			add(n, "issue", text(st.Issue))
		case parley.StateAcceptIf:
			add(n, "accept_if", text(st.Condition))
		}
		list.Content = append(list.Content, n)
	}
	return list
}

func valueNode(v parley.Value) *yaml.Node {
	if v.IsNumber() {
		return number(v.Float())
	}
	return text(v.String())
}
