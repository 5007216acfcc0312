package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"parley"
	"parley/app"
	"parley/workspace/wstest"
)

// TestSealKeyKept: the seal key is made once in the data directory (mode 0600) and read
// again on restart, so a round opened and half sealed before a restart closes after it.
func TestSealKeyKept(t *testing.T) {
	dir := t.TempDir()
	open := func() *app.Main {
		m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: dir, AdminToken: wstest.AdminToken,
			Synchronous: "NORMAL", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := open()
	admin := parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true})
	ws, toks, err := m.Service.CreateWorkspace(admin, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	as := func(m *app.Main, member string) context.Context {
		for _, tk := range toks {
			if tk.MemberID == member {
				c, err := m.Service.Authenticate(context.Background(), tk.Token)
				if err != nil {
					t.Fatal(err)
				}
				return parley.NewContextWithCaller(context.Background(), c)
			}
		}
		t.Fatalf("no token for %s", member)
		return nil
	}
	r, err := m.Service.OpenBlind(as(m, "med"), ws.ID, &parley.BlindOpenInput{Issue: "buffer_km",
		Sides: map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Service.SealBlind(as(m, "east"), ws.ID, r.ID, &parley.BlindSealInput{Value: 20}); err != nil {
		t.Fatal(err)
	}
	m.Close()
	fi, err := os.Stat(filepath.Join(dir, "seal.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("seal.key: %v %v", fi, err)
	}
	m = open()
	defer m.Close()
	got, err := m.Service.SealBlind(as(m, "west"), ws.ID, r.ID, &parley.BlindSealInput{Value: 40})
	if err != nil {
		t.Fatal(err)
	}
	if got.Overlap == nil || !*got.Overlap || got.Settlement == nil || *got.Settlement != 30 {
		t.Errorf("after the restart the round gives %+v, want an overlap settled at 30", got)
	}
}
