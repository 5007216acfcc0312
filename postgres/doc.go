// Package postgres stores workspaces in a PostgreSQL database (github.com/jackc/pgx/v5),
// for when one machine is not enough: several parley servers can share one database. It
// implements workspace.Store with embedded migrations and durable commits
// (synchronous_commit=on), and keeps no business rules beyond optimistic concurrency on
// revisions. Its statements are package internal/sqlstore's, shared with the SQLite store;
// this package states PostgreSQL's dialect and adds the connection pools, migrations,
// the serialised writes and NOTIFY. Both stores pass the conformance suite
// workspace/storetest.
//
// Every write transaction first locks the row holding the audit chain's head, so writes are
// serialised across all the servers sharing the database, exactly as SQLite's single writer
// serialises them in one process: a write based on a stale revision fails with ECONFLICT,
// no write is lost, and the hash chain never forks. Reads run on a REPEATABLE READ snapshot
// from their own connection pool, so they never queue behind writes. A write waits at most
// lock_timeout (10 s by default) for the lock, as SQLite's busy timeout. Write
// transactions announce their events with NOTIFY and DB.Listen receives those of every
// server, so live updates reach the clients of all of them.
//
// Its tests run on a throwaway PostgreSQL server that package postgres/pgtest starts.
//
// Package postgres must not import net/http, the transport packages (httpapi, web), the other
// store (sqlite) or the CLI; internal/deptest checks it.
package postgres
