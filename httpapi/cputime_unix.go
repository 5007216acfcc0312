//go:build unix

package httpapi

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used, and true; or
// false where it cannot be read.
func processCPU() (time.Duration, bool) { return rusageCPU(syscall.RUSAGE_SELF) }

// rusageCPU returns the CPU time (user and system) getrusage reports for who, and true; or
// false where it cannot be read.
func rusageCPU(who int) (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(who, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
