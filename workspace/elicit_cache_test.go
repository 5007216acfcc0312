package workspace_test

import (
	"reflect"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestElicitCache: the elicitations and the uncertain zone a service keeps are what a fresh
// service on the same store computes, after answers, a candidate package of the mediator
// and a conditional stance (which changes the zone but not the party's profile).
func TestElicitCache(t *testing.T) {
	e := wstest.MustOpen(t)
	med := e.As("med")
	partial(t, e, "east", parley.UseShared)
	partial(t, e, "west", parley.UseShared)
	check := func(when string) {
		t.Helper()
		fresh := workspace.New(e.DB, workspace.Config{})
		for _, m := range []string{"east", "west"} {
			got, err := e.Service.Elicitation(e.As(m), e.WS.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Elicitation(e.As(m), e.WS.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, %s: kept %+v, computed %+v", when, m, got, want)
			}
		}
		got, err := e.Service.UncertainZone(med, e.WS.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := fresh.UncertainZone(med, e.WS.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: zone kept %+v, computed %+v", when, got, want)
		}
	}
	check("nothing said")
	before, err := e.Service.UncertainZone(med, e.WS.ID)
	if err != nil || !before.Computed {
		t.Fatalf("nothing said: %+v, %v", before, err)
	}
	v1 := publishPlan(t, e, "", []parley.PointOp{add("Strip", "a strip", map[string]string{"buffer_km": "30"})})
	if _, err := e.Service.SetStance(e.As("east"), e.WS.ID, v1.ID, v1.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkAccept, Condition: "nato == renounce"}); err != nil {
		t.Fatal(err)
	}
	check("a conditional stance")
	after, err := e.Service.UncertainZone(med, e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(before.Parties["east"], after.Parties["east"]) {
		t.Errorf("the conditional stance changed nothing of east's verdicts: %+v", after.Parties["east"])
	}
	answerAll(t, e, "west", 2)
	check("west answered")
	if _, err := e.Service.AddCandidate(med, e.WS.ID, map[string]string{"nato": "moratorium", "buffer_km": "30"}, ""); err != nil {
		t.Fatal(err)
	}
	check("a candidate")
	answerAll(t, e, "east", 3)
	check("east answered")
}
