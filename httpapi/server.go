package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"parley"
)

// Services are what the server serves. A *workspace.Service provides them all.
type Services interface {
	parley.Authenticator
	parley.WorkspaceService
	parley.ProfileService
	parley.PlanService
	parley.StanceService
	parley.SessionService
	parley.RatificationService
	parley.AuditService
	parley.EventService
}

// Server is the HTTP API. It implements http.Handler.
type Server struct {
	svc Services
	log *slog.Logger
	mux *http.ServeMux
	// Patterns lists the registered patterns, in route-table order.
	Patterns []string
}

// NewServer returns the API on svc, logging internal errors to log (nil: slog.Default()).
func NewServer(svc Services, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{svc: svc, log: log, mux: http.NewServeMux()}
	for _, rt := range routes() {
		h := rt.handle
		pattern := rt.method + " " + rt.path
		s.Patterns = append(s.Patterns, pattern)
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { h(s, w, r) })
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, &Problem{Code: parley.ENOTFOUND, Detail: "no such route; see /api/openapi.json"})
	})
	return s
}

// Handle registers h for pattern beside the API (for example the web UI at "/").
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP authenticates the bearer token, if any, and routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, tok, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			writeProblem(w, http.StatusUnauthorized, &Problem{Code: parley.EUNAUTHORIZED, Detail: "the Authorization header must be 'Bearer TOKEN'"})
			return
		}
		c, err := s.svc.Authenticate(r.Context(), strings.TrimSpace(tok))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		r = r.WithContext(parley.NewContextWithCaller(r.Context(), c))
	}
	s.mux.ServeHTTP(w, r)
}

// WithCaller returns r carrying c as its caller, for handlers mounted beside the API
// (the web UI) that authenticate by other means.
func WithCaller(r *http.Request, c *parley.Caller) *http.Request {
	return r.WithContext(parley.NewContextWithCaller(r.Context(), c))
}

func (s *Server) reply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

func queryInt(r *http.Request, name string) (int64, error) {
	q := r.URL.Query().Get(name)
	if q == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(q, 10, 64)
	if err != nil || n < 0 {
		return 0, parley.FieldErrorf(name, "%s must be a non-negative integer", name)
	}
	return n, nil
}
