package httpapi

import "testing"

// TestLimitRoutesDeclared: every route the limits single out (heavy requests, requests
// measured on their own thread) is a declared route, so renaming a route cannot silently
// take it out of its lane.
func TestLimitRoutesDeclared(t *testing.T) {
	declared := map[string]bool{}
	for _, r := range routes() {
		declared[r.method+" "+r.path] = true
	}
	for name, set := range map[string]map[string]bool{"heavyRoutes": heavyRoutes, "ownThreadRoutes": ownThreadRoutes} {
		for pattern := range set {
			if !declared[pattern] {
				t.Errorf("%s names %q, which is not a declared route", name, pattern)
			}
		}
	}
}
