package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go driver, registered as "sqlite"

	"parley/workspace"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open SQLite store. It implements workspace.Store.
type DB struct {
	Path string
	w    *sql.DB // the one writer connection
	r    *sql.DB // readers
	ck   *sql.DB // the checkpointer's connection
	ws   *stmts  // prepared statements of w
	rs   *stmts  // prepared statements of r
	dec  decoded // decoded workspaces

	writes    chan *writeReq // to the committer
	committed chan struct{}  // closed when the committer has ended
	closeMu   sync.RWMutex
	closed    bool

	stop, done chan struct{} // the checkpointer
}

// stmts caches prepared statements by query text: parsing SQL is a good part of the cost
// of a small query. A statement is prepared in the background the first time it is seen
// (preparing needs a connection, and the caller's transaction may hold the only one); until
// then it runs unprepared.
type stmts struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
	wg      sync.WaitGroup // the preparing goroutines
	closed  bool           // no more preparing
}

func newStmts(db *sql.DB) *stmts {
	return &stmts{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

func (s *stmts) get(q string) *sql.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.m[q]; ok {
		return st
	}
	if !s.pending[q] && !s.closed {
		s.pending[q] = true
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			st, err := s.db.Prepare(q)
			s.mu.Lock()
			defer s.mu.Unlock()
			if err == nil {
				s.m[q] = st
			}
			delete(s.pending, q)
		}()
	}
	return nil
}

// close waits for the statements being prepared and stops preparing new ones, so that
// no connection is still in use (and the WAL files still open) once the database is closed.
func (s *stmts) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.wg.Wait()
}

// Options tune a store. The zero value is durable: synchronous=FULL.
type Options struct {
	// Synchronous is the SQLite synchronous pragma: FULL (default) survives power loss;
	// NORMAL survives a killed process but may lose the last commits on power loss.
	Synchronous string
}

// Open opens (creating if needed) the database file path and applies pending migrations.
func Open(path string, opt Options) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	// The file holds every party's profile: only its owner may read it, whatever the
	// directory or umask. SQLite makes the -wal and -shm files with the database's mode;
	// ones left by an earlier run are fixed too.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("make %s private: %w", p, err)
		}
	}
	sync := strings.ToUpper(opt.Synchronous)
	if sync == "" {
		sync = "FULL"
	}
	if sync != "FULL" && sync != "NORMAL" {
		return nil, fmt.Errorf("synchronous %q is not FULL or NORMAL", opt.Synchronous)
	}
	dsn := func(extra string) string {
		q := url.Values{}
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+sync+")")
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "foreign_keys(1)")
		return "file:" + path + "?" + q.Encode() + extra
	}
	// Commits do not checkpoint (with readers always active, every commit past the WAL
	// threshold would try and fsync again); a background goroutine checkpoints instead.
	w, err := sql.Open("sqlite", dsn("&_txlock=immediate&_pragma=wal_autocheckpoint(0)"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", dsn("&_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	// A checkpoint takes no write lock: on a connection of its own it runs beside the
	// writes instead of holding up the writer connection while it copies and fsyncs.
	ck, err := sql.Open("sqlite", dsn("&_pragma=wal_autocheckpoint(0)"))
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	ck.SetMaxIdleConns(1)
	ck.SetConnMaxLifetime(0)
	db := &DB{Path: path, w: w, r: r, ck: ck, ws: newStmts(w), rs: newStmts(r),
		writes: make(chan *writeReq, 4*maxBatch), committed: make(chan struct{})}
	if err := db.migrate(); err != nil {
		db.closed = true
		close(db.committed)
		db.Close()
		return nil, err
	}
	go db.committer()
	db.stop = make(chan struct{})
	db.done = make(chan struct{})
	go db.checkpointer()
	return db, nil
}

// checkpointInterval is how often the WAL is copied back into the database file.
const checkpointInterval = 500 * time.Millisecond

// checkpointer copies the WAL into the database file now and then, off the commit path.
func (db *DB) checkpointer() {
	defer close(db.done)
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			db.ck.Exec(`PRAGMA wal_checkpoint(PASSIVE)`) // best effort; the next tick retries
		}
	}
}

// Close waits for the writes already queued, checkpoints and closes the database. Writes
// made after Close fail.
func (db *DB) Close() error {
	db.closeMu.Lock()
	if !db.closed {
		db.closed = true
		close(db.writes)
	}
	db.closeMu.Unlock()
	<-db.committed
	if db.stop != nil {
		close(db.stop)
		<-db.done
		db.stop = nil
		db.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	db.rs.close()
	db.ws.close()
	return errors.Join(db.r.Close(), db.ck.Close(), db.w.Close())
}

func (db *DB) migrate() error {
	ctx := context.Background()
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		tx, err := db.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			tx.Rollback()
			continue
		}
		b, _ := migrations.ReadFile(name)
		if _, err := tx.Exec(string(b)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", name, err)
		}
		if _, err := tx.Exec(`INSERT INTO migrations (name) VALUES (?)`, name); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// Read implements workspace.Store.
func (db *DB) Read(ctx context.Context, fn func(workspace.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(db.newTx(tx, db.rs, true))
}
