package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"parley"
	"parley/demo"
)

// TestBrowserDemo reads the demo's talks as their mediator: version 2 against the European
// counter-proposal, a rival draft written without lineage, pairs the points that say the same
// ("1. Sovereignty" with "1. Sovereignty") instead of dropping 22 and adding 24; and the
// stance matrix of version 2. The screenshots are the README's.
func TestBrowserDemo(t *testing.T) {
	f := newFixture(t)
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), f.svc)
	if err != nil {
		t.Fatal(err)
	}
	d := &fixture{srv: f.srv, svc: f.svc, h: f.h, ws: res.Workspace, tokens: map[string]string{}, v1: res.V1, v2: res.V2, name: "demo"}
	for _, tk := range res.Tokens {
		d.tokens[tk.MemberID] = tk.Token
	}
	diff, err := f.svc.Diff(d.ctx("united_states"), d.ws.ID, res.V2.ID, res.Rival.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff.Counts[parley.ChangeAdded] > 8 || diff.Counts[parley.ChangeDropped] > 6 {
		t.Errorf("version 2 against the European draft: %v; most points should pair", diff.Counts)
	}
	b := newBrowser(t)
	med := b.tab(d, "mediator")
	med.signIn("united_states")
	// The desk: Ukraine's amendment and Russia's rejection of point 5 side by side, and Russia's
	// amendment of point 6; Russia keeps its profile private, so no compromise is computed.
	med.open("/w/" + d.ws.ID)
	med.do(chromedp.WaitVisible(chromedp.ID("desk-pt-5")))
	if got := med.text("#desk-pt-5"); !strings.Contains(got, "Article 5") || !strings.Contains(got, "rejects it") {
		t.Errorf("point 5 on the desk: %q", got)
	}
	if got := med.text("#desk-counts"); !strings.Contains(got, "2 blocked") {
		t.Errorf("desk counts %q", got)
	}
	if got := med.text("#desk-next"); !strings.Contains(got, "Rework points 5 and 6") || !strings.Contains(got, "Ask Russia") {
		t.Errorf("next steps %q", got)
	}
	med.accessibility("demo desk")
	if _, err := chromedp.Run(med.ctx, chromedp.Evaluate[bool](`document.getElementById("desk").scrollIntoView(); true`)); err != nil {
		t.Fatal(err)
	}
	med.viewShot("readme-desk")
	med.open("/w/" + d.ws.ID + "/diff?from=" + res.V2.ID + "&to=" + res.Rival.ID + "&hide=kept")
	med.do(chromedp.WaitVisible(chromedp.ID("diff-table")))
	first := med.text("#diff-table tbody tr:first-child")
	if strings.Count(first, "Sovereignty") != 2 || !strings.Contains(first, "paired by similar content") {
		t.Errorf("the first row does not pair the two Sovereignty points: %q", first)
	}
	med.accessibility("demo diff")
	med.viewShot("readme-diff")
	med.open("/w/" + d.ws.ID + "/matrix?v=" + res.V2.ID)
	med.do(chromedp.WaitVisible(chromedp.ID("matrix-table")))
	med.accessibility("demo matrix")
	med.viewShot("readme-matrix")
}
