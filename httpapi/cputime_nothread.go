//go:build !linux

package httpapi

import "time"

// threadCPU cannot read a thread's CPU time on this system: every request's cost is
// estimated from the process's (see Server.measure).
func threadCPU() (time.Duration, bool) { return 0, false }
