package sqlstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"parley"
)

// Tx implements workspace.Tx over a Conn: every record is its JSON in a data column beside
// the columns the queries select and order by.
type Tx struct {
	Conn    Conn
	Dialect *Dialect
	// Cache, if set, keeps decoded workspaces (see Cache).
	Cache Cache
	// ReadOnly marks a read transaction: AppendAudit fails in it.
	ReadOnly bool
	// Head, if set, is the audit head the write transaction locked as it began: AuditHead
	// answers from it and AppendAudit moves it.
	Head *Head
}

// Head is the audit log's recorded last entry.
type Head struct {
	Seq  int64
	Hash string
}

// Cache keeps the decoded form of workspace records. Get returns a workspace the caller
// may change, decoded from exactly data, or nil; Put keeps w, decoded from data.
type Cache interface {
	Get(id string, data []byte) *parley.Workspace
	Put(id string, data []byte, w *parley.Workspace)
}

func notFound(what string) error { return parley.Errorf(parley.ENOTFOUND, "%s not found", what) }

func conflict(what string) error {
	return parley.Errorf(parley.ECONFLICT, "%s was changed by someone else; reload it and try again", what)
}

func unstorable(what string) error {
	return parley.Errorf(parley.EINVALID, "%s has a key with a NUL byte or invalid UTF-8", what)
}

// get reads one JSON record into dst.
func (t *Tx) get(dst any, what, query string, args ...any) error {
	var data []byte
	err := t.Conn.QueryRow(query, args...).Scan(&data)
	if errors.Is(err, ErrNoRows) {
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
func list[T any](t *Tx, what, query string, args ...any) ([]*T, error) {
	rows, err := t.Conn.Query(query, args...)
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

// put inserts (prevRev 0) or updates at prevRev, failing with ECONFLICT otherwise.
func (t *Tx) put(what string, prevRev int64, insert string, insertArgs []any, update string, updateArgs []any) error {
	q, args := update, updateArgs
	if prevRev == 0 {
		q, args = insert+` ON CONFLICT DO NOTHING`, insertArgs
	}
	n, err := t.Conn.Exec(q, args...)
	if err != nil {
		if prevRev == 0 && t.Dialect.Conflict != nil && t.Dialect.Conflict(err) {
			return conflict(what)
		}
		return fmt.Errorf("write %s: %w", what, err)
	}
	if n != 1 {
		return conflict(what)
	}
	return nil
}

func (t *Tx) formatTime(tm time.Time) string { return tm.UTC().Format(t.Dialect.TimeFormat) }

func (t *Tx) Workspace(id string) (*parley.Workspace, error) {
	if !t.Dialect.storable(id) {
		return nil, notFound("workspace")
	}
	var data []byte
	err := t.Conn.QueryRow(`SELECT data FROM workspaces WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, ErrNoRows) {
		return nil, notFound("workspace")
	} else if err != nil {
		return nil, fmt.Errorf("read workspace: %w", err)
	}
	if t.Cache != nil {
		if w := t.Cache.Get(id, data); w != nil {
			return w, nil
		}
	}
	w := new(parley.Workspace)
	if err := json.Unmarshal(data, w); err != nil {
		return nil, fmt.Errorf("decode workspace: %w", err)
	}
	if t.Cache != nil {
		t.Cache.Put(id, data, w)
	}
	return w, nil
}

func (t *Tx) PutWorkspace(w *parley.Workspace, prevRev int64) error {
	if !t.Dialect.storable(w.ID) {
		return unstorable("workspace")
	}
	data, err := json.Marshal(w)
	if err != nil {
		return err
	}
	return t.put("workspace", prevRev,
		`INSERT INTO workspaces (id, rev, data) VALUES (?, ?, ?)`, []any{w.ID, w.Rev, data},
		`UPDATE workspaces SET rev = ?, data = ? WHERE id = ? AND rev = ?`, []any{w.Rev, data, w.ID, prevRev})
}

const tokenCols = `id, workspace, member, hash, created_at, revoked_at`

func scanTokens(rows Rows, err error) ([]*parley.Token, error) {
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

func (t *Tx) Token(id string) (*parley.Token, error) {
	if !t.Dialect.storable(id) {
		return nil, notFound("token")
	}
	ts, err := scanTokens(t.Conn.Query(`SELECT `+tokenCols+` FROM tokens WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound("token")
	}
	return ts[0], nil
}

func (t *Tx) MemberTokens(ws, member string) ([]*parley.Token, error) {
	if !t.Dialect.storable(ws, member) {
		return nil, nil
	}
	return scanTokens(t.Conn.Query(`SELECT `+tokenCols+` FROM tokens WHERE workspace = ? AND member = ? ORDER BY created_at, id`, ws, member))
}

func (t *Tx) PutToken(tk *parley.Token) error {
	if !t.Dialect.storable(tk.ID, tk.WorkspaceID, tk.MemberID) {
		return unstorable("token")
	}
	var revoked *string
	if tk.RevokedAt != nil {
		r := t.formatTime(*tk.RevokedAt)
		revoked = &r
	}
	_, err := t.Conn.Exec(`INSERT INTO tokens (`+tokenCols+`) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at`,
		tk.ID, tk.WorkspaceID, tk.MemberID, tk.Hash, t.formatTime(tk.CreatedAt), revoked)
	if err != nil {
		return fmt.Errorf("write token: %w", err)
	}
	return nil
}
