package httpapi

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"parley"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// OpenAPI returns the OpenAPI 3.1 document of the API, generated from the route table and
// the Go types of the bodies, so it cannot drift from the server. What reflection cannot
// tell comes from the tables of openapi_fields.go and openapi_examples.go.
func OpenAPI() map[string]any {
	doc, _ := openAPI()
	return doc
}

// openAPI returns the document and its gaps: fields without a description, typed strings
// without values, operations without an example. A test requires no gap.
func openAPI() (map[string]any, []string) {
	g := &schemaGen{defs: map[string]any{}}
	g.schema(reflect.TypeFor[Problem]())
	paths := map[string]any{}
	for _, rt := range routes() {
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = g.operation(rt)
	}
	g.schema(eventType) // the data of every server-sent event
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "parley workspace API",
			"version": "1",
			"summary": "A mediator's single negotiating text: versions, stances, profiles, sessions, ratification.",
			"description": "The negotiation workspace: plan versions, stances, profiles, sessions, ratification. " +
				"Every response is filtered by what the caller may see: a party's profile and private stances " +
				"and hidden points are never shown to anyone not entitled (docs/api.md says who learns what). " +
				"Errors are RFC 9457 problems whose type is one URI per error code.",
			"license": map[string]any{"name": "All rights reserved", "identifier": "LicenseRef-parley"},
		},
		"servers": []any{map[string]any{"url": "/", "description": "The server this document was read from (parley serve listens on 127.0.0.1:8080 by default)."}},
		"tags":    tags(),
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
				"description": "A member's token, issued when the workspace is created, an observer admitted or a token rotated; or the administrator's token."}},
			"responses": map[string]any{"Problem": map[string]any{
				"description": "An RFC 9457 problem: " + problemList(),
				"content": map[string]any{"application/problem+json": map[string]any{
					"schema":  map[string]any{"$ref": "#/components/schemas/Problem"},
					"example": exampleJSON(Problem{Type: ProblemType("invalid"), Title: "Bad Request", Status: 400, Code: "invalid", Detail: `unknown field "titel"`, Errors: []ProblemField{{Field: "ops[0].content.titel", Message: `unknown field "titel"`}}}),
				}}},
				"TooManyRequests": tooManyRequests()},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
	for _, tag := range doc["tags"].([]any) {
		if name := tag.(map[string]any)["name"].(string); tagDocs[name] == "" {
			g.gaps = append(g.gaps, "tag "+name+" has no description in tagDocs (httpapi/openapi.go)")
		}
	}
	return doc, g.gaps
}

func (g *schemaGen) operation(rt route) map[string]any {
	key := rt.method + " " + rt.path
	op := map[string]any{
		"summary":     rt.summary,
		"operationId": strings.ToLower(rt.method) + opName(rt.path),
		"tags":        []any{tagOf(rt.path)},
	}
	if d, ok := opDescriptions[key]; ok {
		op["description"] = d
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
		d, ok := paramDocs[m[1]]
		if !ok {
			g.gaps = append(g.gaps, "path parameter {"+m[1]+"} of "+key+" has no description in paramDocs (httpapi/openapi_examples.go)")
		}
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "description": d,
			"schema": map[string]any{"type": "string", "minLength": 1}})
	}
	for _, q := range rt.query {
		p, ok := queryParams[q]
		if !ok {
			g.gaps = append(g.gaps, "query parameter "+q+" of "+key+" has no entry in queryParams (httpapi/openapi_examples.go)")
			p = map[string]any{"type": "string"}
		}
		param := map[string]any{"name": q, "in": "query", "description": p["description"], "schema": p["schema"]}
		if p["required"] == true {
			param["required"] = true
		}
		params = append(params, param)
	}
	if isStream(rt) {
		params = append(params, map[string]any{"name": "Last-Event-ID", "in": "header", "schema": map[string]any{"type": "string", "pattern": "^[0-9]+$"},
			"description": "The id of the last event received; the events missed since are sent first, or a reset event."})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.auth == "none" {
		op["security"] = []any{}
	}
	ex, hasEx := examples[key]
	if !hasEx {
		g.gaps = append(g.gaps, "operation "+key+" has no example in examples (httpapi/openapi_examples.go)")
	}
	if rt.request != nil {
		mt := map[string]any{"schema": g.schema(reflect.TypeOf(rt.request))}
		if ex.request != nil {
			mt["example"] = exampleJSON(ex.request)
		} else if hasEx {
			g.gaps = append(g.gaps, "operation "+key+" has no request example in examples (httpapi/openapi_examples.go)")
		}
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": mt}}
	}
	resp := map[string]any{"description": rt.summary}
	switch {
	case isStream(rt):
		resp["description"] = "A stream of server-sent events, each `id: SEQ`, `event: TYPE` and `data: ` an Event in JSON (#/components/schemas/Event). Types: " + eventList()
		resp["content"] = map[string]any{"text/event-stream": map[string]any{
			"schema": map[string]any{"type": "string", "description": "Server-sent events; the data of each is an Event.",
				"contentMediaType": "text/event-stream", "contentSchema": map[string]any{"$ref": "#/components/schemas/Event"}},
			"example": ex.stream,
		}}
	case isJSONLines(rt):
		resp["description"] = "JSON lines (application/x-ndjson): one FrontierPoint in JSON (#/components/schemas/FrontierPoint) a line, written as they are produced."
		resp["content"] = map[string]any{"application/x-ndjson": map[string]any{
			"schema": map[string]any{"type": "string", "description": "JSON lines; each line is a FrontierPoint.",
				"contentMediaType": "application/x-ndjson", "contentSchema": g.schema(reflect.TypeOf(rt.response))},
			"example": ex.stream,
		}}
	case rt.response != nil:
		mt := map[string]any{"schema": g.schema(reflect.TypeOf(rt.response))}
		if ex.response != nil {
			mt["example"] = exampleJSON(ex.response)
		} else if hasEx {
			g.gaps = append(g.gaps, "operation "+key+" has no response example in examples (httpapi/openapi_examples.go)")
		}
		resp["content"] = map[string]any{"application/json": mt}
	}
	responses := map[string]any{strconv.Itoa(rt.status): resp}
	problem := map[string]any{"$ref": "#/components/responses/Problem"}
	statuses := []string{"401", "429", "500"}
	if rt.auth != "none" {
		statuses = append(statuses, "400", "403", "404", "409")
	}
	if rt.request != nil {
		statuses = append(statuses, "413")
	}
	for _, st := range statuses {
		responses[st] = problem
	}
	responses["429"] = map[string]any{"$ref": "#/components/responses/TooManyRequests"}
	op["responses"] = responses
	return op
}

var eventType = reflect.TypeFor[parley.Event]()

// isJSONLines reports whether rt answers with JSON lines of frontier points.
func isJSONLines(rt route) bool { return reflect.TypeOf(rt.response) == frontierPointType }

var frontierPointType = reflect.TypeFor[parley.FrontierPoint]()

// isStream reports whether rt answers with server-sent events.
func isStream(rt route) bool { return reflect.TypeOf(rt.response) == eventType }

// exampleJSON returns v as decoded JSON, so examples are exactly what the server sends.
func exampleJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the examples are fixed values
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}

func opName(path string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.TrimPrefix(path, "/api/"), "/") {
		part = strings.Trim(part, "{}")
		part = strings.ReplaceAll(strings.ReplaceAll(part, ".", "_"), "-", "_")
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// tagOf groups a route by the resource after the workspace: versions, stances, ...
func tagOf(path string) string {
	rest, ok := strings.CutPrefix(path, wsPath)
	if !ok {
		if path == "/api/workspaces" {
			return "workspaces"
		}
		return "service"
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	switch {
	case parts[0] == "" || parts[0] == "settings":
		return "workspaces"
	case parts[0] == "versions" && len(parts) > 2 && (parts[2] == "stances" || parts[2] == "matrix" || parts[2] == "points"):
		return "stances"
	case parts[0] == "versions" || parts[0] == "diff" || parts[0] == "progress":
		return "versions"
	}
	return parts[0]
}

var tagDocs = map[string]string{
	"service":       "The server itself: health, this document, who the caller is, the audit chain.",
	"workspaces":    "Workspaces and their settings.",
	"members":       "Members and their bearer tokens.",
	"profiles":      "Each party's private profile.",
	"versions":      "The single negotiating text: drafts, published versions, diffs, analytics, progress.",
	"stances":       "The parties' marks on points.",
	"sessions":      "Meetings and rounds.",
	"ratifications": "Proposals of a version for signature, and the parties' decisions.",
	"audit":         "The workspace's audit log.",
	"events":        "Live updates as server-sent events.",
	"frontier":      "The whole Pareto frontier: listed with its exact counts, the bargaining points and the agreement ranges, or streamed as JSON lines.",
	"blind":         "Blind overlap rounds on a numeric issue: sealed worst values, of which only the overlap and a settlement value come out.",
	"suggestion":    "The mediator's suggested next text, and adopting it as a draft.",
	// Elicitation (elicit.go).
	"elicitation":    "A party's questions about its own preferences; every answer becomes a statement of its partial profile. Only the party sees them.",
	"candidates":     "Packages the mediator asks every party about; it sees the answers of the parties that share their profile with it, and nothing of the others.",
	"uncertain-zone": "The certain and possible zone of agreement that follows from what the parties said.",
	"desk":           "The mediator's desk: where the talks stand on the current version.",
}

func tags() []any {
	var names []string
	for _, rt := range routes() {
		if t := tagOf(rt.path); !slices.Contains(names, t) {
			names = append(names, t)
		}
	}
	var out []any
	for _, n := range names {
		out = append(out, map[string]any{"name": n, "description": tagDocs[n]})
	}
	return out
}

func eventList() string {
	var parts []string
	for _, e := range eventTypes {
		parts = append(parts, "`"+e.name+"` ("+e.doc+")")
	}
	return strings.Join(parts, "; ") + "."
}

func problemList() string {
	var parts []string
	for _, c := range problemCodes() {
		parts = append(parts, "`"+ProblemType(c)+"` ("+problemDocs[c]+")")
	}
	return "its type is one of " + strings.Join(parts, "; ") + "."
}
