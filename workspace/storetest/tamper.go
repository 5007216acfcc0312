package storetest

import (
	"testing"

	"parley"
	"parley/workspace/wstest"
)

// testAuditTamper edits the audit log behind the store's back: verification notices.
func testAuditTamper(t *testing.T, b Backend) {
	tests := []struct {
		name, sql string
	}{
		{"Edited", `UPDATE audit SET actor = 'someone' WHERE seq = 1`},
		{"RemovedMiddle", `DELETE FROM audit WHERE seq = 1`},
		{"RemovedLast", `DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`},
		{"Reordered", `UPDATE audit SET at = '2001-01-01T00:00:00Z' WHERE seq = 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, b)
			if _, err := e.svc.RotateToken(e.as("obs"), e.ws.ID, "obs"); err != nil {
				t.Fatal(err)
			}
			if rep := e.verify(t, b); !rep.OK || rep.Entries < 2 {
				t.Fatalf("before tampering: %+v", rep)
			}
			b.Exec(t, e.name, tt.sql)
			if rep := e.verify(t, b); rep.OK || rep.Problem == "" {
				t.Errorf("tampering not detected: %+v", rep)
			}
		})
	}
}

// testDataTamper edits the stored data behind the server's back, as issue 15's attacker
// did, and checks that `parley audit verify` (workspace.Verify) notices each kind of edit:
// the text of a ratified version, a stance's mark, the last entry deleted and the head
// moved back, an entry edited with the whole log recomputed (without the audit key), a
// record added, a record deleted, a version's summary edited.
func testDataTamper(t *testing.T, b Backend) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, e *env, v *parley.Version)
	}{
		{"RatifiedText", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, `UPDATE versions SET data = `+b.Replace("40 km", "60 km")+` WHERE id = '`+v.ID+`'`)
		}},
		{"StanceMark", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, `UPDATE stances SET data = `+b.Replace(`"mark":"accept"`, `"mark":"reject"`)+` WHERE party = 'east'`)
		}},
		{"DeletedLastEntryMovedHead", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, `DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)`,
				`UPDATE audit_head SET seq = (SELECT max(seq) FROM audit), hash = (SELECT hash FROM audit WHERE seq = (SELECT max(seq) FROM audit))`)
		}},
		{"EditedEntryRecomputed", func(t *testing.T, e *env, v *parley.Version) {
			wstest.RewriteLog(t, e.st, nil, func() {
				b.Exec(t, e.name, `DELETE FROM audit`, `DELETE FROM audit_tree`, `DELETE FROM audit_checkpoint`, `UPDATE audit_head SET seq = 0, hash = ''`)
			}, func(a *parley.AuditEntry) {
				if a.Action == "ratification.sign" && a.Actor == "west" {
					a.Actor = "east"
				}
			})
		}},
		{"RecordAdded", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, `INSERT INTO stances (workspace, version, point, party, rev, data) SELECT workspace, version, point, 'obs', rev, `+
				b.Replace(`"party":"east"`, `"party":"obs"`)+` FROM stances WHERE party = 'east'`)
		}},
		{"RecordDeleted", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, `DELETE FROM stances WHERE party = 'west'`)
		}},
		{"VersionSummaryTitle", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, b.ReplaceSummary(`"title":"`, `"title":"Forged `))
		}},
		{"VersionSummaryStatus", func(t *testing.T, e *env, v *parley.Version) {
			b.Exec(t, e.name, b.ReplaceSummary(`"status":"published"`, `"status":"draft"`))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, b)
			v := wstest.Agreed(t, e.svc, e.as, e.ws.ID)
			if rep := e.verify(t, b); !rep.OK {
				t.Fatalf("before tampering: %+v", rep)
			}
			tt.tamper(t, e, v)
			if rep := e.verify(t, b); rep.OK || rep.Problem == "" {
				t.Errorf("tampering not detected: %+v", rep)
			} else {
				t.Logf("detected: %s", rep.Problem)
			}
		})
	}
}
