package storetest

import (
	"testing"

	"parley"
	"parley/workspace"
)

// testBlind stores blind overlap rounds and a workspace's wrapped key (workspace.BlindTx):
// rounds come back as written, in the order of their Seq, with conflicts on a stale
// revision or a second insert; a workspace's key is stored once.
func testBlind(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	blind := func(tx workspace.Tx) workspace.BlindTx {
		b, ok := tx.(workspace.BlindTx)
		if !ok {
			t.Fatalf("%T does not store blind rounds", tx)
		}
		return b
	}
	r1 := &parley.BlindRecord{Seq: 2, Round: parley.BlindRound{ID: "b1", Workspace: ws, Issue: "a", Number: 1, Rev: 1},
		Seals: map[string]*parley.Seal{"east": {Box: []byte{1, 2}}}}
	r2 := &parley.BlindRecord{Seq: 1, Round: parley.BlindRound{ID: "b2", Workspace: ws, Issue: "a", Number: 2, Rev: 1}}
	write(t, st, func(tx workspace.Tx) error {
		b := blind(tx)
		for _, r := range []*parley.BlindRecord{r1, r2} {
			if err := b.PutBlindRound(ws, r, 0); err != nil {
				return err
			}
		}
		wantCode(t, "second insert of a blind round", b.PutBlindRound(ws, r1, 0), parley.ECONFLICT)
		wantCode(t, "stale blind round", b.PutBlindRound(ws, r1, 5), parley.ECONFLICT)
		r1.Round.Rev = 2
		if err := b.PutBlindRound(ws, r1, 1); err != nil {
			return err
		}
		if err := b.PutWorkspaceKey(ws, []byte("wrapped")); err != nil {
			return err
		}
		wantCode(t, "second workspace key", b.PutWorkspaceKey(ws, []byte("other")), parley.ECONFLICT)
		return nil
	})
	read(t, st, func(tx workspace.Tx) error {
		b := blind(tx)
		got, err := b.BlindRound(ws, "b1")
		if err != nil {
			return err
		}
		same(t, "blind round", got, r1)
		list, err := b.BlindRounds(ws)
		if err != nil {
			return err
		}
		same(t, "blind rounds", list, []*parley.BlindRecord{r2, r1})
		_, err = b.BlindRound(ws, "nope")
		wantCode(t, "missing blind round", err, parley.ENOTFOUND)
		key, err := b.WorkspaceKey(ws)
		if err != nil || string(key) != "wrapped" {
			t.Errorf("workspace key %q, %v; want the first one stored", key, err)
		}
		_, err = b.WorkspaceKey("other")
		wantCode(t, "missing workspace key", err, parley.ENOTFOUND)
		return nil
	})
}
