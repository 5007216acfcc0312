package workspace_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
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
		{"ErrRangeNotCybersettle", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: sides, Rule: parley.BlindConcession, RangePercent: new(10.0)}, parley.EINVALID},
		{"ErrRangeHigh", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: sides, Rule: parley.BlindCybersettle, RangePercent: new(101.0)}, parley.EINVALID},
		{"ErrRangeNegative", "med", parley.BlindOpenInput{Issue: "buffer_km", Sides: sides, Rule: parley.BlindCybersettle, RangePercent: new(-1.0)}, parley.EINVALID},
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

// TestBlindRules runs three rounds on one issue, one per rule, and reads the rule and the
// result in the rounds and in the audit log.
func TestBlindRules(t *testing.T) {
	e := wstest.MustOpen(t)
	sides := map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}
	open := func(in parley.BlindOpenInput) *parley.BlindRound {
		t.Helper()
		in.Issue, in.Sides = "buffer_km", sides
		r, err := e.Service.OpenBlind(e.As("med"), e.WS.ID, &in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r1 := open(parley.BlindOpenInput{})
	if r1.Rule != parley.BlindMidpoint || r1.RangePercent != nil {
		t.Fatalf("default rule: %+v", r1)
	}
	mustSeal(t, e, "east", r1.ID, 50, false)
	mustSeal(t, e, "west", r1.ID, 40, false)
	// East concedes 30 (50 to 20), west nothing: east gets three quarters of [20, 40], 35,
	// on the grid 40 (the midpoint rule would give 30).
	r2 := open(parley.BlindOpenInput{Rule: parley.BlindConcession})
	mustSeal(t, e, "east", r2.ID, 20, false)
	got := mustSeal(t, e, "west", r2.ID, 40, false)
	if !*got.Overlap || !*got.Settled || *got.Settlement != 40 {
		t.Errorf("concession round: %+v", got)
	}
	// Cybersettle, default range 30%: the gap from 35 to 45 is 22% of 45: settles at 40.
	r3 := open(parley.BlindOpenInput{Rule: parley.BlindCybersettle})
	if r3.RangePercent == nil || *r3.RangePercent != 30 {
		t.Fatalf("cybersettle's default range: %+v", r3)
	}
	mustSeal(t, e, "east", r3.ID, 45, false)
	got = mustSeal(t, e, "west", r3.ID, 35, false)
	if *got.Overlap || !*got.Settled || *got.Settlement != 40 {
		t.Errorf("cybersettle round: %+v", got)
	}
	// A narrower range leaves the same gap unsettled.
	r4 := open(parley.BlindOpenInput{Rule: parley.BlindCybersettle, RangePercent: new(20.0)})
	mustSeal(t, e, "east", r4.ID, 45, false)
	got = mustSeal(t, e, "west", r4.ID, 35, false)
	if *got.Overlap || *got.Settled || got.Settlement != nil {
		t.Errorf("cybersettle round at 20%%: %+v", got)
	}
	es, err := e.Service.Audit(e.As("med"), e.WS.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, en := range es {
		if strings.HasPrefix(en.Action, "blind.open") || en.Action == "blind.close" {
			log = append(log, en.Action+" "+en.Target[strings.Index(en.Target, " ")+1:])
		}
	}
	want := []string{
		"blind.open rule=midpoint", "blind.close rule=midpoint overlap=false settled=false",
		"blind.open rule=concession", "blind.close rule=concession overlap=true settled=true settlement=40",
		"blind.open rule=cybersettle range_percent=30", "blind.close rule=cybersettle range_percent=30 overlap=false settled=true settlement=40",
		"blind.open rule=cybersettle range_percent=20", "blind.close rule=cybersettle range_percent=20 overlap=false settled=false",
	}
	if strings.Join(log, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(want, "\n"))
	}
	rep, err := e.Service.VerifyAudit(e.Admin)
	if err != nil || !rep.OK {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

func TestBlindRuleError(t *testing.T) {
	e := wstest.MustOpen(t)
	_, err := e.Service.OpenBlind(e.As("med"), e.WS.ID, &parley.BlindOpenInput{Issue: "buffer_km", Rule: "coin",
		Sides: map[string]parley.BlindSide{"east": parley.BlindAtLeast, "west": parley.BlindAtMost}})
	var pe *parley.Error
	if !errors.As(err, &pe) || pe.Field != "rule" || !strings.Contains(pe.Message, "midpoint, concession, cybersettle") {
		t.Errorf("got %#v", err)
	}
}

func TestBlindResult(t *testing.T) {
	is := &parley.Issue{ID: "x", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5}
	money := &parley.Issue{ID: "y", Kind: parley.KindReal, Min: 0, Max: 1000}
	two := map[string]parley.BlindSide{"a": parley.BlindAtLeast, "b": parley.BlindAtMost}
	vals := func(a, b float64) map[string]float64 { return map[string]float64{"a": a, "b": b} }
	for _, tt := range []struct {
		name    string
		is      *parley.Issue
		terms   workspace.BlindTerms
		overlap bool
		settled bool
		at      float64
	}{
		{"Overlap", is, workspace.BlindTerms{Sides: two, Values: vals(20, 40)}, true, true, 30},
		{"OverlapOffGrid", is, workspace.BlindTerms{Sides: two, Values: vals(21, 24)}, true, true, 22.5},
		{"Touch", is, workspace.BlindTerms{Sides: two, Values: vals(30, 30)}, true, true, 30},
		{"NoOverlap", is, workspace.BlindTerms{Sides: two, Values: vals(41, 40)}, false, false, 0},
		{"OneSide", is, workspace.BlindTerms{Sides: map[string]parley.BlindSide{"a": parley.BlindAtLeast, "b": parley.BlindAtLeast}, Values: vals(10, 40)}, true, true, 50},
		// Concession: a conceded 30, b 10: f = 1/2 + 20/160 = 5/8 of [200, 600] from 200.
		{"ConcessionAtLeast", money, workspace.BlindTerms{Rule: parley.BlindConcession, Sides: two, Values: vals(200, 600), Conceded: map[string]float64{"a": 30, "b": 10}}, true, true, 450},
		// Only b conceded: a gets a quarter of the overlap, never nothing.
		{"ConcessionAtMostOnly", money, workspace.BlindTerms{Rule: parley.BlindConcession, Sides: two, Values: vals(200, 600), Conceded: map[string]float64{"b": 50}}, true, true, 300},
		{"ConcessionNone", money, workspace.BlindTerms{Rule: parley.BlindConcession, Sides: two, Values: vals(200, 600)}, true, true, 400},
		{"ConcessionNoOverlap", money, workspace.BlindTerms{Rule: parley.BlindConcession, Sides: two, Values: vals(601, 600), Conceded: map[string]float64{"a": 5}}, false, false, 0},
		// Cybersettle: demand 500, offer 400: the gap 100 is 20% of 500, within 30%: 450.
		{"CybersettleGapWithin", money, workspace.BlindTerms{Rule: parley.BlindCybersettle, RangePercent: 30, Sides: two, Values: vals(500, 400)}, false, true, 450},
		{"CybersettleGapEdge", money, workspace.BlindTerms{Rule: parley.BlindCybersettle, RangePercent: 20, Sides: two, Values: vals(500, 400)}, false, true, 450},
		{"CybersettleGapBeyond", money, workspace.BlindTerms{Rule: parley.BlindCybersettle, RangePercent: 19.9, Sides: two, Values: vals(500, 400)}, false, false, 0},
		{"CybersettleOverlap", money, workspace.BlindTerms{Rule: parley.BlindCybersettle, RangePercent: 30, Sides: two, Values: vals(400, 500)}, true, true, 450},
		// On a grid: the gap [35, 45] settles at 40, a grid value.
		{"CybersettleGrid", is, workspace.BlindTerms{Rule: parley.BlindCybersettle, RangePercent: 30, Sides: two, Values: vals(45, 35)}, false, true, 40},
		{"CybersettleZero", money, workspace.BlindTerms{Rule: parley.BlindCybersettle, RangePercent: 0, Sides: two, Values: vals(500, 499)}, false, false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := workspace.BlindResult(tt.is, &tt.terms)
			want := workspace.BlindOutcome{Overlap: tt.overlap, Settled: tt.settled, Settlement: tt.at}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestBlindLegacySettled: a round stored closed before the settlement rules, without
// settled, reads as settled exactly when it found an overlap.
func TestBlindLegacySettled(t *testing.T) {
	e := wstest.MustOpen(t)
	r := openRound(t, e)
	mustSeal(t, e, "east", r.ID, 20, false)
	mustSeal(t, e, "west", r.ID, 40, false)
	err := e.DB.Write(context.Background(), func(tx workspace.Tx) error {
		bt := tx.(workspace.BlindTx)
		rec, err := bt.BlindRound(e.WS.ID, r.ID)
		if err != nil {
			return err
		}
		rec.Round.Settled = nil
		prev := rec.Round.Rev
		rec.Round.Rev++
		return bt.PutBlindRound(e.WS.ID, rec, prev)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Service.BlindRound(e.As("obs"), e.WS.ID, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Settled == nil || !*got.Settled || *got.Settlement != 30 {
		t.Errorf("legacy round reads %+v", got)
	}
}

// TestBlindResultProperties checks random rounds under every rule against the rules as
// docs/api.md states them: the overlap is L <= H; a settlement lies between L and H, within
// half a step of the rule's point ((L+H)/2, or L + f(H-L) with f in [1/4, 3/4]); only
// cybersettle settles a gap, and only one within its range.
func TestBlindResultProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 5))
	for i := range 20000 {
		is := &parley.Issue{ID: "x", Kind: parley.KindReal, Min: float64(rng.IntN(50)), Max: 100 + float64(rng.IntN(100))}
		if rng.IntN(2) == 0 {
			is.Step = []float64{1, 2.5, 5, 10}[rng.IntN(4)]
		}
		terms := workspace.BlindTerms{Rule: parley.BlindRules[rng.IntN(len(parley.BlindRules))], RangePercent: float64(rng.IntN(60)),
			Sides: map[string]parley.BlindSide{}, Values: map[string]float64{}, Conceded: map[string]float64{}}
		lo, hi := is.Min, is.Max
		for p := range 2 + rng.IntN(3) {
			name := string(rune('a' + p))
			v := is.Min + rng.Float64()*(is.Max-is.Min)
			terms.Values[name], terms.Conceded[name] = v, float64(rng.IntN(3))*rng.Float64()*20
			if p%2 == 0 {
				terms.Sides[name], lo = parley.BlindAtLeast, math.Max(lo, v)
			} else {
				terms.Sides[name], hi = parley.BlindAtMost, math.Min(hi, v)
			}
		}
		o := workspace.BlindResult(is, &terms)
		half := is.Step/2 + 1e-6
		switch {
		case o.Overlap != (lo <= hi):
			t.Fatalf("%d: overlap %v for L=%v H=%v", i, o.Overlap, lo, hi)
		case !o.Settled:
			if o.Overlap || terms.Rule == parley.BlindCybersettle && lo-hi <= terms.RangePercent/100*math.Abs(lo) {
				t.Fatalf("%d: %s did not settle L=%v H=%v", i, terms.Rule, lo, hi)
			}
			continue
		case !o.Overlap && terms.Rule != parley.BlindCybersettle:
			t.Fatalf("%d: %s settled a gap", i, terms.Rule)
		}
		a, b := math.Min(lo, hi), math.Max(lo, hi)
		if o.Settlement < a-1e-6 || o.Settlement > b+1e-6 {
			t.Fatalf("%d: settlement %v outside [%v, %v]", i, o.Settlement, a, b)
		}
		from, to := (lo+hi)/2, (lo+hi)/2
		if terms.Rule == parley.BlindConcession {
			from, to = lo+(hi-lo)/4, lo+3*(hi-lo)/4
		}
		if o.Settlement < from-half || o.Settlement > to+half {
			t.Fatalf("%d: %s settled at %v, not within half a step of [%v, %v] (L=%v H=%v)", i, terms.Rule, o.Settlement, from, to, lo, hi)
		}
	}
}
