package workspace

import (
	"context"
	"encoding/json"

	"parley"
)

// encodedVersions keeps the JSON of published versions as each member sees them: a
// published version never changes, so neither does its filtered view, and encoding it was
// most of the cost of serving it.
type encodedVersions struct {
	m     boundedMap // ws + "/" + version + "/" + member -> []byte, at most maxEncodedBytes
	lists boundedMap // ws + "/" + member -> *encodedList, at most maxEncodedLists
}

// encodedList is a member's version list, encoded, as of a checkpoint of its workspace's
// audit log.
type encodedList struct {
	checkpoint string
	b          []byte
}

// maxEncodedLists bounds the encoded version lists kept.
const maxEncodedLists = 16 << 20

// maxEncodedBytes bounds the encoded views kept.
const maxEncodedBytes = 64 << 20

// VersionJSON implements parley.EncodedViews: what Version returns, encoded as by
// encoding/json (HTML characters escaped) with a final newline. The caller must not modify
// the bytes.
func (s *Service) VersionJSON(ctx context.Context, ws, id string) ([]byte, error) {
	if c := parley.CallerFromContext(ctx); c != nil && !c.Admin && c.WorkspaceID == ws {
		if v := s.cache.version(ws, id); v != nil && canSee(v, c) {
			key := ws + "/" + id + "/" + c.MemberID
			if b, ok := s.encoded.m.load(key); ok {
				return b.([]byte), nil
			}
			b, err := encode(filterVersion(v, c.MemberID))
			if err == nil {
				s.encoded.m.store(key, b, int64(len(b)+len(key)+64))
			}
			return b, err
		}
	}
	v, err := s.Version(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	return encode(v)
}

// VersionsJSON implements parley.EncodedViews: what Versions returns, encoded as by
// encoding/json (an empty list as []) with a final newline. The caller must not modify the
// bytes.
//
// Every write to a workspace appends to its audit log and so changes its checkpoint, read
// in the same transaction as the list would be: a member's list encoded at a checkpoint is
// its list for as long as the checkpoint stays, whichever server wrote (PostgreSQL may have
// several). So a list is encoded once per member and write, not once per request.
func (s *Service) VersionsJSON(ctx context.Context, ws string) ([]byte, error) {
	var out []byte
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		cp, err := tx.AuditCheckpoint(ws)
		if err != nil {
			return err
		}
		key := ws + "/" + c.MemberID
		if l, ok := s.encoded.lists.load(key); ok && cp != "" && l.(*encodedList).checkpoint == cp {
			out = l.(*encodedList).b
			return nil
		}
		vs, err := versionsIn(tx, ws, c)
		if err != nil {
			return err
		}
		if vs == nil {
			vs = []*parley.VersionSummary{}
		}
		if out, err = encode(vs); err != nil {
			return err
		}
		if cp != "" {
			s.encoded.lists.replace(key, &encodedList{cp, out}, int64(len(out)+len(key)+len(cp)+64))
		}
		return nil
	})
	return out, err
}

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	return append(b, '\n'), err
}
