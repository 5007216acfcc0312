// Package sqlstore is the workspace.Tx that the sqlite and postgres stores share: the
// records, the optimistic concurrency on revisions and the audit log's storage, written once
// over a small Conn interface with ? placeholders. What differs between the two databases
// (the column keeping insertion order, byte-order collation, the stored time format, which
// keys can be stored, where a version's summary lives) is stated by a Dialect; each store
// supplies its Conn (database/sql for SQLite, pgx for PostgreSQL), opens and migrates its
// database, and runs its transactions.
//
// Its conformance suite is parley/internal/storetest, run unchanged by the tests of both
// stores.
//
// It must import nothing but parley and the standard library (no driver, no database/sql);
// internal/deptest checks it.
package sqlstore
