package sqlite

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"parley"
)

type txn struct {
	tx    *sql.Tx
	stmts *stmts
	ws    *decoded
}

// query, queryRow and exec run q as a statement prepared once per connection, or
// unprepared while it is being prepared.
func (t *txn) query(q string, args ...any) (*sql.Rows, error) {
	if st := t.stmts.get(q); st != nil {
		return t.tx.Stmt(st).Query(args...)
	}
	return t.tx.Query(q, args...)
}

func (t *txn) queryRow(q string, args ...any) *sql.Row {
	if st := t.stmts.get(q); st != nil {
		return t.tx.Stmt(st).QueryRow(args...)
	}
	return t.tx.QueryRow(q, args...)
}

func (t *txn) exec(q string, args ...any) (sql.Result, error) {
	if st := t.stmts.get(q); st != nil {
		return t.tx.Stmt(st).Exec(args...)
	}
	return t.tx.Exec(q, args...)
}

func notFound(what string) error { return parley.Errorf(parley.ENOTFOUND, "%s not found", what) }

func conflict(what string) error {
	return parley.Errorf(parley.ECONFLICT, "%s was changed by someone else; reload it and try again", what)
}

// get reads one JSON record into dst.
func (t *txn) get(dst any, what, query string, args ...any) error {
	var data []byte
	err := t.queryRow(query, args...).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what)
	} else if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("decode %s: %w", what, err)
	}
	return nil
}

// list reads JSON records, calling add with each decoded one.
func list[T any](t *txn, what, query string, args ...any) ([]*T, error) {
	rows, err := t.query(query, args...)
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
	return out, rows.Err()
}

// put inserts (prevRev 0) or updates at prevRev, failing with ECONFLICT otherwise.
func (t *txn) put(what string, prevRev int64, insert string, insertArgs []any, update string, updateArgs []any) error {
	if prevRev == 0 {
		_, err := t.exec(insert, insertArgs...)
		if err != nil {
			if isConstraint(err) {
				return conflict(what)
			}
			return fmt.Errorf("insert %s: %w", what, err)
		}
		return nil
	}
	res, err := t.exec(update, updateArgs...)
	if err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return conflict(what)
	}
	return nil
}

func isConstraint(err error) bool {
	type coder interface{ Code() int }
	var c coder
	if errors.As(err, &c) {
		return c.Code()&0xff == 19 // SQLITE_CONSTRAINT and its extended codes
	}
	return false
}

func (t *txn) Workspace(id string) (*parley.Workspace, error) {
	var data []byte
	err := t.queryRow(`SELECT data FROM workspaces WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("workspace")
	} else if err != nil {
		return nil, fmt.Errorf("read workspace: %w", err)
	}
	if w := t.ws.get(id, data); w != nil {
		return w, nil
	}
	w := new(parley.Workspace)
	if err := json.Unmarshal(data, w); err != nil {
		return nil, fmt.Errorf("decode workspace: %w", err)
	}
	t.ws.put(id, data, w)
	return w, nil
}

func (t *txn) PutWorkspace(w *parley.Workspace, prevRev int64) error {
	data, err := json.Marshal(w)
	if err != nil {
		return err
	}
	return t.put("workspace", prevRev,
		`INSERT INTO workspaces (id, rev, data) VALUES (?, ?, ?)`, []any{w.ID, w.Rev, data},
		`UPDATE workspaces SET rev = ?, data = ? WHERE id = ? AND rev = ?`, []any{w.Rev, data, w.ID, prevRev})
}

const timeFormat = time.RFC3339Nano

func (t *txn) scanTokens(rows *sql.Rows, err error) ([]*parley.Token, error) {
	if err != nil {
		return nil, fmt.Errorf("read tokens: %w", err)
	}
	defer rows.Close()
	var out []*parley.Token
	for rows.Next() {
		tk := new(parley.Token)
		var created string
		var revoked sql.NullString
		if err := rows.Scan(&tk.ID, &tk.WorkspaceID, &tk.MemberID, &tk.Hash, &created, &revoked); err != nil {
			return nil, fmt.Errorf("read tokens: %w", err)
		}
		tk.CreatedAt, _ = time.Parse(timeFormat, created)
		if revoked.Valid {
			r, _ := time.Parse(timeFormat, revoked.String)
			tk.RevokedAt = &r
		}
		out = append(out, tk)
	}
	return out, rows.Err()
}

const tokenCols = `id, workspace, member, hash, created_at, revoked_at`

func (t *txn) Token(id string) (*parley.Token, error) {
	ts, err := t.scanTokens(t.query(`SELECT `+tokenCols+` FROM tokens WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound("token")
	}
	return ts[0], nil
}

func (t *txn) MemberTokens(ws, member string) ([]*parley.Token, error) {
	return t.scanTokens(t.query(`SELECT `+tokenCols+` FROM tokens WHERE workspace = ? AND member = ? ORDER BY created_at`, ws, member))
}

func (t *txn) PutToken(tk *parley.Token) error {
	var revoked any
	if tk.RevokedAt != nil {
		revoked = tk.RevokedAt.UTC().Format(timeFormat)
	}
	_, err := t.exec(`INSERT INTO tokens (`+tokenCols+`) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at`,
		tk.ID, tk.WorkspaceID, tk.MemberID, tk.Hash, tk.CreatedAt.UTC().Format(timeFormat), revoked)
	if err != nil {
		return fmt.Errorf("write token: %w", err)
	}
	return nil
}

func (t *txn) Version(ws, id string) (*parley.Version, error) {
	v := new(parley.Version)
	return v, t.get(v, "version", `SELECT data FROM versions WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *txn) Versions(ws string) ([]*parley.Version, error) {
	return list[parley.Version](t, "versions", `SELECT data FROM versions WHERE workspace = ? ORDER BY rowid`, ws)
}

func (t *txn) VersionSummaries(ws string) ([]*parley.VersionSummary, error) {
	// Versions stored before the summary column have their summary made from their JSON.
	rows, err := t.query(`SELECT s.summary, CASE WHEN s.summary IS NULL THEN (SELECT data FROM versions d WHERE d.rowid = v.rowid) END
		FROM versions v LEFT JOIN version_summaries s ON s.workspace = v.workspace AND s.id = v.id
		WHERE v.workspace = ? ORDER BY v.rowid`, ws)
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
		v, err := decodeSummary(sum, data)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func decodeSummary(sum, data []byte) (*parley.VersionSummary, error) {
	if sum == nil {
		v := new(parley.Version)
		if err := json.Unmarshal(data, v); err != nil {
			return nil, fmt.Errorf("decode version: %w", err)
		}
		return v.Summary(), nil
	}
	v := new(parley.VersionSummary)
	if err := json.Unmarshal(sum, v); err != nil {
		return nil, fmt.Errorf("decode version summary: %w", err)
	}
	return v, nil
}

func (t *txn) PutVersion(v *parley.Version, prevRev int64) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sum, err := json.Marshal(v.Summary())
	if err != nil {
		return err
	}
	if err := t.put("version", prevRev,
		`INSERT INTO versions (workspace, id, rev, data) VALUES (?, ?, ?, ?)`, []any{v.Workspace, v.ID, v.Rev, data},
		`UPDATE versions SET rev = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{v.Rev, data, v.Workspace, v.ID, prevRev}); err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO version_summaries (workspace, id, summary) VALUES (?, ?, ?)
		ON CONFLICT (workspace, id) DO UPDATE SET summary = excluded.summary`, v.Workspace, v.ID, sum); err != nil {
		return fmt.Errorf("write version summary: %w", err)
	}
	return nil
}

func (t *txn) Stance(ws, version, point, party string) (*parley.Stance, error) {
	s := new(parley.Stance)
	return s, t.get(s, "stance", `SELECT data FROM stances WHERE workspace = ? AND version = ? AND point = ? AND party = ?`, ws, version, point, party)
}

func (t *txn) Stances(ws, version string) ([]*parley.Stance, error) {
	return list[parley.Stance](t, "stances", `SELECT data FROM stances WHERE workspace = ? AND version = ? ORDER BY point, party`, ws, version)
}

func (t *txn) PutStance(ws string, s *parley.Stance, prevRev int64) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return t.put("stance", prevRev,
		`INSERT INTO stances (workspace, version, point, party, rev, data) VALUES (?, ?, ?, ?, ?, ?)`,
		[]any{ws, s.Version, s.Point, s.Party, s.Rev, data},
		`UPDATE stances SET rev = ?, data = ? WHERE workspace = ? AND version = ? AND point = ? AND party = ? AND rev = ?`,
		[]any{s.Rev, data, ws, s.Version, s.Point, s.Party, prevRev})
}

func (t *txn) Profile(ws, party string) (*parley.PartyProfile, error) {
	p := new(parley.PartyProfile)
	return p, t.get(p, "profile", `SELECT data FROM profiles WHERE workspace = ? AND party = ?`, ws, party)
}

func (t *txn) PutProfile(ws string, p *parley.PartyProfile, prevRev int64) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return t.put("profile", prevRev,
		`INSERT INTO profiles (workspace, party, rev, data) VALUES (?, ?, ?, ?)`, []any{ws, p.Party, p.Rev, data},
		`UPDATE profiles SET rev = ?, data = ? WHERE workspace = ? AND party = ? AND rev = ?`, []any{p.Rev, data, ws, p.Party, prevRev})
}

func (t *txn) Session(ws, id string) (*parley.Session, error) {
	s := new(parley.Session)
	return s, t.get(s, "session", `SELECT data FROM sessions WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *txn) Sessions(ws string) ([]*parley.Session, error) {
	return list[parley.Session](t, "sessions", `SELECT data FROM sessions WHERE workspace = ? ORDER BY date, rowid`, ws)
}

func (t *txn) PutSession(ws string, s *parley.Session, prevRev int64) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	date := s.Date.UTC().Format(timeFormat)
	return t.put("session", prevRev,
		`INSERT INTO sessions (workspace, id, rev, date, data) VALUES (?, ?, ?, ?, ?)`, []any{ws, s.ID, s.Rev, date, data},
		`UPDATE sessions SET rev = ?, date = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{s.Rev, date, data, ws, s.ID, prevRev})
}

func (t *txn) Ratification(ws, id string) (*parley.Ratification, error) {
	r := new(parley.Ratification)
	return r, t.get(r, "ratification", `SELECT data FROM ratifications WHERE workspace = ? AND id = ?`, ws, id)
}

func (t *txn) Ratifications(ws string) ([]*parley.Ratification, error) {
	return list[parley.Ratification](t, "ratifications", `SELECT data FROM ratifications WHERE workspace = ? ORDER BY rowid`, ws)
}

func (t *txn) PutRatification(ws string, r *parley.Ratification, prevRev int64) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return t.put("ratification", prevRev,
		`INSERT INTO ratifications (workspace, id, rev, data) VALUES (?, ?, ?, ?)`, []any{ws, r.ID, r.Rev, data},
		`UPDATE ratifications SET rev = ?, data = ? WHERE workspace = ? AND id = ? AND rev = ?`, []any{r.Rev, data, ws, r.ID, prevRev})
}

func (t *txn) AuditHead() (int64, string, error) {
	var seq int64
	var hash string
	if err := t.queryRow(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash); err != nil {
		return 0, "", fmt.Errorf("read audit head: %w", err)
	}
	return seq, hash, nil
}

func (t *txn) AppendAudit(e *parley.AuditEntry, first int64, hashes [][]byte, checkpoint string) error {
	seq, _, err := t.AuditHead()
	if err != nil {
		return err
	}
	if e.Seq != seq+1 {
		return fmt.Errorf("append audit: entry %d does not follow the head %d", e.Seq, seq)
	}
	recs, err := json.Marshal(e.Records)
	if err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO audit (seq, workspace, ws_index, at, actor, action, target, records, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.WorkspaceID, e.Index, e.At.UTC().Format(timeFormat), e.Actor, e.Action, e.Target, recs, e.Hash); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	for k, h := range hashes {
		if _, err := t.exec(`INSERT INTO audit_tree (workspace, idx, hash) VALUES (?, ?, ?)`, e.WorkspaceID, first+int64(k), h); err != nil {
			return fmt.Errorf("append audit: %w", err)
		}
	}
	if _, err := t.exec(`INSERT INTO audit_checkpoint (workspace, note) VALUES (?, ?)
		ON CONFLICT (workspace) DO UPDATE SET note = excluded.note`, e.WorkspaceID, checkpoint); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	if _, err := t.exec(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return nil
}

func (t *txn) Audit(ws string, after int64) ([]*parley.AuditEntry, error) {
	q := `SELECT seq, workspace, ws_index, at, actor, action, target, records, hash FROM audit WHERE seq > ?`
	args := []any{after}
	if ws != "" {
		q += ` AND workspace = ?`
		args = append(args, ws)
	}
	rows, err := t.query(q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	var out []*parley.AuditEntry
	for rows.Next() {
		e := new(parley.AuditEntry)
		var at string
		var recs []byte
		if err := rows.Scan(&e.Seq, &e.WorkspaceID, &e.Index, &at, &e.Actor, &e.Action, &e.Target, &recs, &e.Hash); err != nil {
			return nil, fmt.Errorf("read audit: %w", err)
		}
		e.At, _ = time.Parse(timeFormat, at)
		if err := json.Unmarshal(recs, &e.Records); err != nil {
			return nil, fmt.Errorf("read audit entry %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (t *txn) AuditHashes(ws string, indexes []int64) ([][]byte, error) {
	out := make([][]byte, len(indexes))
	for k, i := range indexes {
		err := t.queryRow(`SELECT hash FROM audit_tree WHERE workspace = ? AND idx = ?`, ws, i).Scan(&out[k])
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound(fmt.Sprintf("audit tree hash %d", i))
		} else if err != nil {
			return nil, fmt.Errorf("read audit tree: %w", err)
		}
	}
	return out, nil
}

func (t *txn) AuditCheckpoint(ws string) (string, error) {
	var note string
	err := t.queryRow(`SELECT note FROM audit_checkpoint WHERE workspace = ?`, ws).Scan(&note)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("read audit checkpoint: %w", err)
	}
	return note, nil
}
