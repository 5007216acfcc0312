package genius

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"parley"
)

// jnode is a JSON value that keeps the order of object keys (GeniusWeb lists issues as an
// object, and their order is the scenario's) and where it starts, for error messages.
type jnode struct {
	kind byte // '{', '[', 's' string, 'n' number, 'b' bool, '0' null
	keys []string
	vals []*jnode
	str  string // a string, or a number's literal
	off  int64
}

// jdoc is a parsed JSON file.
type jdoc struct {
	file    string
	data    []byte
	root    *jnode
	nodes   int                              // parsed so far, at most MaxJSONValues
	options map[*parley.Issue]map[string]int // see index
}

// MaxJSONValues bounds the JSON values (objects, arrays, strings, numbers...) a GeniusWeb
// file may hold, so that parsing stays within memory.
const MaxJSONValues = 2000000

// readJSON reads and parses a whole JSON file, at most MaxFileSize bytes.
func readJSON(r io.Reader, file string) (*jdoc, error) {
	data, err := io.ReadAll(&limitedReader{r: r, n: MaxFileSize})
	if err != nil {
		if errors.Is(err, errTooLarge) {
			return nil, tooLarge(file)
		}
		return nil, errorAt(file, 0, "", "cannot read: %v", err)
	}
	doc := &jdoc{file: file, data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	doc.root, err = doc.parse(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, doc.errAt(dec.InputOffset(), "", "malformed JSON: data after the top-level value")
	}
	return doc, nil
}

// skip returns the offset of the next token at or after off.
func (d *jdoc) skip(off int64) int64 {
	for off < int64(len(d.data)) {
		switch d.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// line returns the 1-based line of a byte offset.
func (d *jdoc) line(off int64) int {
	if off > int64(len(d.data)) {
		off = int64(len(d.data))
	}
	return 1 + bytes.Count(d.data[:off], []byte{'\n'})
}

func (d *jdoc) errAt(off int64, path, format string, args ...any) error {
	return errorAt(d.file, d.line(off), path, format, args...)
}

// errAtNode returns an error about the value at path.
func (d *jdoc) errAtNode(n *jnode, path, format string, args ...any) error {
	off := int64(0)
	if n != nil {
		off = n.off
	}
	return d.errAt(off, path, format, args...)
}

func (d *jdoc) parse(dec *json.Decoder, depth int) (*jnode, error) {
	if depth > 64 {
		return nil, d.errAt(dec.InputOffset(), "", "JSON nested more than 64 deep")
	}
	off := d.skip(dec.InputOffset())
	if d.nodes++; d.nodes > MaxJSONValues {
		return nil, d.errAt(off, "", "more than %d JSON values; parley reads GeniusWeb files of up to that many", MaxJSONValues)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, d.jsonErr(dec, err)
	}
	n := &jnode{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = '{'
			seen := map[string]bool{}
			for dec.More() {
				koff := d.skip(dec.InputOffset())
				kt, err := dec.Token()
				if err != nil {
					return nil, d.jsonErr(dec, err)
				}
				k, _ := kt.(string)
				if seen[k] {
					return nil, d.errAt(koff, k, "duplicate key")
				}
				seen[k] = true
				v, err := d.parse(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = '['
			for dec.More() {
				v, err := d.parse(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, d.jsonErr(dec, err)
		}
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.str = 'n', string(t)
	case bool:
		n.kind = 'b'
	case nil:
		n.kind = '0'
	}
	return n, nil
}

func (d *jdoc) jsonErr(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return d.errAt(se.Offset, "", "malformed JSON: %s", se.Error())
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return d.errAt(int64(len(d.data)), "", "malformed JSON: unexpected end of file")
	}
	return d.errAt(dec.InputOffset(), "", "malformed JSON: %v", err)
}

// get returns the value of key in an object, or nil.
func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// kindName names a JSON kind for error messages.
func kindName(k byte) string {
	return map[byte]string{'{': "an object", '[': "an array", 's': "a string", 'n': "a number", 'b': "a boolean", '0': "null"}[k]
}

// want checks that n is present and of kind k.
func (d *jdoc) want(n *jnode, k byte, path string) error {
	if n == nil {
		return d.errAt(0, path, "missing; expected %s", kindName(k))
	}
	if n.kind != k {
		return d.errAtNode(n, path, "%s; expected %s", kindName(n.kind), kindName(k))
	}
	return nil
}

// number returns the number at n; GeniusWeb also writes numbers as strings.
func (d *jdoc) number(n *jnode, path string) (float64, error) {
	if n == nil {
		return 0, d.errAt(0, path, "missing; expected a number")
	}
	if n.kind == 'n' || n.kind == 's' {
		if v, ok := parseNumber(n.str); ok {
			return v, nil
		}
	}
	return 0, d.errAtNode(n, path, "%s; expected a number", describe(n))
}

func describe(n *jnode) string {
	if n.kind == 's' || n.kind == 'n' {
		return strconv.Quote(n.str)
	}
	return kindName(n.kind)
}

// jpath appends keys to a JSON path, quoting keys that are not plain words.
func jpath(prefix string, keys ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, p := range keys {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		plain := p != ""
		for _, r := range p {
			if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				plain = false
			}
		}
		if plain {
			b.WriteString(p)
		} else {
			b.WriteString(strconv.Quote(p))
		}
	}
	return b.String()
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
