package web_test

import (
	"context"
	"testing"

	"parley"
	"parley/examples"
	api "parley/httpapi/client"
	"parley/scenario"
	"parley/workspace"
)

// labour returns a second workspace on f's server, made through the HTTP API from the
// labour-contract example as a person would: the conciliation service (mediator, under the
// key "us"), the union ("ua"), the employer ("ru") and an observer admitted by the mediator
// ("eu"); stances shared. Version 1 binds every issue, one point visible to the union and the
// mediator only; version 2 rewords the pay point, raises the rise, shows the hidden point to
// everyone and moves a point. On version 1 the union amends the pay point and accepts the
// working week; the employer rejects the shifts point, accepts the week and reserves on
// the pension: every kind of answer is on the matrix.
func labour(tb testing.TB, f *fixture) *fixture {
	tb.Helper()
	ctx := context.Background()
	data, err := examples.Get("labour-contract")
	if err != nil {
		tb.Fatal(err)
	}
	sc, _, err := scenario.Parse("labour-contract.yaml", data)
	if err != nil {
		tb.Fatal(err)
	}
	in := workspace.FromScenario(sc)
	in.Settings.StanceVisibility = parley.StancesShared
	ws, toks, err := api.New(f.srv.URL, adminToken).CreateWorkspace(ctx, in)
	if err != nil {
		tb.Fatal(err)
	}
	l := &fixture{srv: f.srv, svc: f.svc, h: f.h, ws: ws, tokens: map[string]string{}, name: "labour"}
	keys := map[string]string{"conciliator": "us", "union": "ua", "employer": "ru"}
	for _, t := range toks {
		l.tokens[keys[t.MemberID]] = t.Token
	}
	con := api.New(f.srv.URL, l.tokens["us"])
	_, tok, err := con.AddObserver(ctx, ws.ID, &parley.Member{ID: "press", Name: "Transport press <i>pool</i>"})
	if err != nil {
		tb.Fatal(err)
	}
	l.tokens["eu"] = tok.Token
	if l.ws, err = con.Workspace(ctx, ws.ID); err != nil {
		tb.Fatal(err)
	}
	pts := []parley.PointInput{
		{Title: ptr("Pay"), Text: ptr("Basic pay rises by **4 %** from 1 April."), Bindings: map[string]string{"wage_pct": "4"}},
		{Title: ptr("Working week"), Text: ptr("The standard week is 38 hours."), Bindings: map[string]string{"hours": "38"}},
		{Title: ptr("Pension"), Text: ptr("The employer pays 5 % of pay into the pension scheme."), Bindings: map[string]string{"pension_pct": "5"}},
		{Title: ptr("Job security"), Text: ptr("No compulsory redundancies for one year."), Bindings: map[string]string{"job_security": "one_year"}},
		{Title: ptr("Term"), Text: ptr("The agreement runs for 24 months."), Bindings: map[string]string{"term_months": "24"}},
		{Title: ptr("Split shifts"), Text: ptr("Split shifts are capped at two a week."), Bindings: map[string]string{"split_shifts": "capped"}},
		{Title: ptr("Strike fund"), Text: ptr("Terms for the union's side only."), VisibleTo: &[]string{"conciliator", "union"}},
	}
	d, err := con.CreateDraft(ctx, ws.ID, &parley.DraftCreate{Title: "Conciliator's first text", Points: pts})
	if err != nil {
		tb.Fatal(err)
	}
	if l.v1, err = con.Publish(ctx, ws.ID, d.ID, d.Rev); err != nil {
		tb.Fatal(err)
	}
	p := l.v1.Points
	if d, err = con.CreateDraft(ctx, ws.ID, &parley.DraftCreate{Title: "Second text after the Tuesday session", BasedOn: l.v1.ID}); err != nil {
		tb.Fatal(err)
	}
	if d, err = con.EditDraft(ctx, ws.ID, d.ID, d.Rev, []parley.PointOp{
		{Op: "edit", Point: p[0].ID, Content: parley.PointInput{Text: ptr("Basic pay rises by **4.5 %** from 1 April, and by 1 % more in the second year."), Bindings: map[string]string{"wage_pct": "4.5"}}},
		{Op: "edit", Point: p[6].ID, Content: parley.PointInput{VisibleTo: &[]string{}}},
		{Op: "move", Point: p[4].ID, At: 1},
	}); err != nil {
		tb.Fatal(err)
	}
	if l.v2, err = con.Publish(ctx, ws.ID, d.ID, d.Rev); err != nil {
		tb.Fatal(err)
	}
	if _, err := api.New(f.srv.URL, l.tokens["ua"]).SetStance(ctx, ws.ID, l.v1.ID, p[0].ID, 0,
		&parley.StanceInput{Mark: parley.MarkAmend, Amendment: "Basic pay rises by **5 %**.", Comment: "Inflation runs at 3 %."}); err != nil {
		tb.Fatal(err)
	}
	if _, err := api.New(f.srv.URL, l.tokens["ru"]).SetStance(ctx, ws.ID, l.v1.ID, p[5].ID, 0,
		&parley.StanceInput{Mark: parley.MarkReject, Comment: "The timetable needs them."}); err != nil {
		tb.Fatal(err)
	}
	for _, st := range []struct {
		who  string
		i    int
		mark parley.Mark
	}{{"ua", 1, parley.MarkAccept}, {"ru", 2, parley.MarkReserve}, {"ru", 1, parley.MarkAccept}} {
		if _, err := api.New(f.srv.URL, l.tokens[st.who]).SetStance(ctx, ws.ID, l.v1.ID, p[st.i].ID, 0, &parley.StanceInput{Mark: st.mark}); err != nil {
			tb.Fatal(err)
		}
	}
	return l
}

// TestLabourWorkspace checks the second workspace is what the browser tests expect.
func TestLabourWorkspace(t *testing.T) {
	l := labour(t, newFixture(t))
	c := l.client(t)
	c.signIn("us")
	_, body := c.get("/w/" + l.ws.ID + "/matrix?v=" + l.v1.ID)
	if got := cells(body, "1"); len(got) != 2 || got[0] != "amend" {
		t.Errorf("pay point cells %q, want the union's amendment first", got)
	}
	if got := cells(body, "6"); len(got) != 2 || got[1] != "reject" {
		t.Errorf("shifts point cells %q, want the employer's rejection", got)
	}
}
