package storetest

import (
	"context"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// testService runs a service on the store: wstest's workspace created, a plan agreed and
// signed, the versions listed, and the audit log verified.
func testService(t *testing.T, st workspace.Store) {
	svc := workspace.New(st, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	ctx := context.Background()
	admin := parley.NewContextWithCaller(ctx, &parley.Caller{Admin: true})
	w, toks, err := svc.CreateWorkspace(admin, wstest.Create())
	if err != nil {
		t.Fatal(err)
	}
	callers := map[string]context.Context{}
	for _, tk := range toks {
		c, err := svc.Authenticate(ctx, tk.Token)
		if err != nil {
			t.Fatal(err)
		}
		callers[tk.MemberID] = parley.NewContextWithCaller(ctx, c)
	}
	as := func(member string) context.Context { return callers[member] }
	v := wstest.Agreed(t, svc, as, w.ID)
	list, err := svc.Versions(as("east"), w.ID)
	if err != nil || len(list) != 1 || list[0].ID != v.ID || list[0].Points != len(v.Points) || list[0].Hash != v.Hash {
		t.Errorf("versions %+v, %v; want the agreed one", list, err)
	}
	rep, err := workspace.Verify(ctx, st, wstest.AuditKey())
	if err != nil || !rep.OK || rep.Entries < 4 {
		t.Errorf("verify: %+v, %v", rep, err)
	}
}
