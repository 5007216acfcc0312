package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"parley"
	"parley/internal/httpstatus"
)

// Config is what the UI needs: the workspace's services, the clock and the key that signs
// CSRF tokens. The services are the same ones the HTTP API uses; the UI puts the signed-in
// member into the request context (parley.NewContextWithCaller) before each call, so every
// rule about who may see what is enforced by the services, never re-implemented here.
type Config struct {
	Auth       parley.Authenticator
	Workspaces parley.WorkspaceService
	Profiles   ProfileService
	Plans      parley.PlanService
	Stances    parley.StanceService
	Sessions   parley.SessionService
	Ratify     parley.RatificationService
	Events     parley.EventService
	Elicit     parley.ElicitService
	// Desk gives the mediator's overview its desk; nil leaves the desk out.
	Desk parley.DeskService
	// Frontier gives the analysis page its frontier table, download and utility space;
	// nil: the page goes without them.
	Frontier parley.FrontierService
	// Blind runs blind overlap rounds; nil leaves the page out.
	Blind parley.BlindService

	// Limit, when set, serves each request of a signed-in member (event streams apart)
	// under the member's limits, as the API counts its bearer-token requests
	// (httpapi.Server.Limit): before the request's form is read, and calling serve only
	// when the member is within them; an error (code limit) is answered 429. nil serves
	// every request as it comes.
	Limit func(w http.ResponseWriter, r *http.Request, c *parley.Caller, serve func(*http.Request)) error

	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CSRFKey signs CSRF tokens; nil means a random key made at start (tokens then last as
	// long as the process).
	CSRFKey []byte
	// Secure marks the sign-in cookie Secure; set it when the server is behind TLS.
	Secure bool
	// Logger receives internal errors, which are never shown to the browser; nil discards.
	Logger *slog.Logger
}

// Services is everything the UI uses; a *workspace.Service provides it all.
type Services interface {
	parley.Authenticator
	parley.WorkspaceService
	ProfileService
	parley.PlanService
	parley.StanceService
	parley.SessionService
	parley.RatificationService
	parley.EventService
	parley.ElicitService
	parley.DeskService
	parley.FrontierService
	parley.BlindService
}

// ProfileService is what the profile editor uses: the profiles, and the service's one
// check of a profile, so that the editor shows each error beside its field.
type ProfileService interface {
	parley.ProfileService
	parley.ProfileChecker
}

// ConfigFor returns the Config that takes every service from svc and logs to log.
func ConfigFor(svc Services, log *slog.Logger) Config {
	return Config{Auth: svc, Workspaces: svc, Profiles: svc, Plans: svc, Stances: svc,
		Sessions: svc, Ratify: svc, Events: svc, Elicit: svc, Desk: svc, Frontier: svc, Blind: svc, Logger: log}
}

// ui is the UI's handler state.
type ui struct {
	cfg    Config
	assets *assetSet
	pages  map[string]*template.Template
	mux    *http.ServeMux
	log    *slog.Logger
}

// New returns the UI's handler, to be mounted at "/" beside the API (which keeps "/api/").
func New(cfg Config) (http.Handler, error) {
	if cfg.Auth == nil || cfg.Workspaces == nil || cfg.Profiles == nil || cfg.Plans == nil ||
		cfg.Stances == nil || cfg.Sessions == nil || cfg.Ratify == nil || cfg.Events == nil {
		return nil, errors.New("web: Config needs every service: Auth, Workspaces, Profiles, Plans, Stances, Sessions, Ratify and Events")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CSRFKey == nil {
		cfg.CSRFKey = make([]byte, 32)
		if _, err := rand.Read(cfg.CSRFKey); err != nil {
			return nil, fmt.Errorf("web: csrf key: %w", err)
		}
	}
	u := &ui{cfg: cfg, log: cfg.Logger}
	if u.log == nil {
		u.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if u.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if u.pages, err = u.parseTemplates(); err != nil {
		return nil, err
	}
	u.mux = http.NewServeMux()
	u.routes()
	cop := http.NewCrossOriginProtection()
	return secureHeaders(cop.Handler(u.mux)), nil
}

// page is what every page template receives.
type page struct {
	Title  string
	Me     *signedIn // nil on the sign-in pages
	Active string    // the navigation entry to highlight
	Data   any
	CSRF   string
}

// render executes the named page template into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := u.pages[name]
	if !ok {
		u.serverError(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	if p.Me != nil {
		p.CSRF = csrfToken(u.cfg.CSRFKey, p.Me.token)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		u.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderFragment executes one named template without the layout (htmx partial updates).
func (u *ui) renderFragment(w http.ResponseWriter, r *http.Request, pageName, block string, data any) {
	t, ok := u.pages[pageName]
	if !ok {
		u.serverError(w, r, fmt.Errorf("no page template %q", pageName))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		u.serverError(w, r, fmt.Errorf("render %s/%s: %w", pageName, block, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// serverError logs err and answers with a page that reveals nothing of it.
func (u *ui) serverError(w http.ResponseWriter, r *http.Request, err error) {
	u.log.Error("web", "method", r.Method, "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintln(w, "Internal error. The details are in the server's log.")
}

// fail answers a service error with the page status its code maps to; internal errors are
// logged and hidden.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, me *signedIn, err error) {
	code := parley.ErrorCode(err)
	status := httpstatus.Of(code)
	if status == http.StatusInternalServerError {
		u.serverError(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<p class="error" role="alert">%s</p>`, template.HTMLEscapeString(parley.ErrorMessage(err)))
		return
	}
	u.render(w, r, status, "error", &page{Title: http.StatusText(status), Me: me, Data: parley.ErrorMessage(err)})
}

// ctxFor returns ctx carrying the signed-in member as the services' caller.
func ctxFor(ctx context.Context, me *signedIn) context.Context {
	return parley.NewContextWithCaller(ctx, me.caller)
}
