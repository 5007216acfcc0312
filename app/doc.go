// Package app wires one parley server process by hand: configuration, the store (SQLite, or
// PostgreSQL when a database URL is given), the workspace service, the HTTP API and the web
// UI, with Run and Close. Commands (parley serve, parley demo) and end-to-end tests start it
// on a temporary database and port :0.
//
// It must not hold business rules (package workspace) or HTTP handlers (package httpapi).
package app
