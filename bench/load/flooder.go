package main

import (
	"bufio"
	"fmt"
	"os"
	"syscall"
	"time"
)

// attacker is the member flooding the server: it bloats the workspace up to its quotas,
// then floods until the function start returns is called.
type attacker interface {
	bloat()
	start() (stop func())
}

// Where the flooder runs (--flooder).
const (
	flooderNice      = "nice"      // a process of its own at the lowest OS priority
	flooderProcess   = "process"   // a process of its own at the usual priority
	flooderInprocess = "inprocess" // goroutines of the load generator
)

// newAttacker returns the flooder of member europe against base, running as where says.
// A flooder in a process of its own is stopped by the returned function.
func newAttacker(b *bench, base, where string, d time.Duration) (attacker, func(), error) {
	if where == flooderInprocess {
		return &flooder{b: b, base: base, tok: b.tokens["europe"]}, func() {}, nil
	}
	// In the load generator's session (see startProc): at nice 19 it takes only what the
	// server and the other members' client leave of that session's share of the cores.
	c, err := startProc("--flood-client", base, "--flood-token", b.tokens["europe"])
	if err != nil {
		return nil, nil, err
	}
	if where == flooderNice {
		// A remote attacker's requests are made on its own machine: here the flooder's
		// CPU comes from what the server and the other members' client leave.
		pid := c.cmd.Process.Pid
		if err := syscall.Setpriority(syscall.PRIO_PROCESS, pid, 19); err != nil {
			c.close()
			return nil, nil, fmt.Errorf("lower the flooder's priority: %w", err)
		}
	}
	return &remoteFlooder{c: c, d: d}, c.close, nil
}

// remoteFlooder is a flooder in a process of its own (floodClient).
type remoteFlooder struct {
	c *child
	d time.Duration
}

func (r *remoteFlooder) bloat() {
	if err := r.c.do("bloat"); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
	}
}

func (r *remoteFlooder) start() func() {
	if err := r.c.do("start"); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
	}
	cpu0 := r.c.cpu()
	return func() {
		cpu := r.c.cpu() - cpu0
		if err := r.c.do("stop"); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
		}
		fmt.Printf("flood: the flooder's process used %.2f cores during the flood\n", cpu.Seconds()/r.d.Seconds())
	}
}

// floodClient is the flooder's process (--flood-client BASE): it obeys the lines its
// parent writes to stdin ("bloat", "start", "stop", each answered "ok" after what it
// prints) and stops at end of input.
func floodClient(base, token string) error {
	f := &flooder{b: newBench(&serverInfo{}), base: base, tok: token}
	stop := func() {}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "bloat":
			f.bloat()
		case "start":
			stop = f.start()
		case "stop":
			stop()
			stop = func() {}
		default:
			return fmt.Errorf("flood-client: unknown command %q", in.Text())
		}
		fmt.Println("ok")
	}
	stop()
	return in.Err()
}
