package postgres

import (
	"context"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"parley/internal/sqlstore"
)

// dialect is what PostgreSQL does differently from SQLite; the statements themselves are
// package sqlstore's.
var dialect = &sqlstore.Dialect{
	Order: "ord",
	// Byte order, as SQLite sorts text, whatever the database's locale.
	Bytewise: `COLLATE "C"`,
	// RFC 3339 with a fixed nine-digit fraction, so that text order is time order.
	TimeFormat: "2006-01-02T15:04:05.000000000Z07:00",
	Storable:   storable,
}

// storable reports whether every key can be stored in a text column: PostgreSQL refuses
// invalid UTF-8 and NUL.
func storable(keys ...string) bool {
	for _, k := range keys {
		if !utf8.ValidString(k) || strings.IndexByte(k, 0) >= 0 {
			return false
		}
	}
	return true
}

// txn is the store's transaction: sqlstore's, and NotifyEvent.
type txn struct {
	*sqlstore.Tx
	ctx context.Context
	tx  pgx.Tx
}

func newTxn(ctx context.Context, tx pgx.Tx, head *sqlstore.Head) *txn {
	t := &sqlstore.Tx{Conn: conn{ctx: ctx, tx: tx}, Dialect: dialect, ReadOnly: head == nil, Head: head}
	return &txn{Tx: t, ctx: ctx, tx: tx}
}

// conn runs sqlstore's statements on a pgx transaction, their placeholders numbered.
type conn struct {
	ctx context.Context
	tx  pgx.Tx
}

func (c conn) Query(q string, args ...any) (sqlstore.Rows, error) {
	rows, err := c.tx.Query(c.ctx, rebind(q), args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (c conn) QueryRow(q string, args ...any) sqlstore.Row {
	return row{c.tx.QueryRow(c.ctx, rebind(q), args...)}
}

func (c conn) Exec(q string, args ...any) (int64, error) {
	tag, err := c.tx.Exec(c.ctx, rebind(q), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

type row struct{ pgx.Row }

func (r row) Scan(dst ...any) error {
	err := r.Row.Scan(dst...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// rebound keeps the queries already rebound: there are few, and each is used again and again.
var rebound sync.Map

func rebind(q string) string {
	if r, ok := rebound.Load(q); ok {
		return r.(string)
	}
	r := sqlstore.Rebind(q)
	rebound.Store(q, r)
	return r
}
