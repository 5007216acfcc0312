package workspace_test

import (
	"context"
	"strings"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

func code(err error) string { return parley.ErrorCode(err) }

// publishPlan creates and publishes a plan version with the given points as the mediator.
func publishPlan(t *testing.T, e *wstest.Env, basedOn string, ops []parley.PointOp) *parley.Version {
	t.Helper()
	ctx := e.As("med")
	d, err := e.Service.CreateDraft(ctx, e.WS.ID, &parley.DraftCreate{Title: "draft", BasedOn: basedOn})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) > 0 {
		if d, err = e.Service.EditDraft(ctx, e.WS.ID, d.ID, d.Rev, ops); err != nil {
			t.Fatal(err)
		}
	}
	v, err := e.Service.Publish(ctx, e.WS.ID, d.ID, d.Rev)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func add(title, text string, bind map[string]string, vis ...string) parley.PointOp {
	op := parley.PointOp{Op: "add", Content: parley.PointInput{Title: wstest.Str(title), Text: wstest.Str(text), Bindings: bind}}
	if vis != nil {
		op.Content.VisibleTo = &vis
	}
	return op
}

func TestAuthenticate(t *testing.T) {
	e := wstest.MustOpen(t)
	ctx := context.Background()
	tests := []struct {
		name, token, want string
	}{
		{"OK", e.Tokens["east"], ""},
		{"Admin", wstest.AdminToken, ""},
		{"ErrEmpty", "", parley.EUNAUTHORIZED},
		{"ErrWrongSecret", flipLast(e.Tokens["east"]), parley.EUNAUTHORIZED},
		{"ErrGarbage", "pt_zzzz", parley.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Service.Authenticate(ctx, tt.token)
			if got := code(err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Revoked", func(t *testing.T) {
		if err := e.Service.RevokeToken(e.As("med"), e.WS.ID, "obs"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Service.Authenticate(ctx, e.Tokens["obs"]); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("revoked token: got %v", err)
		}
		tok, err := e.Service.RotateToken(e.As("east"), e.WS.ID, "east")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Service.Authenticate(ctx, e.Tokens["east"]); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("rotated-out token: got %v", err)
		}
		if c, err := e.Service.Authenticate(ctx, tok.Token); err != nil || c.MemberID != "east" {
			t.Errorf("new token: got %v, %v", c, err)
		}
	})
}

func flipLast(s string) string {
	if strings.HasSuffix(s, "0") {
		return s[:len(s)-1] + "1"
	}
	return s[:len(s)-1] + "0"
}

func TestProfileConfidential(t *testing.T) {
	e := wstest.MustOpen(t)
	tests := []struct {
		caller, party, want string
	}{
		{"east", "east", ""},
		{"west", "east", parley.ENOTFOUND},
		{"obs", "east", parley.ENOTFOUND},
		{"med", "east", parley.ENOTFOUND}, // east does not trust the mediator
		{"med", "west", ""},               // west does
		{"east", "west", parley.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.caller+"/"+tt.party, func(t *testing.T) {
			_, err := e.Service.Profile(e.As(tt.caller), e.WS.ID, tt.party)
			if got := code(err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("PutOthersForbidden", func(t *testing.T) {
		_, err := e.Service.PutProfile(e.As("west"), e.WS.ID, "east", 1, &parley.PartyProfile{})
		if got, want := code(err), parley.EFORBIDDEN; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("PutInvalidNamesField", func(t *testing.T) {
		p, _ := e.Service.Profile(e.As("east"), e.WS.ID, "east")
		p.Profile.RedLines = []string{"nato == nope"}
		_, err := e.Service.PutProfile(e.As("east"), e.WS.ID, "east", p.Rev, p)
		var pe *parley.Error
		if !asErr(err, &pe) || pe.Field != "profile.red_lines[0]" {
			t.Errorf("got %v, want an error on profile.red_lines[0]", err)
		}
	})
	t.Run("PutStaleConflict", func(t *testing.T) {
		p, _ := e.Service.Profile(e.As("east"), e.WS.ID, "east")
		if _, err := e.Service.PutProfile(e.As("east"), e.WS.ID, "east", p.Rev, p); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Service.PutProfile(e.As("east"), e.WS.ID, "east", p.Rev, p); code(err) != parley.ECONFLICT {
			t.Errorf("stale write: got %v, want conflict", err)
		}
	})
}

func asErr(err error, pe **parley.Error) bool {
	e, ok := err.(*parley.Error)
	*pe = e
	return ok
}

func TestPlanVersionsAndDiff(t *testing.T) {
	e := wstest.MustOpen(t)
	v1 := publishPlan(t, e, "", []parley.PointOp{
		add("Sovereignty", "Ukraine's sovereignty is confirmed.", nil),
		add("NATO", "Ukraine does not join NATO.", map[string]string{"nato": "renounce"}),
		add("Buffer", "A buffer zone of 40 km.", map[string]string{"buffer_km": "40"}),
		add("Assets", "Frozen assets fund reconstruction.", nil),
		add("Secret", "An annex known only to east.", nil, "east"),
	})
	if v1.Number != 1 || len(v1.Points) != 5 || v1.Hash == "" {
		t.Fatalf("v1: number %d, %d points, hash %q", v1.Number, len(v1.Points), v1.Hash)
	}
	id := func(n int) string { return v1.Points[n-1].ID }
	v2 := publishPlan(t, e, v1.ID, []parley.PointOp{
		{Op: "edit", Point: id(2), Content: parley.PointInput{Text: wstest.Str("Ukraine does not join NATO for twenty years."), Bindings: map[string]string{"nato": "moratorium"}}},
		{Op: "merge", Points: []string{id(3), id(4)}, Content: parley.PointInput{Title: wstest.Str("Security and assets")}},
		{Op: "remove", Point: id(1)},
	})
	if v2.Number != 2 || len(v2.Points) != 3 {
		t.Fatalf("v2: number %d, %d points", v2.Number, len(v2.Points))
	}
	t.Run("PublishedImmutable", func(t *testing.T) {
		_, err := e.Service.EditDraft(e.As("med"), e.WS.ID, v1.ID, v1.Rev, []parley.PointOp{{Op: "remove", Point: id(1)}})
		if got, want := code(err), parley.ECONFLICT; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("HiddenPoint", func(t *testing.T) {
		for member, hidden := range map[string]bool{"east": false, "west": true, "obs": true, "med": false} {
			v, err := e.Service.Version(e.As(member), e.WS.ID, v1.ID)
			if err != nil {
				t.Fatal(err)
			}
			p := v.Points[4]
			if p.Hidden != hidden || (hidden && (p.Text != "" || p.Title != "")) {
				t.Errorf("%s: point 5 hidden %v text %q, want hidden %v", member, p.Hidden, p.Text, hidden)
			}
		}
	})
	t.Run("Diff", func(t *testing.T) {
		d, err := e.Service.Diff(e.As("med"), e.WS.ID, v1.ID, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[parley.Change]int{}
		for k, n := range d.Counts {
			got[k] = n
		}
		want := map[parley.Change]int{parley.ChangeDropped: 1, parley.ChangeReworded: 1, parley.ChangeMerged: 1, parley.ChangeKept: 1}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%s: got %d, want %d (all: %v)", k, got[k], n, got)
			}
		}
		for _, en := range d.Entries {
			if en.Change == parley.ChangeReworded {
				joined := ""
				for _, w := range en.Words {
					if w.Op == "+" {
						joined += w.Text
					}
				}
				if !strings.Contains(joined, "twenty years") {
					t.Errorf("reworded words %+v lack the insertion", en.Words)
				}
			}
		}
	})
	t.Run("DiffHidesHiddenFromWest", func(t *testing.T) {
		d, err := e.Service.Diff(e.As("west"), e.WS.ID, v1.ID, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Counts[parley.ChangeKept] != 0 {
			t.Errorf("west sees the hidden point in the diff: %+v", d.Counts)
		}
	})
	t.Run("DraftInvisibleToOthers", func(t *testing.T) {
		d, err := e.Service.CreateDraft(e.As("med"), e.WS.ID, &parley.DraftCreate{Title: "secret draft"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Service.Version(e.As("east"), e.WS.ID, d.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("east reads the mediator's draft: %v", err)
		}
	})
	t.Run("RivalAndCarry", func(t *testing.T) {
		r, err := e.Service.CreateDraft(e.As("west"), e.WS.ID, &parley.DraftCreate{Title: "counter", Points: []parley.PointInput{{Text: wstest.Str("Unconditional ceasefire.")}}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Kind != parley.KindRival {
			t.Errorf("kind %q, want rival", r.Kind)
		}
		if r, err = e.Service.Publish(e.As("west"), e.WS.ID, r.ID, r.Rev); err != nil {
			t.Fatal(err)
		}
		d, err := e.Service.CreateDraft(e.As("med"), e.WS.ID, &parley.DraftCreate{Title: "v3", BasedOn: v2.ID})
		if err != nil {
			t.Fatal(err)
		}
		d, err = e.Service.EditDraft(e.As("med"), e.WS.ID, d.ID, d.Rev, []parley.PointOp{{Op: "carry", Ref: &parley.PointRef{Version: r.ID, Point: r.Points[0].ID}, At: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if c := d.Points[0].Carried; c == nil || c.Version != r.ID {
			t.Errorf("carried point has provenance %+v", c)
		}
		if _, err := e.Service.CreateDraft(e.As("east"), e.WS.ID, &parley.DraftCreate{Title: "x", Kind: parley.KindPlan}); code(err) != parley.EFORBIDDEN {
			t.Errorf("a party drafting the plan: %v", err)
		}
	})
	t.Run("StaleEditConflict", func(t *testing.T) {
		d, _ := e.Service.CreateDraft(e.As("med"), e.WS.ID, &parley.DraftCreate{Title: "x"})
		op := []parley.PointOp{add("a", "b", nil)}
		if _, err := e.Service.EditDraft(e.As("med"), e.WS.ID, d.ID, d.Rev, op); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Service.EditDraft(e.As("med"), e.WS.ID, d.ID, d.Rev, op); code(err) != parley.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
	})
}

func TestStancesVisibility(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("A", "a", nil), add("B", "b", nil)})
	p := v.Points[0].ID
	if _, err := e.Service.SetStance(e.As("east"), e.WS.ID, v.ID, p, 0, &parley.StanceInput{Mark: parley.MarkAccept}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.SetStance(e.As("west"), e.WS.ID, v.ID, p, 0, &parley.StanceInput{Mark: parley.MarkReject, Private: true}); err != nil {
		t.Fatal(err)
	}
	count := func(member string) int {
		sts, err := e.Service.Stances(e.As(member), e.WS.ID, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(sts)
	}
	for member, want := range map[string]int{"east": 1, "west": 2, "med": 2, "obs": 1} {
		if got := count(member); got != want {
			t.Errorf("%s sees %d stances, want %d", member, got, want)
		}
	}
	if _, err := e.Service.SetStance(e.As("med"), e.WS.ID, v.ID, p, 0, &parley.StanceInput{Mark: parley.MarkAccept}); code(err) != parley.EFORBIDDEN {
		t.Errorf("mediator marking: %v", err)
	}
	if _, err := e.Service.SetStance(e.As("east"), e.WS.ID, v.ID, p, 0, &parley.StanceInput{Mark: parley.MarkAccept}); code(err) != parley.ECONFLICT {
		t.Errorf("stale stance: %v", err)
	}
	if _, err := e.Service.SetStance(e.As("east"), e.WS.ID, v.ID, p, 1, &parley.StanceInput{Mark: parley.MarkAmend}); code(err) != parley.EINVALID {
		t.Errorf("amend without text: %v", err)
	}
	m, err := e.Service.Matrix(e.As("med"), e.WS.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Cells[0][0] == nil || m.Cells[0][0].Mark != parley.MarkAccept || m.Cells[1][0] != nil {
		t.Errorf("matrix %+v", m.Cells)
	}
	// With the mediator-only setting, east no longer sees west's stances.
	if _, err := e.Service.SetStance(e.As("west"), e.WS.ID, v.ID, v.Points[1].ID, 0, &parley.StanceInput{Mark: parley.MarkReserve}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.UpdateSettings(e.As("med"), e.WS.ID, e.WS.Rev, parley.Settings{StanceVisibility: parley.StancesMediator}); err != nil {
		t.Fatal(err)
	}
	if got := count("east"); got != 1 {
		t.Errorf("east sees %d stances under mediator-only visibility, want 1 (its own)", got)
	}
}

func TestRatification(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("A", "a", nil)})
	if _, err := e.Service.Propose(e.As("east"), e.WS.ID, v.ID, parley.ProposeOptions{ConfirmOpen: true}); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party proposing: %v", err)
	}
	r, err := e.Service.Propose(e.As("med"), e.WS.ID, v.ID, parley.ProposeOptions{ConfirmOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.Sign(e.As("east"), e.WS.ID, r.ID, parley.DecisionSign, strings.Repeat("0", 64), ""); code(err) != parley.EINVALID {
		t.Errorf("wrong hash: %v", err)
	}
	if r, err = e.Service.Sign(e.As("east"), e.WS.ID, r.ID, parley.DecisionSign, v.Hash, ""); err != nil || r.State != parley.RatificationOpen {
		t.Fatalf("east signs: %v, state %v", err, r)
	}
	if _, err := e.Service.Sign(e.As("east"), e.WS.ID, r.ID, parley.DecisionSign, v.Hash, ""); code(err) != parley.ECONFLICT {
		t.Errorf("signing twice: %v", err)
	}
	if _, err := e.Service.Sign(e.As("med"), e.WS.ID, r.ID, parley.DecisionSign, v.Hash, ""); code(err) != parley.EFORBIDDEN {
		t.Errorf("mediator signing: %v", err)
	}
	if r, err = e.Service.Sign(e.As("west"), e.WS.ID, r.ID, parley.DecisionSign, v.Hash, ""); err != nil || r.State != parley.RatificationAgreed {
		t.Fatalf("west signs: %v, state %v", err, r)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestAuditChain(t *testing.T) {
	e := wstest.MustOpen(t)
	publishPlan(t, e, "", []parley.PointOp{add("A", "a", nil)})
	rep, err := workspace.Verify(context.Background(), e.DB, wstest.AuditKey())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Entries < 4 {
		t.Errorf("report %+v", rep)
	}
	es, err := e.Service.Audit(e.As("med"), e.WS.ID, 0)
	if err != nil || len(es) != int(rep.Entries) {
		t.Errorf("audit: %d entries, %v", len(es), err)
	}
	if _, err := e.Service.Audit(e.As("east"), e.WS.ID, 0); code(err) != parley.EFORBIDDEN {
		t.Errorf("party reading the audit: %v", err)
	}
}

func TestRatificationDeclinedThenRevised(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("A", "a", nil)})
	r, err := e.Service.Propose(e.As("med"), e.WS.ID, v.ID, parley.ProposeOptions{ConfirmOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = e.Service.Sign(e.As("west"), e.WS.ID, r.ID, parley.DecisionDecline, v.Hash, "not yet"); err != nil || r.State != parley.RatificationDeclined {
		t.Fatalf("decline: %+v, %v", r, err)
	}
	if _, err := e.Service.Sign(e.As("east"), e.WS.ID, r.ID, parley.DecisionSign, v.Hash, ""); parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("signing a declined ratification: %v", err)
	}
	v2 := publishPlan(t, e, v.ID, []parley.PointOp{add("B", "b", nil)})
	if v2.Hash == v.Hash {
		t.Fatal("a revised version has the same content hash")
	}
	if _, err := e.Service.Propose(e.As("med"), e.WS.ID, v2.ID, parley.ProposeOptions{ConfirmOpen: true}); err != nil {
		t.Errorf("proposing the revision: %v", err)
	}
}

func TestEventsAudienceAndRevocation(t *testing.T) {
	e := wstest.MustOpen(t)
	evEast, stopEast, err := e.Service.Subscribe(e.As("east"), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer stopEast()
	evObs, _, err := e.Service.Subscribe(e.As("obs"), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Service.Subscribe(e.Admin, e.WS.ID); code(err) != parley.ENOTFOUND {
		t.Errorf("the administrator subscribing: %v", err)
	}
	p, _ := e.Service.Profile(e.As("east"), e.WS.ID, "east")
	if _, err := e.Service.PutProfile(e.As("east"), e.WS.ID, "east", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	if ev := <-evEast; ev.Type != "profile" {
		t.Errorf("east got %+v, want its profile event", ev)
	}
	if err := e.Service.RevokeToken(e.As("med"), e.WS.ID, "obs"); err != nil {
		t.Fatal(err)
	}
	// The observer got no profile event, and its stream ends with the revocation.
	for ev := range evObs {
		t.Errorf("the observer got %+v", ev)
	}
}

func newEnv(t *testing.T) *wstest.Env { return wstest.MustOpen(t) }

func str(s string) *string { return &s }
