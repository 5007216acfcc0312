package parley

import (
	"errors"
	"fmt"
)

// Error codes. Stored and sent over the wire: append only.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
	// ELIMIT: the caller holds as many of a bounded resource (event streams, drafts,
	// analyses running) as it may; it may try again once one is released.
	ELIMIT = "limit"
)

// Error is the application error. Code is one of the E* constants; Message is safe to show
// to the caller; Field, when set, names the offending field as a path ("issues[2].max").
// File, Line and Col, when set, say where in an input file the problem is (1-based).
type Error struct {
	Code    string
	Message string
	Field   string
	File    string
	Line    int
	Col     int
}

// Error implements the error interface: "file:line:col: field: message", leaving out the
// parts that are not set.
func (e *Error) Error() string {
	return location(e.File, e.Line, e.Col, e.Field) + e.Message
}

func location(file string, line, col int, field string) string {
	s := ""
	if file != "" {
		s = file
		if line > 0 {
			s += fmt.Sprintf(":%d", line)
			if col > 0 {
				s += fmt.Sprintf(":%d", col)
			}
		}
		s += ": "
	} else if line > 0 {
		s = fmt.Sprintf("line %d: ", line)
	}
	if field != "" {
		s += field + ": "
	}
	return s
}

// Warning is a problem in an input that parley worked around (weights normalised, a feature
// dropped in a conversion). It names where, like Error.
type Warning struct {
	File    string
	Line    int
	Field   string
	Message string
}

// String formats the warning as "file:line: field: message".
func (w Warning) String() string { return location(w.File, w.Line, 0, w.Field) + w.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error about field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a generic
// "internal error" for any other error, so internal details never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}
