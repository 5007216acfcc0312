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
	"parley/httpapi/client"
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

// startServer starts the test binary as a server process on dir and returns it and its URL.
func startServer(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	os.Remove(filepath.Join(dir, "url"))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PARLEY_TEST_SERVE="+dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 400; i++ {
		if b, _ := os.ReadFile(filepath.Join(dir, "url")); len(b) > 0 {
			return cmd, string(b)
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("the server did not start")
	return nil, ""
}

// TestKillDuringWrites kills the server with SIGKILL in the middle of a burst of writes
// (draft edits, rival drafts, stances), restarts it on the same data directory and checks
// through the API that every acknowledged write is there and the audit chain verifies.
func TestKillDuringWrites(t *testing.T) {
	dir := t.TempDir()
	cmd, url := startServer(t, dir)
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
	str := func(s string) *string { return &s }
	pub, err := med.CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "v1", Points: []parley.PointInput{{Text: str("a")}, {Text: str("b")}}})
	if err != nil {
		t.Fatal(err)
	}
	if pub, err = med.Publish(ctx, w.ID, pub.ID, pub.Rev); err != nil {
		t.Fatal(err)
	}
	d, err := med.CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: "burst"})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var points []string             // acknowledged point texts in the mediator's draft
	rivals := map[string]string{}   // acknowledged rival draft id -> author
	stanceRev := map[string]int64{} // party -> last acknowledged stance revision
	stop := make(chan struct{})
	// enough is closed once every kind of write has been acknowledged a few times.
	enough := make(chan struct{})
	var once sync.Once
	acked := func() { // with mu held
		if len(points) >= 3 && len(rivals) >= 3 && stanceRev["east"] >= 2 && stanceRev["west"] >= 2 {
			once.Do(func() { close(enough) })
		}
	}
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
				switch {
				case g < 3: // the mediator adds points to its draft
					v, err := med.Version(ctx, w.ID, d.ID)
					if err != nil {
						return
					}
					text := fmt.Sprintf("w%d-%d", g, i)
					if _, err := med.EditDraft(ctx, w.ID, d.ID, v.Rev, []parley.PointOp{{Op: "add", Content: parley.PointInput{Text: &text}}}); err == nil {
						mu.Lock()
						points = append(points, text)
						acked()
						mu.Unlock()
					} else if parley.ErrorCode(err) != parley.ECONFLICT {
						return
					}
				case g < 6: // parties and the observer table rival drafts
					who := []string{"east", "west", "obs"}[g-3]
					v, err := client.New(url, tokens[who]).CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: fmt.Sprintf("r%d-%d", g, i)})
					if err != nil {
						return
					}
					mu.Lock()
					rivals[v.ID] = who
					acked()
					mu.Unlock()
				default: // each party marks its own point
					who := []string{"east", "west"}[g-6]
					mu.Lock()
					rev := stanceRev[who]
					mu.Unlock()
					st, err := client.New(url, tokens[who]).SetStance(ctx, w.ID, pub.ID, pub.Points[g-6].ID, rev, &parley.StanceInput{Mark: parley.MarkReserve, Comment: fmt.Sprint(i)})
					if err != nil {
						return
					}
					mu.Lock()
					stanceRev[who] = st.Rev
					acked()
					mu.Unlock()
				}
			}
		}(g)
	}
	// The kill comes with the burst still going, once each kind of write has gone through.
	select {
	case <-enough:
	case <-time.After(time.Minute):
		t.Fatal("the writes were not acknowledged within a minute")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()
	if len(points) == 0 || len(rivals) == 0 || stanceRev["east"] == 0 {
		t.Fatalf("too few writes acknowledged before the kill: %d points, %d rivals, stances %v", len(points), len(rivals), stanceRev)
	}

	_, url = startServer(t, dir)
	v, err := client.New(url, tokens["med"]).Version(ctx, w.ID, d.ID)
	if err != nil {
		t.Fatal(err)
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
	for id, who := range rivals {
		if _, err := client.New(url, tokens[who]).Version(ctx, w.ID, id); err != nil {
			t.Errorf("acknowledged rival %s of %s: %v", id, who, err)
		}
	}
	sts, err := client.New(url, tokens["med"]).Stances(ctx, w.ID, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts {
		// The last write may have committed without its answer arriving: one more is fine.
		if acked := stanceRev[st.Party]; st.Rev != acked && st.Rev != acked+1 {
			t.Errorf("%s's stance is at rev %d; %d was acknowledged", st.Party, st.Rev, acked)
		}
	}
	rep, err := client.New(url, wstest.AdminToken).VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("audit after the kill and restart: %+v, %v", rep, err)
	}
	t.Logf("%d points, %d rivals and stances at revs %v survived SIGKILL; audit chain of %d entries verifies",
		len(points), len(rivals), stanceRev, rep.Entries)
}

func TestWebMounted(t *testing.T) {
	m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), AdminToken: wstest.AdminToken,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Web: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	defer func() { cancel(); <-done; m.Close() }()
	for path, want := range map[string]string{"/": "<h1>Sign in</h1>", "/healthz": `{"status":"ok"}`} {
		resp, err := http.Get(m.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(b)); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to contain %q", path, got, want)
		}
	}
}
