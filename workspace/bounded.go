package workspace

import (
	"sync"
	"sync/atomic"

	"parley"
)

// boundedMap is a concurrent map of values that never change (decoded or encoded published
// versions) whose total estimated size is bounded: a store that would take it past its limit
// empties it first, so memory stays bounded whatever members publish or read, and what was
// dropped is read again from the database when next asked for.
type boundedMap struct {
	m     sync.Map // key -> value
	bytes atomic.Int64
	limit int64
}

func (b *boundedMap) load(key string) (any, bool) { return b.m.Load(key) }

// store keeps v of the estimated size under key, unless the key is already kept.
func (b *boundedMap) store(key string, v any, size int64) {
	if !b.reserve(size) {
		return
	}
	if _, loaded := b.m.LoadOrStore(key, v); loaded {
		b.bytes.Add(-size)
	}
}

// replace keeps v of the estimated size under key, in place of what was kept. The size of
// what it replaces is still counted (until the map is next emptied): an estimate on the
// safe side.
func (b *boundedMap) replace(key string, v any, size int64) {
	if b.reserve(size) {
		b.m.Store(key, v)
	}
}

// reserve counts size more bytes kept, emptying the map first when they would pass the
// limit; false means a value of that size is never kept.
func (b *boundedMap) reserve(size int64) bool {
	if size > b.limit {
		return false
	}
	if b.bytes.Add(size) > b.limit {
		b.m.Clear()
		b.bytes.Store(size)
	}
	return true
}

// versionSize estimates the memory a decoded version holds: its texts and a fixed share per
// point and binding.
func versionSize(v *parley.Version) int64 {
	n := int64(512)
	for _, p := range v.Points {
		n += 256 + int64(len(p.Title)+len(p.Text)+len(p.ID))
		for k, x := range p.Bindings {
			n += 64 + int64(len(k)+len(x))
		}
		for _, a := range append(p.VisibleTo, p.From...) {
			n += 16 + int64(len(a))
		}
	}
	return n
}
