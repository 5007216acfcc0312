package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"parley"
)

type txn struct {
	ctx   context.Context
	tx    pgx.Tx
	write bool
	// The audit head as locked at the start of a write, moved by AppendAudit.
	headSeq  int64
	headHash string
}

func notFound(what string) error { return parley.Errorf(parley.ENOTFOUND, "%s not found", what) }

func conflict(what string) error {
	return parley.Errorf(parley.ECONFLICT, "%s was changed by someone else; reload it and try again", what)
}

// storable reports whether every key can be stored in a text column: PostgreSQL refuses
// invalid UTF-8 and NUL. The service validates the ids it creates; a key that is not
// storable was never stored, so a lookup of it finds nothing (as with SQLite) instead of
// failing.
func storable(keys ...string) bool {
	for _, k := range keys {
		if !utf8.ValidString(k) || strings.IndexByte(k, 0) >= 0 {
			return false
		}
	}
	return true
}

func unstorable(what string) error {
	return parley.Errorf(parley.EINVALID, "%s has a key with a NUL byte or invalid UTF-8", what)
}

// get reads one JSON record into dst.
func (t *txn) get(dst any, what, query string, args ...any) error {
	var data []byte
	err := t.tx.QueryRow(t.ctx, query, args...).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(what)
	} else if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("decode %s: %w", what, err)
	}
	return nil
}

// list reads JSON records in order.
func list[T any](t *txn, what, query string, args ...any) ([]*T, error) {
	rows, err := t.tx.Query(t.ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("list %s: %w", what, err)
		}
		v := new(T)
		if err := json.Unmarshal(data, v); err != nil {
			return nil, fmt.Errorf("decode %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	return out, nil
}

// put inserts (prevRev 0) or updates at prevRev, failing with ECONFLICT otherwise. The
// insert is ON CONFLICT DO NOTHING, so a duplicate leaves the transaction usable, as a
// constraint error does in SQLite.
func (t *txn) put(what string, prevRev int64, insert string, insertArgs []any, update string, updateArgs []any) error {
	q, args := update, updateArgs
	if prevRev == 0 {
		q, args = insert+` ON CONFLICT DO NOTHING`, insertArgs
	}
	tag, err := t.tx.Exec(t.ctx, q, args...)
	if err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	if tag.RowsAffected() != 1 {
		return conflict(what)
	}
	return nil
}

// timeFormat is RFC 3339 with a fixed nine-digit fraction, so that text order is time
// order; it parses back with time.RFC3339Nano.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func (t *txn) Workspace(id string) (*parley.Workspace, error) {
	if !storable(id) {
		return new(parley.Workspace), notFound("workspace")
	}
	w := new(parley.Workspace)
	return w, t.get(w, "workspace", `SELECT data FROM workspaces WHERE id = $1`, id)
}

func (t *txn) PutWorkspace(w *parley.Workspace, prevRev int64) error {
	if !storable(w.ID) {
		return unstorable("workspace")
	}
	data, err := json.Marshal(w)
	if err != nil {
		return err
	}
	return t.put("workspace", prevRev,
		`INSERT INTO workspaces (id, rev, data) VALUES ($1, $2, $3)`, []any{w.ID, w.Rev, data},
		`UPDATE workspaces SET rev = $1, data = $2 WHERE id = $3 AND rev = $4`, []any{w.Rev, data, w.ID, prevRev})
}

const tokenCols = `id, workspace, member, hash, created_at, revoked_at`

func scanTokens(rows pgx.Rows, err error) ([]*parley.Token, error) {
	if err != nil {
		return nil, fmt.Errorf("read tokens: %w", err)
	}
	defer rows.Close()
	var out []*parley.Token
	for rows.Next() {
		tk := new(parley.Token)
		var created string
		var revoked *string
		if err := rows.Scan(&tk.ID, &tk.WorkspaceID, &tk.MemberID, &tk.Hash, &created, &revoked); err != nil {
			return nil, fmt.Errorf("read tokens: %w", err)
		}
		tk.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		if revoked != nil {
			r, _ := time.Parse(time.RFC3339Nano, *revoked)
			tk.RevokedAt = &r
		}
		out = append(out, tk)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read tokens: %w", err)
	}
	return out, nil
}

func (t *txn) Token(id string) (*parley.Token, error) {
	if !storable(id) {
		return nil, notFound("token")
	}
	ts, err := scanTokens(t.tx.Query(t.ctx, `SELECT `+tokenCols+` FROM tokens WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound("token")
	}
	return ts[0], nil
}

func (t *txn) MemberTokens(ws, member string) ([]*parley.Token, error) {
	if !storable(ws, member) {
		return nil, nil
	}
	return scanTokens(t.tx.Query(t.ctx, `SELECT `+tokenCols+` FROM tokens WHERE workspace = $1 AND member = $2 ORDER BY created_at, id`, ws, member))
}

func (t *txn) PutToken(tk *parley.Token) error {
	if !storable(tk.ID, tk.WorkspaceID, tk.MemberID) {
		return unstorable("token")
	}
	var revoked *string
	if tk.RevokedAt != nil {
		r := formatTime(*tk.RevokedAt)
		revoked = &r
	}
	_, err := t.tx.Exec(t.ctx, `INSERT INTO tokens (`+tokenCols+`) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at`,
		tk.ID, tk.WorkspaceID, tk.MemberID, tk.Hash, formatTime(tk.CreatedAt), revoked)
	if err != nil {
		return fmt.Errorf("write token: %w", err)
	}
	return nil
}

func (t *txn) Version(ws, id string) (*parley.Version, error) {
	v := new(parley.Version)
	if !storable(ws, id) {
		return v, notFound("version")
	}
	return v, t.get(v, "version", `SELECT data FROM versions WHERE workspace = $1 AND id = $2`, ws, id)
}

func (t *txn) Versions(ws string) ([]*parley.Version, error) {
	if !storable(ws) {
		return nil, nil
	}
	return list[parley.Version](t, "versions", `SELECT data FROM versions WHERE workspace = $1 ORDER BY ord`, ws)
}

func (t *txn) VersionSummaries(ws string) ([]*parley.VersionSummary, error) {
	if !storable(ws) {
		return nil, nil
	}
	// Versions stored before the summary column have their summary made from their JSON.
	rows, err := t.tx.Query(t.ctx, `SELECT summary, CASE WHEN summary IS NULL THEN data END FROM versions WHERE workspace = $1 ORDER BY ord`, ws)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	var out []*parley.VersionSummary
	for rows.Next() {
		var sum, data []byte
		if err := rows.Scan(&sum, &data); err != nil {
			return nil, fmt.Errorf("list versions: %w", err)
		}
		var v *parley.VersionSummary
		if sum == nil {
			full := new(parley.Version)
			if err := json.Unmarshal(data, full); err != nil {
				return nil, fmt.Errorf("decode version: %w", err)
			}
			v = full.Summary()
		} else {
			v = new(parley.VersionSummary)
			if err := json.Unmarshal(sum, v); err != nil {
				return nil, fmt.Errorf("decode version summary: %w", err)
			}
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	return out, nil
}

func (t *txn) PutVersion(v *parley.Version, prevRev int64) error {
	if !storable(v.Workspace, v.ID) {
		return unstorable("version")
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sum, err := json.Marshal(v.Summary())
	if err != nil {
		return err
	}
	return t.put("version", prevRev,
		`INSERT INTO versions (workspace, id, rev, data, summary) VALUES ($1, $2, $3, $4, $5)`, []any{v.Workspace, v.ID, v.Rev, data, sum},
		`UPDATE versions SET rev = $1, data = $2, summary = $3 WHERE workspace = $4 AND id = $5 AND rev = $6`, []any{v.Rev, data, sum, v.Workspace, v.ID, prevRev})
}

func (t *txn) Stance(ws, version, point, party string) (*parley.Stance, error) {
	s := new(parley.Stance)
	if !storable(ws, version, point, party) {
		return s, notFound("stance")
	}
	return s, t.get(s, "stance", `SELECT data FROM stances WHERE workspace = $1 AND version = $2 AND point = $3 AND party = $4`, ws, version, point, party)
}

func (t *txn) Stances(ws, version string) ([]*parley.Stance, error) {
	if !storable(ws, version) {
		return nil, nil
	}
	// COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
	return list[parley.Stance](t, "stances", `SELECT data FROM stances WHERE workspace = $1 AND version = $2 ORDER BY point COLLATE "C", party COLLATE "C"`, ws, version)
}

func (t *txn) PutStance(ws string, s *parley.Stance, prevRev int64) error {
	if !storable(ws, s.Version, s.Point, s.Party) {
		return unstorable("stance")
	}
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return t.put("stance", prevRev,
		`INSERT INTO stances (workspace, version, point, party, rev, data) VALUES ($1, $2, $3, $4, $5, $6)`,
		[]any{ws, s.Version, s.Point, s.Party, s.Rev, data},
		`UPDATE stances SET rev = $1, data = $2 WHERE workspace = $3 AND version = $4 AND point = $5 AND party = $6 AND rev = $7`,
		[]any{s.Rev, data, ws, s.Version, s.Point, s.Party, prevRev})
}

func (t *txn) Profile(ws, party string) (*parley.PartyProfile, error) {
	p := new(parley.PartyProfile)
	if !storable(ws, party) {
		return p, notFound("profile")
	}
	return p, t.get(p, "profile", `SELECT data FROM profiles WHERE workspace = $1 AND party = $2`, ws, party)
}

func (t *txn) PutProfile(ws string, p *parley.PartyProfile, prevRev int64) error {
	if !storable(ws, p.Party) {
		return unstorable("profile")
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return t.put("profile", prevRev,
		`INSERT INTO profiles (workspace, party, rev, data) VALUES ($1, $2, $3, $4)`, []any{ws, p.Party, p.Rev, data},
		`UPDATE profiles SET rev = $1, data = $2 WHERE workspace = $3 AND party = $4 AND rev = $5`, []any{p.Rev, data, ws, p.Party, prevRev})
}

func (t *txn) Session(ws, id string) (*parley.Session, error) {
	s := new(parley.Session)
	if !storable(ws, id) {
		return s, notFound("session")
	}
	return s, t.get(s, "session", `SELECT data FROM sessions WHERE workspace = $1 AND id = $2`, ws, id)
}

func (t *txn) Sessions(ws string) ([]*parley.Session, error) {
	if !storable(ws) {
		return nil, nil
	}
	return list[parley.Session](t, "sessions", `SELECT data FROM sessions WHERE workspace = $1 ORDER BY date COLLATE "C", ord`, ws)
}

func (t *txn) PutSession(ws string, s *parley.Session, prevRev int64) error {
	if !storable(ws, s.ID) {
		return unstorable("session")
	}
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	date := formatTime(s.Date)
	return t.put("session", prevRev,
		`INSERT INTO sessions (workspace, id, rev, date, data) VALUES ($1, $2, $3, $4, $5)`, []any{ws, s.ID, s.Rev, date, data},
		`UPDATE sessions SET rev = $1, date = $2, data = $3 WHERE workspace = $4 AND id = $5 AND rev = $6`, []any{s.Rev, date, data, ws, s.ID, prevRev})
}

func (t *txn) Ratification(ws, id string) (*parley.Ratification, error) {
	r := new(parley.Ratification)
	if !storable(ws, id) {
		return r, notFound("ratification")
	}
	return r, t.get(r, "ratification", `SELECT data FROM ratifications WHERE workspace = $1 AND id = $2`, ws, id)
}

func (t *txn) Ratifications(ws string) ([]*parley.Ratification, error) {
	if !storable(ws) {
		return nil, nil
	}
	return list[parley.Ratification](t, "ratifications", `SELECT data FROM ratifications WHERE workspace = $1 ORDER BY ord`, ws)
}

func (t *txn) PutRatification(ws string, r *parley.Ratification, prevRev int64) error {
	if !storable(ws, r.ID) {
		return unstorable("ratification")
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return t.put("ratification", prevRev,
		`INSERT INTO ratifications (workspace, id, rev, data) VALUES ($1, $2, $3, $4)`, []any{ws, r.ID, r.Rev, data},
		`UPDATE ratifications SET rev = $1, data = $2 WHERE workspace = $3 AND id = $4 AND rev = $5`, []any{r.Rev, data, ws, r.ID, prevRev})
}

func (t *txn) AuditHead() (int64, string, error) {
	if t.write {
		return t.headSeq, t.headHash, nil
	}
	var seq int64
	var hash string
	if err := t.tx.QueryRow(t.ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash); err != nil {
		return 0, "", fmt.Errorf("read audit head: %w", err)
	}
	return seq, hash, nil
}

func (t *txn) AppendAudit(e *parley.AuditEntry, first int64, hashes [][]byte, checkpoint string) error {
	if !t.write {
		return errors.New("append audit: not in a write transaction")
	}
	if !storable(e.WorkspaceID, e.Actor, e.Action, e.Target) {
		return unstorable("audit entry")
	}
	if e.Seq != t.headSeq+1 {
		return fmt.Errorf("append audit: entry %d does not follow the head %d", e.Seq, t.headSeq)
	}
	recs, err := json.Marshal(e.Records)
	if err != nil {
		return err
	}
	// The time is stored exactly as LeafData formats it, so verification hashes the same.
	// One statement appends the entry and moves the head.
	tag, err := t.tx.Exec(t.ctx, `WITH entry AS (
			INSERT INTO audit (seq, workspace, ws_index, at, actor, action, target, records, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9))
		UPDATE audit_head SET seq = $1, hash = $9 WHERE id = 1`,
		e.Seq, e.WorkspaceID, e.Index, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Target, string(recs), e.Hash)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return errors.New("append audit: the audit head row is missing")
	}
	idx := make([]int64, len(hashes))
	for k := range hashes {
		idx[k] = first + int64(k)
	}
	if _, err := t.tx.Exec(t.ctx, `INSERT INTO audit_tree (workspace, idx, hash) SELECT $1, i, h FROM unnest($2::bigint[], $3::bytea[]) AS x(i, h)`,
		e.WorkspaceID, idx, hashes); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	if _, err := t.tx.Exec(t.ctx, `INSERT INTO audit_checkpoint (workspace, note) VALUES ($1, $2)
		ON CONFLICT (workspace) DO UPDATE SET note = excluded.note`, e.WorkspaceID, checkpoint); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	t.headSeq, t.headHash = e.Seq, e.Hash
	return nil
}

func (t *txn) Audit(ws string, after int64) ([]*parley.AuditEntry, error) {
	if !storable(ws) {
		return nil, nil
	}
	q := `SELECT seq, workspace, ws_index, at, actor, action, target, records, hash FROM audit WHERE seq > $1`
	args := []any{after}
	if ws != "" {
		q += ` AND workspace = $2`
		args = append(args, ws)
	}
	rows, err := t.tx.Query(t.ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	var out []*parley.AuditEntry
	for rows.Next() {
		e := new(parley.AuditEntry)
		var at, recs string
		if err := rows.Scan(&e.Seq, &e.WorkspaceID, &e.Index, &at, &e.Actor, &e.Action, &e.Target, &recs, &e.Hash); err != nil {
			return nil, fmt.Errorf("read audit: %w", err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		if err := json.Unmarshal([]byte(recs), &e.Records); err != nil {
			return nil, fmt.Errorf("read audit entry %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	return out, nil
}

func (t *txn) AuditHashes(ws string, indexes []int64) ([][]byte, error) {
	if !storable(ws) {
		return nil, notFound("audit tree hash")
	}
	rows, err := t.tx.Query(t.ctx, `SELECT idx, hash FROM audit_tree WHERE workspace = $1 AND idx = ANY($2::bigint[])`, ws, indexes)
	if err != nil {
		return nil, fmt.Errorf("read audit tree: %w", err)
	}
	defer rows.Close()
	got := map[int64][]byte{}
	for rows.Next() {
		var i int64
		var h []byte
		if err := rows.Scan(&i, &h); err != nil {
			return nil, fmt.Errorf("read audit tree: %w", err)
		}
		got[i] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit tree: %w", err)
	}
	out := make([][]byte, len(indexes))
	for k, i := range indexes {
		if out[k] = got[i]; out[k] == nil {
			return nil, notFound(fmt.Sprintf("audit tree hash %d", i))
		}
	}
	return out, nil
}

func (t *txn) AuditCheckpoint(ws string) (string, error) {
	if !storable(ws) {
		return "", nil
	}
	var note string
	err := t.tx.QueryRow(t.ctx, `SELECT note FROM audit_checkpoint WHERE workspace = $1`, ws).Scan(&note)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("read audit checkpoint: %w", err)
	}
	return note, nil
}
