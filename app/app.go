package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"parley/httpapi"
	"parley/sqlite"
	"parley/workspace"
)

// Config configures a Main.
type Config struct {
	Addr    string // listen address, "127.0.0.1:8080"; ":0" picks a port
	DataDir string // holds parley.db and admin.token
	// AdminToken is the administrator's token; empty reads DataDir/admin.token, creating it
	// with a random token on first start.
	AdminToken string
	// Synchronous is the SQLite synchronous pragma (FULL by default).
	Synchronous string
	Log         *slog.Logger
	// Web, when set, returns the handler mounted at "/" beside the API (the web UI). It
	// receives the service and the API server, so it can authenticate members by cookie and
	// pass them to the API with httpapi.WithCaller.
	Web func(svc *workspace.Service, api *httpapi.Server) http.Handler
}

// Main is one running parley server.
type Main struct {
	Config     Config
	DB         *sqlite.DB
	Service    *workspace.Service
	API        *httpapi.Server
	AdminToken string
	URL        string // "http://127.0.0.1:PORT"

	ln  net.Listener
	srv *http.Server
}

// Open opens the store and the listener; Run then serves.
func Open(cfg Config) (*Main, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.DataDir == "" {
		return nil, errors.New("no data directory")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	admin := cfg.AdminToken
	if admin == "" {
		var err error
		if admin, err = adminToken(filepath.Join(cfg.DataDir, "admin.token")); err != nil {
			return nil, err
		}
	}
	db, err := sqlite.Open(filepath.Join(cfg.DataDir, "parley.db"), sqlite.Options{Synchronous: cfg.Synchronous})
	if err != nil {
		return nil, err
	}
	m := &Main{Config: cfg, DB: db, AdminToken: admin}
	m.Service = workspace.New(db, workspace.Config{AdminToken: admin})
	m.API = httpapi.NewServer(m.Service, cfg.Log)
	if cfg.Web != nil {
		m.API.Handle("/", cfg.Web(m.Service, m.API))
	}
	m.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	host, port, _ := net.SplitHostPort(m.ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	m.URL = "http://" + net.JoinHostPort(host, port)
	m.srv = &http.Server{Handler: m.API, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	return m, nil
}

func adminToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("read admin token: %w", err)
	}
	r := make([]byte, 24)
	rand.Read(r)
	t := "pa_" + hex.EncodeToString(r)
	if err := os.WriteFile(path, []byte(t+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write admin token: %w", err)
	}
	return t, nil
}

// Run serves until ctx ends, then shuts down gracefully.
func (m *Main) Run(ctx context.Context) error {
	// Requests run under base, cancelled on shutdown, so event streams end promptly.
	base, stop := context.WithCancel(context.Background())
	defer stop()
	m.srv.BaseContext = func(net.Listener) context.Context { return base }
	errc := make(chan error, 1)
	go func() { errc <- m.srv.Serve(m.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		stop()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		m.srv.Shutdown(sctx)
		return nil
	}
}

// Close stops serving and closes the store.
func (m *Main) Close() error {
	m.srv.Close()
	return m.DB.Close()
}
