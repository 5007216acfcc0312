// Package client is the Go client of parley's HTTP API. It implements the same service
// interfaces as the server (package workspace), so code written against the interfaces runs
// in-process or over the network alike. The caller is the client's token; a caller in the
// context is ignored.
//
// It imports only the standard library, package parley and package httpapi (for the
// request and problem types), never a storage package.
package client
