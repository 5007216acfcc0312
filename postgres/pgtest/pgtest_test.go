package pgtest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"parley/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// TestDatabasesAreSeparate checks that each test database starts empty: a table made in
// one is not in another.
func TestDatabasesAreSeparate(t *testing.T) {
	ctx := context.Background()
	a, b := connect(t, pgtest.NewDatabase(t)), connect(t, pgtest.NewDatabase(t))
	if _, err := a.Exec(ctx, `CREATE TABLE mine (x int)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'mine'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("a table made in one test database is in another")
	}
}

// TestMissingPostgreSQL runs TestDatabasesAreSeparate in a child process that cannot find
// PostgreSQL: it must skip, unless CI is set, and then fail saying why.
func TestMissingPostgreSQL(t *testing.T) {
	if os.Getenv("PGTEST_CHILD") != "" {
		t.Skip("in the child")
	}
	tests := []struct {
		name, ci string
		fail     bool
		want     string
	}{
		{"Skips", "", false, "--- SKIP: TestDatabasesAreSeparate"},
		{"FailsInCI", "true", true, "and CI is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestDatabasesAreSeparate$", "-test.v", "-test.count=1")
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, "PARLEY_PG_BIN=") {
					cmd.Env = append(cmd.Env, kv)
				}
			}
			cmd.Env = append(cmd.Env, "PGTEST_CHILD=1", "PARLEY_PG_BIN="+t.TempDir())
			if tt.ci != "" {
				cmd.Env = append(cmd.Env, "CI="+tt.ci)
			}
			out, err := cmd.CombinedOutput()
			if got := err != nil; got != tt.fail {
				t.Errorf("child failed: %v, want failed: %v\n%s", got, tt.fail, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("child output lacks %q:\n%s", tt.want, out)
			}
		})
	}
}
