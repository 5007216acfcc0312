package genius

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"parley"
)

// Limits on what a reader accepts. Larger inputs fail with a clear error rather than
// exhausting memory.
const (
	MaxFileSize = 64 << 20 // bytes per file
	MaxValues   = 100000   // values per issue (options, or integers in a range)
	MaxIssues   = 10000    // issues per domain
	MaxTerms    = 1000000  // hyper-rectangles, or group combinations, per profile
)

// rawSpace is a GENIUS <utility_space> as written, before it is checked against a domain.
type rawSpace struct {
	file      string
	root      string // negotiation_template or utility_space
	nonlinear bool
	issues    []*rawIssue
	weights   map[int]rawNumber // by issue index
	// reservation and discount are nil when the element is absent.
	reservation, discount *rawNumber
	maxUtility            *rawNumber
	ufuns                 []rawUfun
}

type rawNumber struct {
	v    float64
	line int
}

type rawIssue struct {
	index        int
	name, typ    string
	line         int
	lower, upper *rawNumber
	step         *rawNumber // parley's own attribute for real (and stepped integer) issues
	unit         string
	items        []rawItem
	eval         *rawEval
}

type rawItem struct {
	value   string
	eval    float64
	hasEval bool
	line    int
}

type rawEval struct {
	ftype          string
	slope, offset  float64
	line           int
	hasSlope, hasO bool
}

type rawUfun struct {
	weight float64
	rects  []rawRect
	line   int
}

type rawRect struct {
	utility float64
	bounds  []rawBound
	line    int
}

type rawBound struct {
	index    int
	min, max float64
	line     int
}

// errorAt returns an EINVALID error located in file at line, about field.
func errorAt(file string, line int, field, format string, args ...any) *parley.Error {
	return &parley.Error{Code: parley.EINVALID, File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)}
}

// limitedReader fails once more than n bytes have been read.
type limitedReader struct {
	r io.Reader
	n int64
}

var errTooLarge = errors.New("too large")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	if l.n < 0 {
		return k, errTooLarge
	}
	return k, err
}

func tooLarge(file string) *parley.Error {
	return errorAt(file, 0, "", "file larger than %d MiB; parley reads files up to that size", MaxFileSize>>20)
}

// latin1 decodes ISO-8859-1, the one non-UTF-8 charset old GENIUS files declare.
type latin1 struct{ r io.Reader }

func (l latin1) Read(p []byte) (int, error) {
	buf := make([]byte, len(p)/2+1)
	n, err := l.r.Read(buf)
	out := p[:0]
	for _, b := range buf[:n] {
		out = utf8.AppendRune(out, rune(b))
	}
	return len(out), err
}

func newDecoder(r io.Reader, file string) *xml.Decoder {
	d := xml.NewDecoder(&limitedReader{r: r, n: MaxFileSize})
	d.Strict = true
	d.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return input, nil
		case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
			return latin1{input}, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q (accepted: UTF-8, ISO-8859-1)", charset)
	}
	return d
}

// tokenError turns a decoder error into a located *parley.Error.
func tokenError(d *xml.Decoder, file string, err error) error {
	if errors.Is(err, errTooLarge) {
		return tooLarge(file)
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return errorAt(file, se.Line, "", "malformed XML: %s", se.Msg)
	}
	line, _ := d.InputPos()
	return errorAt(file, line, "", "malformed XML: %v", err)
}

// rootElement returns the name of the first element of an XML file.
func rootElement(r io.Reader, file string) (string, error) {
	d := newDecoder(r, file)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return "", errorAt(file, 0, "", "no XML element in the file")
		}
		if err != nil {
			return "", tokenError(d, file, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local, nil
		}
	}
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// parseNumber parses a finite number.
func parseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// parseSpace reads a GENIUS domain (root negotiation_template) or profile (root
// utility_space) token by token, keeping only what parley uses.
func parseSpace(r io.Reader, file string) (*rawSpace, error) {
	d := newDecoder(r, file)
	sp := &rawSpace{file: file, weights: map[int]rawNumber{}}
	var stack []string
	var issue *rawIssue
	var rect *rawRect
	rects := 0
	seenIssue := map[int]int{} // index -> line
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, tokenError(d, file, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			switch t.Name.Local {
			case "issue":
				if len(stack) > 0 && stack[len(stack)-1] == "objective" {
					issue = nil
				}
			case "hyperRectangle":
				rect = nil
			}
			continue
		case xml.StartElement:
			line, _ := d.InputPos()
			name := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, name)
			if len(stack) > 64 {
				return nil, errorAt(file, line, "<"+name+">", "elements nested more than 64 deep")
			}
			num := func(a string) (float64, bool, error) {
				s, ok := attr(t, a)
				if !ok {
					return 0, false, nil
				}
				v, ok := parseNumber(s)
				if !ok {
					return 0, true, errorAt(file, line, fmt.Sprintf("<%s %s=%q>", name, a, s), "not a number; expected a finite decimal number")
				}
				return v, true, nil
			}
			intAttr := func(a string) (int, error) {
				s, ok := attr(t, a)
				if !ok {
					return 0, errorAt(file, line, "<"+name+">", "missing attribute %s; expected an integer index", a)
				}
				v, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil {
					return 0, errorAt(file, line, fmt.Sprintf("<%s %s=%q>", name, a, s), "not an integer")
				}
				return v, nil
			}
			if len(stack) == 1 {
				if name != "negotiation_template" && name != "utility_space" {
					return nil, errorAt(file, line, "<"+name+">", "unknown root element; expected <negotiation_template> (a domain) or <utility_space> (a profile)")
				}
				sp.root = name
			}
			switch name {
			case "utility_space":
				if ty, _ := attr(t, "type"); ty == "nonlinear" {
					sp.nonlinear = true
				} else if ty != "" && ty != "linear" && ty != "additive" {
					return nil, errorAt(file, line, fmt.Sprintf("<utility_space type=%q>", ty), "unsupported utility space type; parley reads additive and type=\"nonlinear\" (hyper-rectangle) spaces")
				}
			case "objective":
				if parent == "objective" {
					return nil, errorAt(file, line, "<objective>", "nested objectives are not supported; parley reads a flat list of issues under one objective")
				}
			case "issue":
				if parent != "objective" {
					continue
				}
				idx, err := intAttr("index")
				if err != nil {
					return nil, err
				}
				if prev, dup := seenIssue[idx]; dup {
					return nil, errorAt(file, line, fmt.Sprintf("<issue index=\"%d\">", idx), "duplicate issue index (first at line %d); each issue needs its own index", prev)
				}
				if len(sp.issues) >= MaxIssues {
					return nil, errorAt(file, line, "<issue>", "more than %d issues", MaxIssues)
				}
				seenIssue[idx] = line
				issue = &rawIssue{index: idx, line: line}
				issue.name, _ = attr(t, "name")
				issue.typ, _ = attr(t, "type")
				if issue.typ == "" {
					issue.typ, _ = attr(t, "etype")
				}
				issue.unit, _ = attr(t, "unit")
				for _, b := range []struct {
					a   string
					dst **rawNumber
				}{{"lowerbound", &issue.lower}, {"upperbound", &issue.upper}, {"step", &issue.step}} {
					v, ok, err := num(b.a)
					if err != nil {
						return nil, err
					}
					if ok {
						*b.dst = &rawNumber{v, line}
					}
				}
				sp.issues = append(sp.issues, issue)
			case "item":
				if parent != "issue" || issue == nil || len(stack) < 3 || stack[len(stack)-3] != "objective" {
					continue // only an issue's direct items count (not similarity functions)
				}
				if len(issue.items) >= MaxValues {
					return nil, errorAt(file, line, fmt.Sprintf("issue %q", issue.name), "more than %d values; parley reads issues of up to %d values", MaxValues, MaxValues)
				}
				v, ok := attr(t, "value")
				if !ok {
					return nil, errorAt(file, line, "<item>", "missing attribute value")
				}
				it := rawItem{value: v, line: line}
				ev, ok, err := num("evaluation")
				if err != nil {
					return nil, err
				}
				it.eval, it.hasEval = ev, ok
				issue.items = append(issue.items, it)
			case "evaluator":
				if parent != "issue" || issue == nil {
					continue
				}
				e := &rawEval{line: line}
				e.ftype, _ = attr(t, "ftype")
				if e.slope, e.hasSlope, err = num("slope"); err != nil {
					return nil, err
				}
				if e.offset, e.hasO, err = num("offset"); err != nil {
					return nil, err
				}
				// Some real-issue evaluators write the line as parameter1*x + parameter0.
				if !e.hasSlope {
					if e.slope, e.hasSlope, err = num("parameter1"); err != nil {
						return nil, err
					}
				}
				if !e.hasO {
					if e.offset, e.hasO, err = num("parameter0"); err != nil {
						return nil, err
					}
				}
				issue.eval = e
			case "weight":
				if parent != "objective" {
					continue
				}
				idx, err := intAttr("index")
				if err != nil {
					return nil, err
				}
				v, ok, err := num("value")
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, errorAt(file, line, "<weight>", "missing attribute value; expected a number >= 0")
				}
				if prev, dup := sp.weights[idx]; dup {
					return nil, errorAt(file, line, fmt.Sprintf("<weight index=\"%d\">", idx), "duplicate weight index (first at line %d)", prev.line)
				}
				sp.weights[idx] = rawNumber{v, line}
			case "reservation", "discount_factor":
				v, ok, err := num("value")
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, errorAt(file, line, "<"+name+">", "missing attribute value; expected a number in [0, 1]")
				}
				if name == "reservation" {
					sp.reservation = &rawNumber{v, line}
				} else {
					sp.discount = &rawNumber{v, line}
				}
			case "utility":
				if parent != "objective" {
					continue
				}
				v, ok, err := num("maxutility")
				if err != nil {
					return nil, err
				}
				if ok {
					sp.maxUtility = &rawNumber{v, line}
				}
			case "ufun":
				if parent != "utility" {
					return nil, errorAt(file, line, "<ufun>", "nested ufun elements are not supported; parley reads ufuns directly under <utility>")
				}
				if ty, _ := attr(t, "type"); ty != "" && ty != "PlainUfun" {
					return nil, errorAt(file, line, fmt.Sprintf("<ufun type=%q>", ty), "unsupported ufun type; parley reads PlainUfun")
				}
				if ag, _ := attr(t, "aggregation"); ag != "" && ag != "sum" {
					return nil, errorAt(file, line, fmt.Sprintf("<ufun aggregation=%q>", ag), "unsupported aggregation; parley reads aggregation=\"sum\"")
				}
				w, ok, err := num("weight")
				if err != nil {
					return nil, err
				}
				if !ok {
					w = 1
				}
				sp.ufuns = append(sp.ufuns, rawUfun{weight: w, line: line})
			case "hyperRectangle":
				if parent != "ufun" {
					continue
				}
				if rects++; rects > MaxTerms {
					return nil, errorAt(file, line, "<hyperRectangle>", "more than %d hyper-rectangles", MaxTerms)
				}
				u, ok, err := num("utility")
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, errorAt(file, line, "<hyperRectangle>", "missing attribute utility")
				}
				uf := &sp.ufuns[len(sp.ufuns)-1]
				uf.rects = append(uf.rects, rawRect{utility: u, line: line})
				rect = &uf.rects[len(uf.rects)-1]
			case "INCLUDES":
				if parent != "hyperRectangle" || rect == nil {
					continue
				}
				idx, err := intAttr("index")
				if err != nil {
					return nil, err
				}
				lo, ok1, err := num("min")
				if err != nil {
					return nil, err
				}
				hi, ok2, err := num("max")
				if err != nil {
					return nil, err
				}
				if !ok1 || !ok2 {
					return nil, errorAt(file, line, "<INCLUDES>", "needs attributes min and max")
				}
				if len(rect.bounds) >= MaxIssues {
					return nil, errorAt(file, line, "<INCLUDES>", "more than %d bounds in one hyper-rectangle", MaxIssues)
				}
				rect.bounds = append(rect.bounds, rawBound{index: idx, min: lo, max: hi, line: line})
			case "EXCLUDES":
				return nil, errorAt(file, line, "<EXCLUDES>", "EXCLUDES constraints are not supported; parley reads hyper-rectangles made of INCLUDES bounds")
			}
		}
	}
	if sp.root == "" {
		return nil, errorAt(file, 0, "", "no XML element in the file; expected <negotiation_template> or <utility_space>")
	}
	return sp, nil
}
