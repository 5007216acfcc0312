//go:build linux

package httpapi

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time (user and system) the calling thread has used, and true;
// or false where it cannot be read. The caller is locked to its thread.
func threadCPU() (time.Duration, bool) { return rusageCPU(syscall.RUSAGE_THREAD) }
