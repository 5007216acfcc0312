package sqlite

import (
	"bytes"
	"sync"

	"parley"
)

// decoded keeps the last decoded form of each workspace record beside its JSON: nearly
// every request reads its workspace to check the caller's membership, and decoding it was
// the largest cost of a read. An entry is used only when the stored bytes are exactly the
// ones it was decoded from, so it is never stale, whoever wrote the record; callers get a
// deep copy they may change.
type decoded struct {
	mu sync.RWMutex
	m  map[string]decodedWorkspace
}

type decodedWorkspace struct {
	data []byte
	w    *parley.Workspace
}

// maxDecoded bounds the workspaces kept decoded; past it, new ones are not kept.
const maxDecoded = 4096

// Get returns a copy of the workspace decoded from data, or nil if it is not kept.
func (d *decoded) Get(id string, data []byte) *parley.Workspace {
	d.mu.RLock()
	e, ok := d.m[id]
	d.mu.RUnlock()
	if !ok || !bytes.Equal(e.data, data) {
		return nil
	}
	return cloneWorkspace(e.w)
}

// Put keeps w, decoded from data; it keeps its own copies of both.
func (d *decoded) Put(id string, data []byte, w *parley.Workspace) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[string]decodedWorkspace{}
	}
	if _, ok := d.m[id]; !ok && len(d.m) >= maxDecoded {
		return
	}
	d.m[id] = decodedWorkspace{data: bytes.Clone(data), w: cloneWorkspace(w)}
}

// cloneWorkspace returns a deep copy of w: no slice or pointer is shared.
func cloneWorkspace(w *parley.Workspace) *parley.Workspace {
	c := *w
	if w.Issues != nil {
		c.Issues = make([]*parley.Issue, len(w.Issues))
		for i, is := range w.Issues {
			ic := *is
			ic.Options = cloneStrings(is.Options)
			c.Issues[i] = &ic
		}
	}
	if w.Members != nil {
		c.Members = make([]*parley.Member, len(w.Members))
		for i, m := range w.Members {
			if m != nil {
				mc := *m
				c.Members[i] = &mc
			}
		}
	}
	return &c
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append(make([]string, 0, len(s)), s...)
}
