package postgres

import (
	"context"
	"testing"

	"parley/postgres/pgtest"
)

// TestCommitsDurable checks that the store's sessions commit durably
// (synchronous_commit=on) even when the URL asks otherwise.
func TestCommitsDurable(t *testing.T) {
	url := pgtest.NewDatabase(t)
	for _, u := range []string{url, url + "&synchronous_commit=off"} {
		db, err := Open(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.pool.QueryRow(context.Background(), `SHOW synchronous_commit`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != "on" {
			t.Errorf("%s: synchronous_commit = %q, want on", u, got)
		}
		db.Close()
	}
}
