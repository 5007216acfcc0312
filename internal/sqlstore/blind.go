package sqlstore

import (
	"encoding/json"
	"errors"
	"fmt"

	"parley"
)

// The storage of blind overlap rounds (workspace.BlindTx).

func (t *Tx) BlindRound(ws, id string) (*parley.BlindRecord, error) {
	r := new(parley.BlindRecord)
	if !t.Dialect.storable(ws, id) {
		return r, notFound("blind round")
	}
	return r, t.get(r, "blind round", `SELECT data FROM blind_rounds WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *Tx) BlindRounds(ws string) ([]*parley.BlindRecord, error) {
	if !t.Dialect.storable(ws) {
		return nil, nil
	}
	return list[parley.BlindRecord](t, "blind rounds", `SELECT data FROM blind_rounds WHERE workspace = ? ORDER BY seq`, ws)
}

func (t *Tx) PutBlindRound(ws string, r *parley.BlindRecord, prevRev int64) error {
	if !t.Dialect.storable(ws, r.Round.ID) {
		return unstorable("blind round")
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return t.put("blind round", prevRev,
		`INSERT INTO blind_rounds (workspace, id, seq, rev, data) VALUES (?, ?, ?, ?, ?)`,
		[]any{ws, r.Round.ID, r.Seq, r.Round.Rev, data},
		`UPDATE blind_rounds SET rev = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`,
		[]any{r.Round.Rev, data, ws, r.Round.ID, prevRev})
}

func (t *Tx) WorkspaceKey(ws string) ([]byte, error) {
	if !t.Dialect.storable(ws) {
		return nil, notFound("workspace key")
	}
	var b []byte
	err := t.Conn.QueryRow(`SELECT wrapped FROM workspace_keys WHERE workspace = ?`, ws).Scan(&b)
	if errors.Is(err, ErrNoRows) {
		return nil, notFound("workspace key")
	} else if err != nil {
		return nil, fmt.Errorf("read workspace key: %w", err)
	}
	return b, nil
}

func (t *Tx) PutWorkspaceKey(ws string, wrapped []byte) error {
	if !t.Dialect.storable(ws) {
		return unstorable("workspace key")
	}
	return t.put("workspace key", 0, `INSERT INTO workspace_keys (workspace, wrapped) VALUES (?, ?)`, []any{ws, wrapped}, "", nil)
}
