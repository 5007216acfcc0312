package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/httpapi"
	"parley/httpapi/client"
)

func TestDecodeStrict(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"UnknownTop", `{"rev":1,"opz":[]}`, "opz"},
		{"UnknownNested", `{"rev":1,"ops":[{"op":"add","content":{"titel":"x"}}]}`, "ops[0].content.titel"},
		{"UnknownDeep", `{"rev":1,"ops":[{"op":"carry"},{"op":"carry","ref":{"version":"v","pointt":"p"}}]}`, "ops[1].ref.pointt"},
		{"WrongType", `{"rev":"one","ops":[]}`, "rev"},
		{"WrongNestedType", `{"rev":1,"ops":[{"op":"add","at":"first"}]}`, "ops[0].at"},
		{"ArrayNotObject", `{"rev":1,"ops":{"op":"add"}}`, "ops"},
		{"BadPoints", `{"rev":1,"ops":[{"op":"add","parts":[{"bindings":{"nato":3}}]}]}`, "ops[0].parts[0].bindings.nato"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dst httpapi.DraftEdit
			err := httpapi.Decode([]byte(tt.body), &dst)
			e, ok := err.(*parley.Error)
			if !ok || e.Code != parley.EINVALID {
				t.Fatalf("got %v, want an invalid error", err)
			}
			if got, want := e.Field, tt.field; got != want {
				t.Errorf("field %q, want %q (%v)", got, want, err)
			}
		})
	}
	for _, body := range []string{``, `{`, `{"rev":1}{"rev":2}`, `[1,2]`, `nul`} {
		var dst httpapi.DraftEdit
		if err := httpapi.Decode([]byte(body), &dst); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("%q: got %v, want invalid", body, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"rev":1,"ops":[{"op":"add","content":{"title":"x","bindings":{"nato":"join"}}}]}`, `{"x":1}`, `[`, `{"rev":1e400}`, `{"ops":[{"parts":[{"visible_to":["a"]}]}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var dst httpapi.DraftEdit
		err := httpapi.Decode(data, &dst)
		if err != nil && parley.ErrorCode(err) != parley.EINVALID {
			t.Fatalf("error of code %q: %v", parley.ErrorCode(err), err)
		}
		var ws parley.WorkspaceCreate
		if err := httpapi.Decode(data, &ws); err != nil && parley.ErrorCode(err) != parley.EINVALID {
			t.Fatalf("error of code %q: %v", parley.ErrorCode(err), err)
		}
	})
}

func TestProblems(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	url := m.URL + "/api/workspaces/" + f.ws + "/versions/" + f.draft.ID
	t.Run("UnknownFieldPath", func(t *testing.T) {
		status, b := do(t, "PATCH", url, f.tokens["med"], `{"rev":1,"ops":[{"op":"add","content":{"titel":"x"}}]}`)
		p := decodeProblem(t, b)
		errs, _ := p["errors"].([]any)
		if status != 400 || len(errs) != 1 || errs[0].(map[string]any)["field"] != "ops[0].content.titel" || p["type"] != "urn:parley:problem:invalid" {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("ValidationFieldPath", func(t *testing.T) {
		status, b := do(t, "PATCH", url, f.tokens["med"], `{"rev":1,"ops":[{"op":"add","content":{"title":"x","bindings":{"nato":"maybe"}}}]}`)
		p := decodeProblem(t, b)
		errs, _ := p["errors"].([]any)
		if status != 400 || len(errs) != 1 || errs[0].(map[string]any)["field"] != "ops[0].content.bindings.nato" {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("BodyTooLarge", func(t *testing.T) {
		big := `{"rev":1,"ops":[{"op":"add","content":{"text":"` + strings.Repeat("x", httpapi.MaxBody) + `"}}]}`
		status, b := do(t, "PATCH", url, f.tokens["med"], big)
		if status != 413 {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("NoInternals", func(t *testing.T) {
		for _, body := range []string{`{"rev":1,"ops":[{"op":"drop table"}]}`, `{"rev":99999999999999999999}`, "\x00\xff"} {
			_, b := do(t, "PATCH", url, f.tokens["med"], body)
			for _, bad := range []string{"sqlite", "SQL", "goroutine", ".go:", "panic"} {
				if strings.Contains(string(b), bad) {
					t.Errorf("%q answer mentions %q: %s", body, bad, b)
				}
			}
		}
	})
	t.Run("UnknownRoute", func(t *testing.T) {
		status, b := do(t, "GET", m.URL+"/api/nothing", f.tokens["med"], "")
		if status != 404 || decodeProblem(t, b)["code"] != parley.ENOTFOUND {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("Authorization", func(t *testing.T) {
		tests := []struct {
			header string
			want   int
		}{
			{"", 401},
			{"Bearer " + f.tokens["east"], 200},
			{"bearer " + f.tokens["east"], 200},
			{"Basic " + f.tokens["east"], 401},
			{f.tokens["east"], 401},
			{"Bearer " + f.tokens["east"] + "x", 401},
		}
		for _, tt := range tests {
			req, _ := http.NewRequest("GET", m.URL+"/api/me", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%.20q: status %d, want %d", tt.header, resp.StatusCode, tt.want)
			}
			if tt.want == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%.20q: no WWW-Authenticate header", tt.header)
			}
		}
	})
}

// TestClientWorkflow runs the whole process through the Go client: draft, publish, stance
// seen live by the mediator over server-sent events, diff, ratification.
func TestClientWorkflow(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	med := client.New(m.URL, f.tokens["med"])
	east := client.New(m.URL, f.tokens["east"])
	west := client.New(m.URL, f.tokens["west"])
	evs, stop, err := med.Subscribe(ctx, f.ws)
	if err != nil {
		t.Fatal(err)
	}
	// Subscribe returns once the server has answered, which it does after subscribing:
	// the events of the writes below reach the stream.
	defer stop()
	v2, err := med.Publish(ctx, f.ws, f.draft.ID, f.draft.Rev)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := east.SetStance(ctx, f.ws, v2.ID, v2.Points[1].ID, 0, &parley.StanceInput{Mark: parley.MarkReject}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for !seen["stance"] {
		select {
		case e := <-evs:
			seen[e.Type] = true
			if e.Type == "stance" && (e.Member != "east" || e.Point != v2.Points[1].ID) {
				t.Errorf("stance event %+v", e)
			}
		case <-ctx.Done():
			t.Fatalf("no stance event; saw %v", seen)
		}
	}
	mx, err := med.Matrix(ctx, f.ws, v2.ID)
	if err != nil || mx.Cells[1][0] == nil || mx.Cells[1][0].Mark != parley.MarkReject {
		t.Fatalf("matrix %+v, %v", mx, err)
	}
	d, err := west.Diff(ctx, f.ws, f.published.ID, v2.ID)
	if err != nil || d.Counts[parley.ChangeKept] != 2 {
		t.Errorf("diff %+v, %v", d, err)
	}
	r, err := med.Propose(ctx, f.ws, v2.ID, parley.ProposeOptions{ConfirmOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := east.Sign(ctx, f.ws, r.ID, parley.DecisionSign, v2.Hash, ""); err != nil {
		t.Fatal(err)
	}
	if r, err = west.Sign(ctx, f.ws, r.ID, parley.DecisionSign, v2.Hash, ""); err != nil || r.State != parley.RatificationAgreed {
		t.Fatalf("ratification %+v, %v", r, err)
	}
	if _, err := west.Sign(ctx, f.ws, r.ID, parley.DecisionSign, v2.Hash, ""); parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("signing a closed ratification: %v", err)
	}
	rep, err := client.New(m.URL, f.tokens["admin"]).VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Errorf("audit %+v, %v", rep, err)
	}
}
