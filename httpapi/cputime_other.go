//go:build !unix

package httpapi

import "time"

// processCPU cannot read the process's CPU time on this system: the budget falls back on
// wall time.
func processCPU() (time.Duration, bool) { return 0, false }
