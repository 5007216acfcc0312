// Package sqlite stores workspaces in one embedded SQLite file (modernc.org/sqlite, pure Go)
// with embedded migrations, WAL and durable commits. It implements workspace.Store and keeps
// no business rules beyond optimistic concurrency on revisions.
//
// It must not import net/http or package httpapi.
package sqlite
