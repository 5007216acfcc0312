package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"parley/analysis"
)

// defaultMemoryLimitMiB is the soft memory limit parley analyze, serve and demo set,
// analysis.SoftMemoryLimit in MiB.
const defaultMemoryLimitMiB = analysis.SoftMemoryLimit >> 20

// memoryLimitUsage is the --memory-limit flag's help of the server commands.
const memoryLimitUsage = "soft memory limit of the process in MiB, for the garbage collector (runtime/debug.SetMemoryLimit): " +
	"an analysis's points are garbage at once, and the limit keeps the peak near the live data, under 300 MiB for one analysis; " +
	"a limit below the live data costs CPU time, never a refusal; 0 for none; $GOMEMLIMIT, when set, overrides it"

// setMemoryLimit sets the process's soft memory limit to mib MiB (none with 0), unless
// GOMEMLIMIT is set, and returns the function that restores the previous limit. It
// reports a negative mib on stderr and returns ok=false.
func setMemoryLimit(cmd string, mib int64, stderr io.Writer) (restore func(), ok bool) {
	if mib < 0 || mib > 1<<40 {
		fmt.Fprintf(stderr, "parley %s: --memory-limit must be a number of MiB, 0 for none, such as %d\n", cmd, defaultMemoryLimitMiB)
		return nil, false
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}, true
	}
	limit := mib << 20
	if mib == 0 {
		limit = 1<<63 - 1 // the runtime's "no limit"
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }, true
}
