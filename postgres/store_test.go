package postgres_test

import (
	"fmt"
	"testing"

	"parley/postgres/pgtest"
	"parley/workspace/storetest"
)

// TestStore runs the stores' conformance suite on a real PostgreSQL server.
func TestStore(t *testing.T) {
	storetest.Run(t, storetest.Backend{New: pgtest.NewDatabase, Open: openStore, Exec: execAll, Replace: replaceSQL, TrustMediator: trustSQL,
		ReplaceSummary: summarySQL})
}

func openStore(tb testing.TB, url string) storetest.Store { return open(tb, url) }

func execAll(tb testing.TB, url string, stmts ...string) {
	tb.Helper()
	for _, s := range stmts {
		exec(tb, url, s)
	}
}

func replaceSQL(from, to string) string {
	return `convert_to(replace(convert_from(data, 'UTF8'), '` + from + `', '` + to + `'), 'UTF8')`
}

func trustSQL(party string, trust bool) string {
	return fmt.Sprintf(`UPDATE profiles SET data = convert_to(((convert_from(data, 'UTF8')::jsonb - 'use') || '{"trust_mediator": %t}'::jsonb)::text, 'UTF8') WHERE party = '%s'`, trust, party)
}

func summarySQL(from, to string) string {
	return `UPDATE versions SET summary = convert_to(replace(convert_from(summary, 'UTF8'), '` + from + `', '` + to + `'), 'UTF8')`
}
