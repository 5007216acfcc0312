package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"parley"
)

// MaxBody is the largest request body accepted, in bytes.
const MaxBody = 1 << 20

// decode reads r's JSON body strictly into dst: one JSON value, no unknown fields (named by
// path), types as declared (the offending field named).
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		return err
	}
	return Decode(body, dst)
}

// Decode decodes data strictly into dst, as the server decodes request bodies.
func Decode(data []byte, dst any) error {
	var generic any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&generic); err != nil {
		return syntaxError(data, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return parley.Errorf(parley.EINVALID, "the body must hold exactly one JSON value")
	}
	if err := unknownFields(generic, reflect.TypeOf(dst), ""); err != nil {
		return err
	}
	d = json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			f := te.Field
			if f == "" {
				f = "(body)"
			}
			return parley.FieldErrorf(f, "expected %s, got JSON %s", describeType(te.Type), te.Value)
		}
		return parley.Errorf(parley.EINVALID, "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return &parley.Error{Code: parley.EINVALID, Line: line, Message: "malformed JSON: " + strings.TrimPrefix(se.Error(), "json: ")}
	}
	if errors.Is(err, io.EOF) {
		return parley.Errorf(parley.EINVALID, "the body is empty; a JSON object is expected")
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return parley.Errorf(parley.EINVALID, "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// unknownFields walks a decoded JSON value against Go type t and reports the first object
// key that t has no field for, by path.
func unknownFields(v any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	if v == nil {
		return nil // null leaves the zero value
	}
	wrong := func() error {
		return parley.FieldErrorf(orBody(path), "expected %s, got %s", describeType(t), describeJSON(v))
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return wrong()
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return wrong()
		}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Float32:
		n, ok := v.(json.Number)
		if !ok {
			return wrong()
		}
		if t.Kind() != reflect.Float64 && t.Kind() != reflect.Float32 {
			if _, err := n.Int64(); err != nil {
				return parley.FieldErrorf(orBody(path), "expected an integer, got %s", n)
			}
		} else if _, err := n.Float64(); err != nil {
			return parley.FieldErrorf(orBody(path), "the number %s is out of range", n)
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		if !ok {
			return nil // a type error, reported by the strict decode
		}
		fields := map[string]reflect.StructField{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields[name] = f
		}
		for k, x := range obj {
			f, ok := fields[k]
			if !ok {
				return parley.FieldErrorf(join(k), "unknown field %q", k)
			}
			if err := unknownFields(x, f.Type, join(k)); err != nil {
				return err
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		for k, x := range obj {
			if err := unknownFields(x, t.Elem(), join(k)); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		arr, ok := v.([]any)
		if !ok {
			return wrong()
		}
		if t.Kind() == reflect.Array && len(arr) != t.Len() {
			return parley.FieldErrorf(orBody(path), "expected an array of %d, got %d elements", t.Len(), len(arr))
		}
		for i, x := range arr {
			if err := unknownFields(x, t.Elem(), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	}
	return nil
}

func orBody(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

func describeJSON(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
