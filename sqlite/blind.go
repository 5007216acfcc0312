package sqlite

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"parley/workspace"
)

// The storage of blind overlap rounds (workspace.BlindTx), kept apart from tx.go.

var _ workspace.BlindTx = (*txn)(nil)

func (t *txn) BlindRound(ws, id string) (*workspace.BlindRecord, error) {
	r := new(workspace.BlindRecord)
	return r, t.get(r, "blind round", `SELECT data FROM blind_rounds WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *txn) BlindRounds(ws string) ([]*workspace.BlindRecord, error) {
	return list[workspace.BlindRecord](t, "blind rounds", `SELECT data FROM blind_rounds WHERE workspace = ? ORDER BY seq`, ws)
}

func (t *txn) PutBlindRound(ws string, r *workspace.BlindRecord, prevRev int64) error {
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

func (t *txn) WorkspaceKey(ws string) ([]byte, error) {
	var b []byte
	err := t.queryRow(`SELECT wrapped FROM workspace_keys WHERE workspace = ?`, ws).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("workspace key")
	} else if err != nil {
		return nil, fmt.Errorf("read workspace key: %w", err)
	}
	return b, nil
}

func (t *txn) PutWorkspaceKey(ws string, wrapped []byte) error {
	return t.put("workspace key", 0, `INSERT INTO workspace_keys (workspace, wrapped) VALUES (?, ?)`, []any{ws, wrapped}, "", nil)
}
