package httpapi

import (
	"reflect"
	"slices"
	"strings"
	"time"
)

// schemaGen turns Go types into JSON Schemas (2020-12, as OpenAPI 3.1 uses them) under
// components/schemas, named after the Go type. What reflection cannot tell (a field's
// meaning, the values a string takes) comes from the tables in openapi_fields.go; every
// gap is collected in gaps, which a test requires to be empty.
type schemaGen struct {
	defs map[string]any
	gaps []string
}

var timeType = reflect.TypeFor[time.Time]()

// schema returns the schema of t, registering named structs in defs.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		s := map[string]any{"type": "string"}
		if t.Name() != "string" {
			if vals, ok := typeEnums[t]; ok {
				s["enum"] = vals
			} else {
				g.gaps = append(g.gaps, "typed string "+t.String()+" has no values in typeEnums (httpapi/openapi_fields.go)")
			}
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Int32:
		return map[string]any{"type": "integer", "format": "int32"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		s := map[string]any{"type": "array", "items": g.elem(t.Elem())}
		if t.Kind() == reflect.Array {
			s["minItems"], s["maxItems"] = t.Len(), t.Len()
		}
		return s
	case reflect.Map:
		s := map[string]any{"type": "object", "additionalProperties": g.elem(t.Elem())}
		if vals, ok := typeEnums[t.Key()]; ok {
			s["propertyNames"] = map[string]any{"enum": vals}
		}
		return s
	case reflect.Struct:
		return g.object(t)
	case reflect.Interface:
		return map[string]any{} // any JSON value
	}
	g.gaps = append(g.gaps, "no schema for Go type "+t.String())
	return map[string]any{}
}

// elem is the schema of a slice or map element: a pointer element may be null (a matrix
// cell without a stance).
func (g *schemaGen) elem(t reflect.Type) map[string]any {
	s := g.schema(t)
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && nullableElems[t.Elem()] {
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	return s
}

// object registers the schema of struct t and returns a reference to it. Fields without
// omitempty are always sent, so they are required; every field needs a description.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	name := t.Name()
	ref := map[string]any{"$ref": "#/components/schemas/" + name}
	if _, ok := g.defs[name]; ok {
		return ref
	}
	g.defs[name] = map[string]any{} // placeholder against recursion
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		jname, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || jname == "-" {
			continue
		}
		if jname == "" {
			jname = f.Name
		}
		key := name + "." + jname
		p := g.schema(f.Type)
		if vals, ok := fieldEnums[key]; ok {
			p["enum"] = vals
		}
		if format, ok := fieldFormats[key]; ok {
			p["format"] = format
		}
		if doc, ok := fieldDocs[key]; ok {
			p["description"] = doc
		} else {
			g.gaps = append(g.gaps, "field "+key+" has no description in fieldDocs (httpapi/openapi_fields.go)")
		}
		props[jname] = p
		optional := slices.Contains(strings.Split(opts, ","), "omitempty") || slices.Contains(strings.Split(opts, ","), "omitzero")
		if !optional && !optionalFields[key] {
			required = append(required, jname)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	if doc, ok := typeDocs[name]; ok {
		s["description"] = doc
	} else {
		g.gaps = append(g.gaps, "schema "+name+" has no description in typeDocs (httpapi/openapi_fields.go)")
	}
	g.defs[name] = s
	return ref
}
