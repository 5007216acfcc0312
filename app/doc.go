// Package app wires one parley server process by hand: configuration, the SQLite store,
// the workspace service and the HTTP server, with Run and Close. Commands (parley serve,
// parley demo) and end-to-end tests start it on a temporary database and port :0.
//
// It must not hold business rules (package workspace) or HTTP handlers (package httpapi).
package app
