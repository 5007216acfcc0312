// Package httpstatus maps parley's error codes to HTTP statuses: the one table by which the
// HTTP API (package httpapi) and the web UI (package web) both answer a service error.
//
// It imports only parley and the standard library.
package httpstatus

import (
	"net/http"

	"parley"
)

// table maps error codes to HTTP statuses.
var table = map[string]int{
	parley.EINVALID:      http.StatusBadRequest,
	parley.ENOTFOUND:     http.StatusNotFound,
	parley.ECONFLICT:     http.StatusConflict,
	parley.EUNAUTHORIZED: http.StatusUnauthorized,
	parley.EFORBIDDEN:    http.StatusForbidden,
	parley.ELIMIT:        http.StatusTooManyRequests,
	parley.EINTERNAL:     http.StatusInternalServerError,
}

// Of returns the HTTP status of an error code; an unknown code is an internal error (500).
func Of(code string) int {
	if s, ok := table[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Code returns the error code of an HTTP status, for clients: the table inverted, with the
// statuses of a refused request body read as invalid input.
func Code(status int) string {
	for c, s := range table {
		if s == status {
			return c
		}
	}
	if status == http.StatusRequestEntityTooLarge || status == http.StatusUnsupportedMediaType {
		return parley.EINVALID
	}
	return parley.EINTERNAL
}
