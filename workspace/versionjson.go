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
	m boundedMap // ws + "/" + version + "/" + member -> []byte, at most maxEncodedBytes
}

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

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	return append(b, '\n'), err
}
