package demo

import (
	"context"
	"fmt"
	"time"

	"parley"
	"parley/examples"
	"parley/scenario"
	"parley/workspace"
)

// Services are the services the demo plays its history through.
type Services interface {
	parley.WorkspaceService
	parley.Authenticator
	parley.PlanService
	parley.StanceService
	parley.SessionService
}

// Result is the loaded demo: the workspace and every member's token.
type Result struct {
	Workspace *parley.Workspace
	Tokens    []parley.IssuedToken
	V1, V2    *parley.Version
	Rival     *parley.Version
}

// Create returns the demo's workspace definition: the peace-talks example's issues,
// parties and invented profiles, and Europe as an observer.
func Create() (*parley.WorkspaceCreate, error) {
	data, err := examples.Get("peace-talks")
	if err != nil {
		return nil, err
	}
	sc, _, err := scenario.Parse("peace-talks.yaml", data)
	if err != nil {
		return nil, fmt.Errorf("demo scenario: %w", err)
	}
	c := workspace.FromScenario(sc)
	c.Name = "Peace talks"
	c.Settings = parley.Settings{StanceVisibility: parley.StancesMediator}
	c.Observers = []*parley.Member{{ID: "europe", Name: "European group (E3 and EU)"}}
	for i := range c.Parties {
		// Invented: Ukraine shares its profile with the mediator; Russia keeps its private.
		c.Parties[i].Use = parley.UsePrivate
		if c.Parties[i].ID == "ukraine" {
			c.Parties[i].Use = parley.UseShared
		}
	}
	return c, nil
}

func as(ctx context.Context, svc Services, tokens []parley.IssuedToken, member string) context.Context {
	for _, t := range tokens {
		if t.MemberID == member {
			c, err := svc.Authenticate(ctx, t.Token)
			if err != nil {
				panic("demo: " + err.Error()) // cannot happen: the token was just issued
			}
			return parley.NewContextWithCaller(ctx, c)
		}
	}
	panic("demo: no member " + member)
}

func input(p pt) parley.PointInput {
	t, x := p.title, p.text
	return parley.PointInput{Title: &t, Text: &x, Bindings: p.bind}
}

// Load creates the demo workspace through svc, as the administrator (admin carries the
// administrator as caller), and plays its history.
func Load(admin context.Context, svc Services) (*Result, error) {
	c, err := Create()
	if err != nil {
		return nil, err
	}
	w, toks, err := svc.CreateWorkspace(admin, c)
	if err != nil {
		return nil, fmt.Errorf("create demo workspace: %w", err)
	}
	bg := context.Background()
	h := &history{svc: svc, ws: w.ID, res: &Result{Workspace: w, Tokens: toks},
		us: as(bg, svc, toks, "united_states"), eu: as(bg, svc, toks, "europe"),
		ua: as(bg, svc, toks, "ukraine"), ru: as(bg, svc, toks, "russia")}
	for _, step := range []func() error{h.drafts, h.geneva, h.sessions, h.stances} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return h.res, nil
}

// history plays the demo's history into workspace ws, one step per method, each as the
// member who took it.
type history struct {
	svc            Services
	ws             string
	res            *Result
	us, eu, ua, ru context.Context
}

// drafts publishes the U.S. 28-point draft and tables the European counter-proposal as a
// rival draft.
func (h *history) drafts() error {
	d := &parley.DraftCreate{Title: "U.S. 28-point draft"}
	for _, p := range usDraft {
		d.Points = append(d.Points, input(p))
	}
	v, err := h.svc.CreateDraft(h.us, h.ws, d)
	if err != nil {
		return err
	}
	if h.res.V1, err = h.svc.Publish(h.us, h.ws, v.ID, v.Rev); err != nil {
		return err
	}
	d = &parley.DraftCreate{Title: "European 24-point counter-proposal", Kind: parley.KindRival}
	for _, p := range europeDraft {
		d.Points = append(d.Points, input(p))
	}
	if v, err = h.svc.CreateDraft(h.eu, h.ws, d); err != nil {
		return err
	}
	h.res.Rival, err = h.svc.Publish(h.eu, h.ws, v.ID, v.Rev)
	return err
}

// geneva publishes the revision after Geneva: 28 points condensed to 22; territory and NATO
// left undisclosed (visible to the U.S. and Ukrainian delegations only).
func (h *history) geneva() error {
	svc, us, res := h.svc, h.us, h.res
	v1 := res.V1.Points
	id := func(n int) string { return v1[n-1].ID }
	v, err := svc.CreateDraft(us, h.ws, &parley.DraftCreate{Title: "22-point revision after Geneva", BasedOn: res.V1.ID})
	if err != nil {
		return err
	}
	str := func(s string) *string { return &s }
	hidden := &[]string{"united_states", "ukraine"}
	ops := []parley.PointOp{
		{Op: parley.OpMerge, Points: []string{id(2), id(16)}, Content: parley.PointInput{Title: str("Non-aggression"),
			Text: str("A comprehensive non-aggression agreement between Russia, Ukraine and Europe, which Russia enshrines in law.")}},
		{Op: parley.OpMerge, Points: []string{id(4), id(15)}, Content: parley.PointInput{Title: str("Security dialogue"),
			Text: str("A Russia-NATO security dialogue mediated by the United States, and a joint working group to oversee the agreement.")}},
		{Op: parley.OpMerge, Points: []string{id(12), id(14)}, Content: parley.PointInput{Title: str("Reconstruction and assets"),
			Text: str("A reconstruction package for Ukraine, financed in part by frozen Russian assets, on terms to be agreed.")}},
		{Op: parley.OpMerge, Points: []string{id(19), id(23)}, Content: parley.PointInput{Title: str("Energy and shipping"),
			Text: str("The Zaporizhzhia plant restarted under IAEA supervision; free commercial use of the Dnieper and grain shipping across the Black Sea.")}},
		{Op: parley.OpRemove, Point: id(9)},
		{Op: parley.OpRemove, Point: id(17)},
		{Op: parley.OpRemove, Point: id(26)},
		{Op: parley.OpSplit, Point: id(10), Parts: []parley.PointInput{
			{Title: str("U.S. guarantee"), Text: str("The United States guarantees the agreement; if Russia invades Ukraine, a decisive coordinated military response follows and all sanctions are reinstated.")},
			{Title: str("Conditions of the guarantee"), Text: str("The guarantee is void if Ukraine invades Russia or strikes Russian cities without cause.")},
		}},
		{Op: parley.OpEdit, Point: id(6), Content: parley.PointInput{Text: str("The armed forces of Ukraine are limited to 800,000 personnel in peacetime."),
			Bindings: map[string]string{"army_cap": "800"}}},
		{Op: parley.OpEdit, Point: id(7), Content: parley.PointInput{Text: str("Ukraine's relationship with NATO: terms left for the presidents."), Bindings: map[string]string{"nato": "moratorium"}, VisibleTo: hidden}},
		{Op: parley.OpEdit, Point: id(21), Content: parley.PointInput{Text: str("Territory: the line in Donetsk region and the width of the demilitarised strip, left for the presidents."),
			Bindings: map[string]string{"donetsk_pct": "50", "buffer_km": "40"}, VisibleTo: hidden}},
		{Op: parley.OpRemove, Point: id(24)},
	}
	if v, err = svc.EditDraft(us, h.ws, v.ID, v.Rev, ops); err != nil {
		return err
	}
	// Carry the European humanitarian point (deported children returned) in place of 24.
	var humanitarian string
	for _, p := range res.Rival.Points {
		if p.Title == "Humanitarian committee" {
			humanitarian = p.ID
		}
	}
	at := len(v.Points) - 3
	if v, err = svc.EditDraft(us, h.ws, v.ID, v.Rev, []parley.PointOp{{Op: parley.OpCarry, At: at, Ref: &parley.PointRef{Version: res.Rival.ID, Point: humanitarian}}}); err != nil {
		return err
	}
	res.V2, err = svc.Publish(us, h.ws, v.ID, v.Rev)
	return err
}

// sessions records the Geneva talks and the Moscow meeting.
func (h *history) sessions() error {
	date := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	if _, err := h.svc.CreateSession(h.us, h.ws, &parley.Session{
		Title: "Geneva talks", Date: date("2025-11-23T10:00:00Z"), Place: "Geneva",
		Participants: []parley.Participant{
			{Person: "Marco Rubio", Side: "united_states", Role: "Secretary of State"},
			{Person: "Steve Witkoff", Side: "united_states", Role: "special envoy"},
			{Person: "Ukrainian delegation", Side: "ukraine", Role: "delegation"},
		},
		Topics:   []string{"nato", "donetsk_pct", "buffer_km", "guarantees", "army_cap"},
		Summary:  "Preliminary talks between the U.S. and Ukrainian delegations; the 28-point draft is condensed to 22 points. Most terms are not disclosed; territory and NATO are left for the presidents.",
		Produced: h.res.V2.ID,
	}); err != nil {
		return err
	}
	if _, err := h.svc.CreateSession(h.us, h.ws, &parley.Session{
		Title: "Moscow meeting", Date: date("2025-12-02T16:00:00Z"), Place: "Moscow", Minutes: 290,
		Participants: []parley.Participant{
			{Person: "Vladimir Putin", Side: "russia", Role: "President"},
			{Person: "Yury Ushakov", Side: "russia", Role: "presidential aide"},
			{Person: "Kirill Dmitriev", Side: "russia", Role: "investment and economic cooperation"},
			{Person: "Steve Witkoff", Side: "united_states", Role: "special envoy"},
			{Person: "Jared Kushner", Side: "united_states", Role: "presidential adviser"},
		},
		Topics: []string{"nato", "donetsk_pct", "buffer_km"},
		Summary: "A nearly five-hour session on the 22-point plan. NATO accession for Ukraine and territory were the key questions; " +
			"the 20 percent of Donetsk region still under Kyiv's control remains the sticking point. No compromise on territory was announced.",
		Tone: "very constructive",
	}); err != nil {
		return err
	}
	return nil
}

// stances marks some stances on the 22-point revision.
func (h *history) stances() error {
	num := func(n int) string { return h.res.V2.Points[n-1].ID }
	type mark struct {
		ctx context.Context
		n   int
		in  parley.StanceInput
	}
	marks := []mark{
		{h.ua, 1, parley.StanceInput{Mark: parley.MarkAccept}},
		{h.ua, 5, parley.StanceInput{Mark: parley.MarkAmend, Amendment: "Ukraine receives security guarantees mirroring Article 5.", Comment: "Bilateral guarantees are not enough."}},
		{h.ua, 6, parley.StanceInput{Mark: parley.MarkAccept, Comment: "800,000 is acceptable."}},
		{h.ua, 7, parley.StanceInput{Mark: parley.MarkReserve, Comment: "For the presidents.", Private: true}},
		{h.ru, 1, parley.StanceInput{Mark: parley.MarkAccept}},
		{h.ru, 5, parley.StanceInput{Mark: parley.MarkReject, Comment: "No foreign guarantees of this kind."}},
		{h.ru, 6, parley.StanceInput{Mark: parley.MarkAmend, Amendment: "The armed forces of Ukraine are limited to 600,000 personnel."}},
	}
	for _, m := range marks {
		if _, err := h.svc.SetStance(m.ctx, h.ws, h.res.V2.ID, num(m.n), 0, &m.in); err != nil {
			return fmt.Errorf("demo stance: %w", err)
		}
	}
	return nil
}
