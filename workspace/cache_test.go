package workspace_test

import (
	"context"
	"encoding/json"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

// TestVersionFromCacheKeepsAuthorisation reads a published version until it is served
// from the cache, then checks every caller gets what it got from the store: members of
// the workspace the version filtered for them, everyone else nothing.
func TestVersionFromCacheKeepsAuthorisation(t *testing.T) {
	e := wstest.MustOpen(t)
	other := wstest.MustOpen(t) // a second workspace on another store: its members are strangers here
	v := publishPlan(t, e, "", []parley.PointOp{
		add("Open", "for everyone", nil),
		add("Hidden", "only east and the mediator", nil, "east"),
	})
	draft, err := e.Service.CreateDraft(e.As("east"), e.WS.ID, &parley.DraftCreate{Title: "east's rival"})
	if err != nil {
		t.Fatal(err)
	}
	stranger := parley.NewContextWithCaller(context.Background(),
		&parley.Caller{WorkspaceID: other.WS.ID, MemberID: "east", Role: parley.RoleParty})
	tests := []struct {
		name    string
		ctx     context.Context
		version string
		code    string
		hidden  bool // the second point is a placeholder
	}{
		{"east sees the hidden point", e.As("east"), v.ID, "", false},
		{"mediator sees it", e.As("med"), v.ID, "", false},
		{"west does not", e.As("west"), v.ID, "", true},
		{"observer does not", e.As("obs"), v.ID, "", true},
		{"member of another workspace", stranger, v.ID, parley.ENOTFOUND, false},
		{"administrator", e.Admin, v.ID, parley.ENOTFOUND, false},
		{"anonymous", context.Background(), v.ID, parley.EUNAUTHORIZED, false},
		{"author sees its draft", e.As("east"), draft.ID, "", false},
		{"others do not see a draft", e.As("west"), draft.ID, parley.ENOTFOUND, false},
	}
	for round := range 3 { // the first round fills the cache
		for _, tt := range tests {
			got, err := e.Service.Version(tt.ctx, e.WS.ID, tt.version)
			if code(err) != tt.code {
				t.Fatalf("round %d, %s: error %v, want code %q", round, tt.name, err, tt.code)
			}
			// The encoded view is the same answer.
			b, jerr := e.Service.VersionJSON(tt.ctx, e.WS.ID, tt.version)
			if code(jerr) != tt.code {
				t.Fatalf("round %d, %s: VersionJSON error %v, want code %q", round, tt.name, jerr, tt.code)
			}
			if err == nil {
				want, _ := json.Marshal(got)
				if string(b) != string(want)+"\n" {
					t.Errorf("round %d, %s: VersionJSON\n%s\nwant\n%s", round, tt.name, b, want)
				}
			}
			if err != nil || tt.version != v.ID {
				continue
			}
			p := got.Points[1]
			if p.Hidden != tt.hidden || (tt.hidden && (p.Title != "" || p.Text != "")) {
				t.Errorf("round %d, %s: second point %+v, want hidden %v", round, tt.name, p, tt.hidden)
			}
		}
	}
	// What a caller gets is its own: changing it changes nothing for the next caller.
	got, err := e.Service.Version(e.As("west"), e.WS.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Points[0] = &parley.PlanPoint{Title: "changed"}
	if again, _ := e.Service.Version(e.As("west"), e.WS.ID, v.ID); again.Points[0].Title == "changed" {
		t.Error("a caller's change to its version reached the cache")
	}
}

// TestVersionsJSONFollowsWrites: a member's encoded version list is what Versions
// returns, encoded, after every write, whoever makes it (drafts, edits, publication, a
// proposal), though it is encoded once per write; strangers get the errors of Versions.
func TestVersionsJSONFollowsWrites(t *testing.T) {
	e := wstest.MustOpen(t)
	members := []string{"med", "east", "west", "obs"}
	check := func(step string) {
		t.Helper()
		for round := range 2 { // the second round is served as encoded by the first
			for _, m := range members {
				vs, err := e.Service.Versions(e.As(m), e.WS.ID)
				if err != nil {
					t.Fatalf("%s: Versions as %s: %v", step, m, err)
				}
				if vs == nil {
					vs = []*parley.VersionSummary{}
				}
				want, _ := json.Marshal(vs)
				got, err := e.Service.VersionsJSON(e.As(m), e.WS.ID)
				if err != nil || string(got) != string(want)+"\n" {
					t.Fatalf("%s, round %d, as %s: VersionsJSON %s %v\nwant %s", step, round, m, got, err, want)
				}
			}
		}
	}
	check("empty")
	v := publishPlan(t, e, "", []parley.PointOp{add("Open", "for everyone", nil)})
	check("published")
	d, err := e.Service.CreateDraft(e.As("east"), e.WS.ID, &parley.DraftCreate{Title: "east's rival"})
	if err != nil {
		t.Fatal(err)
	}
	check("east's draft")
	if _, err := e.Service.EditDraft(e.As("east"), e.WS.ID, d.ID, d.Rev, []parley.PointOp{add("More", "text", nil)}); err != nil {
		t.Fatal(err)
	}
	check("east's edit")
	publishPlan(t, e, v.ID, []parley.PointOp{add("Second", "another point", nil)})
	check("second version")
	if _, err := e.Service.VersionsJSON(e.Admin, e.WS.ID); code(err) != parley.ENOTFOUND {
		t.Errorf("administrator: %v, want not found", err)
	}
	if _, err := e.Service.VersionsJSON(context.Background(), e.WS.ID); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("anonymous: %v, want unauthorized", err)
	}
}
