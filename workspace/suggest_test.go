package workspace_test

import (
	"strings"
	"testing"

	"parley"
	"parley/workspace"
)

func TestSuggest(t *testing.T) {
	issues := []*parley.Issue{
		{ID: "buffer_km", Name: "Buffer zone", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
		{ID: "guarantees", Kind: parley.KindOptions, Options: []string{"none", "bilateral", "collective"}},
		{ID: "sanctions", Kind: parley.KindOptions, Options: []string{"none", "phased", "full"}},
	}
	parties := []*parley.Member{{ID: "ru", Name: "Russia"}, {ID: "ua", Name: "Ukraine"}}
	// round builds a version binding buffer and guarantees, one point each, with the
	// parties' marks on them (empty: no stance).
	round := func(buffer, guarantees string, marks ...parley.Mark) workspace.Round {
		v := &parley.Version{Points: []*parley.PlanPoint{
			{ID: "p1", Bindings: map[string]string{"buffer_km": buffer}},
			{ID: "p2", Bindings: map[string]string{"guarantees": guarantees}},
			{ID: "p3", Text: "binds nothing"},
		}}
		m := &parley.Matrix{Points: []string{"p1", "p2", "p3"}, Parties: []string{"ru", "ua"}, Cells: make([][]*parley.Stance, 3)}
		for i := range m.Cells {
			m.Cells[i] = make([]*parley.Stance, 2)
		}
		for k, mk := range marks {
			if mk != "" {
				m.Cells[k/2][k%2] = &parley.Stance{Mark: mk}
			}
		}
		// A stance on a point that binds nothing says nothing of the issues.
		m.Cells[2][0] = &parley.Stance{Mark: parley.MarkReject}
		return workspace.Round{Version: v, Matrix: m}
	}
	acc, rej, amd, res := parley.MarkAccept, parley.MarkReject, parley.MarkAmend, parley.MarkReserve
	s := workspace.Suggest(issues, parties, []workspace.Round{
		round("40", "bilateral", rej, acc, acc, rej),
		round("40", "collective", amd, acc, res, acc),
		round("30", "collective", rej, acc, acc, acc),
	})
	if s.Heard != 11 {
		t.Errorf("heard %d stances, want 11 (reservations and points that bind nothing do not count)", s.Heard)
	}
	buf, gua, san := s.Issues[0], s.Issues[1], s.Issues[2]
	// Russia rejected 30 and 40 km (twice), Ukraine accepted both: 35 km is out; beyond
	// them Russia may go either way (1/2), Ukraine likely follows (3/4). Of the values that
	// tie, the middle: 25 km.
	if buf.Current != "30 km" || buf.Suggested != "25 km" || buf.Chance != 0.375 {
		t.Errorf("buffer: %+v; want 25 km instead of 30 km, chance 0.375", buf)
	}
	if want := "Russia rejected 30 km, 40 km twice; Ukraine accepts 30 km, 40 km twice: no value is accepted by every party yet; 25 km is the likeliest (38%)"; buf.Reason != want {
		t.Errorf("buffer reason %q, want %q", buf.Reason, want)
	}
	// Both accept collective guarantees last; Ukraine rejected bilateral ones.
	if gua.Suggested != "collective" || gua.Chance != 1 || !strings.Contains(gua.Reason, "every party has accepted collective") {
		t.Errorf("guarantees: %+v", gua)
	}
	if !strings.Contains(gua.Reason, "Ukraine rejected bilateral; accepts collective twice") {
		t.Errorf("guarantees reason %q", gua.Reason)
	}
	// Nothing binds sanctions: no reason to change, chance 1/4 for every value.
	if san.Current != "" || san.Chance != 0.25 || san.Reason != "no party has marked a point that binds this issue" {
		t.Errorf("sanctions: %+v", san)
	}
	if got := s.Changes(); got != 2 {
		t.Errorf("%d changes, want 2 (buffer and sanctions)", got)
	}
}
