package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var assetRE = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)

// TestAssetBudget fetches every script and stylesheet a page loads, compressed as the
// browser gets them, and checks they add up to less than 200 KB.
func TestAssetBudget(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("us")
	_, body := c.get("/w/" + f.ws.ID)
	urls := assetRE.FindAllStringSubmatch(body, -1)
	if len(urls) < 3 {
		t.Fatalf("found %d assets on the page, want htmx, its sse extension, app.js and app.css", len(urls))
	}
	total := 0
	for _, m := range urls {
		req, _ := http.NewRequest("GET", f.srv.URL+m[1], nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: status %d, encoding %q", m[1], res.StatusCode, res.Header.Get("Content-Encoding"))
		}
		if got := res.Header.Get("Cache-Control"); !strings.Contains(got, "immutable") {
			t.Errorf("%s: Cache-Control %q, want immutable", m[1], got)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || len(plain) == 0 {
			t.Fatalf("%s: bad gzip body: %v", m[1], err)
		}
		t.Logf("%s: %d bytes compressed, %d plain", m[1], len(b), len(plain))
		total += len(b)
	}
	if total >= 200_000 {
		t.Errorf("scripts and styles weigh %d bytes compressed, want < 200000", total)
	}
	t.Logf("total: %d bytes compressed", total)
}

// TestAssetNames checks that assets are served only under their content-hashed names.
func TestAssetNames(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	_, body := c.get("/")
	m := regexp.MustCompile(`href="/assets/(app\.([0-9a-f]{12})\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no hashed stylesheet on the sign-in page:\n%s", body)
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/assets/" + m[1], http.StatusOK},
		{"/assets/app.css", http.StatusNotFound},
		{"/assets/app.000000000000.css", http.StatusNotFound},
	} {
		res, _ := c.get(tc.path)
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.path, res.StatusCode, tc.want)
		}
	}
}

// TestFavicon checks that every page names the icon and that /favicon.ico, which browsers
// ask for by themselves, leads to it.
func TestFavicon(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	_, body := c.get("/")
	m := regexp.MustCompile(`<link rel="icon" href="(/assets/favicon\.[0-9a-f]+\.svg)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the sign-in page names no icon:\n%s", body)
	}
	res, _ := c.get("/favicon.ico")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != m[1] {
		t.Fatalf("/favicon.ico: status %d, location %q, want a redirect to %s", res.StatusCode, res.Header.Get("Location"), m[1])
	}
	res, svg := c.get(m[1])
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg, "<svg") {
		t.Errorf("%s: status %d, type %q", m[1], res.StatusCode, res.Header.Get("Content-Type"))
	}
}
