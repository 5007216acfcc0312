package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"parley"
	"parley/internal/httpstatus"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Code   string         `json:"code"`
	Errors []ProblemField `json:"errors,omitempty"`
}

// ProblemField names one offending field by its path ("ops[2].content.bindings.nato").
type ProblemField struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// CodeOf is the error code of an HTTP status, for clients (httpstatus.Code).
func CodeOf(status int) string { return httpstatus.Code(status) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// writeEncoded writes b, JSON encoded as by writeJSON, in one piece with its length.
func writeEncoded(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// ProblemType is the URI of the problem type of an error code: one type per code.
func ProblemType(code string) string { return "urn:parley:problem:" + code }

// problemCodes lists the error codes a problem may carry.
func problemCodes() []string {
	return []string{parley.EINVALID, parley.ENOTFOUND, parley.ECONFLICT, parley.EUNAUTHORIZED, parley.EFORBIDDEN, parley.ELIMIT, parley.EINTERNAL}
}

func problemTypes() []string {
	var ts []string
	for _, c := range problemCodes() {
		ts = append(ts, ProblemType(c))
	}
	return ts
}

func writeProblem(w http.ResponseWriter, status int, p *Problem) {
	p.Type = ProblemType(p.Code)
	p.Status = status
	p.Title = http.StatusText(status)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="parley"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// writeError writes err as a problem. Internal errors are logged and never shown.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeProblem(w, http.StatusRequestEntityTooLarge, &Problem{Code: parley.EINVALID, Detail: "the request body is larger than the limit"})
		return
	}
	code := parley.ErrorCode(err)
	status := httpstatus.Of(code)
	p := &Problem{Code: code}
	var e *parley.Error
	if code == parley.EINTERNAL || !errors.As(err, &e) {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Code, status = parley.EINTERNAL, http.StatusInternalServerError
		p.Detail = "internal error"
	} else {
		p.Detail = e.Message
		if e.Field != "" {
			p.Errors = []ProblemField{{Field: e.Field, Message: e.Message}}
		}
	}
	writeProblem(w, status, p)
}
