package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"parley"
)

// profileForm is Ukraine's profile as the editor sends it, with nato weighted w.
func profileForm(w string, redLines string) url.Values {
	return url.Values{
		"rev": {"1"}, "reservation": {"0.3"}, "w.nato": {w}, "w.buffer_km": {"0.4"},
		"o.nato.0": {"1"}, "o.nato.1": {"0.5"}, "o.nato.2": {"0"},
		"px.buffer_km.0": {"0"}, "py.buffer_km.0": {"1"}, "px.buffer_km.1": {"60"}, "py.buffer_km.1": {"0"},
		"px.buffer_km.2": {""}, "py.buffer_km.2": {""},
		"red_lines": {redLines},
	}
}

var previewRE = regexp.MustCompile(`id="preview-utility"><span class="value-big" data-value>([0-9.]+)<`)

func TestProfilePreview(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	c.signIn("ua")
	csrf := c.csrf()
	path := "/w/" + f.ws.ID + "/profile/preview"
	value := func(form url.Values) string {
		t.Helper()
		res, body := c.post(path, form, csrf)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
		m := previewRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no value in the preview:\n%s", body)
		}
		return m[1]
	}
	// Version 1 binds nato=moratorium (0.5) and buffer_km=40 (1/3).
	if got, want := value(profileForm("0.6", "")), "0.43"; got != want {
		t.Errorf("value with nato weighted 0.6: %s, want %s", got, want)
	}
	if got, want := value(profileForm("0.2", "")), "0.23"; got != want {
		t.Errorf("value with nato weighted 0.2: %s, want %s", got, want)
	}
	t.Run("ErrRedLine", func(t *testing.T) {
		res, body := c.post(path, profileForm("0.6", "buffer_km <= 70x"), csrf)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "red_lines[0]") {
			t.Fatalf("status %d, want the red line's error\n%s", res.StatusCode, body)
		}
	})
	t.Run("CrossedRedLine", func(t *testing.T) {
		_, body := c.post(path, profileForm("0.6", "buffer_km <= 30"), csrf)
		if !strings.Contains(body, "Crosses your red lines: buffer_km &lt;= 30") {
			t.Fatalf("preview does not say the red line is crossed:\n%s", body)
		}
	})
	t.Run("ErrWeights", func(t *testing.T) {
		_, body := c.post(path, profileForm("0.9", ""), csrf)
		if !strings.Contains(body, "add up to") {
			t.Fatalf("preview does not reject weights above 1:\n%s", body)
		}
	})
	t.Run("Save", func(t *testing.T) {
		res, body := c.post("/w/"+f.ws.ID+"/profile", profileForm("0.2", "buffer_km <= 50"), csrf)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
		pp, err := f.svc.Profile(f.ctx("ua"), f.ws.ID, "ua")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := pp.Profile.Issues["nato"].Weight, 0.2; got != want {
			t.Errorf("saved nato weight %v, want %v", got, want)
		}
		if got := pp.Profile.RedLines; len(got) != 1 || got[0] != "buffer_km <= 50" {
			t.Errorf("saved red lines %q", got)
		}
	})
	t.Run("ErrNotAParty", func(t *testing.T) {
		eu := f.client(t)
		eu.signIn("eu")
		res, _ := eu.post(path, profileForm("0.6", ""), eu.csrf())
		if got, want := res.StatusCode, http.StatusForbidden; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
	})
}

// TestProfileSaveKeepsTerms checks that saving the editor, which shows no non-additive terms,
// keeps the rectangles and discount factor of the stored profile (a GENIUS profile has them).
func TestProfileSaveKeepsTerms(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx("ua")
	pp, err := f.svc.Profile(ctx, f.ws.ID, "ua")
	if err != nil {
		t.Fatal(err)
	}
	pp.Profile.Discount = 0.9
	pp.Profile.Rectangles = []parley.RectangleSpec{{Utility: 0.25, Bounds: map[string]parley.BoundSpec{"buffer_km": {Min: 10, Max: 20}}}}
	if pp, err = f.svc.PutProfile(ctx, f.ws.ID, "ua", pp.Rev, pp); err != nil {
		t.Fatal(err)
	}
	c := f.client(t)
	c.signIn("ua")
	form := profileForm("0.5", "")
	form.Set("rev", strconv.FormatInt(pp.Rev, 10))
	res, body := c.post("/w/"+f.ws.ID+"/profile", form, c.csrf())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", res.StatusCode, body)
	}
	got, err := f.svc.Profile(ctx, f.ws.ID, "ua")
	if err != nil {
		t.Fatal(err)
	}
	if got.Profile.Issues["nato"].Weight != 0.5 {
		t.Errorf("the editor's weight was not saved: %+v", got.Profile.Issues["nato"])
	}
	if got.Profile.Discount != 0.9 || len(got.Profile.Rectangles) != 1 || got.Profile.Rectangles[0].Utility != 0.25 {
		t.Errorf("saving the editor dropped the stored terms: discount %v, rectangles %+v", got.Profile.Discount, got.Profile.Rectangles)
	}
}
