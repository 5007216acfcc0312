// Package sqlite stores workspaces in one embedded SQLite file (modernc.org/sqlite, pure Go)
// with embedded migrations, WAL and durable commits. It implements workspace.Store and keeps
// no business rules beyond optimistic concurrency on revisions.
//
// It must not import net/http, the transport packages (httpapi, web), the other store
// (postgres) or the CLI; internal/deptest checks it.
package sqlite
