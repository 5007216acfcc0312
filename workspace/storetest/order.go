package storetest

import (
	"slices"
	"testing"

	"parley"
	"parley/workspace"
)

// testOrder checks the orders the service relies on: versions and ratifications as
// created, sessions by date, stances by point then party, in byte order of their ids.
func testOrder(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	write(t, st, func(tx workspace.Tx) error {
		for _, id := range []string{"v3", "v1", "v2"} {
			if err := tx.PutVersion(&parley.Version{Workspace: ws, ID: id, Rev: 1}, 0); err != nil {
				return err
			}
			if err := tx.PutRatification(ws, &parley.Ratification{ID: "r" + id, Rev: 1}, 0); err != nil {
				return err
			}
		}
		for i, id := range []string{"late", "early", "middle"} {
			s := &parley.Session{ID: id, Rev: 1, Date: at.AddDate([]int{2, 0, 1}[i], 0, 0)}
			if err := tx.PutSession(ws, s, 0); err != nil {
				return err
			}
		}
		// Byte order puts "B" before "a"; a locale's order would not.
		for _, k := range [][2]string{{"b", "west"}, {"a", "west"}, {"b", "east"}, {"a", "East"}, {"B", "east"}} {
			if err := tx.PutStance(ws, &parley.Stance{Version: "v1", Point: k[0], Party: k[1], Rev: 1}, 0); err != nil {
				return err
			}
		}
		return nil
	})
	read(t, st, func(tx workspace.Tx) error {
		var got []string
		vs, err := tx.Versions(ws)
		for _, v := range vs {
			got = append(got, v.ID)
		}
		rs, err2 := tx.Ratifications(ws)
		for _, r := range rs {
			got = append(got, r.ID)
		}
		ss, err3 := tx.Sessions(ws)
		for _, s := range ss {
			got = append(got, s.ID)
		}
		sts, err4 := tx.Stances(ws, "v1")
		for _, s := range sts {
			got = append(got, s.Point+"/"+s.Party)
		}
		sums, err5 := tx.VersionSummaries(ws)
		for _, s := range sums {
			got = append(got, "sum "+s.ID)
		}
		want := []string{"v3", "v1", "v2", "rv3", "rv1", "rv2", "early", "middle", "late",
			"B/east", "a/East", "a/west", "b/east", "b/west", "sum v3", "sum v1", "sum v2"}
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		for _, err := range []error{err, err2, err3, err4, err5} {
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// testVersionSummaries: the list, read without decoding the versions, says what the
// versions say, after an update too.
func testVersionSummaries(t *testing.T, st workspace.Store) {
	putWorkspace(t, st)
	pub := at.Add(1)
	vs := []*parley.Version{
		{ID: "v1", Workspace: ws, Kind: parley.KindPlan, Status: parley.StatusPublished, Number: 1, Title: "One", Author: "med",
			Points: []*parley.PlanPoint{{ID: "p1", Number: 1}, {ID: "p2", Number: 2}}, Rev: 1, Hash: "h1", CreatedAt: at, PublishedAt: &pub},
		{ID: "v2", Workspace: ws, Kind: parley.KindPlan, Title: "Draft", Author: "med", Rev: 1, CreatedAt: at},
	}
	write(t, st, func(tx workspace.Tx) error {
		for _, v := range vs {
			if err := tx.PutVersion(v, 0); err != nil {
				return err
			}
		}
		vs[1].Rev, vs[1].Title = 2, "Draft, reworded"
		return tx.PutVersion(vs[1], 1)
	})
	read(t, st, func(tx workspace.Tx) error {
		list, err := tx.VersionSummaries(ws)
		if err != nil {
			return err
		}
		if len(list) != len(vs) {
			t.Fatalf("%d summaries, want %d", len(list), len(vs))
		}
		for i, v := range vs {
			same(t, "summary of "+v.ID, list[i], v.Summary())
		}
		return nil
	})
}
