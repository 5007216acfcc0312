package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"parley"
)

// decoder walks a YAML node tree, turning every problem into a *parley.Error that names the
// file, the node's line and column and the field path.
type decoder struct {
	file        string
	warns       []parley.Warning
	redLineWork int // see maxRedLineWork
	// errs are the problems found so far in parts of the file that do not depend on each
	// other (each issue, each party, each field of a profile), reported together.
	errs []*parley.Error
}

// errNoted says a part of the file failed and its problems are in decoder.errs already.
var errNoted = errors.New("scenario: problems noted")

// note records err, a problem of one independent part, and reports whether there was one.
func (d *decoder) note(err error) bool {
	var e *parley.Error
	switch {
	case err == nil:
		return false
	case err == errNoted:
	case errors.As(err, &e):
		d.errs = append(d.errs, e)
	default:
		d.errs = append(d.errs, d.errf(nil, "", "%v", err))
	}
	return true
}

// result returns the problems noted, in file order: the only one, or all of them joined
// (errors.Join), the first also found by errors.As.
func (d *decoder) result() error {
	if len(d.errs) == 0 {
		return nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool {
		a, b := d.errs[i], d.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	if len(d.errs) == 1 {
		return d.errs[0]
	}
	es := make([]error, len(d.errs))
	for i, e := range d.errs {
		es[i] = e
	}
	return errors.Join(es...)
}

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) *parley.Error {
	e := &parley.Error{Code: parley.EINVALID, File: d.file, Field: field, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	return e
}

func (d *decoder) warnf(n *yaml.Node, field, format string, args ...any) {
	w := parley.Warning{File: d.file, Field: field, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		w.Line = n.Line
	}
	d.warns = append(d.warns, w)
}

// join appends a key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// kindName says in words what a node is, for "found ..." messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", truncate(n.Value))
	}
	return "an unsupported YAML node"
}

func truncate(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "..."
	}
	return s
}

// entry is one key-value pair of a mapping.
type entry struct {
	key  string
	k, v *yaml.Node
}

// entries returns the pairs of mapping n in document order, rejecting non-scalar and
// duplicate keys.
func (d *decoder) entries(n *yaml.Node, path, what string) ([]entry, error) {
	if n.Kind != yaml.MappingNode {
		return nil, d.errf(n, path, "want %s, found %s", what, kindName(n))
	}
	es := make([]entry, 0, len(n.Content)/2)
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, d.errf(k, path, "a key must be a plain name, found %s", kindName(k))
		}
		if line, dup := seen[k.Value]; dup {
			return nil, d.errf(k, join(path, k.Value), "duplicate key %q (first given on line %d)", k.Value, line)
		}
		seen[k.Value] = k.Line
		es = append(es, entry{k.Value, k, v})
	}
	return es, nil
}

// object returns the fields of mapping n by key, rejecting keys not in accepted.
func (d *decoder) object(n *yaml.Node, path, what string, accepted ...string) (map[string]entry, error) {
	es, err := d.entries(n, path, what)
	if err != nil {
		return nil, err
	}
	m := make(map[string]entry, len(es))
	for _, e := range es {
		ok := false
		for _, a := range accepted {
			if e.key == a {
				ok = true
				break
			}
		}
		if !ok {
			return nil, d.errf(e.k, join(path, e.key), "unknown field %q; %s accepts %s", e.key, what, strings.Join(accepted, ", "))
		}
		m[e.key] = e
	}
	return m, nil
}

// valueOf returns the value of key in mapping n, or n itself when it has none.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return n
}

// list returns the items of sequence n.
func (d *decoder) list(n *yaml.Node, path, what string) ([]*yaml.Node, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, d.errf(n, path, "want %s, found %s", what, kindName(n))
	}
	return n.Content, nil
}

// str returns the text of scalar n; null is the empty string.
func (d *decoder) str(n *yaml.Node, path string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", d.errf(n, path, "want text, found %s", kindName(n))
	}
	if n.ShortTag() == "!!null" {
		return "", nil
	}
	return n.Value, nil
}

// id returns a non-empty identifier without control characters or surrounding spaces.
func (d *decoder) id(n *yaml.Node, path string) (string, error) {
	s, err := d.str(n, path)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", d.errf(n, path, "an id is required; use a short name such as `buffer_km`")
	}
	if strings.TrimSpace(s) != s {
		return "", d.errf(n, path, "id %q has leading or trailing spaces", s)
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return "", d.errf(n, path, "id %q holds a control character", s)
		}
	}
	return s, nil
}

var yamlInt = regexp.MustCompile(`^[-+]?(0|[1-9][0-9_]*)$`)

// num returns the finite number in scalar n.
func (d *decoder) num(n *yaml.Node, path string) (float64, error) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		return 0, d.errf(n, path, "want a number, found %s", kindName(n))
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil && !yamlInt.MatchString(n.Value) {
		// YAML's other spellings: 0x1f, 0o17, .inf, ...
		if n.Decode(&x) != nil {
			return 0, d.errf(n, path, "want a number, found %q", truncate(n.Value))
		}
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, d.errf(n, path, "want a finite number, found %q", n.Value)
	}
	return x, nil
}

// unit returns the number in scalar n, which must lie in [0, 1].
func (d *decoder) unit(n *yaml.Node, path, what string) (float64, error) {
	x, err := d.num(n, path)
	if err != nil {
		return 0, err
	}
	if x < 0 || x > 1 {
		return 0, d.errf(n, path, "%s %s is outside [0, 1]; give a number from 0 to 1", what, n.Value)
	}
	return x, nil
}

// boolean returns the boolean in scalar n.
func (d *decoder) boolean(n *yaml.Node, path string) (bool, error) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		return false, d.errf(n, path, "want true or false, found %s", kindName(n))
	}
	return b, nil
}

// checkPlain rejects anchors, aliases and merge keys anywhere in the tree: a scenario is
// meant to be read as written, and aliases would let a small file expand without bound.
func (d *decoder) checkPlain(root *yaml.Node) error {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.AliasNode {
			return d.errf(n, "", "aliases (*%s) are not supported; write the value out in full", n.Value)
		}
		if n.Anchor != "" {
			return d.errf(n, "", "anchors (&%s) are not supported; write each value out in full", n.Anchor)
		}
		if n.Tag == "!!merge" || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!merge") {
			return d.errf(n, "", "merge keys (<<) are not supported; write each field out in full")
		}
		for i := len(n.Content) - 1; i >= 0; i-- { // so problems are found in document order
			stack = append(stack, n.Content[i])
		}
	}
	return nil
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns an error of the YAML library into a *parley.Error with the line.
//
// The library reports a parser error at the line before the construct that holds it (its
// context mark is 0-based) rather than where the problem is, so the line is refined: it is
// the first line whose document prefix already fails with the same message.
func (d *decoder) syntaxError(data []byte, err error) *parley.Error {
	msg := err.Error()
	e := &parley.Error{Code: parley.EINVALID, File: d.file}
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if refined := problemLine(data, e.Line, msg); refined > 0 {
			e.Line = refined
		} else if strings.HasPrefix(msg, "did not find expected") && strings.Contains(parserProblems, msg) {
			e.Line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	e.Message = "malformed YAML: " + msg + "; check the indentation, and quote text that holds ': ' or ' #'"
	return e
}

// parserProblems are the parser's messages whose line is that of the enclosing construct.
const parserProblems = "did not find expected <document start>|did not find expected node content|" +
	"did not find expected key|did not find expected '-' indicator|did not find expected ',' or ']'|" +
	"did not find expected ',' or '}'"

// problemLine returns the first line at or after from whose prefix of the document fails to
// parse with the message msg, or 0. It looks at small files and a bounded number of lines
// only, so an error costs little.
func problemLine(data []byte, from int, msg string) int {
	const maxData, maxTries = 256 << 10, 200
	if len(data) > maxData || from < 1 {
		return 0
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	end := 0
	for l := 1; l <= len(lines) && l < from+maxTries; l++ {
		end += len(lines[l-1])
		if l < from {
			continue
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data[:end], &n); err != nil {
			if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil && m[2] == msg {
				return l
			}
		}
	}
	return 0
}
