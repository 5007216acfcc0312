package workspace_test

import (
	"testing"

	"parley/workspace"
)

// TestSuggestStated checks that the suggestion never crosses a red line a party stated to
// the mediator (by sharing its profile), where without it the strategy would.
func TestSuggestStated(t *testing.T) {
	issues := suggestIssues[:2]
	rounds := []workspace.Round{
		suggestRound("30", "none", stAmend("60 km"), stAcc, stAcc, stAmend("collective")),
		suggestRound("50", "bilateral", stAcc, stRej, stAcc, stRej),
	}
	redLines := map[string][]string{"ua": {"buffer_km <= 20", "guarantees == bilateral", "sanctions == none"}}
	plain := workspace.Suggest(issues, suggestParties, rounds)
	if plain.Issues[0].Suggested == "20 km" || plain.Issues[1].Suggested == "bilateral" {
		t.Fatalf("without the red lines the strategy already suggests %s, %s: the test cannot tell", plain.Issues[0].Suggested, plain.Issues[1].Suggested)
	}
	stated := workspace.SuggestStated(issues, suggestParties, rounds, redLines)
	// 20 km or less, bilateral; the red line on sanctions, which no version binds, is left
	// out.
	switch stated.Issues[0].Suggested {
	case "0 km", "5 km", "10 km", "15 km", "20 km":
	default:
		t.Errorf("buffer %s crosses Ukraine's stated red line buffer_km <= 20", stated.Issues[0].Suggested)
	}
	if stated.Issues[1].Suggested != "bilateral" {
		t.Errorf("guarantees %s crosses Ukraine's stated red line guarantees == bilateral", stated.Issues[1].Suggested)
	}
}
