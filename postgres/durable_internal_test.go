package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"parley/postgres/pgtest"
)

// TestSessionSettings checks what the store's sessions run with, on both pools: durable
// commits (synchronous_commit=on) even when the URL asks otherwise, and lock and idle
// timeouts that the URL may change.
func TestSessionSettings(t *testing.T) {
	url := pgtest.NewDatabase(t)
	tests := []struct {
		name, query string
		want        map[string]string
	}{
		{"Defaults", "", map[string]string{"synchronous_commit": "on", "lock_timeout": "10s", "idle_in_transaction_session_timeout": "1min"}},
		{"URL", "&synchronous_commit=off&lock_timeout=2s&idle_in_transaction_session_timeout=5s",
			map[string]string{"synchronous_commit": "on", "lock_timeout": "2s", "idle_in_transaction_session_timeout": "5s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(context.Background(), url+tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for pname, pool := range map[string]*pgxpool.Pool{"read": db.pool, "write": db.wpool} {
				for name, want := range tt.want {
					var got string
					if err := pool.QueryRow(context.Background(), `SELECT current_setting($1)`, name).Scan(&got); err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("%s pool: %s = %q, want %q", pname, name, got, want)
					}
				}
			}
		})
	}
}
