package workspace

import (
	"time"

	"parley"
)

// BlindTx is the storage of blind overlap rounds. A store's Tx implements it beside Tx
// (sqlite and postgres do); the service refuses blind rounds on a store whose Tx does not.
type BlindTx interface {
	// BlindRound returns one stored round; ENOTFOUND when missing.
	BlindRound(ws, id string) (*BlindRecord, error)
	// BlindRounds returns a workspace's rounds in the order they were opened.
	BlindRounds(ws string) ([]*BlindRecord, error)
	// PutBlindRound inserts (prevRev 0) or updates a round at prevRev (else ECONFLICT).
	PutBlindRound(ws string, r *BlindRecord, prevRev int64) error
	// WorkspaceKey returns a workspace's wrapped sealing key; ENOTFOUND when it has none.
	WorkspaceKey(ws string) ([]byte, error)
	// PutWorkspaceKey stores a workspace's wrapped sealing key once (else ECONFLICT).
	PutWorkspaceKey(ws string, wrapped []byte) error
}

// BlindRecord is a blind overlap round as stored: the round every member sees and each
// party's sealed value, encrypted. Round.Rev is the record's revision; Seq orders the rounds.
type BlindRecord struct {
	Round parley.BlindRound `json:"round"`
	Seq   int64             `json:"seq"`
	// Seals holds, by party, its sealed value.
	Seals map[string]*Seal `json:"seals,omitempty"`
}

// Seal is one party's sealed value as stored.
type Seal struct {
	// Box is nonce || AES-256-GCM ciphertext of the value and its salt, under the
	// workspace's encryption key, bound to the workspace, round and party.
	Box []byte `json:"box"`
	// Commitment is HMAC-SHA256, under the workspace's commitment key, of the round, the
	// party, the value and 32 random bytes of salt kept in Box: what the audit log shows.
	Commitment string    `json:"commitment"`
	At         time.Time `json:"at"`
}
