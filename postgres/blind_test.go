package postgres_test

import (
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestBlindRounds runs blind overlap rounds on PostgreSQL, across a restart with the same
// seal key, and checks that another seal key cannot read the sealed values.
func TestBlindRounds(t *testing.T) {
	e := newEnv(t)
	text, _ := workspace.GenerateSealKey()
	key, err := workspace.ParseSealKey(text)
	if err != nil {
		t.Fatal(err)
	}
	svc := workspace.New(e.DB, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey(), SealKey: key})
	sides := map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}
	r, err := svc.OpenBlind(e.as(t, svc, "med"), e.WS.ID, &parley.BlindOpenInput{Issue: "buffer_km", Sides: sides})
	if err != nil {
		t.Fatal(err)
	}
	for p, v := range map[string]float64{"east": 40, "west": 30} {
		if _, err := svc.SealBlind(e.as(t, svc, p), e.WS.ID, r.ID, &parley.BlindSealInput{Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := svc.BlindRound(e.as(t, svc, "west"), e.WS.ID, r.ID)
	if err != nil || got.Overlap == nil || *got.Overlap {
		t.Fatalf("round 1: %+v %v", got, err)
	}
	// A restarted server with the same key knows round 1's values: a retreat is caught.
	svc2 := workspace.New(e.DB, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey(), SealKey: key})
	r2, err := svc2.OpenBlind(e.as(t, svc2, "med"), e.WS.ID, &parley.BlindOpenInput{Issue: "buffer_km", Sides: sides})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc2.SealBlind(e.as(t, svc2, "west"), e.WS.ID, r2.ID, &parley.BlindSealInput{Value: 20}); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("unconfirmed retreat: %v", err)
	}
	// Another seal key cannot unwrap the workspace's key.
	svc3 := workspace.New(e.DB, workspace.Config{AdminToken: wstest.AdminToken, AuditKey: wstest.AuditKey()})
	if _, err := svc3.SealBlind(e.as(t, svc3, "west"), e.WS.ID, r2.ID, &parley.BlindSealInput{Value: 35}); err == nil {
		t.Fatal("a server with another seal key sealed a value")
	}
	if rs, err := svc2.BlindRounds(e.as(t, svc2, "obs"), e.WS.ID); err != nil || len(rs) != 2 {
		t.Fatalf("rounds: %d %v", len(rs), err)
	}
}
