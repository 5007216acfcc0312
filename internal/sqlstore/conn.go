package sqlstore

import "errors"

// Conn runs the statements of one transaction. Queries are written with ? placeholders;
// a Conn for a database that numbers them ($1, $2, ...) rewrites them (see Rebind).
type Conn interface {
	Query(q string, args ...any) (Rows, error)
	// QueryRow's Scan returns ErrNoRows when the query selected nothing.
	QueryRow(q string, args ...any) Row
	// Exec returns the number of rows the statement changed.
	Exec(q string, args ...any) (int64, error)
}

// Row is one selected row.
type Row interface {
	Scan(dst ...any) error
}

// Rows are the rows a query selected, read with Next and Scan, then closed.
type Rows interface {
	Next() bool
	Scan(dst ...any) error
	Err() error
	Close()
}

// ErrNoRows is what a Row's Scan returns when there was no row.
var ErrNoRows = errors.New("no rows in result set")

// Rebind returns q with its ? placeholders numbered $1, $2, ... as PostgreSQL wants them.
// The queries of this package hold no ? in a literal.
func Rebind(q string) string {
	n := 0
	b := make([]byte, 0, len(q)+8)
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b = append(b, q[i])
			continue
		}
		n++
		b = append(b, '$')
		b = appendInt(b, n)
	}
	return string(b)
}

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}
