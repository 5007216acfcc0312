package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"parley/internal/sqlstore"
	"parley/workspace"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open PostgreSQL store. It implements workspace.Store.
//
// Reads and writes use separate connection pools, as the SQLite store does: writes wait
// for one another on the audit head lock, and readers must not queue behind them for a
// connection. Since writes run one at a time anyway, the write pool is small.
type DB struct {
	pool  *pgxpool.Pool // readers
	wpool *pgxpool.Pool // writers
}

// writeConns is the size of the write pool: one connection committing while the next
// waits for the lock.
const writeConns = 2

// migrationLock is the key of the advisory lock held while migrating, so that servers
// starting together on an empty database do not apply the same migration twice.
const migrationLock = 0x7061726c6579 // "parley"

// Open connects to the database at url (postgres://user:pass@host:port/db?sslmode=...,
// or key=value form; pool_max_conns, the size of the read pool, and the other pgxpool
// settings are accepted) and applies pending migrations. Commits are durable:
// synchronous_commit is forced on. Unless the URL sets them, a write waits at most 10
// seconds for a lock (lock_timeout, as SQLite's busy timeout) and a session left idle
// in a transaction for a minute is ended (idle_in_transaction_session_timeout), so a
// stalled server cannot hold every other server's writes for ever.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, errors.New("the PostgreSQL connection URL is not valid (want postgres://user:password@host:port/database)")
	}
	params := cfg.ConnConfig.RuntimeParams
	params["synchronous_commit"] = "on"
	params["application_name"] = "parley"
	for k, v := range map[string]string{"lock_timeout": "10s", "idle_in_transaction_session_timeout": "60s"} {
		if params[k] == "" {
			params[k] = v
		}
	}
	wcfg := cfg.Copy()
	wcfg.MaxConns, wcfg.MinConns = writeConns, 0
	db := &DB{}
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if db.wpool, err = pgxpool.NewWithConfig(ctx, wcfg); err != nil {
		db.pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := db.wpool.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.pool.Close()
	db.wpool.Close()
	return nil
}

// migrate applies the embedded migrations not yet recorded, all in one transaction.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, db.wpool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY)`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		for _, name := range names {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			if n > 0 {
				continue
			}
			b, _ := migrations.ReadFile(name)
			// Simple protocol: a migration holds several statements.
			if _, err := tx.Exec(ctx, string(b), pgx.QueryExecModeSimpleProtocol); err != nil {
				return fmt.Errorf("migrate %s: %w", name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO migrations (name) VALUES ($1)`, name); err != nil {
				return fmt.Errorf("migrate %s: %w", name, err)
			}
		}
		return nil
	})
}

// Read implements workspace.Store: fn sees one snapshot of the database.
func (db *DB) Read(ctx context.Context, fn func(workspace.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return fn(newTxn(ctx, tx, nil))
}

// Write implements workspace.Store. The transaction runs at READ COMMITTED and starts by
// locking the audit head row, which every write does: the writes of all servers on the
// database therefore run one after the other, and each one's statements see everything
// committed before it (a REPEATABLE READ snapshot would be taken before the lock is
// granted and miss the write that held it).
func (db *DB) Write(ctx context.Context, fn func(workspace.Tx) error) error {
	tx, err := db.wpool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var head sqlstore.Head
	if err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&head.Seq, &head.Hash); err != nil {
		return fmt.Errorf("begin write: lock the audit head: %w", err)
	}
	if err := fn(newTxn(ctx, tx, &head)); err != nil {
		return err
	}
	// Once fn has succeeded the write is committed even if ctx ends meanwhile: a commit
	// cut off half way would leave the caller unsure whether it happened.
	if err := tx.Commit(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
