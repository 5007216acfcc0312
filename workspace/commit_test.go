package workspace_test

import (
	"slices"
	"strconv"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

// audiences returns every subset of the workspace's members, the empty one (everyone) first.
func audiences(ids []string) [][]string {
	var out [][]string
	for mask := 0; mask < 1<<len(ids); mask++ {
		var a []string
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				a = append(a, id)
			}
		}
		out = append(out, a)
	}
	return out
}

// TestOfflineGuessFails reproduces the attack of issue 15: west knows a point's public text
// from version 1; in version 2 the mediator hides it from west and changes its bindings.
// West tries every candidate (every binding of both issues and every audience, with the
// true text and title) against what it sees: the placeholder's commitment and the content
// hash. No candidate matches, because the commitment is salted with a secret west never sees;
// the same search with the salt (as the server could run it) finds the point, so the test
// would notice a hash that gave the point away.
func TestOfflineGuessFails(t *testing.T) {
	e := wstest.MustOpen(t)
	v1 := publishPlan(t, e, "", []parley.PointOp{
		add("Ceasefire", "A ceasefire along the line of contact.", nil),
		add("Buffer", "A demilitarised strip.", map[string]string{"buffer_km": "20"}),
	})
	buffer := v1.Points[1].ID
	v2 := publishPlan(t, e, v1.ID, []parley.PointOp{{Op: "edit", Point: buffer, Content: parley.PointInput{
		Bindings: map[string]string{"buffer_km": "40", "nato": "moratorium"}, VisibleTo: &[]string{"east"}}}})
	west, err := e.Service.Version(e.As("west"), e.WS.ID, v2.ID)
	if err != nil {
		t.Fatal(err)
	}
	ph := west.Points[1]
	if !ph.Hidden || ph.Text != "" || ph.Salt != "" || ph.From != nil || ph.Commitment == "" {
		t.Fatalf("west's placeholder %+v: want hidden, with a commitment and nothing else", ph)
	}
	if ph.ID == buffer {
		t.Error("the hidden point kept the id it had when west could read it")
	}
	for _, p := range v1.Points {
		if p.ID == ph.ID {
			t.Error("the hidden point's id appears in version 1")
		}
	}
	// Every member's view checks against the one content hash.
	for _, m := range []string{"east", "west", "med", "obs"} {
		v, err := e.Service.Version(e.As(m), e.WS.ID, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.ContentHash(); got != v2.Hash {
			t.Errorf("%s: the hash of its view is %s, the version's is %s", m, got, v2.Hash)
		}
	}
	truth, err := e.Service.Version(e.As("east"), e.WS.ID, v2.ID)
	if err != nil {
		t.Fatal(err)
	}
	secretSalt := truth.Points[1].Salt
	// West's guesses of the salt: none, and every salt it has seen.
	saltGuesses := []string{""}
	for _, v := range []*parley.Version{v1, west} {
		for _, p := range v.Points {
			if p.Salt != "" {
				saltGuesses = append(saltGuesses, p.Salt)
			}
		}
	}
	members := []string{"east", "west", "med", "obs"}
	search := func(salts []string) (tried int, found bool) {
		for _, nato := range []string{"", "join", "moratorium", "renounce"} {
			for km := -10; km <= 60; km += 10 {
				for _, aud := range audiences(members) {
					bind := map[string]string{}
					if nato != "" {
						bind["nato"] = nato
					}
					if km >= 0 {
						bind["buffer_km"] = strconv.Itoa(km)
					}
					if len(bind) == 0 {
						bind = nil
					}
					if len(aud) > 0 && !slices.Contains(aud, "med") {
						aud = append(aud, "med") // the author is always named
						slices.Sort(aud)
						aud = slices.Compact(aud)
					}
					for _, salt := range salts {
						tried++
						c := &parley.PlanPoint{ID: ph.ID, Number: ph.Number, Title: "Buffer", Text: "A demilitarised strip.",
							Bindings: bind, VisibleTo: aud, Salt: salt}
						if c.Commit() == ph.Commitment {
							found = true
						}
						guess := *west
						guess.Points = []*parley.PlanPoint{west.Points[0], c}
						if guess.ContentHash() == v2.Hash {
							found = true
						}
					}
				}
			}
		}
		return tried, found
	}
	if tried, found := search(saltGuesses); found {
		t.Errorf("west recovered the hidden point's bindings and audience offline (%d candidates)", tried)
	} else if tried < 500 {
		t.Errorf("only %d candidates tried", tried)
	}
	if _, found := search([]string{secretSalt}); !found {
		t.Error("with the salt, the search does not find the point: the test proves nothing")
	}
}
