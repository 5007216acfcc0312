// Package openapitest checks, in tests, that what the server sends is what its OpenAPI
// document says: a Transport validates every response of the API against the document
// (status, content type, body, and each server-sent event's data) and records each
// difference with the route and field that drifted.
//
// Only tests may import it. It must not depend on storage (sqlite, postgres), the web UI or
// the CLI.
package openapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/errors"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"parley/httpapi"
)

// Transport validates the API's responses that pass through it.
type Transport struct {
	Base http.RoundTripper // nil: http.DefaultTransport at the time New was called

	v        validator.Validator
	event    *jsonschema.Schema
	point    *jsonschema.Schema // a line of the frontier's JSON lines
	problem  *jsonschema.Schema
	patterns []string // "METHOD /path/{x}" of the documented operations

	mu       sync.Mutex
	checked  map[string]int // documented operation -> responses validated
	events   int            // server-sent events validated
	failures []string
}

// Document returns the served OpenAPI document as JSON.
func Document() []byte {
	b, err := json.Marshal(httpapi.OpenAPI())
	if err != nil {
		panic(err)
	}
	return b
}

// New returns a Transport validating against the server's document over base.
func New(base http.RoundTripper) (*Transport, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	b := Document()
	doc, err := libopenapi.NewDocument(b)
	if err != nil {
		return nil, fmt.Errorf("parse the OpenAPI document: %w", err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		return nil, fmt.Errorf("build the OpenAPI model: %v", errs)
	}
	t := &Transport{Base: base, v: v, checked: map[string]int{}}
	if t.event, err = CompileSchema(b, "Event"); err != nil {
		return nil, err
	}
	if t.problem, err = CompileSchema(b, "Problem"); err != nil {
		return nil, err
	}
	if t.point, err = CompileSchema(b, "FrontierPoint"); err != nil {
		return nil, err
	}
	var d struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	json.Unmarshal(b, &d)
	for p, item := range d.Paths {
		for m := range item {
			t.patterns = append(t.patterns, strings.ToUpper(m)+" "+p)
		}
	}
	slices.Sort(t.patterns)
	return t, nil
}

// CompileSchema compiles components/schemas/NAME of the OpenAPI document doc as a JSON
// Schema 2020-12.
func CompileSchema(doc []byte, name string) (*jsonschema.Schema, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("openapi.json", v); err != nil {
		return nil, err
	}
	return c.Compile("openapi.json#/components/schemas/" + name)
}

// operation returns the documented operation a request is for, or "".
func (t *Transport) operation(method, path string) string {
	for _, p := range t.patterns {
		m, tmpl, _ := strings.Cut(p, " ")
		if m == method && matches(tmpl, path) {
			return p
		}
	}
	return ""
}

func matches(tmpl, path string) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if !strings.HasPrefix(ts[i], "{") && ts[i] != ps[i] {
			return false
		}
	}
	return true
}

func (t *Transport) fail(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures = append(t.failures, fmt.Sprintf(format, args...))
}

// RoundTrip sends the request and validates the response if it is the API's.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.Base.RoundTrip(req)
	if err != nil || !(strings.HasPrefix(req.URL.Path, "/api/") || req.URL.Path == "/healthz") {
		return resp, err
	}
	op := t.operation(req.Method, req.URL.Path)
	where := fmt.Sprintf("%s %s -> %d %s", req.Method, req.URL.Path, resp.StatusCode, resp.Header.Get("Content-Type"))
	if op != "" {
		where = fmt.Sprintf("%s (operation %s) -> %d %s", req.URL.Path, op, resp.StatusCode, resp.Header.Get("Content-Type"))
		t.mu.Lock()
		t.checked[op]++
		t.mu.Unlock()
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		er := &eventReader{t: t, where: where}
		resp.Body = &lines{rc: resp.Body, line: er.line}
		return resp, nil
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-ndjson") {
		lr := &lineReader{t: t, where: where}
		resp.Body = &lines{rc: resp.Body, line: lr.line, end: lr.end}
		return resp, nil
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil // the caller sees the truncated body; nothing to validate
	}
	if op == "" {
		// Not a documented route: the catch-all answers with a problem.
		t.checkProblem(where, resp, body)
		return resp, nil
	}
	copyResp := *resp
	copyResp.Body = io.NopCloser(bytes.NewReader(body))
	if ok, errs := t.v.ValidateHttpResponse(req, &copyResp); !ok {
		for _, e := range errs {
			t.fail("%s: %s", where, describe(e))
		}
	}
	return resp, nil
}

func (t *Transport) checkProblem(where string, resp *http.Response, body []byte) {
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.fail("%s: an undocumented route must answer with application/problem+json", where)
		return
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err == nil {
		err = t.problem.Validate(v)
	}
	if err != nil {
		t.fail("%s: the body is not a Problem: %v", where, err)
	}
}

// describe says which field drifted and how.
func describe(e *errors.ValidationError) string {
	var b strings.Builder
	b.WriteString(e.Message)
	if e.Reason != "" && e.Reason != e.Message {
		b.WriteString(": " + e.Reason)
	}
	for _, s := range e.SchemaValidationErrors {
		loc := s.FieldPath
		if loc == "" {
			loc = "/" + strings.Join(s.InstancePath, "/")
		}
		fmt.Fprintf(&b, "\n\tfield %s: %s (schema %s)", loc, s.Reason, s.KeywordLocation)
	}
	return b.String()
}

// lines hands each whole line of a body to line as the body is read; a body that ends
// inside a line hands that rest to end.
type lines struct {
	rc   io.ReadCloser
	buf  []byte
	line func(l []byte)
	end  func(rest []byte)
}

func (r *lines) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.buf = append(r.buf, p[:n]...)
	for {
		i := bytes.IndexByte(r.buf, '\n')
		if i < 0 {
			break
		}
		r.line(r.buf[:i])
		r.buf = r.buf[i+1:]
	}
	if err == io.EOF && len(r.buf) > 0 && r.end != nil {
		r.end(r.buf)
	}
	return n, err
}

func (r *lines) Close() error { return r.rc.Close() }

// eventReader validates each server-sent event's data as the stream is read.
type eventReader struct {
	t     *Transport
	where string
	event string
}

func (r *eventReader) line(b []byte) {
	l := string(b)
	switch {
	case strings.HasPrefix(l, "event: "):
		r.event = strings.TrimPrefix(l, "event: ")
	case strings.HasPrefix(l, "data: "):
		data := strings.TrimPrefix(l, "data: ")
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
		if err == nil {
			err = r.t.event.Validate(v)
		}
		if err != nil {
			r.t.fail("%s: event %q: the data is not an Event: %v", r.where, r.event, err)
			return
		}
		if typ := v.(map[string]any)["type"]; typ != r.event {
			r.t.fail("%s: event %q carries data of type %v", r.where, r.event, typ)
		}
		r.t.mu.Lock()
		r.t.events++
		r.t.mu.Unlock()
	}
}

// lineReader validates each line of a JSON lines stream (the frontier's) as it is read.
type lineReader struct {
	t     *Transport
	where string
	n     int
}

func (r *lineReader) line(b []byte) {
	r.n++
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err == nil {
		err = r.t.point.Validate(v)
	}
	if err != nil {
		r.t.fail("%s: line %d is not a FrontierPoint: %v", r.where, r.n, err)
	}
}

func (r *lineReader) end([]byte) { r.t.fail("%s: the stream ends inside line %d", r.where, r.n+1) }

// Failures returns every difference found so far, one per line of report.
func (t *Transport) Failures() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.failures)
}

// Unchecked returns the documented operations no response was validated for.
func (t *Transport) Unchecked() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, p := range t.patterns {
		if t.checked[p] == 0 {
			out = append(out, p)
		}
	}
	return out
}

// Checked returns how many responses and server-sent events were validated.
func (t *Transport) Checked() (responses, events int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.checked {
		responses += c
	}
	return responses, t.events
}
