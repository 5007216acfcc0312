package workspace_test

import (
	"context"
	"testing"
	"time"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestMediatorCannotBecomeAParty reproduces the attack of issue 15: the mediator asked for a
// party's new token and used it. It now gets no token, and no sign-in ticket.
func TestMediatorCannotBecomeAParty(t *testing.T) {
	e := wstest.MustOpen(t)
	tok, err := e.Service.RotateToken(e.As("med"), e.WS.ID, "east")
	if code(err) != parley.EFORBIDDEN || tok.Token != "" {
		t.Fatalf("mediator rotating east: %+v, %v; want forbidden and no token", tok, err)
	}
	if _, err := e.Service.Authenticate(context.Background(), e.Tokens["east"]); err != nil {
		t.Errorf("east's token after the refused rotation: %v", err)
	}
	if _, err := e.Service.IssueSignIn(e.As("med"), e.WS.ID, "east"); code(err) != parley.EFORBIDDEN {
		t.Errorf("mediator issuing east a sign-in ticket: %v, want forbidden", err)
	}
	// Revoking stays the mediator's right; the party gets back in only by its own link.
	if err := e.Service.RevokeToken(e.As("med"), e.WS.ID, "east"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.Authenticate(context.Background(), e.Tokens["east"]); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("revoked token: %v", err)
	}
	audit, err := e.Service.Audit(e.As("med"), e.WS.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range audit {
		if a.Actor == "east" {
			t.Errorf("audit entry by east that east did not make: %+v", a)
		}
	}
}

func TestSignInTicket(t *testing.T) {
	e := wstest.MustOpen(t)
	ctx := context.Background()
	tk, err := e.Service.IssueSignIn(e.Admin, e.WS.ID, "east")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("NotABearerToken", func(t *testing.T) {
		if _, err := e.Service.Authenticate(ctx, tk.Ticket); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("ticket as bearer token: %v", err)
		}
		pt := "pt_" + tk.Ticket[3:]
		if _, err := e.Service.Authenticate(ctx, pt); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("ticket with a token's prefix: %v", err)
		}
		if _, err := e.Service.RedeemSignIn(ctx, "ps_"+e.Tokens["west"][3:]); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("bearer token redeemed as a ticket: %v", err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		later := workspace.New(e.DB, workspace.Config{Now: func() time.Time { return time.Now().Add(workspace.SignInTTL + time.Minute) }})
		if _, err := later.RedeemSignIn(ctx, tk.Ticket); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("expired ticket: %v", err)
		}
	})
	t.Run("OnceOnly", func(t *testing.T) {
		got, err := e.Service.RedeemSignIn(ctx, tk.Ticket)
		if err != nil {
			t.Fatal(err)
		}
		if got.MemberID != "east" || got.Workspace != e.WS.ID {
			t.Errorf("redeemed %+v", got)
		}
		if c, err := e.Service.Authenticate(ctx, got.Token); err != nil || c.MemberID != "east" {
			t.Errorf("new token: %+v, %v", c, err)
		}
		if _, err := e.Service.RedeemSignIn(ctx, tk.Ticket); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("second redemption: %v", err)
		}
	})
	t.Run("ErrUnknownMember", func(t *testing.T) {
		if _, err := e.Service.IssueSignIn(e.Admin, e.WS.ID, "nobody"); code(err) != parley.ENOTFOUND {
			t.Errorf("got %v", err)
		}
	})
}

// TestReservedMemberID: an observer could be given the id "admin", the administrator's name
// in the audit log (issue 15).
func TestReservedMemberID(t *testing.T) {
	e := wstest.MustOpen(t)
	for _, id := range []string{"admin", "Admin", "ADMIN"} {
		if _, _, err := e.Service.AddObserver(e.As("med"), e.WS.ID, &parley.Member{ID: id}); code(err) != parley.EINVALID {
			t.Errorf("observer %q: %v, want invalid", id, err)
		}
	}
	in := wstest.Create()
	in.Observers = []*parley.Member{{ID: "admin"}}
	if _, _, err := e.Service.CreateWorkspace(e.Admin, in); code(err) != parley.EINVALID {
		t.Errorf("workspace with an observer admin: %v, want invalid", err)
	}
}

// TestRectangleUtilityRange: rectangle utilities had no range check (issue 15).
func TestRectangleUtilityRange(t *testing.T) {
	e := wstest.MustOpen(t)
	for _, u := range []float64{5, -3, 1.0000001} {
		p := &parley.PartyProfile{Profile: parley.ProfileSpec{Reservation: 0.2,
			Issues:     map[string]parley.IssuePreference{"nato": {Weight: 1, Options: map[string]float64{"join": 1}}},
			Rectangles: []parley.RectangleSpec{{Utility: u, Bounds: map[string]parley.BoundSpec{"nato": {Options: []string{"join"}}}}}}}
		_, err := e.Service.PutProfile(e.As("east"), e.WS.ID, "east", 1, p)
		if e, ok := err.(*parley.Error); !ok || e.Code != parley.EINVALID || e.Field != "profile.rectangles[0].utility" {
			t.Errorf("utility %v: %v, want invalid profile.rectangles[0].utility", u, err)
		}
	}
}
