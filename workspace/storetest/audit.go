package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// testAudit appends entries to two workspaces' logs and reads back the entries, the head,
// the tree hashes and the checkpoints the service computed; the log verifies.
func testAudit(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	key := wstest.Key(t)
	var entries []*parley.AuditEntry
	for i, w := range []string{ws, ws, "other", ws, ws} {
		e := &parley.AuditEntry{WorkspaceID: w, At: at.Add(1), Actor: "med", Action: "test", Target: fmt.Sprint(i)}
		write(t, st, func(tx workspace.Tx) error { return workspace.AppendEntry(tx, key, e) })
		entries = append(entries, e)
	}
	read(t, st, func(tx workspace.Tx) error {
		seq, hash, err := tx.AuditHead()
		if err != nil || seq != 5 || hash != entries[4].Hash {
			t.Errorf("head (%d, %q, %v), want (5, %q)", seq, hash, err, entries[4].Hash)
		}
		all, err := tx.Audit("", 0)
		if err != nil {
			return err
		}
		same(t, "the whole log", all, entries)
		mine, err := tx.Audit(ws, 2)
		if err != nil {
			return err
		}
		same(t, "ws's entries after 2", mine, []*parley.AuditEntry{entries[3], entries[4]})
		// Four leaves: stored hashes 0, 1, 2 (level 1), 3, 4, 5 (level 1), 6 (level 2).
		hs, err := tx.AuditHashes(ws, []int64{6, 0, 3})
		if err != nil || len(hs) != 3 || len(hs[0]) == 0 || len(hs[1]) == 0 || len(hs[2]) == 0 {
			t.Errorf("tree hashes %x, %v", hs, err)
		}
		if _, err := tx.AuditHashes(ws, []int64{0, 99}); parley.ErrorCode(err) != parley.ENOTFOUND {
			t.Errorf("a missing tree hash: %v, want not found", err)
		}
		for _, w := range []string{ws, "other"} {
			if cp, err := tx.AuditCheckpoint(w); err != nil || cp == "" {
				t.Errorf("checkpoint of %s: %q, %v", w, cp, err)
			}
		}
		return nil
	})
	rep, err := workspace.Verify(context.Background(), st, key)
	if err != nil || !rep.OK || rep.Entries != 5 {
		t.Errorf("verify: %+v, %v", rep, err)
	}
}

// testAuditAppendOnly: an entry that does not follow the head is refused, and so is an
// append in a read.
func testAuditAppendOnly(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	key := wstest.Key(t)
	write(t, st, func(tx workspace.Tx) error {
		return workspace.AppendEntry(tx, key, &parley.AuditEntry{WorkspaceID: ws, At: at, Actor: "a", Action: "b", Target: "c"})
	})
	err := st.Write(context.Background(), func(tx workspace.Tx) error {
		return tx.AppendAudit(&parley.AuditEntry{Seq: 1, WorkspaceID: ws, At: at, Actor: "a", Action: "b", Target: "c", Hash: "x"}, 1, nil, "note")
	})
	if err == nil {
		t.Error("an entry with the head's seq was appended")
	}
	err = st.Read(context.Background(), func(tx workspace.Tx) error {
		return tx.AppendAudit(&parley.AuditEntry{Seq: 2, WorkspaceID: ws, At: at, Actor: "a", Action: "b", Target: "c", Hash: "x"}, 1, nil, "note")
	})
	if err == nil {
		t.Error("an entry was appended in a read")
	}
	read(t, st, func(tx workspace.Tx) error {
		if seq, _, err := tx.AuditHead(); err != nil || seq != 1 {
			t.Errorf("head %d, %v; want 1", seq, err)
		}
		return nil
	})
}

// testNoLostUpdate: writes that read, change and write back the same record run one after
// the other, so none is lost.
func testNoLostUpdate(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- st.Write(context.Background(), func(tx workspace.Tx) error {
				w, err := tx.Workspace(ws)
				if err != nil {
					return err
				}
				w.Rev++
				return tx.PutWorkspace(w, w.Rev-1)
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	read(t, st, func(tx workspace.Tx) error {
		w, err := tx.Workspace(ws)
		if err == nil && w.Rev != n+1 {
			t.Errorf("rev %d after %d increments from 1", w.Rev, n)
		}
		return err
	})
}
