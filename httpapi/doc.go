// Package httpapi serves the parley workspace over HTTP under /api/: JSON in and out,
// RFC 9457 problem details for errors, strict decoding that names unknown fields by path,
// bearer tokens, server-sent events for live updates, and an OpenAPI 3.1 document generated
// from the same route table the server uses. Subpackage client is the Go client.
//
// It holds no business rules: it decodes, calls the parley service interfaces and encodes.
// It must not import a storage package (sqlite).
package httpapi
