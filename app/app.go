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
	"sync"
	"time"

	"parley/httpapi"
	"parley/postgres"
	"parley/sqlite"
	"parley/web"
	"parley/workspace"
)

// Config configures a Main.
type Config struct {
	Addr    string // listen address, "127.0.0.1:8080"; ":0" picks a port
	DataDir string // holds parley.db and admin.token
	// DatabaseURL, when set (postgres://user:password@host:port/database), stores
	// workspaces in that PostgreSQL database instead of DataDir/parley.db; several servers
	// may share it. DataDir then only holds admin.token, and is not needed when AdminToken
	// is set.
	DatabaseURL string
	// AdminToken is the administrator's token; empty reads DataDir/admin.token, creating it
	// with a random token on first start.
	AdminToken string
	// AuditKey is the text of the audit key (workspace.GenerateAuditKey) that signs the
	// audit logs' checkpoints; empty reads DataDir/audit.key, creating it on first start.
	// Every server on one database needs the same key. It is kept out of the database, so
	// that whoever can change the database cannot rewrite the logs unnoticed.
	AuditKey string
	// SealKey is the text of the key (workspace.GenerateSealKey) that wraps each
	// workspace's key for the sealed values of blind overlap rounds; empty reads
	// DataDir/seal.key, creating it on first start. Without either, the server makes a key
	// for its own run only (and logs a warning): sealed values then cannot be read after a
	// restart. Every server on one database needs the same key; keep it out of the database.
	SealKey string
	// Synchronous is the SQLite synchronous pragma (FULL by default). PostgreSQL commits
	// are always durable (synchronous_commit=on).
	Synchronous string
	Log         *slog.Logger
	// AnalysisDeadline bounds how long an analysis or a diff may take, its wait for a slot
	// included (workspace.Config.AnalysisDeadline); 0 means 60 s. The server's write
	// timeout is 10 s longer, so that the answer saying it ran out reaches the client.
	AnalysisDeadline time.Duration
	// Web mounts the browser UI (package web) at "/" beside the API.
	Web bool
}

// Main is one running parley server.
type Main struct {
	Config Config
	// Store is the open store, SQLite or PostgreSQL; DB is the same store when it is
	// SQLite, nil otherwise.
	Store      Store
	DB         *sqlite.DB
	Service    *workspace.Service
	API        *httpapi.Server
	AdminToken string
	URL        string // "http://127.0.0.1:PORT"

	ln  net.Listener
	srv *http.Server
	// stopRelay ends the PostgreSQL event listener and waits for it (nil on SQLite).
	stopRelay func()
}

// Store is what a server needs of its storage.
type Store interface {
	workspace.Store
	Close() error
}

// IsDatabaseURL reports whether s names a PostgreSQL database (postgres:// or
// postgresql://) rather than a data directory.
func IsDatabaseURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open opens the store and the listener; Run then serves.
func Open(cfg Config) (*Main, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.DataDir == "" && cfg.DatabaseURL == "" {
		return nil, errors.New("no data directory")
	}
	if cfg.DataDir == "" && (cfg.AdminToken == "" || cfg.AuditKey == "") {
		return nil, errors.New("no administrator token or audit key, and no data directory to keep them in")
	}
	if cfg.DatabaseURL != "" && !IsDatabaseURL(cfg.DatabaseURL) {
		return nil, errors.New("the database URL does not start with postgres:// or postgresql://")
	}
	if cfg.DataDir != "" {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	admin := cfg.AdminToken
	if admin == "" {
		var err error
		if admin, err = adminToken(filepath.Join(cfg.DataDir, "admin.token")); err != nil {
			return nil, err
		}
	}
	if err := CheckAdminToken(admin); err != nil {
		return nil, err
	}
	keyText := cfg.AuditKey
	if keyText == "" {
		var err error
		if keyText, err = LoadAuditKey(cfg.DataDir, true); err != nil {
			return nil, err
		}
	}
	key, err := workspace.ParseAuditKey(keyText)
	if err != nil {
		return nil, err
	}
	m := &Main{Config: cfg, AdminToken: admin}
	var db Store
	if cfg.DatabaseURL != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		pg, err := postgres.Open(ctx, cfg.DatabaseURL)
		cancel()
		if err != nil {
			return nil, err
		}
		db = pg
	} else {
		lite, err := sqlite.Open(filepath.Join(cfg.DataDir, "parley.db"), sqlite.Options{Synchronous: cfg.Synchronous})
		if err != nil {
			return nil, err
		}
		db, m.DB = lite, lite
	}
	m.Store = db
	seal, err := loadSealKey(cfg)
	if err != nil {
		return nil, err
	}
	m.Service = workspace.New(db, workspace.Config{AdminToken: admin, AuditKey: key, SealKey: seal,
		AnalysisDeadline: cfg.AnalysisDeadline})
	if pg, ok := db.(*postgres.DB); ok {
		if err := m.relay(pg); err != nil {
			db.Close()
			return nil, err
		}
	}
	m.API = httpapi.NewServer(m.Service, cfg.Log)
	if cfg.Web {
		wcfg := web.ConfigFor(m.Service, cfg.Log)
		wcfg.Limit = m.API.Limit // a member signed in by cookie is counted as by its token
		ui, err := web.New(wcfg)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("web UI: %w", err)
		}
		m.API.Handle("/", ui)
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
		WriteTimeout: max(60*time.Second, m.Service.AnalysisDeadline()+10*time.Second), IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	return m, nil
}

// relay makes the events written through the other servers on the database reach this
// one's event streams (PostgreSQL LISTEN/NOTIFY). It returns once the listener listens,
// so that nothing committed after Open returns is missed.
func (m *Main) relay(pg *postgres.DB) error {
	m.Service.AwaitRelay()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	var once sync.Once
	done := make(chan struct{})
	go func() {
		defer close(done)
		pg.Listen(ctx, m.Service.Relay, func(ctx context.Context) error {
			err := m.Service.ResyncEvents(ctx)
			if err == nil {
				once.Do(func() { close(ready) })
			}
			return err
		})
	}()
	m.stopRelay = func() { cancel(); <-done }
	select {
	case <-ready:
		return nil
	case <-time.After(30 * time.Second):
		m.stopRelay()
		return errors.New("listen for the events of the other servers: no connection to PostgreSQL within 30 s")
	}
}

// MinAdminToken is the shortest administrator token accepted. The generated one has 51
// characters, 192 random bits.
const MinAdminToken = 20

// CheckAdminToken refuses an administrator token too short or too uniform to resist guessing.
func CheckAdminToken(t string) error {
	distinct := map[rune]bool{}
	for _, r := range t {
		distinct[r] = true
	}
	if len(t) < MinAdminToken || len(distinct) < 8 {
		return fmt.Errorf("the administrator token must have at least %d characters, at least 8 of them different (a random one is made in DIR/admin.token when none is given)", MinAdminToken)
	}
	return nil
}

// LoadAuditKey returns the text of the audit key in dir/audit.key, creating the file (mode
// 0600) with a new key when create is set and it does not exist.
func LoadAuditKey(dir string, create bool) (string, error) {
	path := filepath.Join(dir, "audit.key")
	b, err := os.ReadFile(path)
	if err == nil {
		os.Chmod(path, 0o600)
		return string(b), nil
	}
	if !errors.Is(err, os.ErrNotExist) || !create {
		return "", fmt.Errorf("read audit key: %w", err)
	}
	t, err := workspace.GenerateAuditKey()
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(t), 0o600); err != nil {
		return "", fmt.Errorf("write audit key: %w", err)
	}
	return t, nil
}

// loadSealKey returns the seal key of cfg, or of DataDir/seal.key (created on first start);
// nil, with a warning, when there is neither.
func loadSealKey(cfg Config) (*workspace.SealKey, error) {
	text := cfg.SealKey
	if text == "" && cfg.DataDir == "" {
		cfg.Log.Warn("no seal key (PARLEY_SEAL_KEY) and no data directory: sealed values of blind overlap rounds will be unreadable after a restart")
		return nil, nil
	}
	if text == "" {
		path := filepath.Join(cfg.DataDir, "seal.key")
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			text = string(b)
		case errors.Is(err, os.ErrNotExist):
			if text, err = workspace.GenerateSealKey(); err != nil {
				return nil, err
			}
			if err := os.WriteFile(path, []byte(text+"\n"), 0o600); err != nil {
				return nil, fmt.Errorf("write seal key: %w", err)
			}
		default:
			return nil, fmt.Errorf("read seal key: %w", err)
		}
	}
	k, err := workspace.ParseSealKey(text)
	if err != nil {
		return nil, fmt.Errorf("seal key: %w", err)
	}
	return k, nil
}

func adminToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		os.Chmod(path, 0o600) // whatever it was made with
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
	if m.stopRelay != nil {
		m.stopRelay()
	}
	return m.Store.Close()
}
