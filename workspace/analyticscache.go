package workspace

import (
	"fmt"
	"strings"

	"parley"
)

// maxAnalyticsBytes bounds the analytics kept in memory, estimated by memSize: a
// mediator's analytics on a workspace of many issues hold up to 200 frontier points of a
// value per issue each, a megabyte or more. The least recently used go first.
const maxAnalyticsBytes = 32 << 20

// analyticsCache keeps the analytics of published versions: a published version never
// changes, so its analytics depend only on who asks (member and role) and on every party's
// profile, whose revision and use are in the key. A page that places every published
// version (the web UI's utility space) then computes each once, not on every request.
// The cached values are shared: callers must not change them.
type analyticsCache struct {
	lru byteLRU[*parley.Analytics]
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
	a, _ := c.lru.get(key)
	return a
}

func (c *analyticsCache) put(key string, a *parley.Analytics) {
	if key == "" {
		return
	}
	c.lru.put(key, a, alloc(len(key))+memSize(a)+128) // the key twice: in the map and the list
}
