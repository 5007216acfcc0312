package sqlstore

import "fmt"

// LegacyAudit returns how many entries the hash chain of before the Merkle-tree log left in
// audit_legacy (workspace.Verify reports them as not verifiable).
func (t *Tx) LegacyAudit() (int64, error) {
	var n int64
	if err := t.Conn.QueryRow(`SELECT count(*) FROM audit_legacy`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count legacy audit entries: %w", err)
	}
	return n, nil
}
