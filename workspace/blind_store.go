package workspace

import "parley"

// BlindTx is the storage of blind overlap rounds. A store's Tx implements it beside Tx
// (internal/sqlstore's does, for SQLite and PostgreSQL); the service refuses blind rounds on a store whose Tx does not.
type BlindTx interface {
	// BlindRound returns one stored round; ENOTFOUND when missing.
	BlindRound(ws, id string) (*parley.BlindRecord, error)
	// BlindRounds returns a workspace's rounds in the order they were opened.
	BlindRounds(ws string) ([]*parley.BlindRecord, error)
	// PutBlindRound inserts (prevRev 0) or updates a round at prevRev (else ECONFLICT).
	PutBlindRound(ws string, r *parley.BlindRecord, prevRev int64) error
	// WorkspaceKey returns a workspace's wrapped sealing key; ENOTFOUND when it has none.
	WorkspaceKey(ws string) ([]byte, error)
	// PutWorkspaceKey stores a workspace's wrapped sealing key once (else ECONFLICT).
	PutWorkspaceKey(ws string, wrapped []byte) error
}
