package workspace

import (
	"fmt"
	"strings"
	"sync"

	"parley"
)

// analyticsCacheSize bounds the analytics kept in memory; past it the cache starts afresh.
const analyticsCacheSize = 256

// analyticsCache keeps the analytics of published versions: a published version never
// changes, so its analytics depend only on who asks (member and role) and on every party's
// profile, whose revision and use are in the key. A page that places every published
// version (the web UI's utility space) then computes each once, not on every request.
// The cached values are shared: callers must not change them.
type analyticsCache struct {
	mu sync.Mutex
	m  map[string]*parley.Analytics
}

// key returns the cache key of in, or "" when in's analytics are not to be cached (a
// draft, which changes).
func (in *analyticsInput) key() string {
	if in.v.Status != parley.StatusPublished {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s", in.w.ID, in.v.ID, in.c.MemberID, in.c.Role)
	for _, p := range in.w.Parties() {
		if pp := in.profiles[p.ID]; pp != nil {
			fmt.Fprintf(&b, "\x00%s@%d/%s", p.ID, pp.Rev, pp.Use)
		} else {
			fmt.Fprintf(&b, "\x00%s-", p.ID)
		}
	}
	return b.String()
}

func (c *analyticsCache) get(key string) *parley.Analytics {
	if key == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

func (c *analyticsCache) put(key string, a *parley.Analytics) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= analyticsCacheSize {
		c.m = map[string]*parley.Analytics{}
	}
	c.m[key] = a
}
