package postgres_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"parley"
	"parley/postgres"
	"parley/postgres/pgtest"
	"parley/workspace"
	"parley/workspace/wstest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// env is a service on a PostgreSQL store with the wstest workspace created.
type env struct {
	URL     string
	DB      *postgres.DB
	Service *workspace.Service
	WS      *parley.Workspace
	Tokens  map[string]string
}

func open(t testing.TB, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newEnv(t testing.TB) *env {
	t.Helper()
	url := pgtest.NewDatabase(t)
	db := open(t, url)
	svc := workspace.New(db, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	admin := parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true})
	ws, toks, err := svc.CreateWorkspace(admin, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{URL: url, DB: db, Service: svc, WS: ws, Tokens: map[string]string{}}
	for _, tk := range toks {
		e.Tokens[tk.MemberID] = tk.Token
	}
	return e
}

// as returns a context with member as the caller, authenticated by svc.
func (e *env) as(t testing.TB, svc *workspace.Service, member string) context.Context {
	t.Helper()
	c, err := svc.Authenticate(context.Background(), e.Tokens[member])
	if err != nil {
		t.Fatalf("authenticate %s: %v", member, err)
	}
	return parley.NewContextWithCaller(context.Background(), c)
}

// exec runs sql on the database directly, as an intruder with database access would.
func exec(t testing.TB, url, sql string) {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

func TestOpenTogetherMigratesOnce(t *testing.T) {
	url := pgtest.NewDatabase(t)
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() {
			db, err := postgres.Open(context.Background(), url)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("open: %v", err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"NotAURL", "postgres://user:secret@host:notaport/db", "not valid"},
		{"NoServer", "postgres://user:secret@127.0.0.1:1/db?connect_timeout=5", "PostgreSQL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := postgres.Open(context.Background(), tt.url)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "secret") {
				t.Errorf("error %q: want it to say %q and not show the password", msg, tt.want)
			}
		})
	}
}
