package postgres

import "fmt"

// LegacyAudit returns how many entries the hash chain of before the Merkle-tree log left in
// audit_legacy (workspace.Verify reports them as not verifiable).
func (t *txn) LegacyAudit() (int64, error) {
	var n int64
	if err := t.tx.QueryRow(t.ctx, `SELECT count(*) FROM audit_legacy`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count legacy audit entries: %w", err)
	}
	return n, nil
}
