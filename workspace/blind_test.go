package workspace_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"parley"
	"parley/internal/sqlstore"
	"parley/workspace"
	"parley/workspace/wstest"
)

// The shared SQL store keeps blind rounds.
var _ workspace.BlindTx = (*sqlstore.Tx)(nil)

func openRound(t *testing.T, e *wstest.Env) *parley.BlindRound {
	t.Helper()
	r, err := e.Service.OpenBlind(e.As("med"), e.WS.ID, &parley.BlindOpenInput{Issue: "buffer_km",
		Sides: map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustSeal(t *testing.T, e *wstest.Env, party, round string, v float64, confirm bool) *parley.BlindRound {
	t.Helper()
	r, err := e.Service.SealBlind(e.As(party), e.WS.ID, round, &parley.BlindSealInput{Value: v, ConfirmRetreat: confirm})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBlindOverlap(t *testing.T) {
	e := wstest.MustOpen(t)
	r := openRound(t, e)
	if r.Number != 1 || r.Status != parley.BlindOpen || r.Rule != parley.BlindMidpoint {
		t.Fatalf("opened %+v", r)
	}
	got := mustSeal(t, e, "east", r.ID, 37.25, false)
	if got.Status != parley.BlindOpen || len(got.Sealed) != 1 || got.Overlap != nil {
		t.Fatalf("after one seal: %+v", got)
	}
	got = mustSeal(t, e, "west", r.ID, 22.5, false)
	if got.Status != parley.BlindClosed || got.Overlap == nil || *got.Overlap || got.Settlement != nil {
		t.Fatalf("no overlap expected: %+v", got)
	}
	// Round 2: east retreats (asks for more) without confirming: refused; confirmed: recorded.
	r2 := openRound(t, e)
	if r2.Number != 2 {
		t.Fatalf("round number %d", r2.Number)
	}
	_, err := e.Service.SealBlind(e.As("east"), e.WS.ID, r2.ID, &parley.BlindSealInput{Value: 44.75})
	if code(err) != parley.EINVALID {
		t.Fatalf("unconfirmed retreat: %v", err)
	}
	mustSeal(t, e, "east", r2.ID, 44.75, true)
	got = mustSeal(t, e, "west", r2.ID, 50, false)
	if got.Overlap == nil || !*got.Overlap || got.Settlement == nil || *got.Settlement != 50 {
		t.Fatalf("overlap [44.75,50] settles at 50 (the grid value nearest 47.375 inside it, step 10)? %+v", got)
	}
	if len(got.Retreats) != 1 || got.Retreats[0] != "east" {
		t.Fatalf("retreats %v", got.Retreats)
	}
	// Nothing sealed leaks into what members read, and the database holds no plaintext.
	for _, m := range []string{"east", "west", "med", "obs"} {
		rs, err := e.Service.BlindRounds(e.As(m), e.WS.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rs)
		for _, secret := range []string{"37.25", "22.5", "44.75", "box", "commitment"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s reads %q in %s", m, secret, b)
			}
		}
	}
	es, err := e.Service.Audit(e.As("med"), e.WS.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(es)
	if bytes.Contains(b, []byte("37.25")) || bytes.Contains(b, []byte("22.5")) {
		t.Errorf("the audit log shows a sealed value: %s", b)
	}
	if !strings.Contains(string(b), "blind.seal") {
		t.Errorf("no blind.seal entry: %s", b)
	}
	rep, err := e.Service.VerifyAudit(e.Admin)
	if err != nil || !rep.OK {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

func TestBlindErrors(t *testing.T) {
	e := wstest.MustOpen(t)
	sides := map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}
	for _, tt := range []struct {
		name, as string
		in       parley.BlindOpenInput
		want     string
	}{
		{"ErrNotMediator", "east", parley.BlindOpenInput{Issue: "buffer_km", Sides: sides}, parley.EFORBIDDEN},
		{"ErrOptions", "med", parley.BlindOpenInput{Issue: "nato", Sides: sides}, parley.EINVALID},
		{"ErrOneParty", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: map[string]parley.BlindSide{"east": parley.BlindAtLeast}}, parley.EINVALID},
		{"ErrObserver", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: map[string]parley.BlindSide{"east": parley.BlindAtLeast, "obs": parley.BlindAtMost}}, parley.EINVALID},
		{"ErrSide", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: map[string]parley.BlindSide{"east": "up", "west": parley.BlindAtMost}}, parley.EINVALID},
		{"ErrRule", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: sides, Rule: "coin"}, parley.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Service.OpenBlind(e.As(tt.as), e.WS.ID, &tt.in)
			if code(err) != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
	r := openRound(t, e)
	if _, err := e.Service.OpenBlind(e.As("med"), e.WS.ID, &parley.BlindOpenInput{Issue: "buffer_km", Sides: sides}); code(err) != parley.ECONFLICT {
		t.Errorf("second open round: %v", err)
	}
	for _, tt := range []struct {
		name, as string
		v        float64
		want     string
	}{
		{"ErrMediator", "med", 10, parley.EFORBIDDEN},
		{"ErrObserver", "obs", 10, parley.EFORBIDDEN},
		{"ErrRange", "east", 61, parley.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Service.SealBlind(e.As(tt.as), e.WS.ID, r.ID, &parley.BlindSealInput{Value: tt.v})
			if code(err) != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "61") {
				t.Errorf("the error echoes the value: %v", err)
			}
		})
	}
}

// TestBlindEncryptedAtRest reads the database file: the sealed values are not in it.
func TestBlindEncryptedAtRest(t *testing.T) {
	dir := t.TempDir()
	e := wstest.MustOpenAt(t, filepath.Join(dir, "parley.db"))
	r := openRound(t, e)
	mustSeal(t, e, "east", r.ID, 31.4159, false)
	db, err := sql.Open("sqlite", filepath.Join(dir, "parley.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var data []byte
	if err := db.QueryRow(`SELECT data FROM blind_rounds`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	var rec parley.BlindRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Seals["east"] == nil || len(rec.Seals["east"].Box) == 0 || len(rec.Seals["east"].Commitment) != 64 {
		t.Fatalf("stored seal %+v", rec.Seals["east"])
	}
	if bytes.Contains(data, []byte("31.4159")) {
		t.Errorf("the sealed value is stored in plain text: %s", data)
	}
}

func TestBlindResult(t *testing.T) {
	is := &parley.Issue{ID: "x", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5}
	two := map[string]parley.BlindSide{"a": parley.BlindAtLeast, "b": parley.BlindAtMost}
	for _, tt := range []struct {
		name  string
		sides map[string]parley.BlindSide
		vals  map[string]float64
		ok    bool
		at    float64
	}{
		{"Overlap", two, map[string]float64{"a": 20, "b": 40}, true, 30},
		{"OverlapOffGrid", two, map[string]float64{"a": 21, "b": 24}, true, 22.5},
		{"Touch", two, map[string]float64{"a": 30, "b": 30}, true, 30},
		{"NoOverlap", two, map[string]float64{"a": 41, "b": 40}, false, 0},
		{"OneSide", map[string]parley.BlindSide{"a": parley.BlindAtLeast, "b": parley.BlindAtLeast}, map[string]float64{"a": 10, "b": 40}, true, 50},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, at := workspace.BlindResult(is, parley.BlindMidpoint, tt.sides, tt.vals)
			if ok != tt.ok || at != tt.at {
				t.Errorf("got %v %v, want %v %v", ok, at, tt.ok, tt.at)
			}
		})
	}
}
