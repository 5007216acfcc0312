package workspace

import (
	"context"

	"parley"
)

// Store is the storage the service needs. Implementations keep no rules of their own
// beyond optimistic concurrency: a Put whose prevRev is not the stored Rev fails with
// ECONFLICT, and prevRev 0 means the record must not exist yet.
type Store interface {
	// Read runs fn on a consistent snapshot.
	Read(ctx context.Context, fn func(Tx) error) error
	// Write runs fn in a serialised transaction, committed durably when fn returns nil
	// and rolled back otherwise.
	Write(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction. Getters return ENOTFOUND for a missing record.
type Tx interface {
	Workspace(id string) (*parley.Workspace, error)
	PutWorkspace(w *parley.Workspace, prevRev int64) error

	Token(id string) (*parley.Token, error)
	// PutToken inserts or replaces a token.
	PutToken(t *parley.Token) error
	MemberTokens(ws, member string) ([]*parley.Token, error)

	Version(ws, id string) (*parley.Version, error)
	Versions(ws string) ([]*parley.Version, error)
	// VersionSummaries lists the versions of ws without decoding their points, in the
	// order of Versions.
	VersionSummaries(ws string) ([]*parley.VersionSummary, error)
	PutVersion(v *parley.Version, prevRev int64) error

	Stance(ws, version, point, party string) (*parley.Stance, error)
	Stances(ws, version string) ([]*parley.Stance, error)
	PutStance(ws string, s *parley.Stance, prevRev int64) error

	Profile(ws, party string) (*parley.PartyProfile, error)
	PutProfile(ws string, p *parley.PartyProfile, prevRev int64) error

	Session(ws, id string) (*parley.Session, error)
	Sessions(ws string) ([]*parley.Session, error)
	PutSession(ws string, s *parley.Session, prevRev int64) error

	Ratification(ws, id string) (*parley.Ratification, error)
	Ratifications(ws string) ([]*parley.Ratification, error)
	PutRatification(ws string, r *parley.Ratification, prevRev int64) error

	// AppendAudit stores e exactly as given, with the Merkle tree hashes its leaf adds to
	// its workspace's log (at stored-hash indexes first, first+1, ...), keeps checkpoint as
	// the workspace's latest signed checkpoint and moves the recorded head to (e.Seq,
	// e.Hash). The service computes all of it; the store only checks that e.Seq follows
	// the head, so that a log is only ever appended to.
	AppendAudit(e *parley.AuditEntry, first int64, hashes [][]byte, checkpoint string) error
	// Audit returns the entries of a workspace ("" for all) with Seq > after, in order.
	Audit(ws string, after int64) ([]*parley.AuditEntry, error)
	// AuditHead returns the recorded last seq and hash (0, "" when empty).
	AuditHead() (int64, string, error)
	// AuditHashes returns the stored tree hashes of workspace ws's log at the given
	// indexes, in that order; ENOTFOUND if one is missing.
	AuditHashes(ws string, indexes []int64) ([][]byte, error)
	// AuditCheckpoint returns the latest signed checkpoint of ws's log ("" when none).
	AuditCheckpoint(ws string) (string, error)
}
