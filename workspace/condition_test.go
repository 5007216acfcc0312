package workspace_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

func TestConditionalStances(t *testing.T) {
	e := wstest.MustOpen(t)
	v1 := publishPlan(t, e, "", []parley.PointOp{
		add("Guarantees", "collective guarantees", nil),
		add("Strip", "a demilitarised strip", map[string]string{"buffer_km": "30"}),
	})
	a, b := v1.Points[0].ID, v1.Points[1].ID
	east := e.As("east")
	for _, tt := range []struct {
		name string
		in   parley.StanceInput
		col  int
	}{
		{"ErrSyntax", parley.StanceInput{Mark: parley.MarkAccept, Condition: "buffer_km <= "}, 14},
		{"ErrIssue", parley.StanceInput{Mark: parley.MarkAccept, Condition: "width <= 40"}, 1},
		{"ErrNotAccept", parley.StanceInput{Mark: parley.MarkReject, Condition: "buffer_km <= 40"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Service.SetStance(east, e.WS.ID, v1.ID, a, 0, &tt.in)
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID || pe.Field != "condition" || pe.Col != tt.col {
				t.Errorf("got %#v, want EINVALID on condition at column %d", err, tt.col)
			}
		})
	}
	if _, err := e.Service.SetStance(east, e.WS.ID, v1.ID, a, 0, &parley.StanceInput{Mark: parley.MarkAccept, Condition: "buffer_km <= 40", Private: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.SetStance(e.As("west"), e.WS.ID, v1.ID, a, 0, &parley.StanceInput{Mark: parley.MarkAccept, Condition: "nato == renounce"}); err != nil {
		t.Fatal(err)
	}
	m, err := e.Service.Matrix(e.As("med"), e.WS.ID, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Conditions[0]; got[0] != parley.ConditionMet || got[1] != parley.ConditionOpen {
		t.Errorf("v1 conditions %v, want [met open]", got)
	}
	// Version 2 widens the strip: east's acceptance of the guarantees no longer holds.
	d, err := e.Service.CreateDraft(e.As("med"), e.WS.ID, &parley.DraftCreate{Title: "v2", BasedOn: v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	d, err = e.Service.EditDraft(e.As("med"), e.WS.ID, d.ID, d.Rev, []parley.PointOp{{Op: parley.OpEdit, Point: b, Content: parley.PointInput{Bindings: map[string]string{"buffer_km": "50"}}}})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := e.Service.Publish(e.As("med"), e.WS.ID, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"med", "east"} {
		m, err = e.Service.Matrix(e.As(who), e.WS.ID, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Reopened) != 1 || m.Reopened[0].Party != "east" || m.Reopened[0].Point != a || m.Reopened[0].Status != parley.ConditionUnmet {
			t.Errorf("%s: reopened %+v, want point %s of east, unmet", who, m.Reopened, a)
		}
	}
	// West does not see east's private stance, nor that it was reopened.
	if m, err = e.Service.Matrix(e.As("west"), e.WS.ID, v2.ID); err != nil || len(m.Reopened) != 0 {
		t.Errorf("west sees reopened %+v (%v)", m.Reopened, err)
	}
	// The mediator's desk lists the reopened point.
	desk, err := e.Service.Desk(e.As("med"), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(desk.Reopened) != 1 || desk.Reopened[0].Point != a || desk.Reopened[0].Party != "east" {
		t.Errorf("desk reopened %+v, want point %s of east", desk.Reopened, a)
	}
	// East accepts again on the same condition: the ratification check refuses version 2.
	if _, err := e.Service.SetStance(east, e.WS.ID, v2.ID, a, 0, &parley.StanceInput{Mark: parley.MarkAccept, Condition: "buffer_km <= 40"}); err != nil {
		t.Fatal(err)
	}
	// On the desk, east's acceptance of a condition version 2 breaks is no acceptance.
	if desk, err = e.Service.Desk(e.As("med"), e.WS.ID); err != nil {
		t.Fatal(err)
	}
	for _, p := range desk.Points {
		if p.ID == a && (slices.Contains(p.Accepted, "east") || !slices.Contains(p.Unanswered, "east")) {
			t.Errorf("desk point %s: accepted %v, unanswered %v; east's condition is not met", a, p.Accepted, p.Unanswered)
		}
	}
	_, err = e.Service.Propose(e.As("med"), e.WS.ID, v2.ID, parley.ProposeOptions{ConfirmOpen: true})
	if code(err) != parley.ECONFLICT || !strings.Contains(err.Error(), "buffer_km <= 40") {
		t.Errorf("propose v2: %v", err)
	}
	if _, err := e.Service.Propose(e.As("med"), e.WS.ID, v1.ID, parley.ProposeOptions{ConfirmOpen: true}); err == nil || !strings.Contains(err.Error(), "nato == renounce") {
		t.Errorf("propose v1 with west's open condition: %v", err)
	}
}

// TestConditionStatements: a conditional accept on the current version is a statement
// that packages meeting its condition, with its point's bindings, are acceptable.
func TestConditionStatements(t *testing.T) {
	e := wstest.MustOpen(t)
	v1 := publishPlan(t, e, "", []parley.PointOp{add("Strip", "a strip", map[string]string{"buffer_km": "30"})})
	if _, err := e.Service.SetStance(e.As("east"), e.WS.ID, v1.ID, v1.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkAccept, Condition: "nato == renounce"}); err != nil {
		t.Fatal(err)
	}
	got, sts, err := e.Service.ConditionsFor(context.Background(), e.WS.ID, "east")
	if err != nil {
		t.Fatal(err)
	}
	want := `(nato == renounce) and "buffer_km" == 30`
	if len(got) != 1 || got[0] != want || len(sts) != 1 || sts[0].Kind != parley.StateAcceptIf || sts[0].Condition != want {
		t.Fatalf("got %q %+v, want [%q]", got, sts, want)
	}
	if got, _, _ := e.Service.ConditionsFor(context.Background(), e.WS.ID, "west"); len(got) != 0 {
		t.Errorf("west has conditions %q", got)
	}
}
