package workspace_test

import (
	"fmt"
	"strings"
	"testing"

	"parley"
	"parley/workspace"
)

var suggestIssues = []*parley.Issue{
	{ID: "buffer_km", Name: "Buffer zone", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
	{ID: "guarantees", Kind: parley.KindOptions, Options: []string{"none", "bilateral", "collective"}},
	{ID: "sanctions", Kind: parley.KindOptions, Options: []string{"none", "phased", "full"}},
}

var suggestParties = []*parley.Member{{ID: "ru", Name: "Russia"}, {ID: "ua", Name: "Ukraine"}}

// suggestRound builds a version binding buffer and guarantees, one point each, with the
// parties' stances on them (nil: no stance), ru's then ua's for each point.
func suggestRound(buffer, guarantees string, stances ...*parley.Stance) workspace.Round {
	v := &parley.Version{Points: []*parley.PlanPoint{
		{ID: "p1", Bindings: map[string]string{"buffer_km": buffer}},
		{ID: "p2", Bindings: map[string]string{"guarantees": guarantees}},
		{ID: "p3", Text: "binds nothing"},
	}}
	m := &parley.Matrix{Points: []string{"p1", "p2", "p3"}, Parties: []string{"ru", "ua"}, Cells: make([][]*parley.Stance, 3)}
	for i := range m.Cells {
		m.Cells[i] = make([]*parley.Stance, 2)
	}
	for k, st := range stances {
		m.Cells[k/2][k%2] = st
	}
	// A stance on a point that binds nothing says nothing of the issues.
	m.Cells[2][0] = &parley.Stance{Mark: parley.MarkReject}
	return workspace.Round{Version: v, Matrix: m}
}

var (
	stAcc = &parley.Stance{Mark: parley.MarkAccept}
	stRej = &parley.Stance{Mark: parley.MarkReject}
	stRes = &parley.Stance{Mark: parley.MarkReserve}
)

func stAmend(text string) *parley.Stance {
	return &parley.Stance{Mark: parley.MarkAmend, Amendment: text}
}

func TestSuggest(t *testing.T) {
	t.Run("Reasons", func(t *testing.T) {
		s := workspace.Suggest(suggestIssues, suggestParties, []workspace.Round{
			suggestRound("40", "bilateral", stRej, stAcc, stAcc, stRej),
			suggestRound("40", "collective", stAmend("not this"), stAcc, stRes, stAcc),
			suggestRound("30", "collective", stRej, stAcc, stAcc, stAcc),
		})
		if s.Heard != 11 {
			t.Errorf("heard %d stances, want 11 (reservations and points that bind nothing do not count)", s.Heard)
		}
		buf, gua, san := s.Issues[0], s.Issues[1], s.Issues[2]
		if want := "Russia rejected 30 km, 40 km twice; Ukraine accepts 30 km, 40 km twice"; buf.Reason != want || buf.Current != "30 km" {
			t.Errorf("buffer: %+v; want current 30 km, reason %q", buf, want)
		}
		// Russia rejected every version: the strategy moves the text, and cannot predict
		// that Russia accepts it.
		if buf.Suggested == "30 km" || buf.Suggested == "40 km" || s.Likely {
			t.Errorf("buffer: suggested %s, likely %v; want a text not tabled yet, not predicted acceptable", buf.Suggested, s.Likely)
		}
		// Both accept collective guarantees last; Ukraine rejected bilateral ones.
		if gua.Suggested != "collective" || !strings.Contains(gua.Reason, "Ukraine rejected bilateral; accepts collective twice: every party has accepted collective") {
			t.Errorf("guarantees: %+v", gua)
		}
		// Nothing binds sanctions: the middle value, no reason to prefer another.
		if san.Current != "" || san.Suggested != "phased" || san.Reason != "no party has marked a point that binds this issue" {
			t.Errorf("sanctions: %+v", san)
		}
	})
	t.Run("Unanimous", func(t *testing.T) {
		s := workspace.Suggest(suggestIssues, suggestParties, []workspace.Round{
			suggestRound("40", "bilateral", stRej, stAcc, stAcc, stRej),
			suggestRound("35", "collective", stAcc, stAcc, stAcc, stAcc),
		})
		if !s.Likely || s.Issues[0].Suggested != "35 km" || s.Issues[1].Suggested != "collective" {
			t.Errorf("every party accepted the latest version: suggested %+v, likely %v; want it kept", s.Issues, s.Likely)
		}
	})
	t.Run("Nothing", func(t *testing.T) {
		s := workspace.Suggest(suggestIssues, suggestParties, nil)
		if s.Heard != 0 || s.Likely || s.Issues[0].Suggested != "30 km" {
			t.Errorf("no round: %+v", s)
		}
	})
}

// TestSuggestConverges runs the desk with the suggestion adopted as each next version:
// Russia accepts a buffer of 35 km or more, Ukraine one of 45 km or less, each amends with
// its wish at first and then only accepts or rejects. The suggestion must reach a text both
// accept.
func TestSuggestConverges(t *testing.T) {
	issues := suggestIssues[:1]
	for _, start := range []string{"0", "20", "60"} {
		t.Run(start, func(t *testing.T) {
			var rounds []workspace.Round
			buffer := start
			for r := range 12 {
				var km int
				fmt.Sscanf(buffer, "%d", &km)
				ru, ua := stAcc, stAcc
				if km < 35 {
					ru = stRej
					if r == 0 {
						ru = stAmend("60 km")
					}
				}
				if km > 45 {
					ua = stRej
					if r == 0 {
						ua = stAmend("0 km, no strip")
					}
				}
				if ru == stAcc && ua == stAcc {
					t.Logf("from %s km: both accept %s km in round %d", start, buffer, r+1)
					return
				}
				rounds = append(rounds, suggestRound(buffer, "none", ru, ua))
				s := workspace.Suggest(issues, suggestParties, rounds)
				buffer = strings.TrimSuffix(s.Issues[0].Suggested, " km")
			}
			t.Errorf("from %s km: no text both accept in 12 rounds (last suggestion %s km)", start, buffer)
		})
	}
}
