package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"parley"
	"parley/app"
	"parley/httpapi"
	"parley/httpapi/client"
	"parley/sqlite"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestMain lets the test binary act as the server process of TestKillDuringWrites.
func TestMain(m *testing.M) {
	if dir := os.Getenv("PARLEY_TEST_SERVE"); dir != "" {
		a, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: dir, AdminToken: wstest.AdminToken,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.WriteFile(filepath.Join(dir, "url.tmp"), []byte(a.URL), 0o600)
		os.Rename(filepath.Join(dir, "url.tmp"), filepath.Join(dir, "url"))
		a.Run(context.Background())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKillDuringWrites kills the server with SIGKILL in the middle of a burst of writes,
// reopens the data directory and checks that every acknowledged write is there and the
// audit chain verifies.
func TestKillDuringWrites(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PARLEY_TEST_SERVE="+dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var url string
	for i := 0; i < 200 && url == ""; i++ {
		b, _ := os.ReadFile(filepath.Join(dir, "url"))
		url = string(b)
		time.Sleep(25 * time.Millisecond)
	}
	if url == "" {
		t.Fatal("the server did not start")
	}
	ctx := context.Background()
	w, toks, err := client.New(url, wstest.AdminToken).CreateWorkspace(ctx, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, tk := range toks {
		tokens[tk.MemberID] = tk.Token
	}
	med := client.New(url, tokens["med"])
	d, err := med.CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "burst"})
	if err != nil {
		t.Fatal(err)
	}
	// Writers: four add points to the mediator's draft; four parties start rival drafts.
	var mu sync.Mutex
	var points []string // acknowledged point texts in the mediator's draft
	var rivals []string // acknowledged rival draft ids
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if g < 4 {
					v, err := med.Version(ctx, w.ID, d.ID)
					if err != nil {
						return
					}
					text := fmt.Sprintf("w%d-%d", g, i)
					if _, err := med.EditDraft(ctx, w.ID, d.ID, v.Rev, []parley.PointOp{{Op: "add", Content: parley.PointInput{Text: &text}}}); err == nil {
						mu.Lock()
						points = append(points, text)
						mu.Unlock()
					} else if parley.ErrorCode(err) != parley.ECONFLICT {
						return
					}
					continue
				}
				party := []string{"east", "west"}[g%2]
				v, err := client.New(url, tokens[party]).CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: fmt.Sprintf("r%d-%d", g, i)})
				if err != nil {
					return
				}
				mu.Lock()
				rivals = append(rivals, v.ID)
				mu.Unlock()
			}
		}(g)
	}
	time.Sleep(400 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()
	if len(points) == 0 || len(rivals) == 0 {
		t.Fatalf("no write was acknowledged before the kill (%d points, %d rivals)", len(points), len(rivals))
	}

	db, err := sqlite.Open(filepath.Join(dir, "parley.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := workspace.Verify(ctx, db)
	if err != nil || !rep.OK {
		t.Fatalf("audit after the kill: %+v, %v", rep, err)
	}
	err = db.Read(ctx, func(tx workspace.Tx) error {
		v, err := tx.Version(w.ID, d.ID)
		if err != nil {
			return err
		}
		have := map[string]int{}
		for _, p := range v.Points {
			have[p.Text]++
		}
		for _, text := range points {
			if have[text] != 1 {
				t.Errorf("acknowledged point %q is there %d times", text, have[text])
			}
		}
		for _, id := range rivals {
			if _, err := tx.Version(w.ID, id); err != nil {
				t.Errorf("acknowledged rival %s: %v", id, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d acknowledged points and %d rivals survived; audit chain of %d entries verifies", len(points), len(rivals), rep.Entries)
}

func TestWebMounted(t *testing.T) {
	m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), AdminToken: "x",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Web: func(*workspace.Service, *httpapi.Server) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ui") })
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done; m.Close() }()
	for path, want := range map[string]string{"/": "ui", "/healthz": `{"status":"ok"}`} {
		resp, err := http.Get(m.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(b)); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
}
