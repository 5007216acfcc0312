package postgres

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"parley/workspace"
)

// The storage of blind overlap rounds (workspace.BlindTx), kept apart from tx.go.

var _ workspace.BlindTx = (*txn)(nil)

func (t *txn) BlindRound(ws, id string) (*workspace.BlindRecord, error) {
	r := new(workspace.BlindRecord)
	if !storable(ws, id) {
		return r, notFound("blind round")
	}
	return r, t.get(r, "blind round", `SELECT data FROM blind_rounds WHERE workspace = $1 AND id = $2`, ws, id)
}

func (t *txn) BlindRounds(ws string) ([]*workspace.BlindRecord, error) {
	if !storable(ws) {
		return nil, nil
	}
	return list[workspace.BlindRecord](t, "blind rounds", `SELECT data FROM blind_rounds WHERE workspace = $1 ORDER BY seq`, ws)
}

func (t *txn) PutBlindRound(ws string, r *workspace.BlindRecord, prevRev int64) error {
	if !storable(ws, r.Round.ID) {
		return unstorable("blind round")
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return t.put("blind round", prevRev,
		`INSERT INTO blind_rounds (workspace, id, seq, rev, data) VALUES ($1, $2, $3, $4, $5)`,
		[]any{ws, r.Round.ID, r.Seq, r.Round.Rev, data},
		`UPDATE blind_rounds SET rev = $1, data = $2 WHERE workspace = $3 AND id = $4 AND rev = $5`,
		[]any{r.Round.Rev, data, ws, r.Round.ID, prevRev})
}

func (t *txn) WorkspaceKey(ws string) ([]byte, error) {
	if !storable(ws) {
		return nil, notFound("workspace key")
	}
	var b []byte
	err := t.tx.QueryRow(t.ctx, `SELECT wrapped FROM workspace_keys WHERE workspace = $1`, ws).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("workspace key")
	} else if err != nil {
		return nil, fmt.Errorf("read workspace key: %w", err)
	}
	return b, nil
}

func (t *txn) PutWorkspaceKey(ws string, wrapped []byte) error {
	if !storable(ws) {
		return unstorable("workspace key")
	}
	return t.put("workspace key", 0, `INSERT INTO workspace_keys (workspace, wrapped) VALUES ($1, $2)`, []any{ws, wrapped}, "", nil)
}
