package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"parley"
	"parley/demo"
	"parley/sqlite"
	"parley/workspace"
)

func TestLoad(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "p.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := workspace.New(db, workspace.Config{AdminToken: "x"})
	admin := parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true})
	res, err := demo.Load(admin, svc)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res.V1.Points), 28; got != want {
		t.Errorf("v1 has %d points, want %d", got, want)
	}
	if got, want := len(res.V2.Points), 22; got != want {
		t.Errorf("v2 has %d points, want %d", got, want)
	}
	if got, want := len(res.Rival.Points), 24; got != want {
		t.Errorf("rival has %d points, want %d", got, want)
	}
	if got, want := len(res.Tokens), 4; got != want {
		t.Errorf("%d tokens, want %d", got, want)
	}
	var ru context.Context
	for _, tk := range res.Tokens {
		if tk.MemberID == "russia" {
			c, _ := svc.Authenticate(context.Background(), tk.Token)
			ru = parley.NewContextWithCaller(context.Background(), c)
		}
	}
	v, err := svc.Version(ru, res.Workspace.ID, res.V2.ID)
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, p := range v.Points {
		if p.Hidden {
			hidden++
		}
	}
	if got, want := hidden, 2; got != want {
		t.Errorf("russia sees %d hidden points, want %d", got, want)
	}
	d, err := svc.Diff(ru, res.Workspace.ID, res.V1.ID, res.V2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Counts[parley.ChangeMerged] != 4 || d.Counts[parley.ChangeDropped] < 3 || d.Counts[parley.ChangeSplit] != 1 {
		t.Errorf("diff counts %v", d.Counts)
	}
}
