// Package web is parley's browser user interface: server-rendered html/template pages for the
// mediator, each party's delegation and observers, with the front-end assets (htmx and its
// server-sent-events extension, parley's own CSS and a small script) embedded with //go:embed
// and served under content-hashed names.
//
// It talks to the workspace only through the service interfaces of the root package and the
// event hook it is given in Config (and compares texts with package textdiff, as the
// workspace does); it must not import the storage packages (sqlite, postgres), the workspace
// package or the HTTP API's internals (httpapi), so the UI can run on any backend. Every page checks
// the member's token on each request, every state-changing request carries a CSRF token and
// passes net/http's cross-origin protection, and every page is sent with a strict
// Content-Security-Policy: scripts and styles come only from the embedded files.
package web
