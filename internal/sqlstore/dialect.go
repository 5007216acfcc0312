package sqlstore

import (
	"strings"
	"sync"
)

// Dialect states what differs between the databases a Tx runs on. Everything else,
// including every statement that is the same in both, is in this package.
type Dialect struct {
	// Order is the column that keeps the insertion order of versions, sessions and
	// ratifications (SQLite's rowid; an identity column in PostgreSQL).
	Order string
	// Bytewise is the collation clause that sorts text byte by byte, whatever the
	// database's locale.
	Bytewise string
	// TimeFormat formats the times stored as text and ordered by (a token's creation, a
	// session's date); they are read back with time.RFC3339Nano.
	TimeFormat string
	// SummaryTable says that a version's summary is a row of version_summaries (SQLite,
	// where a column after the JSON would be read through its overflow pages) rather than a
	// summary column of versions.
	SummaryTable bool
	// Storable reports whether every key can be stored in a text column; nil means any
	// string can. A key that is not storable was never stored, so a lookup of it finds
	// nothing, and a write of it is invalid.
	Storable func(keys ...string) bool
	// Conflict reports whether err, from an insert, is a constraint the row breaks (and so
	// a conflict); nil means none is. Duplicate keys never fail: inserts are ON CONFLICT
	// DO NOTHING, which leaves the transaction usable.
	Conflict func(err error) bool

	once sync.Once
	q    queries
	sums summaries // decoded version summaries, by their stored bytes
}

// queries are the statements whose text depends on the dialect, made once.
type queries struct {
	versions, sessions, stances, ratifications, summaries string
}

func (d *Dialect) queries() *queries {
	d.once.Do(func() {
		r := strings.NewReplacer("{order}", d.Order, "{bytewise}", d.Bytewise)
		d.q = queries{
			versions:      r.Replace(`SELECT data FROM versions WHERE workspace = ? ORDER BY {order}`),
			sessions:      r.Replace(`SELECT data FROM sessions WHERE workspace = ? ORDER BY date {bytewise}, {order}`),
			stances:       r.Replace(`SELECT data FROM stances WHERE workspace = ? AND version = ? ORDER BY point {bytewise}, party {bytewise}`),
			ratifications: r.Replace(`SELECT data FROM ratifications WHERE workspace = ? ORDER BY {order}`),
			// Versions stored before the summary was kept have their summary made from their JSON.
			summaries: r.Replace(`SELECT summary, CASE WHEN summary IS NULL THEN data END FROM versions WHERE workspace = ? ORDER BY {order}`),
		}
		if d.SummaryTable {
			d.q.summaries = r.Replace(`SELECT s.summary, CASE WHEN s.summary IS NULL THEN (SELECT data FROM versions d WHERE d.{order} = v.{order}) END
		FROM versions v LEFT JOIN version_summaries s ON s.workspace = v.workspace AND s.id = v.id
		WHERE v.workspace = ? ORDER BY v.{order}`)
		}
	})
	return &d.q
}

func (d *Dialect) storable(keys ...string) bool { return d.Storable == nil || d.Storable(keys...) }
