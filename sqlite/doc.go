// Package sqlite stores workspaces in one embedded SQLite file (modernc.org/sqlite, pure Go)
// with embedded migrations, WAL and durable commits. It implements workspace.Store and keeps
// no business rules beyond optimistic concurrency on revisions. Its statements are package
// internal/sqlstore's, shared with the PostgreSQL store; this package states SQLite's dialect
// and adds the file, its migrations, the statement cache, group commit and the cache of
// decoded workspaces. Both stores pass the conformance suite workspace/storetest.
//
// It must not import net/http, the transport packages (httpapi, web), the other store
// (postgres) or the CLI; internal/deptest checks it.
package sqlite
