package parley

import (
	"encoding/json"
	"time"
)

// LeafData returns the canonical encoding of e that its workspace's Merkle tree hashes as a
// leaf: every field but Seq (the global order, which another workspace's writes shift) and
// Hash (the leaf hash itself). Every storage backend and verifier uses it, so logs verify
// alike.
func (e *AuditEntry) LeafData() []byte {
	recs := e.Records
	if recs == nil {
		recs = []RecordHash{}
	}
	b, _ := json.Marshal(struct {
		Index     int64        `json:"index"`
		At        string       `json:"at"`
		Workspace string       `json:"workspace"`
		Actor     string       `json:"actor"`
		Action    string       `json:"action"`
		Target    string       `json:"target"`
		Records   []RecordHash `json:"records"`
	}{e.Index, e.At.UTC().Format(time.RFC3339Nano), e.WorkspaceID, e.Actor, e.Action, e.Target, recs})
	return b
}
