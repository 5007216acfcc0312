package workspace_test

import (
	"slices"
	"testing"
	"time"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestSubscribeAfter: a reconnecting subscriber gets the events it missed while they are
// in the replay ring, a reset once they have left it or were published before this process
// started, and nothing for an id that is current.
func TestSubscribeAfter(t *testing.T) {
	e := wstest.MustOpen(t)
	svc := workspace.New(e.DB, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey(), EventReplay: 2})
	ws := e.WS.ID
	med := e.As("med")
	var seqs []int64
	for i := range 4 {
		if _, err := svc.CreateSession(med, ws, &parley.Session{Title: "round", Date: time.Date(2025, 11, 20+i, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		es, err := svc.Audit(med, ws, 0)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, es[len(es)-1].Seq)
	}
	head := seqs[3]
	restarted := workspace.New(e.DB, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	tests := []struct {
		name      string
		svc       *workspace.Service
		after     int64
		want      []int64
		wantReset bool
	}{
		{"in ring", svc, seqs[1], seqs[2:], false},
		{"current", svc, head, nil, false},
		{"evicted", svc, seqs[0], nil, true},
		{"long before", svc, seqs[0] - 1, nil, true},
		{"future", svc, head + 1, nil, true},
		{"restarted, current", restarted, head, nil, false},
		{"restarted, behind", restarted, seqs[2], nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rp, _, cancel, err := tc.svc.SubscribeAfter(e.As("west"), ws, tc.after)
			if err != nil {
				t.Fatal(err)
			}
			defer cancel()
			var got []int64
			for _, ev := range rp.Events {
				got = append(got, ev.Seq)
			}
			if !slices.Equal(got, tc.want) || rp.Reset != tc.wantReset {
				t.Errorf("after %d: got %v reset %v, want %v reset %v", tc.after, got, rp.Reset, tc.want, tc.wantReset)
			}
			if rp.Reset && rp.Head != head {
				t.Errorf("reset head %d, want %d", rp.Head, head)
			}
		})
	}
	// Live events follow the replay, with the audit entry's sequence number as id.
	rp, ch, cancel, err := svc.SubscribeAfter(e.As("west"), ws, head)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	if len(rp.Events) != 0 || rp.Reset {
		t.Fatalf("replay %+v, want none", rp)
	}
	if _, err := svc.CreateSession(med, ws, &parley.Session{Title: "next", Date: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	es, err := svc.Audit(med, ws, head)
	if err != nil || len(es) != 1 {
		t.Fatalf("audit after %d: %v, %v", head, es, err)
	}
	select {
	case ev := <-ch:
		if ev.Seq != es[0].Seq || ev.Type != "session" {
			t.Errorf("live event %+v, want session with seq %d", ev, es[0].Seq)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no live event")
	}
}
