package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"parley"
	"parley/analysis"
	"parley/app"
	"parley/demo"
	"parley/httpapi"
)

// serverInfo is what a server started for the bench tells it: where it listens and the
// demo workspace's handles.
type serverInfo struct {
	URL       string            `json:"url"`
	Workspace string            `json:"workspace"`
	Version   string            `json:"version"` // the 22-point version
	Tokens    map[string]string `json:"tokens"`  // member -> bearer token
	Points    []string          `json:"points"`  // the points every member sees
	Procs     int               `json:"procs"`   // the server's GOMAXPROCS
}

// openServer opens a server on loopback with SQLite in dir, loads the demo workspace and
// returns the server and its handles; budget is every member's budget of server time.
// With t set, the API is served through t's timing on a listener of its own (the server's
// timeouts as app sets them), instead of by m.Run.
func openServer(ctx context.Context, dir, sync string, budget httpapi.Budget, t *timings) (*app.Main, *serverInfo, error) {
	m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: dir, Synchronous: sync,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, nil, err
	}
	m.API.SetBudget(budget)
	res, err := demo.Load(parley.NewContextWithCaller(ctx, &parley.Caller{Admin: true}), m.Service)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	info := &serverInfo{URL: m.URL, Workspace: res.Workspace.ID, Version: res.V2.ID, Tokens: map[string]string{},
		Procs: runtime.GOMAXPROCS(0)}
	for _, t := range res.Tokens {
		info.Tokens[t.MemberID] = t.Token
	}
	for _, p := range res.V2.Points {
		if len(p.VisibleTo) == 0 {
			info.Points = append(info.Points, p.ID)
		}
	}
	if t == nil {
		go m.Run(ctx)
		return m, info, nil
	}
	t.member = map[string]string{}
	for member, tok := range info.Tokens {
		t.member[tok] = member
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	srv := &http.Server{Handler: t.wrap(m.API), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 70 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go srv.Serve(ln)
	context.AfterFunc(ctx, func() { srv.Close() })
	info.URL = "http://" + ln.Addr().String()
	return m, info, nil
}

// serveChild is the bench's server process (--serve-child DIR): it serves the demo
// workspace from dir with every member's default budget, writes its serverInfo as one
// JSON line to stdout, then obeys the lines its parent writes to stdin ("profile PREFIX"
// starts profiling, "stop" stops it, "timings FILE" writes the spans of the requests
// served since the last, each answered "ok") and stops at end of input.
func serveChild(dir, sync string) error {
	debug.SetMemoryLimit(analysis.SoftMemoryLimit) // as parley serve sets it by default
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t := &timings{}
	m, info, err := openServer(ctx, dir, sync, httpapi.DefaultBudget, t)
	if err != nil {
		return err
	}
	defer m.Close()
	if err := json.NewEncoder(os.Stdout).Encode(info); err != nil {
		return err
	}
	stop := func() {}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "profile":
			stop = startProfile(arg)
		case "stop":
			stop()
			stop = func() {}
		case "timings":
			if err := t.dump(arg); err != nil {
				return err
			}
		default:
			return fmt.Errorf("serve-child: unknown command %q", in.Text())
		}
		fmt.Println("ok")
	}
	stop()
	return in.Err()
}

// child is a server process started for the bench.
type child struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	info serverInfo
}

// startChild starts this program as a server process on a new data directory (the
// caller removes dir), as a person would run parley serve: its own scheduler, heap and
// garbage collector, apart from the load generator's.
func startChild(dir, sync string) (*child, error) {
	c, err := startProc("--serve-child", dir, "--synchronous", sync)
	if err != nil {
		return nil, err
	}
	line, err := c.out.ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &c.info)
	}
	if err != nil {
		c.close()
		return nil, fmt.Errorf("start the server process: %w", err)
	}
	return c, nil
}

// startProc starts this program with args, its standard input and output piped to the
// returned child. It stays in the load generator's session: where the kernel shares the
// CPU by session (Linux's autogroup), a session of its own would get one session's share
// of a machine shared with other users' programs, a fraction of what a server on a
// machine of its own has.
func startProc(args ...string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &child{cmd: cmd, in: in, out: bufio.NewReader(out)}, nil
}

// do sends one command to the child and waits for its answer, "ok"; the lines the child
// prints before it are printed to standard output.
func (c *child) do(cmd string) error {
	if _, err := fmt.Fprintln(c.in, cmd); err != nil {
		return err
	}
	for {
		line, err := c.out.ReadString('\n')
		if err != nil {
			return fmt.Errorf("child process: %q: %q %v", cmd, line, err)
		}
		if line == "ok\n" {
			return nil
		}
		fmt.Print(line)
	}
}

// cpu returns the CPU time the child has used so far, or 0 where it cannot be read.
func (c *child) cpu() time.Duration { return procCPU(c.cmd.Process.Pid) }

// close ends the child's input, so that it stops, and waits for it.
func (c *child) close() {
	c.in.Close()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}

// procCPU returns the CPU time (user and system) process pid has used, from Linux's
// /proc/PID/stat (in clock ticks of 1/100 s), or 0 where it cannot be read.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (which may hold spaces) start at its ')'.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
