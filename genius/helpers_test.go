package genius_test

import (
	"testing"

	"parley/internal/shared"
)

// sharedDir and folders locate the shared third-party data (package internal/shared).
func sharedDir(tb testing.TB, name string) string { tb.Helper(); return shared.Dir(tb, name) }

func folders(tb testing.TB, name string) []string { tb.Helper(); return shared.Folders(tb, name) }
