package postgres_test

import (
	"testing"

	"parley/postgres/pgtest"
	"parley/workspace"
	"parley/workspace/storetest"
)

// TestStore runs the stores' conformance suite on a real PostgreSQL server.
func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) workspace.Store { return open(tb, pgtest.NewDatabase(tb)) })
}
