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

// attr returns the value of se's attribute name and whether it is present.
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
	p := &spaceParser{
		d:         newDecoder(r, file),
		file:      file,
		sp:        &rawSpace{file: file, weights: map[int]rawNumber{}},
		seenIssue: map[int]int{},
	}
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, tokenError(p.d, file, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			p.end(t)
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return nil, err
			}
		}
	}
	if p.sp.root == "" {
		return nil, errorAt(file, 0, "", "no XML element in the file; expected <negotiation_template> or <utility_space>")
	}
	return p.sp, nil
}

// spaceParser is the state of one parseSpace: the open elements, and the issue and
// hyper-rectangle being read. It has one method per element it reads.
type spaceParser struct {
	d         *xml.Decoder
	file      string
	sp        *rawSpace
	stack     []string
	issue     *rawIssue
	rect      *rawRect
	rects     int
	seenIssue map[int]int // issue index -> line
}

// element is one start tag being read, with its parent's name and its line.
type element struct {
	t            xml.StartElement
	name, parent string
	line         int
	file         string
}

// errorf returns an error located at the element.
func (e element) errorf(field, format string, args ...any) error {
	return errorAt(e.file, e.line, field, format, args...)
}

// num returns the element's attribute a as a finite number, whether it is present, and an
// error when it is present but not a number.
func (e element) num(a string) (float64, bool, error) {
	s, ok := attr(e.t, a)
	if !ok {
		return 0, false, nil
	}
	v, ok := parseNumber(s)
	if !ok {
		return 0, true, e.errorf(fmt.Sprintf("<%s %s=%q>", e.name, a, s), "not a number; expected a finite decimal number")
	}
	return v, true, nil
}

// index returns the element's required integer attribute a.
func (e element) index(a string) (int, error) {
	s, ok := attr(e.t, a)
	if !ok {
		return 0, e.errorf("<"+e.name+">", "missing attribute %s; expected an integer index", a)
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, e.errorf(fmt.Sprintf("<%s %s=%q>", e.name, a, s), "not an integer")
	}
	return v, nil
}

func (p *spaceParser) end(t xml.EndElement) {
	p.stack = p.stack[:len(p.stack)-1]
	switch t.Name.Local {
	case "issue":
		if len(p.stack) > 0 && p.stack[len(p.stack)-1] == "objective" {
			p.issue = nil
		}
	case "hyperRectangle":
		p.rect = nil
	}
}

func (p *spaceParser) start(t xml.StartElement) error {
	line, _ := p.d.InputPos()
	e := element{t: t, name: t.Name.Local, line: line, file: p.file}
	if len(p.stack) > 0 {
		e.parent = p.stack[len(p.stack)-1]
	}
	p.stack = append(p.stack, e.name)
	if len(p.stack) > 64 {
		return e.errorf("<"+e.name+">", "elements nested more than 64 deep")
	}
	if len(p.stack) == 1 {
		if e.name != "negotiation_template" && e.name != "utility_space" {
			return e.errorf("<"+e.name+">", "unknown root element; expected <negotiation_template> (a domain) or <utility_space> (a profile)")
		}
		p.sp.root = e.name
	}
	switch e.name {
	case "utility_space":
		return p.utilitySpace(e)
	case "objective":
		if e.parent == "objective" {
			return e.errorf("<objective>", "nested objectives are not supported; parley reads a flat list of issues under one objective")
		}
	case "issue":
		return p.issueElem(e)
	case "item":
		return p.item(e)
	case "evaluator":
		return p.evaluator(e)
	case "weight":
		return p.weight(e)
	case "reservation", "discount_factor":
		return p.reservation(e)
	case "utility":
		return p.utility(e)
	case "ufun":
		return p.ufun(e)
	case "hyperRectangle":
		return p.hyperRectangle(e)
	case "INCLUDES":
		return p.includes(e)
	case "EXCLUDES":
		return e.errorf("<EXCLUDES>", "EXCLUDES constraints are not supported; parley reads hyper-rectangles made of INCLUDES bounds")
	}
	return nil
}

func (p *spaceParser) utilitySpace(e element) error {
	if ty, _ := attr(e.t, "type"); ty == "nonlinear" {
		p.sp.nonlinear = true
	} else if ty != "" && ty != "linear" && ty != "additive" {
		return e.errorf(fmt.Sprintf("<utility_space type=%q>", ty), "unsupported utility space type; parley reads additive and type=\"nonlinear\" (hyper-rectangle) spaces")
	}
	return nil
}

// issueElem reads an <issue> directly under the objective; issues elsewhere are ignored.
func (p *spaceParser) issueElem(e element) error {
	if e.parent != "objective" {
		return nil
	}
	idx, err := e.index("index")
	if err != nil {
		return err
	}
	if prev, dup := p.seenIssue[idx]; dup {
		return e.errorf(fmt.Sprintf("<issue index=\"%d\">", idx), "duplicate issue index (first at line %d); each issue needs its own index", prev)
	}
	if len(p.sp.issues) >= MaxIssues {
		return e.errorf("<issue>", "more than %d issues", MaxIssues)
	}
	p.seenIssue[idx] = e.line
	issue := &rawIssue{index: idx, line: e.line}
	issue.name, _ = attr(e.t, "name")
	issue.typ, _ = attr(e.t, "type")
	if issue.typ == "" {
		issue.typ, _ = attr(e.t, "etype")
	}
	issue.unit, _ = attr(e.t, "unit")
	for _, b := range []struct {
		a   string
		dst **rawNumber
	}{{"lowerbound", &issue.lower}, {"upperbound", &issue.upper}, {"step", &issue.step}} {
		v, ok, err := e.num(b.a)
		if err != nil {
			return err
		}
		if ok {
			*b.dst = &rawNumber{v, e.line}
		}
	}
	p.issue = issue
	p.sp.issues = append(p.sp.issues, issue)
	return nil
}

// item reads an issue's direct <item>s (not those of similarity functions).
func (p *spaceParser) item(e element) error {
	if e.parent != "issue" || p.issue == nil || len(p.stack) < 3 || p.stack[len(p.stack)-3] != "objective" {
		return nil
	}
	if len(p.issue.items) >= MaxValues {
		return e.errorf(fmt.Sprintf("issue %q", p.issue.name), "more than %d values; parley reads issues of up to %d values", MaxValues, MaxValues)
	}
	v, ok := attr(e.t, "value")
	if !ok {
		return e.errorf("<item>", "missing attribute value")
	}
	it := rawItem{value: v, line: e.line}
	ev, ok, err := e.num("evaluation")
	if err != nil {
		return err
	}
	it.eval, it.hasEval = ev, ok
	p.issue.items = append(p.issue.items, it)
	return nil
}

func (p *spaceParser) evaluator(e element) error {
	if e.parent != "issue" || p.issue == nil {
		return nil
	}
	ev := &rawEval{line: e.line}
	ev.ftype, _ = attr(e.t, "ftype")
	var err error
	if ev.slope, ev.hasSlope, err = e.num("slope"); err != nil {
		return err
	}
	if ev.offset, ev.hasO, err = e.num("offset"); err != nil {
		return err
	}
	// Some real-issue evaluators write the line as parameter1*x + parameter0.
	if !ev.hasSlope {
		if ev.slope, ev.hasSlope, err = e.num("parameter1"); err != nil {
			return err
		}
	}
	if !ev.hasO {
		if ev.offset, ev.hasO, err = e.num("parameter0"); err != nil {
			return err
		}
	}
	p.issue.eval = ev
	return nil
}

func (p *spaceParser) weight(e element) error {
	if e.parent != "objective" {
		return nil
	}
	idx, err := e.index("index")
	if err != nil {
		return err
	}
	v, ok, err := e.num("value")
	if err != nil {
		return err
	}
	if !ok {
		return e.errorf("<weight>", "missing attribute value; expected a number >= 0")
	}
	if prev, dup := p.sp.weights[idx]; dup {
		return e.errorf(fmt.Sprintf("<weight index=\"%d\">", idx), "duplicate weight index (first at line %d)", prev.line)
	}
	p.sp.weights[idx] = rawNumber{v, e.line}
	return nil
}

// reservation reads <reservation> and <discount_factor>.
func (p *spaceParser) reservation(e element) error {
	v, ok, err := e.num("value")
	if err != nil {
		return err
	}
	if !ok {
		return e.errorf("<"+e.name+">", "missing attribute value; expected a number in [0, 1]")
	}
	if e.name == "reservation" {
		p.sp.reservation = &rawNumber{v, e.line}
	} else {
		p.sp.discount = &rawNumber{v, e.line}
	}
	return nil
}

func (p *spaceParser) utility(e element) error {
	if e.parent != "objective" {
		return nil
	}
	v, ok, err := e.num("maxutility")
	if err != nil {
		return err
	}
	if ok {
		p.sp.maxUtility = &rawNumber{v, e.line}
	}
	return nil
}

func (p *spaceParser) ufun(e element) error {
	if e.parent != "utility" {
		return e.errorf("<ufun>", "nested ufun elements are not supported; parley reads ufuns directly under <utility>")
	}
	if ty, _ := attr(e.t, "type"); ty != "" && ty != "PlainUfun" {
		return e.errorf(fmt.Sprintf("<ufun type=%q>", ty), "unsupported ufun type; parley reads PlainUfun")
	}
	if ag, _ := attr(e.t, "aggregation"); ag != "" && ag != "sum" {
		return e.errorf(fmt.Sprintf("<ufun aggregation=%q>", ag), "unsupported aggregation; parley reads aggregation=\"sum\"")
	}
	w, ok, err := e.num("weight")
	if err != nil {
		return err
	}
	if !ok {
		w = 1
	}
	p.sp.ufuns = append(p.sp.ufuns, rawUfun{weight: w, line: e.line})
	return nil
}

func (p *spaceParser) hyperRectangle(e element) error {
	if e.parent != "ufun" {
		return nil
	}
	if p.rects++; p.rects > MaxTerms {
		return e.errorf("<hyperRectangle>", "more than %d hyper-rectangles", MaxTerms)
	}
	u, ok, err := e.num("utility")
	if err != nil {
		return err
	}
	if !ok {
		return e.errorf("<hyperRectangle>", "missing attribute utility")
	}
	uf := &p.sp.ufuns[len(p.sp.ufuns)-1]
	uf.rects = append(uf.rects, rawRect{utility: u, line: e.line})
	p.rect = &uf.rects[len(uf.rects)-1]
	return nil
}

func (p *spaceParser) includes(e element) error {
	if e.parent != "hyperRectangle" || p.rect == nil {
		return nil
	}
	idx, err := e.index("index")
	if err != nil {
		return err
	}
	lo, ok1, err := e.num("min")
	if err != nil {
		return err
	}
	hi, ok2, err := e.num("max")
	if err != nil {
		return err
	}
	if !ok1 || !ok2 {
		return e.errorf("<INCLUDES>", "needs attributes min and max")
	}
	if len(p.rect.bounds) >= MaxIssues {
		return e.errorf("<INCLUDES>", "more than %d bounds in one hyper-rectangle", MaxIssues)
	}
	p.rect.bounds = append(p.rect.bounds, rawBound{index: idx, min: lo, max: hi, line: e.line})
	return nil
}
