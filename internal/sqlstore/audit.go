package sqlstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"parley"
)

func (t *Tx) AuditHead() (int64, string, error) {
	if t.Head != nil {
		return t.Head.Seq, t.Head.Hash, nil
	}
	var h Head
	if err := t.Conn.QueryRow(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash); err != nil {
		return 0, "", fmt.Errorf("read audit head: %w", err)
	}
	return h.Seq, h.Hash, nil
}

// AppendAudit stores e as given; the service computed everything in it. The time is stored
// exactly as the leaf data formats it, so verification hashes the same.
func (t *Tx) AppendAudit(e *parley.AuditEntry, first int64, hashes [][]byte, checkpoint string) error {
	if t.ReadOnly {
		return errors.New("append audit: not in a write transaction")
	}
	if !t.Dialect.storable(e.WorkspaceID, e.Actor, e.Action, e.Target) {
		return unstorable("audit entry")
	}
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
	if _, err := t.Conn.Exec(`INSERT INTO audit (seq, workspace, ws_index, at, actor, action, target, records, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.WorkspaceID, e.Index, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Target, string(recs), e.Hash); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	if len(hashes) > 0 {
		args := make([]any, 0, 3*len(hashes))
		for k, h := range hashes {
			args = append(args, e.WorkspaceID, first+int64(k), h)
		}
		if _, err := t.Conn.Exec(`INSERT INTO audit_tree (workspace, idx, hash) VALUES `+list3(len(hashes)), args...); err != nil {
			return fmt.Errorf("append audit: %w", err)
		}
	}
	if _, err := t.Conn.Exec(`INSERT INTO audit_checkpoint (workspace, note) VALUES (?, ?)
		ON CONFLICT (workspace) DO UPDATE SET note = excluded.note`, e.WorkspaceID, checkpoint); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	if n, err := t.Conn.Exec(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash); err != nil {
		return fmt.Errorf("append audit: %w", err)
	} else if n != 1 {
		return errors.New("append audit: the audit head row is missing")
	}
	if t.Head != nil {
		t.Head.Seq, t.Head.Hash = e.Seq, e.Hash
	}
	return nil
}

// list3 is n rows of three placeholders: (?, ?, ?), (?, ?, ?), ...
func list3(n int) string {
	return strings.Repeat(`(?, ?, ?), `, n-1) + `(?, ?, ?)`
}

func (t *Tx) Audit(ws string, after int64) ([]*parley.AuditEntry, error) {
	if !t.Dialect.storable(ws) {
		return nil, nil
	}
	q := `SELECT seq, workspace, ws_index, at, actor, action, target, records, hash FROM audit WHERE seq > ?`
	args := []any{after}
	if ws != "" {
		q += ` AND workspace = ?`
		args = append(args, ws)
	}
	rows, err := t.Conn.Query(q+` ORDER BY seq`, args...)
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

func (t *Tx) AuditHashes(ws string, indexes []int64) ([][]byte, error) {
	if !t.Dialect.storable(ws) {
		return nil, notFound("audit tree hash")
	}
	got := map[int64][]byte{}
	if len(indexes) > 0 {
		args := make([]any, 0, 1+len(indexes))
		args = append(args, ws)
		for _, i := range indexes {
			args = append(args, i)
		}
		in := strings.Repeat(`?, `, len(indexes)-1) + `?`
		rows, err := t.Conn.Query(`SELECT idx, hash FROM audit_tree WHERE workspace = ? AND idx IN (`+in+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read audit tree: %w", err)
		}
		defer rows.Close()
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
	}
	out := make([][]byte, len(indexes))
	for k, i := range indexes {
		if out[k] = got[i]; out[k] == nil {
			return nil, notFound(fmt.Sprintf("audit tree hash %d", i))
		}
	}
	return out, nil
}

func (t *Tx) AuditCheckpoint(ws string) (string, error) {
	if !t.Dialect.storable(ws) {
		return "", nil
	}
	var note string
	err := t.Conn.QueryRow(`SELECT note FROM audit_checkpoint WHERE workspace = ?`, ws).Scan(&note)
	if errors.Is(err, ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("read audit checkpoint: %w", err)
	}
	return note, nil
}
