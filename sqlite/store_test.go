package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"parley/sqlite"
	"parley/workspace/storetest"
)

// TestStore runs the stores' conformance suite on real SQLite files.
func TestStore(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		New: func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "parley.db") },
		Open: func(tb testing.TB, path string) storetest.Store {
			tb.Helper()
			db, err := sqlite.Open(path, sqlite.Options{})
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { db.Close() })
			return db
		},
		Exec: func(tb testing.TB, path string, stmts ...string) {
			tb.Helper()
			raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)")
			if err != nil {
				tb.Fatal(err)
			}
			defer raw.Close()
			for _, s := range stmts {
				if _, err := raw.Exec(s); err != nil {
					tb.Fatalf("%s: %v", s, err)
				}
			}
		},
		Replace: func(from, to string) string {
			return `CAST(replace(CAST(data AS TEXT), '` + from + `', '` + to + `') AS BLOB)`
		},
		TrustMediator: func(party string, trust bool) string {
			return `UPDATE profiles SET data = CAST(json_remove(json_set(CAST(data AS TEXT), '$.trust_mediator', json('` +
				fmt.Sprint(trust) + `')), '$.use') AS BLOB) WHERE party = '` + party + `'`
		},
		ReplaceSummary: func(from, to string) string {
			return `UPDATE version_summaries SET summary = CAST(replace(CAST(summary AS TEXT), '` + from + `', '` + to + `') AS BLOB)`
		},
	})
}
