// Package pgtest runs a throwaway PostgreSQL server for tests: it finds the PostgreSQL
// binaries (Debian's /usr/lib/postgresql/*/bin, or initdb on PATH), creates a cluster in a
// temporary directory (as the postgres user when running as root, since initdb refuses
// root), starts it on 127.0.0.1 on a free port with its unix socket inside that directory,
// and gives each test a fresh database. The server is started by the first test that asks
// for a database and stopped, and its directory removed, by Main when the tests end; if the
// test process dies instead, the server gets SIGQUIT from the kernel (parent-death signal)
// and the next run removes the directory left behind.
//
// Tests skip when PostgreSQL is not installed, unless the environment variable CI is set:
// then they fail, so that a CI machine without PostgreSQL cannot pass by skipping.
//
// It is imported by tests only, and must not import any parley package.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// StartTimeout bounds how long the server may take to accept connections.
const StartTimeout = 30 * time.Second

// dirPrefix starts the name of every cluster directory, so stale ones can be found.
const dirPrefix = "parley-pgtest-"

var (
	mu      sync.Mutex
	cur     *server
	started bool  // a start was attempted
	startEr error // why it failed
	skipMsg string
	dbCount atomic.Int64
)

type server struct {
	dir  string
	port int
	cmd  *exec.Cmd
	exit chan struct{} // closed when the server process has exited
	log  *os.File
	adm  *pgx.Conn // to the postgres database, for CREATE and DROP DATABASE
	amu  sync.Mutex
}

// Main runs the tests and then stops the server if one was started. Use it as
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if cur != nil {
		if err := cur.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
		cur = nil
	}
	return code
}

// NewDatabase returns the URL of a new, empty database on the test server, dropped when tb
// ends. It skips tb when PostgreSQL is not installed and CI is not set, and fails it when
// the server cannot be started.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	s := ensure(tb)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbCount.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	s.amu.Lock()
	_, err := s.adm.Exec(ctx, "CREATE DATABASE "+name)
	s.amu.Unlock()
	if err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
		defer cancel()
		s.amu.Lock()
		defer s.amu.Unlock()
		if _, err := s.adm.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database: %v", err)
		}
	})
	return s.url(name)
}

func (s *server) url(db string) string {
	return fmt.Sprintf("postgres://parley@127.0.0.1:%d/%s?sslmode=disable", s.port, db)
}

func ensure(tb testing.TB) *server {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		cur, skipMsg, startEr = start()
	}
	if skipMsg != "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("pgtest: %s, and CI is set: install PostgreSQL (Debian: apt-get install -y postgresql)", skipMsg)
		}
		tb.Skipf("pgtest: %s (install PostgreSQL, e.g. apt-get install -y postgresql, to run this test)", skipMsg)
	}
	if startEr != nil {
		tb.Fatalf("pgtest: %v", startEr)
	}
	return cur
}

// binDir finds the directory holding initdb and postgres: $PARLEY_PG_BIN, the newest
// /usr/lib/postgresql/*/bin, or the directory of initdb on PATH.
func binDir() string {
	if d := os.Getenv("PARLEY_PG_BIN"); d != "" {
		if ok(filepath.Join(d, "initdb")) && ok(filepath.Join(d, "postgres")) {
			return d
		}
		return ""
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if ok(filepath.Join(d, "initdb")) && ok(filepath.Join(d, "postgres")) {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		if d := filepath.Dir(p); ok(filepath.Join(d, "postgres")) {
			return d
		}
	}
	return ""
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

func ok(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// start creates and starts a cluster. A non-empty skip says PostgreSQL is not installed.
func start() (s *server, skip string, err error) {
	bin := binDir()
	if bin == "" {
		return nil, "PostgreSQL binaries (initdb, postgres) not found in $PARLEY_PG_BIN, /usr/lib/postgresql/*/bin or on PATH", nil
	}
	cred, err := credential()
	if err != nil {
		return nil, "", err
	}
	parent := parentDir(cred)
	removeStale(parent)
	dir, err := os.MkdirTemp(parent, dirPrefix)
	if err != nil {
		return nil, "", err
	}
	fail := func(err error) (*server, string, error) {
		os.RemoveAll(dir)
		return nil, "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fail(err)
	}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	for _, d := range []string{data, sock} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return fail(err)
		}
	}
	if cred != nil {
		for _, d := range []string{dir, data, sock} {
			if err := os.Chown(d, int(cred.Uid), int(cred.Gid)); err != nil {
				return fail(err)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", "parley",
		"--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Env = append(os.Environ(), "LC_ALL=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %v\n%s", err, out))
	}
	for attempt := 0; ; attempt++ {
		s, err := run(bin, dir, data, sock, cred)
		if err == nil {
			return s, "", nil
		}
		// Another process may have taken the free port between our check and the start.
		if attempt == 2 || !strings.Contains(err.Error(), "already in use") {
			return fail(err)
		}
	}
}

// credential returns the user to run PostgreSQL as when running as root (postgres, or
// nobody), nil otherwise.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and there is no postgres or nobody user to run PostgreSQL as (initdb refuses root)")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run starts the server and waits until it accepts connections.
func run(bin, dir, data, sock string, cred *syscall.Credential) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, err
	}
	// fsync is off unless PARLEY_PGTEST_FSYNC=on (to measure durable commits): the tests
	// check what the store asks of PostgreSQL (synchronous_commit on), not the disk, and a
	// throwaway cluster need not survive a power cut.
	fsync := "off"
	if os.Getenv("PARLEY_PGTEST_FSYNC") == "on" {
		fsync = "on"
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", sock,
		"-c", "listen_addresses=127.0.0.1", "-p", strconv.Itoa(port),
		"-c", "fsync="+fsync, "-c", "full_page_writes="+fsync, "-c", "max_connections=200",
		"-c", "shared_buffers=32MB")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	// SIGQUIT is PostgreSQL's immediate shutdown, sent by the kernel if this process dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	s := &server{dir: dir, port: port, cmd: cmd, exit: make(chan struct{}), log: log}
	go func() { cmd.Wait(); close(s.exit) }()
	deadline := time.Now().Add(StartTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := pgx.Connect(ctx, s.url("postgres"))
		cancel()
		if err == nil {
			s.adm = c
			return s, nil
		}
		select {
		case <-s.exit:
			log.Close()
			out, _ := os.ReadFile(log.Name())
			return nil, fmt.Errorf("postgres exited at start:\n%s", out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.kill()
			out, _ := os.ReadFile(log.Name())
			return nil, fmt.Errorf("postgres did not accept connections on 127.0.0.1:%d within %v; its log:\n%s", port, StartTimeout, out)
		}
	}
}

// kill stops the server immediately and waits for it to exit.
func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-s.exit:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exit
	}
	s.log.Close()
}

// stop shuts the server down (fast shutdown: open sessions are ended) and removes its
// directory.
func (s *server) stop() error {
	if s.adm != nil {
		s.adm.Close(context.Background())
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.exit:
		s.log.Close()
	case <-time.After(10 * time.Second):
		s.kill()
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("remove the test cluster: %w", err)
	}
	return nil
}

// parentDir returns the directory to make the cluster in: the temporary directory, unless
// PostgreSQL runs as another user who could not reach into it; then /tmp.
func parentDir(cred *syscall.Credential) string {
	dir := os.TempDir()
	if cred == nil {
		return dir
	}
	for d := dir; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil || st.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

// removeStale removes the cluster directories of earlier test processes that are gone
// (killed before Main could clean up); their servers died with them.
func removeStale(parent string) {
	dirs, _ := filepath.Glob(filepath.Join(parent, dirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		// The server's own pid file: leave the directory while its postmaster lives.
		if pm, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			first, _, _ := strings.Cut(string(pm), "\n")
			if p, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && syscall.Kill(p, 0) != syscall.ESRCH {
				continue
			}
		}
		os.RemoveAll(d)
	}
}
