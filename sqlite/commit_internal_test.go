package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"parley"
	"parley/workspace"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "parley.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openWithWorkspace opens a store holding the workspace ws.
func openWithWorkspace(t *testing.T) *DB {
	t.Helper()
	db := openTest(t)
	if err := db.Write(context.Background(), func(tx workspace.Tx) error {
		return tx.PutWorkspace(&parley.Workspace{ID: "ws", Name: "w", Rev: 1}, 0)
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

// holdCommitter makes the committer busy with a write that waits for release, and
// returns a function that waits until n more writes are queued behind it, so they are
// committed together in one batch, and then lets the first write finish.
func holdCommitter(t *testing.T, db *DB) (release func(n int)) {
	t.Helper()
	started, unblock := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.Write(context.Background(), func(tx workspace.Tx) error {
			close(started)
			<-unblock
			return nil
		})
	}()
	<-started
	return func(n int) {
		for deadline := time.Now().Add(10 * time.Second); len(db.writes) < n; {
			if time.Now().After(deadline) {
				t.Fatalf("%d writes queued, want %d", len(db.writes), n)
			}
			time.Sleep(time.Millisecond)
		}
		close(unblock)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func TestBatchedWritesFailAlone(t *testing.T) {
	db := openWithWorkspace(t)
	ctx := context.Background()
	text, _ := workspace.GenerateAuditKey()
	key, err := workspace.ParseAuditKey(text)
	if err != nil {
		t.Fatal(err)
	}
	release := holdCommitter(t, db)
	const n = 40
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Write(ctx, func(tx workspace.Tx) error {
				// Every write adds a token and an audit entry; every third then fails, every
				// fifth (not a third) writes a token id already taken.
				if err := tx.PutToken(&parley.Token{ID: fmt.Sprint("t", i), WorkspaceID: "ws", MemberID: "m", Hash: []byte{1}}); err != nil {
					return err
				}
				if err := workspace.AppendEntry(tx, key, &parley.AuditEntry{WorkspaceID: "ws", Actor: "m", Action: "test", Target: fmt.Sprint(i)}); err != nil {
					return err
				}
				if i%3 == 0 {
					return parley.Errorf(parley.EINVALID, "refused %d", i)
				}
				if i%5 == 0 {
					return tx.PutSession("ws", &parley.Session{ID: "s", Rev: 1}, 0)
				}
				return nil
			})
		}()
	}
	release(n)
	wg.Wait()
	var committed []string
	for i, err := range errs {
		switch {
		case i%3 == 0:
			if got, want := err, fmt.Sprint("refused ", i); got == nil || !strings.Contains(got.Error(), want) {
				t.Errorf("write %d: error %v, want %q", i, got, want)
			}
		case i%5 == 0 && err == nil:
			committed = append(committed, fmt.Sprint(i))
		case i%5 != 0 && err != nil:
			t.Errorf("write %d: %v", i, err)
		case err == nil:
			committed = append(committed, fmt.Sprint(i))
		}
	}
	// Of the writes that insert session "s", exactly one succeeds; the others conflict.
	sessions := 0
	for i, err := range errs {
		if i%5 == 0 && i%3 != 0 {
			if err == nil {
				sessions++
			} else if parley.ErrorCode(err) != parley.ECONFLICT {
				t.Errorf("write %d: %v, want a conflict", i, err)
			}
		}
	}
	if sessions != 1 {
		t.Errorf("%d writes inserted session s, want 1", sessions)
	}
	err = db.Read(ctx, func(tx workspace.Tx) error {
		for i, werr := range errs {
			_, err := tx.Token(fmt.Sprint("t", i))
			if got, want := err == nil, werr == nil; got != want {
				t.Errorf("token of write %d stored: %v; the write returned %v", i, got, werr)
			}
		}
		es, err := tx.Audit("ws", 0)
		if err != nil {
			return err
		}
		var got []string
		for _, e := range es {
			got = append(got, e.Target)
		}
		slices.Sort(got)
		slices.Sort(committed)
		if !slices.Equal(got, committed) {
			t.Errorf("audit of %v, want the committed writes %v", got, committed)
		}
		seq, _, err := tx.AuditHead()
		if err != nil {
			return err
		}
		for i, e := range es {
			if e.Seq != int64(i+1) || e.Index != int64(i) {
				t.Errorf("entry %d has seq %d and index %d", i, e.Seq, e.Index)
			}
		}
		if seq != int64(len(es)) {
			t.Errorf("head %d after %d entries", seq, len(es))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBatchedWritePanics(t *testing.T) {
	db := openWithWorkspace(t)
	ctx := context.Background()
	release := holdCommitter(t, db)
	var wg sync.WaitGroup
	var recovered any
	var okErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer func() { recovered = recover() }()
		db.Write(ctx, func(tx workspace.Tx) error {
			tx.PutToken(&parley.Token{ID: "bad", WorkspaceID: "ws", MemberID: "m", Hash: []byte{1}})
			panic("boom")
		})
	}()
	for len(db.writes) < 1 {
		time.Sleep(time.Millisecond)
	}
	go func() {
		defer wg.Done()
		okErr = db.Write(ctx, func(tx workspace.Tx) error {
			return tx.PutToken(&parley.Token{ID: "good", WorkspaceID: "ws", MemberID: "m", Hash: []byte{1}})
		})
	}()
	release(2)
	wg.Wait()
	if s, _ := recovered.(string); !strings.Contains(s, "boom") {
		t.Errorf("the caller recovered %v, want the panic with boom", recovered)
	}
	if okErr != nil {
		t.Errorf("the write beside the panic: %v", okErr)
	}
	db.Read(ctx, func(tx workspace.Tx) error {
		if _, err := tx.Token("bad"); parley.ErrorCode(err) != parley.ENOTFOUND {
			t.Errorf("the panicking write's token: %v, want not found", err)
		}
		if _, err := tx.Token("good"); err != nil {
			t.Errorf("the other write's token: %v", err)
		}
		return nil
	})
}

func TestWriteCancelledWhileQueued(t *testing.T) {
	db := openTest(t)
	release := holdCommitter(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	ran := false
	errc := make(chan error, 1)
	go func() {
		errc <- db.Write(ctx, func(tx workspace.Tx) error { ran = true; return nil })
	}()
	for len(db.writes) < 1 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	release(1)
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if ran {
		t.Error("the cancelled write ran")
	}
}

func TestWriteAfterClose(t *testing.T) {
	db := openTest(t)
	db.Close()
	err := db.Write(context.Background(), func(tx workspace.Tx) error { return nil })
	if !errors.Is(err, errClosed) {
		t.Errorf("got %v, want %v", err, errClosed)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestLoneWriteRollsBack(t *testing.T) {
	db := openWithWorkspace(t)
	ctx := context.Background()
	put := func(id string) func(tx workspace.Tx) error {
		return func(tx workspace.Tx) error {
			return tx.PutToken(&parley.Token{ID: id, WorkspaceID: "ws", MemberID: "m", Hash: []byte{1}})
		}
	}
	refused := errors.New("refused")
	if err := db.Write(ctx, func(tx workspace.Tx) error { put("failed")(tx); return refused }); err != refused {
		t.Errorf("failing write: %v, want %v", err, refused)
	}
	func() {
		defer func() {
			if p := recover(); p == nil {
				t.Error("the panic did not reach the caller")
			}
		}()
		db.Write(ctx, func(tx workspace.Tx) error { put("panicked")(tx); panic("boom") })
	}()
	if err := db.Write(ctx, put("kept")); err != nil {
		t.Fatal(err)
	}
	db.Read(ctx, func(tx workspace.Tx) error {
		for id, want := range map[string]bool{"failed": false, "panicked": false, "kept": true} {
			if _, err := tx.Token(id); (err == nil) != want {
				t.Errorf("token %s stored: %v, want %v", id, err == nil, want)
			}
		}
		return nil
	})
}
