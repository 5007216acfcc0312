package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestConcurrentWritersTwoStores runs 24 writers at once through two services, each on
// its own store (two servers on one database): 12 mark the same point (two parties), 12
// add points to the same draft, each retrying on ECONFLICT with the fresh revision. Every
// acknowledged write must be there exactly once, a stale revision must be refused, and
// the audit chain must hold one entry per write.
func TestConcurrentWritersTwoStores(t *testing.T) {
	e := newEnv(t)
	svcs := []*workspace.Service{e.Service, workspace.New(open(t, e.URL), workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})}
	med := e.as(t, e.Service, "med")
	ws := e.WS.ID
	str := func(s string) *string { return &s }
	d, err := e.Service.CreateDraft(med, ws, &parley.DraftCreate{Title: "v1", Points: []parley.PointInput{
		{Title: str("A"), Text: str("first")}, {Title: str("B"), Text: str("second")}}})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := e.Service.Publish(med, ws, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := e.Service.CreateDraft(med, ws, &parley.DraftCreate{Title: "v2", BasedOn: pub.ID})
	if err != nil {
		t.Fatal(err)
	}
	point := pub.Points[1].ID
	const writers, each = 24, 5
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := map[string]int{}
	var added []string
	var conflicts atomic.Int64
	errs := make(chan error, writers)
	// writeEach runs write until each of its writes has succeeded, retrying conflicts, and
	// records each success with ack.
	writeEach := func(write func(i int) (ack func(), err error)) {
		for i := 0; i < each; {
			ack, err := write(i)
			if parley.ErrorCode(err) == parley.ECONFLICT {
				conflicts.Add(1)
				continue
			} else if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			ack()
			mu.Unlock()
			i++
		}
	}
	for g := range writers {
		svc := svcs[g%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if g < writers/2 {
				party := []string{"east", "west"}[(g/2)%2]
				ctx := e.as(t, svc, party)
				writeEach(func(i int) (func(), error) {
					sts, err := svc.Stances(ctx, ws, pub.ID)
					if err != nil {
						return nil, err
					}
					var rev int64
					for _, s := range sts {
						if s.Party == party && s.Point == point {
							rev = s.Rev
						}
					}
					_, err = svc.SetStance(ctx, ws, pub.ID, point, rev, &parley.StanceInput{Mark: parley.MarkReserve, Comment: fmt.Sprintf("w%d-%d", g, i)})
					return func() { acked[party]++ }, err
				})
				return
			}
			ctx := e.as(t, svc, "med")
			writeEach(func(i int) (func(), error) {
				v, err := svc.Version(ctx, ws, draft.ID)
				if err != nil {
					return nil, err
				}
				text := fmt.Sprintf("point from writer %d, write %d", g, i)
				_, err = svc.EditDraft(ctx, ws, v.ID, v.Rev, []parley.PointOp{{Op: "add", Content: parley.PointInput{Text: &text}}})
				return func() { added = append(added, text) }, err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d conflicts retried", conflicts.Load())

	sts, err := svcs[1].Stances(e.as(t, svcs[1], "med"), ws, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sts {
		if s.Point == point {
			if got, want := s.Rev, int64(acked[s.Party]); got != want {
				t.Errorf("%s's stance is at rev %d after %d acknowledged writes", s.Party, got, want)
			}
		}
	}
	v, err := svcs[0].Version(med, ws, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, p := range v.Points {
		if strings.HasPrefix(p.Text, "point from writer") {
			count[p.Text]++
		}
	}
	if got, want := len(added), writers/2*each; got != want {
		t.Errorf("%d acknowledged adds, want %d", got, want)
	}
	if got, want := len(count), len(added); got != want {
		t.Errorf("%d distinct added points, want %d", got, want)
	}
	for _, text := range added {
		if count[text] != 1 {
			t.Errorf("%q is there %d times", text, count[text])
		}
	}

	// A write based on a stale revision is refused, through either server.
	text := "stale"
	for i, svc := range svcs {
		_, err := svc.EditDraft(e.as(t, svc, "med"), ws, draft.ID, v.Rev-1, []parley.PointOp{{Op: "add", Content: parley.PointInput{Text: &text}}})
		if got, want := parley.ErrorCode(err), parley.ECONFLICT; got != want {
			t.Errorf("server %d: stale draft edit: got %v, want %s", i, err, want)
		}
		_, err = svc.SetStance(e.as(t, svc, "east"), ws, pub.ID, point, 1, &parley.StanceInput{Mark: parley.MarkAccept})
		if got, want := parley.ErrorCode(err), parley.ECONFLICT; got != want {
			t.Errorf("server %d: stale stance: got %v, want %s", i, err, want)
		}
	}

	es, err := svcs[1].Audit(e.as(t, svcs[1], "med"), ws, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, a := range es {
		n[a.Action]++
	}
	if got, want := n["stance.set"], acked["east"]+acked["west"]; got != want {
		t.Errorf("%d stance audit entries for %d stance writes", got, want)
	}
	if got, want := n["draft.edit"], len(added); got != want {
		t.Errorf("%d draft.edit audit entries for %d edits", got, want)
	}
	rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
	if err != nil || !rep.OK {
		t.Fatalf("audit chain after concurrent writes: %+v, %v", rep, err)
	}
}

// TestNoLostUpdateAcrossStores increments one record's revision from 16 goroutines on two
// stores, half reading inside the write transaction (never stale: every increment must
// land) and half reading in a separate read transaction first (may be stale: refused with
// ECONFLICT, never applied). The final revision counts exactly the acknowledged writes,
// and each one appended one audit entry to an unbroken chain.
func TestNoLostUpdateAcrossStores(t *testing.T) {
	e := newEnv(t)
	dbs := []workspace.Store{e.DB, open(t, e.URL)}
	ctx := context.Background()
	ws := e.WS.ID
	var before int64
	e.DB.Read(ctx, func(tx workspace.Tx) error { before, _, _ = tx.AuditHead(); return nil })
	const goroutines, each = 16, 15
	var acked, refused atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	bump := func(tx workspace.Tx, prev int64) error {
		w, err := tx.Workspace(ws)
		if err != nil {
			return err
		}
		w.Rev = prev + 1
		if err := tx.PutWorkspace(w, prev); err != nil {
			return err
		}
		key := wstest.AuditKey()
		return workspace.AppendEntry(tx, key, &parley.AuditEntry{At: time.Now(), WorkspaceID: ws, Actor: "test", Action: "bump", Target: fmt.Sprint(prev + 1),
			Records: []parley.RecordHash{key.Record("workspace/"+ws, w)}})
	}
	for g := range goroutines {
		db := dbs[g%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var err error
				if g%4 < 2 {
					err = db.Write(ctx, func(tx workspace.Tx) error {
						w, err := tx.Workspace(ws)
						if err != nil {
							return err
						}
						return bump(tx, w.Rev)
					})
				} else {
					var prev int64
					if err := db.Read(ctx, func(tx workspace.Tx) error {
						w, err := tx.Workspace(ws)
						prev = w.Rev
						return err
					}); err != nil {
						errs <- err
						return
					}
					err = db.Write(ctx, func(tx workspace.Tx) error { return bump(tx, prev) })
					if parley.ErrorCode(err) == parley.ECONFLICT {
						refused.Add(1)
						continue
					}
				}
				if err != nil {
					errs <- err
					return
				}
				acked.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d acknowledged, %d refused as stale", acked.Load(), refused.Load())
	if got, want := acked.Load(), int64(goroutines/2*each); got < want {
		t.Errorf("%d acknowledged writes, want at least the %d never stale", got, want)
	}
	err := e.DB.Read(ctx, func(tx workspace.Tx) error {
		w, err := tx.Workspace(ws)
		if err != nil {
			return err
		}
		if got, want := w.Rev, e.WS.Rev+acked.Load(); got != want {
			t.Errorf("rev %d after %d acknowledged increments from %d: writes lost or doubled", got, acked.Load(), e.WS.Rev)
		}
		head, _, err := tx.AuditHead()
		if got, want := head, before+acked.Load(); got != want {
			t.Errorf("audit head at %d, want %d", got, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := workspace.Verify(ctx, dbs[1], wstest.AuditKey())
	if err != nil || !rep.OK {
		t.Fatalf("audit chain: %+v, %v", rep, err)
	}
}

// TestWriteWaitsForOtherStore holds a write open on one store and checks that a write on
// another store (another server) does not start until the first commits, then sees it.
func TestWriteWaitsForOtherStore(t *testing.T) {
	e := newEnv(t)
	other := open(t, e.URL)
	ctx := context.Background()
	ws := e.WS.ID
	var entered atomic.Bool
	done := make(chan error, 1)
	err := e.DB.Write(ctx, func(tx workspace.Tx) error {
		w, err := tx.Workspace(ws)
		if err != nil {
			return err
		}
		go func() {
			done <- other.Write(ctx, func(tx workspace.Tx) error {
				entered.Store(true)
				w, err := tx.Workspace(ws)
				if err != nil {
					return err
				}
				if w.Name != "first" {
					t.Errorf("the second write sees name %q, want the first write's", w.Name)
				}
				w.Rev, w.Name = w.Rev+1, "second"
				return tx.PutWorkspace(w, w.Rev-1)
			})
		}()
		time.Sleep(300 * time.Millisecond)
		if entered.Load() {
			t.Error("a write on another store ran while this one was open")
		}
		w.Rev, w.Name = w.Rev+1, "first"
		return tx.PutWorkspace(w, w.Rev-1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	e.DB.Read(ctx, func(tx workspace.Tx) error {
		w, err := tx.Workspace(ws)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := w.Rev, e.WS.Rev+2; got != want || w.Name != "second" {
			t.Errorf("rev %d name %q, want %d second", got, w.Name, want)
		}
		return nil
	})
}

// TestStalledWriterTimesOut holds a write open on one store longer than the other store's
// lock_timeout: the other store's write fails promptly instead of waiting for ever, and
// succeeds once the first has committed.
func TestStalledWriterTimesOut(t *testing.T) {
	e := newEnv(t)
	other := open(t, e.URL+"&lock_timeout=200ms")
	ctx := context.Background()
	release := make(chan struct{})
	held := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- e.DB.Write(ctx, func(tx workspace.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	start := time.Now()
	err := other.Write(ctx, func(tx workspace.Tx) error { return nil })
	if err == nil {
		t.Error("a write ran while another store held the write lock")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the blocked write gave up after %v, want about 200ms", d)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := other.Write(ctx, func(tx workspace.Tx) error { return nil }); err != nil {
		t.Errorf("after the first write committed: %v", err)
	}
}
