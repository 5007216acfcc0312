package sqlstore

import (
	"sync"

	"parley"
)

// summaries keeps decoded version summaries by their stored bytes, so that listing the
// versions of a workspace decodes only the summaries written since the last list: the
// list is read on every page and by every member, and a member's versions up to its
// quota would otherwise be decoded on each. A summary decoded from exactly the same bytes
// is the same, whatever the database or the transaction, so nothing is ever stale.
type summaries struct {
	mu sync.Mutex
	m  map[string]parley.VersionSummary
}

// maxSummaries bounds the summaries kept (about 2 MB); when full, they are dropped.
const maxSummaries = 4096

// decode returns the summary stored as sum (or made from the version's JSON data when
// no summary was stored), a copy the caller may change.
func (c *summaries) decode(sum, data []byte) (*parley.VersionSummary, error) {
	if sum == nil {
		return decodeSummary(sum, data)
	}
	c.mu.Lock()
	v, ok := c.m[string(sum)]
	c.mu.Unlock()
	if !ok {
		d, err := decodeSummary(sum, data)
		if err != nil {
			return nil, err
		}
		v = *d
		c.mu.Lock()
		if c.m == nil || len(c.m) >= maxSummaries {
			c.m = make(map[string]parley.VersionSummary)
		}
		c.m[string(sum)] = v
		c.mu.Unlock()
	}
	if v.PublishedAt != nil {
		at := *v.PublishedAt
		v.PublishedAt = &at
	}
	return &v, nil
}
