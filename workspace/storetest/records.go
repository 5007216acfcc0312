package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

var at = time.Date(2025, 3, 4, 5, 6, 7, 800, time.UTC)

// testRecords stores one record of each kind and reads it back as written.
func testRecords(t *testing.T, st workspace.Store) {
	w := putWorkspace(t, st)
	v := &parley.Version{ID: "v1", Workspace: ws, Kind: parley.KindPlan, Status: parley.StatusPublished, Number: 1, Title: "One",
		Author: "med", Points: []*parley.PlanPoint{{ID: "p1", Number: 1, Text: "zone"}}, Rev: 1, Hash: "h", CreatedAt: at, PublishedAt: &at}
	s := &parley.Stance{Version: "v1", Point: "p1", Party: "east", Mark: parley.MarkAccept, Comment: "fine", Rev: 1, UpdatedAt: at}
	p := &parley.PartyProfile{Party: "east", Use: parley.UseShared, Rev: 1, UpdatedAt: at,
		Profile: parley.ProfileSpec{Reservation: 0.4, RedLines: []string{"a != x"}}}
	se := &parley.Session{ID: "s1", Title: "first", Date: at, Place: "Geneva", Topics: []string{"a"}, Rev: 1}
	r := &parley.Ratification{ID: "r1", Version: "v1", Hash: "h", ProposedBy: "med", ProposedAt: at, State: parley.RatificationOpen, Rev: 1}
	write(t, st, func(tx workspace.Tx) error {
		for _, put := range []func() error{
			func() error { return tx.PutVersion(v, 0) },
			func() error { return tx.PutStance(ws, s, 0) },
			func() error { return tx.PutProfile(ws, p, 0) },
			func() error { return tx.PutSession(ws, se, 0) },
			func() error { return tx.PutRatification(ws, r, 0) },
		} {
			if err := put(); err != nil {
				return err
			}
		}
		return nil
	})
	read(t, st, func(tx workspace.Tx) error {
		gw, err := tx.Workspace(ws)
		same(t, "workspace", gw, w)
		gv, err2 := tx.Version(ws, "v1")
		same(t, "version", gv, v)
		gs, err3 := tx.Stance(ws, "v1", "p1", "east")
		same(t, "stance", gs, s)
		gp, err4 := tx.Profile(ws, "east")
		same(t, "profile", gp, p)
		gse, err5 := tx.Session(ws, "s1")
		same(t, "session", gse, se)
		gr, err6 := tx.Ratification(ws, "r1")
		same(t, "ratification", gr, r)
		for _, err := range []error{err, err2, err3, err4, err5, err6} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	// An update at the stored revision replaces the record.
	write(t, st, func(tx workspace.Tx) error {
		w.Rev, w.Name = 2, "renamed"
		return tx.PutWorkspace(w, 1)
	})
	read(t, st, func(tx workspace.Tx) error {
		got, err := tx.Workspace(ws)
		same(t, "updated workspace", got, w)
		return err
	})
}

// testTokens stores, revokes and lists tokens.
func testTokens(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	tk := &parley.Token{ID: "t1", WorkspaceID: ws, MemberID: "east", Hash: []byte{1, 2, 3}, CreatedAt: at}
	tk2 := &parley.Token{ID: "t2", WorkspaceID: ws, MemberID: "east", Hash: []byte{4}, CreatedAt: at.Add(-time.Hour)}
	other := &parley.Token{ID: "t3", WorkspaceID: ws, MemberID: "med", Hash: []byte{5}, CreatedAt: at}
	write(t, st, func(tx workspace.Tx) error {
		for _, k := range []*parley.Token{tk, tk2, other} {
			if err := tx.PutToken(k); err != nil {
				return err
			}
		}
		return nil
	})
	revoked := at.Add(time.Minute)
	tk.RevokedAt = &revoked
	write(t, st, func(tx workspace.Tx) error { return tx.PutToken(tk) })
	read(t, st, func(tx workspace.Tx) error {
		got, err := tx.Token("t1")
		if err != nil {
			return err
		}
		if got.RevokedAt == nil || !got.RevokedAt.Equal(revoked) || !got.CreatedAt.Equal(at) || string(got.Hash) != string(tk.Hash) || got.MemberID != "east" {
			t.Errorf("token %+v, want %+v", got, tk)
		}
		list, err := tx.MemberTokens(ws, "east")
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].ID != "t2" || list[1].ID != "t1" || list[0].RevokedAt != nil {
			t.Errorf("east's tokens %+v, want t2 then t1 (by creation), t2 not revoked", list)
		}
		return nil
	})
}

// testConflict: a stale revision or a second insert is ECONFLICT, and the transaction stays
// usable after it.
func testConflict(t *testing.T, st workspace.Store) {
	w := putWorkspace(t, st)
	ctx := context.Background()
	err := st.Write(ctx, func(tx workspace.Tx) error {
		w.Rev = 99
		return tx.PutWorkspace(w, 42) // the stored rev is 1
	})
	wantCode(t, "stale rev", err, parley.ECONFLICT)
	write(t, st, func(tx workspace.Tx) error {
		v := &parley.Version{ID: "v1", Workspace: ws, Rev: 1}
		s := &parley.Stance{Version: "v1", Point: "p", Party: "east", Rev: 1}
		p := &parley.PartyProfile{Party: "east", Rev: 1}
		se := &parley.Session{ID: "s1", Rev: 1}
		r := &parley.Ratification{ID: "r1", Rev: 1}
		puts := map[string]func() error{
			"workspace":    func() error { return tx.PutWorkspace(w, 0) },
			"version":      func() error { return tx.PutVersion(v, 0) },
			"stance":       func() error { return tx.PutStance(ws, s, 0) },
			"profile":      func() error { return tx.PutProfile(ws, p, 0) },
			"session":      func() error { return tx.PutSession(ws, se, 0) },
			"ratification": func() error { return tx.PutRatification(ws, r, 0) },
		}
		for what, put := range puts {
			if what != "workspace" {
				if err := put(); err != nil {
					return err
				}
			}
			wantCode(t, "second insert of a "+what, put(), parley.ECONFLICT)
		}
		wantCode(t, "stale version", tx.PutVersion(&parley.Version{ID: "v1", Workspace: ws, Rev: 3}, 2), parley.ECONFLICT)
		w.Rev, w.Name = 2, "renamed"
		return tx.PutWorkspace(w, 1)
	})
	read(t, st, func(tx workspace.Tx) error {
		got, err := tx.Workspace(ws)
		if err == nil && (got.Name != "renamed" || got.Rev != 2) {
			t.Errorf("after the conflicts: name %q rev %d, want renamed 2", got.Name, got.Rev)
		}
		return err
	})
}

// testNotFound: a missing record is ENOTFOUND, a missing list empty, whatever the key.
func testNotFound(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	read(t, st, func(tx workspace.Tx) error {
		for _, id := range []string{"nope", "bad\x00id", "bad\xffutf8"} {
			_, err := tx.Workspace(id)
			wantCode(t, "Workspace("+id+")", err, parley.ENOTFOUND)
			_, err = tx.Token(id)
			wantCode(t, "Token("+id+")", err, parley.ENOTFOUND)
			_, err = tx.Version(ws, id)
			wantCode(t, "Version("+id+")", err, parley.ENOTFOUND)
			_, err = tx.Stance(ws, id, "p", "east")
			wantCode(t, "Stance("+id+")", err, parley.ENOTFOUND)
			_, err = tx.Profile(ws, id)
			wantCode(t, "Profile("+id+")", err, parley.ENOTFOUND)
			_, err = tx.Session(ws, id)
			wantCode(t, "Session("+id+")", err, parley.ENOTFOUND)
			_, err = tx.Ratification(ws, id)
			wantCode(t, "Ratification("+id+")", err, parley.ENOTFOUND)
			_, err = tx.AuditHashes(id, []int64{0})
			wantCode(t, "AuditHashes("+id+")", err, parley.ENOTFOUND)
			vs, err1 := tx.Versions(id)
			ss, err2 := tx.Sessions(id)
			rs, err3 := tx.Ratifications(id)
			ts, err4 := tx.MemberTokens(ws, id)
			es, err5 := tx.Audit(id, 0)
			cp, err6 := tx.AuditCheckpoint(id)
			if n := len(vs) + len(ss) + len(rs) + len(ts) + len(es) + len(cp); n != 0 {
				t.Errorf("lists of %q: got %d items, want none", id, n)
			}
			for _, err := range []error{err1, err2, err3, err4, err5, err6} {
				if err != nil {
					t.Errorf("lists of %q: %v", id, err)
				}
			}
		}
		return nil
	})
}

// testRollback: a write whose function fails keeps nothing, audit entry included.
func testRollback(t *testing.T, st workspace.Store) {
	w := putWorkspace(t, st)
	key := wstest.Key(t)
	err := st.Write(context.Background(), func(tx workspace.Tx) error {
		w.Rev, w.Name = 2, "not kept"
		if err := tx.PutWorkspace(w, 1); err != nil {
			return err
		}
		if err := workspace.AppendEntry(tx, key, &parley.AuditEntry{WorkspaceID: ws, Actor: "x", Action: "y", Target: "z"}); err != nil {
			return err
		}
		return errChangedMind
	})
	if !errors.Is(err, errChangedMind) {
		t.Fatalf("got %v, want the function's error", err)
	}
	read(t, st, func(tx workspace.Tx) error {
		got, err := tx.Workspace(ws)
		if err == nil && (got.Name == "not kept" || got.Rev != 1) {
			t.Error("a failed write was kept")
		}
		if seq, hash, err := tx.AuditHead(); err != nil || seq != 0 || hash != "" {
			t.Errorf("audit head (%d, %q, %v) after a rolled back append, want (0, \"\")", seq, hash, err)
		}
		return err
	})
}
