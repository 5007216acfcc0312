package storetest

import (
	"testing"

	"parley/workspace/wstest"
)

// testLegacyFlagged: entries of the hash chain of before the Merkle-tree log, kept in
// audit_legacy, cannot be verified (an unkeyed chain whose head the upgrade reset), so
// `parley audit verify` counts and flags them, edited or not, instead of calling them good.
func testLegacyFlagged(t *testing.T, b Backend) {
	e := newEnv(t, b)
	wstest.Agreed(t, e.svc, e.as, e.ws.ID)
	if rep := e.verify(t, b); !rep.OK || rep.Legacy != 0 {
		t.Fatalf("no legacy entries: %+v", rep)
	}
	b.Exec(t, e.name, `INSERT INTO audit_legacy (seq, at, workspace, actor, action, target, prev_hash, hash) VALUES
		(1, '2026-11-01T10:00:00Z', 'wsold', 'med', 'workspace.create', 'wsold', '', 'aa'),
		(2, '2026-11-01T10:01:00Z', 'wsold', 'east', 'ratification.sign', 'r1', 'aa', 'bb')`,
		`UPDATE audit_legacy SET actor = 'west' WHERE seq = 2`) // an edit nobody can detect
	rep := e.verify(t, b)
	if rep.Legacy != 2 {
		t.Errorf("legacy entries reported: %d, want 2 (%+v)", rep.Legacy, rep)
	}
	if !rep.OK {
		t.Errorf("the current log and data were not tampered with: %+v", rep)
	}
}
