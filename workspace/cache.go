package workspace

import (
	"context"

	"parley"
)

// cachingStore keeps decoded published versions in memory: they never change, so every
// server sharing a database may cache them, and decoding a version is most of the cost of
// marking a stance. Callers must not modify a version read through a Tx (they copy points
// before changing them). A version read in a write transaction is cached only once that
// transaction has committed: it may yet roll back (or commit together with other writes,
// and fail with them).
type cachingStore struct {
	Store
	versions boundedMap // ws + "/" + id -> *parley.Version, at most maxCachedBytes
}

// maxCachedBytes bounds the decoded versions kept in memory (estimated by versionSize).
const maxCachedBytes = 64 << 20

func (c *cachingStore) Read(ctx context.Context, fn func(Tx) error) error {
	return c.Store.Read(ctx, func(tx Tx) error { return fn(&cachingTx{Tx: tx, c: c}) })
}

func (c *cachingStore) Write(ctx context.Context, fn func(Tx) error) error {
	var read []cached
	err := c.Store.Write(ctx, func(tx Tx) error {
		read = read[:0] // a retried fn starts afresh
		return fn(&cachingTx{Tx: tx, c: c, pending: &read})
	})
	if err == nil {
		for _, r := range read {
			c.versions.store(r.key, r.v, versionSize(r.v))
		}
	}
	return err
}

// version returns the published version ws/id if it is cached, or nil.
func (c *cachingStore) version(ws, id string) *parley.Version {
	if v, ok := c.versions.load(ws + "/" + id); ok {
		return v.(*parley.Version)
	}
	return nil
}

type cachingTx struct {
	Tx
	c       *cachingStore
	pending *[]cached // in a write transaction: published versions to cache once committed
}

type cached struct {
	key string
	v   *parley.Version
}

func (t *cachingTx) Version(ws, id string) (*parley.Version, error) {
	if v, ok := t.c.versions.load(ws + "/" + id); ok {
		return v.(*parley.Version), nil
	}
	v, err := t.Tx.Version(ws, id)
	if err == nil && v.Status == parley.StatusPublished {
		if t.pending != nil {
			*t.pending = append(*t.pending, cached{ws + "/" + id, v})
		} else {
			t.c.versions.store(ws+"/"+id, v, versionSize(v))
		}
	}
	return v, err
}
