package app_test

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/app"
)

// TestWeakAdminTokenRefused: PARLEY_ADMIN_TOKEN=a was accepted (issue 15).
func TestWeakAdminTokenRefused(t *testing.T) {
	for _, tok := range []string{"a", "short-token", strings.Repeat("a", 40), "abababababababababababab"} {
		m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), AdminToken: tok,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err == nil {
			m.Close()
			t.Errorf("token %q accepted", tok)
		} else if !strings.Contains(err.Error(), "at least 20 characters") {
			t.Errorf("token %q: %v", tok, err)
		}
	}
	t.Run("WeakFile", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "admin.token"), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: dir, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}); err == nil {
			m.Close()
			t.Error("a one-character admin.token was accepted")
		}
	})
}
