package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"parley/analysis"
	"parley/genius"
	"parley/internal/shared"
)

// TestElicitZoneQuestionsJSON checks the zone count of parley elicit --simulate --json: per
// party zone_questions (and the baseline's) as the simulation counts them, never above
// questions, and below it on a run where the zone is found before it is known.
func TestElicitZoneQuestionsJSON(t *testing.T) {
	dir := filepath.Join(shared.Dir(t, "domains"), "Fifty2013")
	var out, errs bytes.Buffer
	if code := runElicit(context.Background(), []string{"--simulate", "--seed", "1", "--json", dir}, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	var doc struct {
		Parties []map[string]any `json:"parties"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	s, _, err := genius.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Simulate(s, analysis.SimOptions{Seed: 1, MaxQuestions: analysis.DefaultMaxQuestions})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Parties) != len(res.Parties) {
		t.Fatalf("%d parties printed, %d simulated", len(doc.Parties), len(res.Parties))
	}
	earlier := false
	for i, p := range doc.Parties {
		want := res.Parties[i]
		if p["zone_questions"] != float64(want.ZoneQuestions) || p["zone_found"] != want.ZoneFound ||
			p["baseline_zone_questions"] != float64(want.BaselineZoneQuestions) || p["baseline_zone_found"] != want.BaselineZoneFound {
			t.Fatalf("party %d printed %v, simulated %+v", i, p, want)
		}
		if p["zone_questions"].(float64) > p["questions"].(float64) {
			t.Fatalf("party %d: zone found after more questions than it was known: %v", i, p)
		}
		earlier = earlier || p["zone_questions"].(float64) < p["questions"].(float64)
	}
	if !earlier {
		t.Fatalf("no party found the zone before knowing it: %v", doc.Parties)
	}
}
