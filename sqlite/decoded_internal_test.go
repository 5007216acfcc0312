package sqlite

import (
	"context"
	"reflect"
	"testing"
	"time"

	"parley"
	"parley/workspace"
)

func fullWorkspace() *parley.Workspace {
	return &parley.Workspace{ID: "ws", Name: "n", Description: "d", Rev: 1, CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Issues: []*parley.Issue{{ID: "a", Name: "A", Kind: parley.KindOptions, Options: []string{"x", "y"}, Ordered: true},
			{ID: "b", Kind: parley.KindInteger, Min: 1, Max: 9, Step: 1, Unit: "km"}},
		Members:  []*parley.Member{{ID: "m", Name: "M", Role: parley.RoleMediator}, {ID: "p", Role: parley.RoleParty}},
		Settings: parley.Settings{StanceVisibility: parley.StancesShared}}
}

// shared reports a slice element or pointee that a and b share, walking every field, so
// that a field added to the workspace types later and not copied is caught.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		return shared(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := range a.Len() {
			if p := shared(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Map:
		if !a.IsNil() {
			return path + " (a map: cloneWorkspace does not copy maps)"
		}
	case reflect.Struct:
		if a.Type() == reflect.TypeFor[time.Time]() {
			return ""
		}
		for i := range a.NumField() {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

func TestCloneWorkspaceIsDeep(t *testing.T) {
	w := fullWorkspace()
	c := cloneWorkspace(w)
	if !reflect.DeepEqual(c, w) {
		t.Fatalf("clone %+v differs from %+v", c, w)
	}
	if p := shared(reflect.ValueOf(w), reflect.ValueOf(c), "Workspace"); p != "" {
		t.Errorf("clone shares %s with the original", p)
	}
}

func TestDecodedWorkspaceFollowsTheStore(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	w := fullWorkspace()
	if err := db.Write(ctx, func(tx workspace.Tx) error { return tx.PutWorkspace(w, 0) }); err != nil {
		t.Fatal(err)
	}
	read := func() *parley.Workspace {
		t.Helper()
		var got *parley.Workspace
		if err := db.Read(ctx, func(tx workspace.Tx) error {
			var err error
			got, err = tx.Workspace("ws")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	// Changing what a read returned changes neither the store nor the next read.
	for range 3 {
		got := read()
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("read %+v, want %+v", got, w)
		}
		got.Name = "changed"
		got.Members[0].Role = parley.RoleObserver
		got.Members = append(got.Members, &parley.Member{ID: "x"})
		got.Issues[0].Options[0] = "changed"
	}
	// A write is seen at once, by reads and by later writes.
	w2 := fullWorkspace()
	w2.Rev, w2.Name, w2.Members = 2, "renamed", w2.Members[:1]
	if err := db.Write(ctx, func(tx workspace.Tx) error { return tx.PutWorkspace(w2, 1) }); err != nil {
		t.Fatal(err)
	}
	if got := read(); !reflect.DeepEqual(got, w2) {
		t.Errorf("after the write, read %+v, want %+v", got, w2)
	}
	if err := db.Write(ctx, func(tx workspace.Tx) error {
		got, err := tx.Workspace("ws")
		if err == nil && !reflect.DeepEqual(got, w2) {
			t.Errorf("a later write read %+v, want %+v", got, w2)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
