package scenario

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"parley"
)

// Marshal writes s as parley YAML in canonical form: fields in the documented order, maps
// in issue and option order, numbers in their shortest exact form, number value functions
// as points. Parse(Marshal(s)) gives back s. It fails only if s holds something the format
// cannot express (an unknown issue kind or role, a nil party or issue).
func Marshal(s *parley.Scenario) ([]byte, error) {
	root := mapping(false)
	if s.Name != "" {
		add(root, "name", text(s.Name))
	}
	if s.Description != "" {
		add(root, "description", text(s.Description))
	}
	issues := sequence(false)
	for i, is := range s.Issues {
		n, err := marshalIssue(is)
		if err != nil {
			return nil, fmt.Errorf("marshal issues[%d]: %w", i, err)
		}
		issues.Content = append(issues.Content, n)
	}
	add(root, "issues", issues)
	parties := sequence(false)
	for i, p := range s.Parties {
		n, err := marshalParty(s, p)
		if err != nil {
			return nil, fmt.Errorf("marshal parties[%d]: %w", i, err)
		}
		parties.Content = append(parties.Content, n)
	}
	add(root, "parties", parties)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("marshal scenario: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("marshal scenario: %w", err)
	}
	return buf.Bytes(), nil
}

func marshalIssue(is *parley.Issue) (*yaml.Node, error) {
	if is == nil {
		return nil, fmt.Errorf("nil issue")
	}
	n := mapping(false)
	add(n, "id", text(is.ID))
	if is.Name != "" {
		add(n, "name", text(is.Name))
	}
	switch is.Kind {
	case parley.KindOptions:
		opts := sequence(true)
		for _, o := range is.Options {
			opts.Content = append(opts.Content, text(o))
		}
		add(n, "options", opts)
		if is.Ordered {
			add(n, "ordered", boolean(true))
		}
	case parley.KindInteger, parley.KindReal:
		r := mapping(true)
		add(r, "min", number(is.Min))
		add(r, "max", number(is.Max))
		if is.Kind == parley.KindReal || is.Step != 1 {
			add(r, "step", number(is.Step))
		}
		if is.Unit != "" {
			add(r, "unit", text(is.Unit))
		}
		if is.Kind == parley.KindReal {
			add(r, "real", boolean(true))
		} else if !isInteger(is.Min) || !isInteger(is.Max) || !isInteger(is.Step) {
			return nil, fmt.Errorf("integer issue %q has a bound or step that is not an integer", is.ID)
		}
		add(n, "range", r)
	default:
		return nil, fmt.Errorf("issue %q has unknown kind %q", is.ID, is.Kind)
	}
	return n, nil
}

func marshalParty(s *parley.Scenario, p *parley.Party) (*yaml.Node, error) {
	if p == nil {
		return nil, fmt.Errorf("nil party")
	}
	if !p.Role.Valid() {
		return nil, fmt.Errorf("party %q has unknown role %q", p.ID, p.Role)
	}
	n := mapping(false)
	add(n, "id", text(p.ID))
	if p.Name != "" {
		add(n, "name", text(p.Name))
	}
	add(n, "role", text(string(p.Role)))
	if p.Profile != nil {
		add(n, "profile", marshalProfile(s, p.Profile))
	}
	return n, nil
}

func weightSum(p *parley.Profile) float64 {
	sum := 0.0
	for _, w := range p.Weights {
		sum += w
	}
	return sum
}

func marshalProfile(s *parley.Scenario, p *parley.Profile) *yaml.Node {
	n := mapping(false)
	if p.Reservation != 0 || p.Partial && !p.ReservationUnknown {
		add(n, "reservation", number(p.Reservation))
	}
	if sum := weightSum(p); sum > 0 && math.Abs(sum-1) > weightTolerance {
		// Keep weights as written, so that a GENIUS scenario round-trips exactly.
		add(n, "normalise_weights", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"})
	}
	if len(p.Weights) > 0 {
		// A long flow mapping is hard to read and slow to emit: one line per weight then.
		w := mapping(len(p.Weights) <= maxFlow)
		for _, id := range issueOrder(s, p.Weights) {
			add(w, id, number(p.Weights[id]))
		}
		add(n, "weights", w)
	}
	if len(p.Values) > 0 {
		vs := mapping(false)
		for _, id := range issueOrder(s, p.Values) {
			if f := p.Values[id]; f != nil {
				add(vs, id, marshalValues(s, id, f))
			}
		}
		add(n, "values", vs)
	}
	if len(p.RedLines) > 0 {
		rl := sequence(false)
		for _, r := range p.RedLines {
			rl.Content = append(rl.Content, text(r))
		}
		add(n, "red_lines", rl)
	}
	if len(p.Rectangles) > 0 {
		rs := sequence(false)
		for _, r := range p.Rectangles {
			rn := mapping(false)
			add(rn, "utility", number(r.Utility))
			bs := mapping(false)
			for _, b := range r.Bounds {
				if i := s.Issue(b.Issue); i >= 0 && s.Issues[i].Kind == parley.KindOptions {
					os := sequence(true)
					for _, o := range b.Options {
						os.Content = append(os.Content, text(o))
					}
					add(bs, b.Issue, os)
				} else {
					mm := mapping(true)
					add(mm, "min", number(b.Min))
					add(mm, "max", number(b.Max))
					add(bs, b.Issue, mm)
				}
			}
			add(rn, "bounds", bs)
			rs.Content = append(rs.Content, rn)
		}
		add(n, "rectangles", rs)
	}
	if p.Discount != 0 {
		add(n, "discount", number(p.Discount))
	}
	if p.Partial {
		add(n, "statements", marshalStatements(s, p.Statements))
	}
	return n
}

func marshalValues(s *parley.Scenario, id string, f *parley.ValueFunc) *yaml.Node {
	if i := s.Issue(id); i >= 0 && s.Issues[i].Kind == parley.KindOptions {
		n := mapping(true)
		for _, o := range s.Issues[i].Options {
			if v, ok := f.Options[o]; ok {
				add(n, o, number(v))
			}
		}
		return n
	}
	n := sequence(true)
	for _, p := range f.Points {
		pt := sequence(true)
		pt.Content = append(pt.Content, number(p.X), number(p.Y))
		n.Content = append(n.Content, pt)
	}
	return n
}

// issueOrder returns the keys of m in the scenario's issue order, then any others sorted.
func issueOrder[V any](s *parley.Scenario, m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for _, is := range s.Issues {
		if _, ok := m[is.ID]; ok {
			ids = append(ids, is.ID)
		}
	}
	var rest []string
	for id := range m {
		if s.Issue(id) < 0 {
			rest = append(rest, id)
		}
	}
	if len(rest) > 0 {
		sort.Strings(rest)
		ids = append(ids, rest...)
	}
	return ids
}

// maxFlow is the most entries written on one line ({a: 1, b: 2}).
const maxFlow = 12

func mapping(flow bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

func sequence(flow bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

func add(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, text(key), v) }

func text(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	} else if len(s) > 80 {
		n.Style = yaml.FoldedStyle
	}
	return n
}

func number(x float64) *yaml.Node {
	s := parley.FormatNumber(x)
	tag := "!!float"
	if yamlInt.MatchString(s) {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(b)}
}
