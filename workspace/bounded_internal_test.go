package workspace

import (
	"fmt"
	"strings"
	"testing"

	"parley"
)

// TestBoundedMapStaysWithinLimit stores far more than the limit and checks that the sizes
// kept never pass it, that what is kept is what was stored, and that a value larger than
// the limit is never kept.
func TestBoundedMapStaysWithinLimit(t *testing.T) {
	b := &boundedMap{limit: 1000}
	for i := range 500 {
		key := fmt.Sprint("k", i)
		b.store(key, i, 30)
		if got := b.bytes.Load(); got > b.limit {
			t.Fatalf("after %d stores %d bytes kept, limit %d", i+1, got, b.limit)
		}
		if v, ok := b.load(key); !ok || v.(int) != i {
			t.Fatalf("%s: got %v, %v just after storing it", key, v, ok)
		}
	}
	kept, sum := 0, int64(0)
	b.m.Range(func(_, _ any) bool { kept++; sum += 30; return true })
	if sum != b.bytes.Load() || kept == 0 || kept > 1000/30 {
		t.Fatalf("%d values kept (%d bytes), counter %d", kept, sum, b.bytes.Load())
	}
	b.store("k0", 0, 30) // a key kept twice counts once
	b.store("k0", 0, 30)
	b.store("huge", 1, 1001)
	if _, ok := b.load("huge"); ok {
		t.Fatal("a value larger than the limit was kept")
	}
}

// TestVersionCacheBounded publishes-size versions into the decoded-version cache far past
// its bound and checks its estimate of memory stays under it.
func TestVersionCacheBounded(t *testing.T) {
	c := &cachingStore{}
	c.versions.limit = 1 << 20
	text := strings.Repeat("word ", 200)
	for i := range 200 {
		v := &parley.Version{ID: fmt.Sprint("v", i)}
		for j := range 50 {
			v.Points = append(v.Points, &parley.PlanPoint{ID: fmt.Sprint("p", j), Text: text})
		}
		c.versions.store("ws/"+v.ID, v, versionSize(v))
		if c.versions.bytes.Load() > c.versions.limit {
			t.Fatalf("after %d versions %d bytes kept, limit %d", i+1, c.versions.bytes.Load(), c.versions.limit)
		}
	}
	if c.version("ws", "v199") == nil {
		t.Fatal("the last version stored is not kept")
	}
}
