// Package storetest is the conformance suite of workspace.Store: Run checks, on stores a
// test opens, everything the service relies on a store for (records and their revisions,
// not-found and conflict errors, orders, rollback, serialised writes, the audit log's
// storage), and a service working on it end to end. The SQLite and PostgreSQL stores run it
// unchanged, each on a real database; a new store runs it too.
//
// It is imported by tests only, and must not import the transport packages (net/http,
// httpapi, web); internal/deptest checks it.
package storetest
