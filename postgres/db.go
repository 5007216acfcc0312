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

	"parley/workspace"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open PostgreSQL store. It implements workspace.Store.
type DB struct {
	pool *pgxpool.Pool
}

// migrationLock is the key of the advisory lock held while migrating, so that servers
// starting together on an empty database do not apply the same migration twice.
const migrationLock = 0x7061726c6579 // "parley"

// Open connects to the database at url (postgres://user:pass@host:port/db?sslmode=...,
// or key=value form; pool_max_conns and the other pgxpool settings are accepted) and
// applies pending migrations. Commits are durable: synchronous_commit is forced on.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, errors.New("the PostgreSQL connection URL is not valid (want postgres://user:password@host:port/database)")
	}
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	cfg.ConnConfig.RuntimeParams["application_name"] = "parley"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	db := &DB{pool: pool}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// migrate applies the embedded migrations not yet recorded, all in one transaction.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
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
	return fn(&txn{ctx: ctx, tx: tx})
}

// Write implements workspace.Store. The transaction runs at READ COMMITTED and starts by
// locking the audit head row, which every write does: the writes of all servers on the
// database therefore run one after the other, and each one's statements see everything
// committed before it (a REPEATABLE READ snapshot would be taken before the lock is
// granted and miss the write that held it).
func (db *DB) Write(ctx context.Context, fn func(workspace.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("begin write: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	t := &txn{ctx: ctx, tx: tx, write: true}
	if err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&t.headSeq, &t.headHash); err != nil {
		return fmt.Errorf("begin write: lock the audit head: %w", err)
	}
	if err := fn(t); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
