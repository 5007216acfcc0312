package sqlite

import (
	"database/sql"
	"errors"
	"time"

	"parley/internal/sqlstore"
)

// dialect is what SQLite does differently from PostgreSQL; the statements themselves are
// package sqlstore's.
var dialect = &sqlstore.Dialect{
	Order:        "rowid",
	Bytewise:     "COLLATE BINARY",
	TimeFormat:   time.RFC3339Nano,
	SummaryTable: true,
	Conflict:     isConstraint,
}

func isConstraint(err error) bool {
	type coder interface{ Code() int }
	var c coder
	if errors.As(err, &c) {
		return c.Code()&0xff == 19 // SQLITE_CONSTRAINT and its extended codes
	}
	return false
}

// newTx returns the store's transaction over tx.
func (db *DB) newTx(tx *sql.Tx, st *stmts, readOnly bool) *sqlstore.Tx {
	return &sqlstore.Tx{Conn: conn{tx: tx, stmts: st}, Dialect: dialect, Cache: &db.dec, ReadOnly: readOnly}
}

// conn runs each statement prepared once per connection, or unprepared while it is being
// prepared.
type conn struct {
	tx    *sql.Tx
	stmts *stmts
}

// runStmt runs q as the statement prepared for it, or unprepared while it is being prepared.
func runStmt[T any](c conn, q string, args []any, prepared func(*sql.Stmt, ...any) (T, error), unprepared func(string, ...any) (T, error)) (T, error) {
	if st := c.stmts.get(q); st != nil {
		return prepared(c.tx.Stmt(st), args...)
	}
	return unprepared(q, args...)
}

func (c conn) Query(q string, args ...any) (sqlstore.Rows, error) {
	rows, err := runStmt(c, q, args, (*sql.Stmt).Query, c.tx.Query)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (c conn) QueryRow(q string, args ...any) sqlstore.Row {
	if st := c.stmts.get(q); st != nil {
		return sqlRow{c.tx.Stmt(st).QueryRow(args...)}
	}
	return sqlRow{c.tx.QueryRow(q, args...)}
}

func (c conn) Exec(q string, args ...any) (int64, error) {
	res, err := runStmt(c, q, args, (*sql.Stmt).Exec, c.tx.Exec)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

type sqlRow struct{ *sql.Row }

func (r sqlRow) Scan(dst ...any) error {
	err := r.Row.Scan(dst...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}
