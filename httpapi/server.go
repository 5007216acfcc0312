package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"parley"
)

// Services are what the server serves. A *workspace.Service provides them all.
type Services interface {
	parley.Authenticator
	parley.WorkspaceService
	parley.ProfileService
	parley.PlanService
	parley.FrontierService
	parley.StanceService
	parley.SessionService
	parley.RatificationService
	parley.AuditService
	parley.BlindService
	parley.EventReplayer
	parley.EncodedViews
	parley.ElicitService
	parley.DeskService
	parley.Suggester
}

// Server is the HTTP API. It implements http.Handler.
type Server struct {
	svc Services
	log *slog.Logger
	mux *http.ServeMux
	// members holds what each member's token is counted against (requests in flight, event
	// streams apart, which the service caps itself; its lane of heavy requests; its budget
	// of server time), by workspace + "/" + member.
	members sync.Map // string -> *memberLimits
	budget  atomic.Pointer[Budget]
	serving atomic.Int64 // requests being served, event streams apart
	// others counts the requests being served for members within their budget.
	others  *servedCount
	giveWay time.Duration // the longest a spent member's request gives way at once
	procs   int           // GOMAXPROCS when the server was made
	// turnHook, when set (by tests), runs when a counted request's turn comes.
	turnHook atomic.Pointer[func()]
	// serveHook, when set (by tests), runs as a counted request is served.
	serveHook atomic.Pointer[func()]
	// Patterns lists the registered patterns, in route-table order.
	Patterns []string
}

// NewServer returns the API on svc, logging internal errors to log (nil: slog.Default()).
func NewServer(svc Services, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{svc: svc, log: log, mux: http.NewServeMux(), procs: runtime.GOMAXPROCS(0), others: newServedCount(), giveWay: DefaultGiveWay}
	s.SetBudget(DefaultBudget)
	for _, rt := range routes() {
		h := rt.handle
		pattern := rt.method + " " + rt.path
		s.Patterns = append(s.Patterns, pattern)
		heavy, ownThread := heavyRoutes[pattern], ownThreadRoutes[pattern]
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			c := parley.CallerFromContext(r.Context())
			if c == nil || c.Admin || isStreamPath(r) {
				h(s, w, r)
				return
			}
			s.charge(r.Context(), c, heavy, ownThread, func(ctx context.Context) {
				if ctx != r.Context() {
					r = r.WithContext(ctx)
				}
				if f := s.serveHook.Load(); f != nil {
					(*f)()
				}
				h(s, w, r)
			})
		})
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
		if !c.Admin && !isStreamPath(r) {
			done, err := s.admit(w, c)
			if err != nil {
				holdRefusal(r.Context())
				s.writeError(w, r, err)
				return
			}
			defer done()
		}
	}
	s.mux.ServeHTTP(w, r)
}

// isStreamPath reports whether r asks for an event stream, which the service caps itself.
func isStreamPath(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/events") }

// MaxInFlight bounds the requests one member may have served at once: a member flooding
// the server gets 429 at once instead of taking the others' share.
const MaxInFlight = 16

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
