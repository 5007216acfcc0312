package redline

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"parley"
)

// RedLine is a parsed red line, resolved against a scenario's issues.
type RedLine struct {
	Text   string
	Issues []int // indices of the issues it mentions, ascending, without repeats
	root   node
}

type node interface {
	eval(o parley.Outcome) bool
}

type orNode struct{ l, r node }
type andNode struct{ l, r node }
type notNode struct{ x node }

// atomNode is a comparison on one issue, compiled to the set of that issue's values it allows.
type atomNode struct {
	issue   int
	allowed []bool
}

func (n orNode) eval(o parley.Outcome) bool   { return n.l.eval(o) || n.r.eval(o) }
func (n andNode) eval(o parley.Outcome) bool  { return n.l.eval(o) && n.r.eval(o) }
func (n notNode) eval(o parley.Outcome) bool  { return !n.x.eval(o) }
func (n atomNode) eval(o parley.Outcome) bool { return n.allowed[o[n.issue]] }

// Allows reports whether o respects the red line. o must be an outcome of the scenario the
// red line was parsed against.
func (r *RedLine) Allows(o parley.Outcome) bool { return r.root.eval(o) }

// Allowed returns, for a red line on a single issue, which values of that issue respect it.
// It panics if the red line mentions more than one issue.
func (r *RedLine) Allowed(s *parley.Scenario) []bool {
	if len(r.Issues) != 1 {
		panic("redline: Allowed on a red line over several issues")
	}
	i := r.Issues[0]
	n := s.Issues[i].Size()
	o := make(parley.Outcome, len(s.Issues))
	a := make([]bool, n)
	for k := 0; k < n; k++ {
		o[i] = k
		a[k] = r.root.eval(o)
	}
	return a
}

// Parse parses src and resolves it against s. Errors are *Error values with the column.
func Parse(src string, s *parley.Scenario) (*RedLine, error) {
	if strings.TrimSpace(src) == "" {
		return nil, &Error{1, "empty red line; write a condition such as `buffer_km <= 50`"}
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, s: s, used: map[int]bool{}}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, &Error{t.col, fmt.Sprintf("unexpected %s; expected \"and\", \"or\" or the end", t.describe())}
	}
	r := &RedLine{Text: src, root: n}
	for i := range p.used {
		r.Issues = append(r.Issues, i)
	}
	sort.Ints(r.Issues)
	return r, nil
}

const maxDepth = 200

type parser struct {
	toks []token
	pos  int
	s    *parley.Scenario
	used map[int]bool
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *parser) expr(depth int) (node, error) {
	if depth > maxDepth {
		return nil, &Error{p.peek().col, "expression nested too deeply"}
	}
	l, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tOr {
		p.next()
		r, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *parser) and(depth int) (node, error) {
	l, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tAnd {
		p.next()
		r, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *parser) unary(depth int) (node, error) {
	if depth > maxDepth {
		return nil, &Error{p.peek().col, "expression nested too deeply"}
	}
	t := p.peek()
	switch t.kind {
	case tNot:
		p.next()
		x, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case tLParen:
		p.next()
		x, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &Error{c.col, fmt.Sprintf("expected \")\" to close the \"(\" at column %d, found %s", t.col, c.describe())}
		}
		return x, nil
	}
	return p.comparison()
}

func (p *parser) issueNames() string {
	var ids []string
	for _, is := range p.s.Issues {
		ids = append(ids, is.ID)
	}
	return strings.Join(ids, ", ")
}

func (p *parser) comparison() (node, error) {
	t := p.next()
	if t.kind != tName && t.kind != tQuoted {
		return nil, &Error{t.col, fmt.Sprintf("expected an issue, found %s", t.describe())}
	}
	i := p.s.Issue(t.text)
	if i < 0 {
		for k, is := range p.s.Issues {
			if is.Name == t.text {
				i = k
				break
			}
		}
	}
	if i < 0 {
		return nil, &Error{t.col, fmt.Sprintf("unknown issue %q; the issues are %s", t.text, p.issueNames())}
	}
	p.used[i] = true
	is := p.s.Issues[i]
	n := is.Size()
	op := p.next()
	negate := false
	if op.kind == tNot {
		if q := p.peek(); q.kind != tIn {
			return nil, &Error{q.col, fmt.Sprintf("expected \"in\" after \"not\", found %s", q.describe())}
		}
		negate = true
		op = p.next()
	}
	switch op.kind {
	case tIn:
		lb := p.next()
		if lb.kind != tLBrack {
			return nil, &Error{lb.col, fmt.Sprintf("expected \"[\" to start the list of values, found %s", lb.describe())}
		}
		allowed := make([]bool, n)
		for {
			v := p.next()
			k, err := p.value(is, v)
			if err != nil {
				return nil, err
			}
			allowed[k] = true
			sep := p.next()
			if sep.kind == tRBrack {
				break
			}
			if sep.kind != tComma {
				return nil, &Error{sep.col, fmt.Sprintf("expected \",\" or \"]\" in the list of values, found %s", sep.describe())}
			}
		}
		if negate {
			for k := range allowed {
				allowed[k] = !allowed[k]
			}
		}
		return atomNode{i, allowed}, nil
	case tOp:
		v := p.next()
		if is.Kind == parley.KindOptions && op.text != "==" && op.text != "!=" && !is.Ordered {
			return nil, &Error{op.col, fmt.Sprintf("issue %q is not ordered, so %q does not apply; use ==, != or in [...]", is.ID, op.text)}
		}
		allowed := make([]bool, n)
		if is.Kind == parley.KindOptions {
			k, err := p.value(is, v)
			if err != nil {
				return nil, err
			}
			for j := range allowed {
				allowed[j] = compare(float64(j), op.text, float64(k), 0)
			}
			return atomNode{i, allowed}, nil
		}
		if op.text == "==" || op.text == "!=" {
			// Equality with a value off the grid would silently match nothing (or
			// everything): reject it, as "in [...]" does.
			k, err := p.value(is, v)
			if err != nil {
				return nil, err
			}
			for j := range allowed {
				allowed[j] = (j == k) == (op.text == "==")
			}
			return atomNode{i, allowed}, nil
		}
		x, err := p.number(is, v)
		if err != nil {
			return nil, err
		}
		tol := 1e-9 * math.Max(1, math.Abs(x))
		for j := range allowed {
			allowed[j] = compare(is.Value(j).Float(), op.text, x, tol)
		}
		return atomNode{i, allowed}, nil
	}
	return nil, &Error{op.col, fmt.Sprintf("expected a comparison (==, !=, <, <=, >, >=) or \"in\" after issue %q, found %s", is.ID, op.describe())}
}

func compare(a float64, op string, b, tol float64) bool {
	switch op {
	case "==":
		return math.Abs(a-b) <= tol
	case "!=":
		return math.Abs(a-b) > tol
	case "<":
		return a < b-tol
	case "<=":
		return a <= b+tol
	case ">":
		return a > b+tol
	case ">=":
		return a >= b-tol
	}
	panic("redline: unknown operator " + op)
}

// value resolves token v to an index of one of is's values.
func (p *parser) value(is *parley.Issue, v token) (int, error) {
	if is.Kind == parley.KindOptions {
		if v.kind != tName && v.kind != tQuoted && v.kind != tNumber {
			return 0, &Error{v.col, fmt.Sprintf("expected an option of issue %q (%s), found %s", is.ID, is.Describe(), v.describe())}
		}
		k, ok := is.Index(parley.Option(v.text))
		if !ok {
			return 0, &Error{v.col, fmt.Sprintf("issue %q has no option %q; its options are %s", is.ID, v.text, is.Describe())}
		}
		return k, nil
	}
	x, err := p.number(is, v)
	if err != nil {
		return 0, err
	}
	k, ok := is.Index(parley.Number(x))
	if !ok {
		return 0, &Error{v.col, fmt.Sprintf("%s is not a value of issue %q (%s)", v.text, is.ID, is.Describe())}
	}
	return k, nil
}

func (p *parser) number(is *parley.Issue, v token) (float64, error) {
	if v.kind != tNumber {
		return 0, &Error{v.col, fmt.Sprintf("issue %q takes numbers (%s), found %s", is.ID, is.Describe(), v.describe())}
	}
	x, err := strconv.ParseFloat(v.text, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, &Error{v.col, fmt.Sprintf("%q is not a number", v.text)}
	}
	return x, nil
}
