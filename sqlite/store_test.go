package sqlite_test

import (
	"path/filepath"
	"testing"

	"parley/sqlite"
	"parley/workspace"
	"parley/workspace/storetest"
)

// TestStore runs the stores' conformance suite on a real SQLite file.
func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) workspace.Store {
		db, err := sqlite.Open(filepath.Join(tb.TempDir(), "parley.db"), sqlite.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	})
}
