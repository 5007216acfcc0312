package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
)

// callers of the matrix: the parties east and west, the mediator, an observer, no token,
// a revoked token, another workspace's mediator and the administrator.
var callers = []string{"east", "west", "med", "obs", "none", "revoked", "other", "admin"}

type authzCase struct {
	method, path, body string
	ratification       bool // the fixture needs an open ratification
	blind              bool // the fixture needs an open blind overlap round
	partial            bool // east's and west's profiles are partial, with one statement each (elicit_leak_test.go)
	// want gives the status per caller; missing callers default by class: none and
	// revoked 401, other and admin 404.
	want map[string]int
}

func members(status int) map[string]int {
	return map[string]int{"east": status, "west": status, "med": status, "obs": status}
}

func with(m map[string]int, kv ...any) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1].(int)
	}
	return out
}

func authzCases() []authzCase {
	mediatorOnly := func(ok int) map[string]int { return map[string]int{"east": 403, "west": 403, "med": ok, "obs": 403} }
	partiesOnly := func(ok int) map[string]int { return map[string]int{"east": ok, "west": ok, "med": 403, "obs": 403} }
	pub := func(p string) map[string]int {
		return map[string]int{"east": 200, "west": 200, "med": 200, "obs": 200, "none": 200, "other": 200, "admin": 200}
	}
	return []authzCase{
		{method: "GET", path: "/healthz", want: pub("")},
		{method: "GET", path: "/api/openapi.json", want: pub("")},
		{method: "GET", path: "/api/me", want: with(members(200), "other", 200, "admin", 200)},
		{method: "POST", path: "/api/workspaces", body: "CREATE", want: with(map[string]int{"east": 403, "west": 403, "med": 403, "obs": 403}, "other", 403, "admin", 201)},
		{method: "GET", path: "/api/workspaces/{ws}", want: members(200)},
		{method: "PUT", path: "/api/workspaces/{ws}/settings", body: `{"rev":2,"settings":{"stance_visibility":"shared"}}`, want: mediatorOnly(200)},
		{method: "POST", path: "/api/workspaces/{ws}/members", body: `{"id":"newcomer"}`, want: mediatorOnly(201)},
		// A token is only ever handed to the member it stands for: the mediator may revoke
		// east's tokens but not receive a new one, nor a sign-in ticket.
		{method: "POST", path: "/api/workspaces/{ws}/members/east/token", want: map[string]int{"east": 201, "west": 403, "med": 403, "obs": 403}},
		{method: "DELETE", path: "/api/workspaces/{ws}/members/east/token", want: map[string]int{"east": 204, "west": 403, "med": 204, "obs": 403}},
		{method: "POST", path: "/api/workspaces/{ws}/members/east/signin", want: with(map[string]int{"east": 403, "west": 403, "med": 403, "obs": 403}, "other", 403, "admin", 201)},
		// The ticket is the credential: whoever presents it gets east's new token, once.
		{method: "POST", path: "/api/signin", body: `{"ticket":"{ticket}"}`, want: with(members(201), "none", 201, "other", 201, "admin", 201)},
		{method: "POST", path: "/api/signin", body: `{"ticket":"ps_0123456789abcdef_000000000000000000000000000000000000000000000000"}`, want: with(members(401), "other", 401, "admin", 401)},
		{method: "GET", path: "/api/workspaces/{ws}/profiles/east", want: map[string]int{"east": 200, "west": 404, "med": 404, "obs": 404}},
		{method: "GET", path: "/api/workspaces/{ws}/profiles/west", want: map[string]int{"east": 404, "west": 200, "med": 200, "obs": 404}},
		{method: "PUT", path: "/api/workspaces/{ws}/profiles/east", body: `{"rev":1,"profile":{"issues":{"nato":{"weight":1,"options":{"renounce":1}}},"reservation":0.2}}`,
			want: map[string]int{"east": 200, "west": 403, "med": 403, "obs": 403}},
		{method: "GET", path: "/api/workspaces/{ws}/versions", want: members(200)},
		{method: "POST", path: "/api/workspaces/{ws}/versions", body: `{"title":"counter"}`, want: members(201)},
		{method: "GET", path: "/api/workspaces/{ws}/versions/{pub}", want: members(200)},
		{method: "GET", path: "/api/workspaces/{ws}/versions/{draft}", want: map[string]int{"east": 404, "west": 404, "med": 200, "obs": 404}},
		{method: "PATCH", path: "/api/workspaces/{ws}/versions/{draft}", body: `{"rev":1,"ops":[{"op":"remove","point":"{p1}"}]}`, want: map[string]int{"east": 404, "west": 404, "med": 200, "obs": 404}},
		{method: "POST", path: "/api/workspaces/{ws}/versions/{draft}/publish", body: `{"rev":1}`, want: map[string]int{"east": 404, "west": 404, "med": 200, "obs": 404}},
		{method: "GET", path: "/api/workspaces/{ws}/versions/{pub}/analytics", want: members(200)},
		{method: "POST", path: "/api/workspaces/{ws}/versions/{pub}/preview", body: `{"profile":{"issues":{"nato":{"weight":1,"options":{"renounce":1}}},"reservation":0.2}}`,
			want: map[string]int{"east": 200, "west": 200, "med": 403, "obs": 403}},
		{method: "GET", path: "/api/workspaces/{ws}/versions/{pub}/stances", want: members(200)},
		{method: "GET", path: "/api/workspaces/{ws}/versions/{pub}/matrix", want: members(200)},
		{method: "PUT", path: "/api/workspaces/{ws}/versions/{pub}/points/{p2}/stance", body: `{"rev":0,"mark":"reserve"}`, want: partiesOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/diff?from={pub}&to={pub}", want: members(200)},
		{method: "GET", path: "/api/workspaces/{ws}/progress", want: mediatorOnly(200)},
		// A party keeps its profile private here: the whole frontier is nobody's (TestFrontierAPI
		// reads it once every party shares).
		{method: "GET", path: "/api/workspaces/{ws}/frontier?version={pub}", want: mediatorOnly(403)},
		// East keeps its profile private: nobody may stream the frontier, the mediator included.
		{method: "GET", path: "/api/workspaces/{ws}/frontier/stream", want: members(403)},
		{method: "GET", path: "/api/workspaces/{ws}/desk", want: mediatorOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/sessions", want: members(200)},
		{method: "POST", path: "/api/workspaces/{ws}/sessions", body: `{"title":"Round 2","date":"2025-12-02T16:00:00Z"}`, want: mediatorOnly(201)},
		{method: "PUT", path: "/api/workspaces/{ws}/sessions/{session}", body: `{"rev":1,"session":{"title":"Round 1b","date":"2025-11-23T10:00:00Z"}}`, want: mediatorOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/ratifications", want: members(200)},
		{method: "POST", path: "/api/workspaces/{ws}/ratifications", body: `{"version":"{pub}"}`, want: mediatorOnly(201)},
		{method: "POST", path: "/api/workspaces/{ws}/ratifications/{rat}/decisions", body: `{"decision":"sign","hash":"{hash}"}`, ratification: true, want: partiesOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/audit", want: mediatorOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/audit/checkpoint", want: members(200)},
		{method: "GET", path: "/api/workspaces/{ws}/audit/checkpoint?since=1", want: members(200)},
		{method: "GET", path: "/api/audit/verify", want: with(map[string]int{"east": 403, "west": 403, "med": 403, "obs": 403}, "other", 403, "admin", 200)},
		{method: "GET", path: "/api/workspaces/{ws}/events", want: members(200)},
		{method: "GET", path: "/api/workspaces/{ws}/blind", want: members(200)},
		{method: "POST", path: "/api/workspaces/{ws}/blind", body: `{"issue":"buffer_km","sides":{"east":"at_least","west":"at_most"}}`, want: mediatorOnly(201)},
		{method: "GET", path: "/api/workspaces/{ws}/blind/{round}", blind: true, want: members(200)},
		{method: "POST", path: "/api/workspaces/{ws}/blind/{round}/seal", body: `{"value":30}`, blind: true, want: partiesOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/suggestion", want: mediatorOnly(200)},
		{method: "POST", path: "/api/workspaces/{ws}/suggestion/adopt", body: `{"version":"{pub}"}`, want: mediatorOnly(201)},
		// Elicitation (elicit.go).
		{method: "GET", path: "/api/workspaces/{ws}/elicitation", want: partiesOnly(200)},
		{method: "POST", path: "/api/workspaces/{ws}/elicitation/answers", partial: true, want: partiesOnly(200),
			body: `{"rev":2,"question":{"kind":"acceptable","package":{"nato":"moratorium","buffer_km":"30"}},"answer":"yes"}`},
		{method: "DELETE", path: "/api/workspaces/{ws}/elicitation/statements/0?rev=2", partial: true, want: partiesOnly(200)},
		{method: "GET", path: "/api/workspaces/{ws}/candidates", want: mediatorOnly(200)},
		{method: "POST", path: "/api/workspaces/{ws}/candidates", body: `{"package":{"nato":"moratorium","buffer_km":"30"}}`, want: mediatorOnly(201)},
		{method: "GET", path: "/api/workspaces/{ws}/uncertain-zone", want: members(200)},
	}
}

func (f *fixture) expand(s string) string {
	r := strings.NewReplacer("{ws}", f.ws, "{pub}", f.published.ID, "{draft}", f.draft.ID,
		"{p1}", f.published.Points[0].ID, "{p2}", f.published.Points[1].ID, "{session}", f.session.ID, "{hash}", f.published.Hash, "{ticket}", f.ticket)
	if f.rat != nil {
		s = strings.ReplaceAll(s, "{rat}", f.rat.ID)
	}
	s = strings.ReplaceAll(s, "{round}", f.round)
	return r.Replace(s)
}

// TestAuthorizationMatrix calls every route as every caller on a fresh workspace and
// checks the status.
func TestAuthorizationMatrix(t *testing.T) {
	m := startServer(t)
	other := newFixture(t, m, false)
	for _, tc := range authzCases() {
		for _, who := range callers {
			want, ok := tc.want[who]
			if !ok {
				switch who {
				case "none", "revoked":
					want = 401
				default:
					want = 404
				}
			}
			if who == "revoked" && (tc.path == "/healthz" || tc.path == "/api/openapi.json") {
				want = 401 // a bad token is refused whatever the route
			}
			name := fmt.Sprintf("%s %s/%s", tc.method, tc.path, who)
			t.Run(name, func(t *testing.T) {
				f := newFixture(t, m, tc.ratification)
				if tc.blind {
					openBlindRound(t, m, f)
				}
				if tc.partial {
					makePartial(t, m, f)
				}
				token := f.tokens[who]
				if who == "other" {
					token = other.tokens["med"]
				}
				body := f.expand(tc.body)
				if tc.body == "CREATE" {
					body = createBody(t)
				}
				got, b := do(t, tc.method, m.URL+f.expand(tc.path), token, body)
				if got != want {
					t.Errorf("status %d, want %d: %s", got, want, b)
				}
			})
		}
	}
}

// TestOpenAPICoversRoutes checks both ways: every registered route is documented, and
// every documented route is registered and answers (not the catch-all 404).
func TestOpenAPICoversRoutes(t *testing.T) {
	m := startServer(t)
	_, b := do(t, "GET", m.URL+"/api/openapi.json", "", "")
	doc := decodeProblem(t, b)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi %v", doc["openapi"])
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, p := range m.API.Patterns {
		registered[p] = true
		if !documented[p] {
			t.Errorf("route %s is not in the OpenAPI document", p)
		}
	}
	// Every schema reference resolves.
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(x any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if name, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok && schemas[name] == nil {
					t.Errorf("dangling reference %s", ref)
				}
			}
			for _, v := range x {
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	walk(doc)
	tested := map[string]bool{}
	for _, tc := range authzCases() {
		path, _, _ := strings.Cut(tc.path, "?")
		tested[tc.method+" "+normalise(path)] = true
	}
	for p := range documented {
		if !registered[p] {
			t.Errorf("documented route %s is not registered", p)
		}
		if !tested[p] {
			t.Errorf("documented route %s is not in the authorization matrix", p)
		}
	}
}

// normalise turns a matrix path into the route pattern it exercises.
func normalise(path string) string {
	parts := strings.Split(path, "/")
	names := map[int]string{}
	// /api/workspaces/{ws}/X/{id}/...
	for i, p := range parts {
		switch {
		case p == "{ws}":
			names[i] = "{ws}"
		case p == "{pub}" || p == "{draft}":
			names[i] = "{version}"
		case p == "{p2}":
			names[i] = "{point}"
		case p == "{session}":
			names[i] = "{session}"
		case p == "{rat}":
			names[i] = "{ratification}"
		case p == "{round}":
			names[i] = "{round}"
		case (p == "east" || p == "west") && i > 0 && parts[i-1] == "members":
			names[i] = "{member}"
		case (p == "east" || p == "west") && i > 0 && parts[i-1] == "profiles":
			names[i] = "{party}"
		case i > 0 && parts[i-1] == "statements":
			names[i] = "{index}"
		}
	}
	for i, n := range names {
		parts[i] = n
	}
	return strings.Join(parts, "/")
}
