package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"parley"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's headless Chromium against a real server. Without
// Chromium they skip, except under CI (CI set), where a missing browser is a failure.

// chromiumPath returns the browser to drive, or skips (fails under CI) when there is none.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("PARLEY_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (apt-get install -y chromium); CI requires the browser tests")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium); set CI=true to make this a failure")
	return ""
}

// browser is one headless Chromium with a fresh profile.
type browser struct {
	t     *testing.T
	alloc context.Context
	root  context.Context
}

func newBrowser(t *testing.T) *browser {
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelRoot(); cancelAlloc() })
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, alloc: alloc, root: root}
}

// tab is one member's window: its own browser context (cookies), recording every response
// body, every server-sent event and every request it makes.
type tab struct {
	t    *testing.T
	f    *fixture
	ctx  context.Context
	name string

	mu       sync.Mutex
	requests []string // URL and post data of every request
	events   []string // data of every server-sent event received
	dialogs  []string // the message of every confirm() the page asked
	bodies   map[network.RequestID]string
	done     []network.RequestID
}

func (b *browser) tab(f *fixture, name string) *tab {
	tb := &tab{t: b.t, f: f, name: name, bodies: map[network.RequestID]string{}}
	ctx, cancel := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	b.t.Cleanup(cancel)
	tb.ctx = ctx
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		b.t.Fatal(err)
	}
	// Accept every confirm() at once (publish, sign).
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return tb
}

// listen runs in the tab's event loop: it only records.
func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		s := ev.Request.URL
		for _, e := range ev.Request.PostDataEntries {
			s += " " + string(e.Bytes)
		}
		tb.requests = append(tb.requests, s)
	case *network.EventEventSourceMessageReceived:
		tb.events = append(tb.events, ev.EventName+": "+ev.Data)
	case *network.EventLoadingFinished:
		tb.done = append(tb.done, ev.RequestID)
	case *page.EventJavascriptDialogOpening:
		tb.dialogs = append(tb.dialogs, ev.Message)
	}
}

// do runs steps with a time limit.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		html, _ := chromedp.Run(tb.ctx, chromedp.OuterHTML(chromedp.CSS("html")))
		tb.t.Fatalf("%s: %v\npage:\n%s", tb.name, err, html)
	}
}

// waitEvent waits until the tab has received a server-sent event of the given name.
func (tb *tab) waitEvent(name string) {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		tb.mu.Lock()
		for _, e := range tb.events {
			if strings.HasPrefix(e, name+": ") {
				tb.mu.Unlock()
				return
			}
		}
		tb.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	tb.t.Fatalf("%s: no %q event within 20s (events: %q)", tb.name, name, tb.events)
}

// waitJS waits until the expression is true in the page.
func (tb *tab) waitJS(expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool]("!!("+expr+")")); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	html, _ := chromedp.Run(tb.ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	tb.t.Fatalf("%s: still false after 20s: %s\npage:\n%s", tb.name, expr, html)
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("%s: text of %s: %v", tb.name, sel, err)
	}
	return strings.TrimSpace(s)
}

func (tb *tab) location() string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		tb.t.Fatal(err)
	}
	return s
}

func (tb *tab) html() string {
	tb.t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		tb.t.Fatal(err)
	}
	return s
}

// signIn opens the member's sign-in link and confirms, as a person does.
func (tb *tab) signIn(member string) {
	tb.t.Helper()
	tb.do(
		chromedp.Navigate(tb.f.srv.URL+"/signin?token="+url.QueryEscape(tb.f.tokens[member])),
		chromedp.WaitVisible(chromedp.ID("signin-continue")),
	)
	if loc := tb.location(); strings.Contains(loc, "token=") {
		t := tb.t
		t.Errorf("%s: the token is still in the address bar: %s", tb.name, loc)
	}
	tb.do(chromedp.Click(chromedp.ID("signin-continue")), chromedp.WaitVisible(chromedp.ID("signout")))
}

func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.f.srv.URL+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// seen returns everything the tab received or sent: response bodies, server-sent events,
// requests, and the current DOM.
func (tb *tab) seen() string {
	tb.t.Helper()
	tb.mu.Lock()
	ids := append([]network.RequestID(nil), tb.done...)
	tb.mu.Unlock()
	var b strings.Builder
	for _, id := range ids {
		if _, ok := tb.bodies[id]; ok {
			continue
		}
		res, err := chromedp.Call(tb.ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
		if err == nil {
			tb.bodies[id] = string(res.Body)
		}
	}
	for _, s := range tb.bodies {
		b.WriteString(s)
	}
	tb.mu.Lock()
	b.WriteString(strings.Join(tb.events, "\n"))
	b.WriteString(strings.Join(tb.requests, "\n"))
	tb.mu.Unlock()
	b.WriteString(tb.html())
	return b.String()
}

// screenshot saves the tab's screen in the test output folder ($PARLEY_TESTOUT, or
// testout/web at the repository's root).
func (tb *tab) screenshot(name string) { tb.shot(name, true) }

// viewShot saves only what the window shows (1280 x 900), for the README.
func (tb *tab) viewShot(name string) { tb.shot(name, false) }

func (tb *tab) shot(name string, full bool) {
	tb.t.Helper()
	dir := os.Getenv("PARLEY_TESTOUT")
	if dir == "" {
		dir = filepath.Join("..", "testout")
	}
	dir = filepath.Join(dir, "web")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	shoot := chromedp.FullScreenshot(100)
	if !full {
		shoot = chromedp.CaptureScreenshot()
	}
	buf, err := chromedp.Run(tb.ctx, shoot)
	if err != nil {
		tb.t.Fatal(err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Logf("screenshot: %s", p)
}

func TestBrowserLiveMatrix(t *testing.T) {
	f := newFixture(t)
	b := newBrowser(t)
	med := b.tab(f, "mediator")
	med.signIn("us")

	// The mediator starts the next version from the current one and publishes it.
	med.open("/w/" + f.ws.ID + "/plan")
	med.do(
		chromedp.SendKeys(chromedp.ID("draft-title"), "Second draft"),
		chromedp.Click(chromedp.CSS("#new-draft button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("publish")),
		chromedp.Click(chromedp.ID("publish")),
		chromedp.WaitVisible(chromedp.CSS("span.badge.published")),
	)
	vpath, _, _ := strings.Cut(strings.TrimPrefix(med.location(), f.srv.URL), "?") // after "?done=publish"
	if got := med.text("#flash"); !strings.HasPrefix(got, "Published as version 2.") {
		t.Errorf("after publishing the page says %q", got)
	}
	vid := vpath[strings.LastIndex(vpath, "/")+1:]
	med.open("/w/" + f.ws.ID + "/matrix?v=" + vid)
	med.do(chromedp.WaitReady(chromedp.ID("matrix-table")))
	if _, err := chromedp.Run(med.ctx, chromedp.Evaluate[bool]("window.parleyNoReload = true")); err != nil {
		t.Fatal(err)
	}
	med.waitEvent("ready") // the live stream is open before the party writes

	party := b.tab(f, "russia")
	party.signIn("ru")
	party.open(vpath)
	party.do(
		chromedp.Click(chromedp.CSS("form.stance input[value=accept]")),
		chromedp.Click(chromedp.CSS("form.stance button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("form.stance [role=status]")),
	)
	start := time.Now()
	med.do(chromedp.WaitVisible(chromedp.CSS(`#matrix-table td[data-mark="accept"]`)))
	t.Logf("stance appeared in the mediator's matrix %v after the party's save returned", time.Since(start))
	still, err := chromedp.Run(med.ctx, chromedp.Evaluate[bool]("window.parleyNoReload === true"))
	if err != nil || !still {
		t.Errorf("the matrix page was reloaded (%v): the update must come live", err)
	}
	med.screenshot("live-matrix")
	party.screenshot("live-matrix-party")
}

func TestBrowserProfilePreview(t *testing.T) {
	f := newFixture(t)
	b := newBrowser(t)
	ua := b.tab(f, "ukraine")
	ua.signIn("ua")
	ua.open("/w/" + f.ws.ID + "/profile")
	before := ua.text("#preview-utility")
	// Version 1 binds nato=moratorium (Ukraine: 0.5) and buffer_km=40 (1/3): with nato
	// weighted 0.2 instead of 0.6 the version is worth 0.2*0.5 + 0.4/3 = 0.23.
	ua.do(
		chromedp.SetValue(chromedp.ID("w-nato"), ""),
		chromedp.SendKeys(chromedp.ID("w-nato"), "0.2"),
	)
	defer func() {
		if t.Failed() {
			t.Logf("requests: %q", ua.requests)
		}
	}()
	ua.waitJS(`document.getElementById("preview-utility") && document.getElementById("preview-utility").textContent.trim() === "0.23"`)
	if got, want := before, "0.43"; got != want {
		t.Errorf("value before the edit %s, want %s", got, want)
	}
	// The red-line builder offers the issue's own values only: NATO's options, and a
	// number field on the buffer zone's range and step.
	opts, err := chromedp.Run(ua.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#rl-value option")].map(o => o.value).join(",")`))
	if err != nil || opts != "join,moratorium,renounce" {
		t.Errorf("the builder offers %q for NATO accession (%v), want its options", opts, err)
	}
	num, err := chromedp.Run(ua.ctx, chromedp.Evaluate[string](`(() => { const s = document.getElementById("rl-issue"); s.value = "buffer_km"; s.dispatchEvent(new Event("change")); const v = document.getElementById("rl-value"); return [v.type, v.min, v.max, v.step].join(" "); })()`))
	if err != nil || num != "number 0 60 5" {
		t.Errorf("the builder's field for the buffer zone is %q (%v), want a number from 0 to 60 by 5", num, err)
	}
	ua.do(
		chromedp.SetValue(chromedp.ID("rl-op"), "<="),
		chromedp.SetValue(chromedp.ID("rl-value"), "45"),
		chromedp.Click(chromedp.ID("rl-add")),
	)
	ua.waitJS(`document.getElementById("red_lines").value.includes("buffer_km <= 45")`)
	// A red line typed by hand with a value the issue does not take is refused at once,
	// naming the line.
	ua.do(
		chromedp.SendKeys(chromedp.ID("red_lines"), "\nnato == neutrality"),
		chromedp.WaitVisible(chromedp.ID("preview-error")),
	)
	if got := ua.text("#preview-error"); !strings.Contains(got, "red_lines[2]") || !strings.Contains(got, "neutrality") {
		t.Errorf("preview error %q does not name the red line", got)
	}
	ua.screenshot("profile-preview")
}

func TestBrowserSignInOut(t *testing.T) {
	f := newFixture(t)
	b := newBrowser(t)
	ru := b.tab(f, "russia")
	ru.signIn("ru")
	if loc := ru.location(); loc != f.srv.URL+"/w/"+f.ws.ID {
		t.Errorf("after sign-in at %s, want the workspace", loc)
	}
	if c, err := chromedp.Run(ru.ctx, chromedp.Evaluate[string]("document.cookie")); err != nil || strings.Contains(c, f.tokens["ru"]) {
		t.Errorf("a script can read the token from document.cookie (%q, %v)", c, err)
	}
	ru.do(chromedp.Click(chromedp.ID("signout")), chromedp.WaitVisible(chromedp.ID("signin-form")))
	ru.open("/w/" + f.ws.ID + "/plan")
	ru.do(chromedp.WaitVisible(chromedp.ID("signin-form")))
	ru.screenshot("signed-out")

	// A revoked token: the open session ends, and its link no longer signs in.
	ua := b.tab(f, "ukraine")
	ua.signIn("ua")
	if err := f.svc.RevokeToken(f.ctx("us"), f.ws.ID, "ua"); err != nil {
		t.Fatal(err)
	}
	ua.open("/w/" + f.ws.ID)
	ua.do(chromedp.WaitVisible(chromedp.ID("signin-form")))
	ua.open("/signin?token=" + url.QueryEscape(f.tokens["ua"]))
	if got := ua.text("#signin-error"); !strings.Contains(got, "revoked") {
		t.Errorf("sign-in with a revoked token says %q", got)
	}
	ua.screenshot("revoked-token")
}

// TestBrowserNoLeaks walks every page as Russia and as the observer while Ukraine writes a
// private stance and the mediator publishes a hidden point, then searches everything their
// browsers received or sent (HTML, fragments, server-sent events, requests) for the markers.
func TestBrowserNoLeaks(t *testing.T) {
	f := newFixture(t)
	b := newBrowser(t)
	tabs := map[string]*tab{}
	for _, m := range []string{"ru", "eu"} {
		tb := b.tab(f, m)
		tb.signIn(m)
		tabs[m] = tb
	}
	for _, m := range []string{"ru", "eu"} {
		tb := tabs[m]
		for _, p := range pages(f) {
			if !strings.HasSuffix(p, "/table") { // a fragment, not a page
				tb.open(p)
			}
		}
		tb.open("/w/" + f.ws.ID + "/matrix?v=" + f.v1.ID) // stays open, subscribed to events
	}
	for _, m := range []string{"ru", "eu"} {
		tabs[m].waitEvent("ready")
	}
	// Ukraine marks another point privately, with a marker, while the others watch.
	if _, err := f.svc.SetStance(f.ctx("ua"), f.ws.ID, f.v1.ID, f.v1.Points[2].ID, 0,
		&parley.StanceInput{Mark: parley.MarkReject, Comment: markPrivate + " again", Private: true}); err != nil {
		t.Fatal(err)
	}
	// Then the mediator publishes a version with a hidden point, which every member hears
	// of: once that event has arrived, any event of Ukraine's write would have too.
	med := f.ctx("us")
	d, err := f.svc.CreateDraft(med, f.ws.ID, &parley.DraftCreate{Title: "Second draft", Kind: parley.KindPlan, BasedOn: f.v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = f.svc.EditDraft(med, f.ws.ID, d.ID, d.Rev, []parley.PointOp{{Op: "add", Content: parley.PointInput{
		Title: ptr("Another undisclosed term"), Text: ptr(markHidden + " bis"), VisibleTo: &[]string{"us", "ua"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(med, f.ws.ID, d.ID, d.Rev); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"ru", "eu"} {
		tabs[m].waitEvent("change")
		tabs[m].open("/w/" + f.ws.ID + "/v/" + d.ID)
	}
	// The control: Ukraine, entitled to the hidden point, finds its marker the same way.
	ua := b.tab(f, "ua")
	ua.signIn("ua")
	ua.open("/w/" + f.ws.ID + "/v/" + d.ID)
	if all := ua.seen(); !strings.Contains(all, markHidden+" bis") {
		t.Fatal("Ukraine's browser did not record the hidden point it may see: the search proves nothing")
	}
	for _, m := range []string{"ru", "eu"} {
		tb := tabs[m]
		all := tb.seen()
		if !strings.Contains(all, "Ceasefire") {
			t.Fatalf("%s: the recorder saw no page content; the search below would prove nothing", m)
		}
		for _, mark := range []string{markProfile, markRedLine, markHidden, markPrivate} {
			if strings.Contains(all, mark) {
				t.Errorf("%s received or sent %q", m, mark)
			}
		}
		tb.screenshot(fmt.Sprintf("no-leaks-%s", m))
	}
}

// attr returns attribute name of the first element matching sel.
func (tb *tab) attr(sel, name string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil || !a.Exists {
		tb.t.Fatalf("%s: attribute %s of %s: %v (present: %v)", tb.name, name, sel, err, a.Exists)
	}
	return a.Value
}
