package openapitest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"parley/httpapi/openapitest"
)

// TestTransportFindsDrift serves answers that differ from the document and checks that each
// difference is reported with its route and field.
func TestTransportFindsDrift(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/healthz":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"status":"fine"}`)
		case "/api/me":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"admin":false,"role":"judge"}`)
		case "/api/workspaces/w1/events":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, ": connected\n\nid: 3\nevent: stance\ndata: {\"seq\":3,\"type\":\"stance\",\"workspace\":\"w1\"}\n\n")
		case "/api/nowhere":
			w.WriteHeader(404)
			fmt.Fprint(w, "not found")
		}
	}))
	defer srv.Close()
	tr, err := openapitest.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: tr}
	for _, path := range []string{"/healthz", "/api/me", "/api/workspaces/w1/events", "/api/nowhere"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	got := strings.Join(tr.Failures(), "\n")
	for _, want := range []string{
		"operation GET /healthz",
		"$.status",
		"operation GET /api/me",
		"$.role",
		`operation GET /api/workspaces/{ws}/events`,
		`event "stance": the data is not an Event`,
		"/api/nowhere -> 404",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the failures do not mention %q:\n%s", want, got)
		}
	}
	if n, events := tr.Checked(); n != 3 || events != 0 {
		t.Errorf("checked %d responses and %d events, want 3 and 0", n, events)
	}
	if un := tr.Unchecked(); len(un) == 0 {
		t.Error("no operation left unchecked")
	}
}

// TestTransportPassesTruth lets answers that match the document through without failure.
func TestTransportPassesTruth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok"}`)
	}))
	defer srv.Close()
	tr, err := openapitest.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: tr}).Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if fs := tr.Failures(); len(fs) > 0 {
		t.Error(fs)
	}
}
