package workspace

import (
	"context"
	"sync"

	"parley"
)

// cachingStore keeps decoded published versions in memory: they never change, so every
// server sharing a database may cache them, and decoding a version is most of the cost of
// marking a stance. Callers must not modify a version read through a Tx (they copy points
// before changing them).
type cachingStore struct {
	Store
	versions sync.Map // ws + "/" + id -> *parley.Version
}

func (c *cachingStore) Read(ctx context.Context, fn func(Tx) error) error {
	return c.Store.Read(ctx, func(tx Tx) error { return fn(&cachingTx{tx, c}) })
}

func (c *cachingStore) Write(ctx context.Context, fn func(Tx) error) error {
	return c.Store.Write(ctx, func(tx Tx) error { return fn(&cachingTx{tx, c}) })
}

type cachingTx struct {
	Tx
	c *cachingStore
}

func (t *cachingTx) Version(ws, id string) (*parley.Version, error) {
	if v, ok := t.c.versions.Load(ws + "/" + id); ok {
		return v.(*parley.Version), nil
	}
	v, err := t.Tx.Version(ws, id)
	if err == nil && v.Status == parley.StatusPublished {
		t.c.versions.Store(ws+"/"+id, v)
	}
	return v, err
}
