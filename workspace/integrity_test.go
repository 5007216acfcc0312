package workspace_test

import (
	"strings"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

func TestPublishRefusesConflictingBindings(t *testing.T) {
	e := wstest.MustOpen(t)
	ctx := e.As("med")
	d, err := e.Service.CreateDraft(ctx, e.WS.ID, &parley.DraftCreate{Title: "two widths"})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = e.Service.EditDraft(ctx, e.WS.ID, d.ID, d.Rev, []parley.PointOp{
		add("Strip", "40 km", map[string]string{"buffer_km": "40", "nato": "renounce"}),
		add("Strip again", "30 km", map[string]string{"buffer_km": "30"}),
	}); err != nil {
		t.Fatal(err)
	}
	// The draft may hold the conflict while it is edited; its analytics say so.
	a, err := e.Service.Analytics(ctx, e.WS.ID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Conflicts) != 1 || a.Conflicts[0].Issue != "buffer_km" || len(a.Conflicts[0].Points) != 2 || a.Outcome["buffer_km"] != "" {
		t.Errorf("draft conflicts %+v, outcome %v", a.Conflicts, a.Outcome)
	}
	_, err = e.Service.Publish(ctx, e.WS.ID, d.ID, d.Rev)
	if code(err) != parley.ECONFLICT || !strings.Contains(parley.ErrorMessage(err), "buffer_km: point 1 binds 40, point 2 binds 30") {
		t.Fatalf("publish: %v", err)
	}
}

func TestProposeRefusesHiddenPoints(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{
		add("NATO", "renounce", map[string]string{"nato": "renounce", "buffer_km": "20"}),
		add("Side letter", "for west", nil, "west"),
	})
	_, err := e.Service.Propose(e.As("med"), e.WS.ID, v.ID, parley.ProposeOptions{ConfirmOpen: true})
	if code(err) != parley.ECONFLICT || !strings.Contains(parley.ErrorMessage(err), "point 2 is hidden from east") {
		t.Fatalf("propose: %v", err)
	}
}

func TestProposeOpenIssuesNeedsConfirmation(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("NATO", "renounce", map[string]string{"nato": "renounce"})})
	_, err := e.Service.Propose(e.As("med"), e.WS.ID, v.ID, parley.ProposeOptions{})
	var pe *parley.Error
	if code(err) != parley.ECONFLICT || !strings.Contains(parley.ErrorMessage(err), "buffer_km") {
		t.Fatalf("propose without confirmation: %v", err)
	}
	if pe, _ = err.(*parley.Error); pe == nil || pe.Field != "confirm_open" {
		t.Errorf("error %#v does not name confirm_open", err)
	}
	r, err := e.Service.Propose(e.As("med"), e.WS.ID, v.ID, parley.ProposeOptions{ConfirmOpen: true})
	if err != nil || len(r.Open) != 1 || r.Open[0] != "buffer_km" {
		t.Fatalf("propose with confirmation: %+v, %v", r, err)
	}
}

func TestVersionsMarkAgreement(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("All", "settled", map[string]string{"nato": "renounce", "buffer_km": "20"})})
	r, err := e.Service.Propose(e.As("med"), e.WS.ID, v.ID, parley.ProposeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"east", "west"} {
		if _, err := e.Service.Sign(e.As(p), e.WS.ID, r.ID, parley.DecisionSign, v.Hash, ""); err != nil {
			t.Fatal(err)
		}
	}
	later := publishPlan(t, e, v.ID, nil)
	vs, err := e.Service.Versions(e.As("east"), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range vs {
		if got, want := s.Agreed, s.ID == v.ID; got != want {
			t.Errorf("version %s agreed: %v, want %v", s.ID, got, want)
		}
		if got, want := s.AfterAgreement, s.ID == later.ID; got != want {
			t.Errorf("version %s after the agreement: %v, want %v", s.ID, got, want)
		}
	}
}
