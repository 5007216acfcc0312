package scenario

// SetMaxRedLineWork sets the bound on red-line checking work and returns the old one, so
// the fuzz target can keep each run short.
func SetMaxRedLineWork(n int) int {
	old := maxRedLineWork
	maxRedLineWork = n
	return old
}
