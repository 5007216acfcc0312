package workspace

import (
	"container/list"
	"sync"
)

// byteLRU is a concurrent cache of values that never change, bounded by their estimated
// size in bytes: keeping a value that would take it past its limit first drops the least
// recently used values, and a value larger than the limit is served by its caller but
// never kept. Unlike boundedMap, which empties itself at once, it keeps the values in use,
// which suits values that are costly to make again (analyses).
type byteLRU[V any] struct {
	mu    sync.Mutex
	limit int64 // set before first use; 0 keeps nothing
	bytes int64 // the sizes of what is kept
	m     map[string]*list.Element
	order list.List // of *lruEntry[V], most recently used first
}

type lruEntry[V any] struct {
	key  string
	v    V
	size int64
}

// get returns the value kept under key and marks it used.
func (c *byteLRU[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry[V]).v, true
}

// put keeps v of the estimated size under key, in place of what was kept under it, and
// reports whether it was kept (false when size is past the limit).
func (c *byteLRU[V]) put(key string, v V, size int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.drop(e)
	}
	if size > c.limit || size < 0 {
		return false
	}
	for c.bytes+size > c.limit {
		c.drop(c.order.Back())
	}
	if c.m == nil {
		c.m = map[string]*list.Element{}
	}
	c.m[key] = c.order.PushFront(&lruEntry[V]{key, v, size})
	c.bytes += size
	return true
}

func (c *byteLRU[V]) drop(e *list.Element) {
	en := c.order.Remove(e).(*lruEntry[V])
	delete(c.m, en.key)
	c.bytes -= en.size
}

// kept returns the number of values kept and the sum of their sizes.
func (c *byteLRU[V]) kept() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.bytes
}
