package wstest

import (
	"context"
	"testing"

	"parley"
	"parley/workspace"
)

// RatifiedText is the text of the point of the version Agreed ratifies.
const RatifiedText = "The buffer zone is 40 km wide."

// Agreed publishes, with svc, a plan version of one point that both parties accept and sign,
// so that it is agreed, and returns it. as returns a member's context.
func Agreed(tb testing.TB, svc *workspace.Service, as func(member string) context.Context, ws string) *parley.Version {
	tb.Helper()
	med := as("med")
	text := RatifiedText
	d, err := svc.CreateDraft(med, ws, &parley.DraftCreate{Title: "Final", Points: []parley.PointInput{{Text: &text, Bindings: map[string]string{"buffer_km": "40"}}}})
	if err != nil {
		tb.Fatal(err)
	}
	v, err := svc.Publish(med, ws, d.ID, d.Rev)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := svc.Propose(med, ws, v.ID, parley.ProposeOptions{ConfirmOpen: true})
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range []string{"east", "west"} {
		if _, err := svc.SetStance(as(p), ws, v.ID, v.Points[0].ID, 0, &parley.StanceInput{Mark: parley.MarkAccept}); err != nil {
			tb.Fatal(err)
		}
		if r, err = svc.Sign(as(p), ws, r.ID, parley.DecisionSign, v.Hash, ""); err != nil {
			tb.Fatal(err)
		}
	}
	if r.State != parley.RatificationAgreed {
		tb.Fatalf("ratification %s, want agreed", r.State)
	}
	return v
}

// RewriteLog is the attack of an intruder who can change the database and runs parley's
// own code: it reads every entry, lets clear empty the audit tables (store-specific SQL),
// edits the entries with edit and appends them again, tree hashes and checkpoints
// recomputed and signed with key: a key of its own when nil (an intruder without the audit
// key), the server's (the operator).
func RewriteLog(tb testing.TB, st workspace.Store, key *workspace.AuditKey, clear func(), edit func(*parley.AuditEntry)) {
	tb.Helper()
	ctx := context.Background()
	var es []*parley.AuditEntry
	if err := st.Read(ctx, func(tx workspace.Tx) error {
		var err error
		es, err = tx.Audit("", 0)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	clear()
	forged := key
	if forged == nil {
		forged = Key(tb)
	}
	err := st.Write(ctx, func(tx workspace.Tx) error {
		for _, e := range es {
			edit(e)
			e.Seq, e.Index, e.Hash = 0, 0, ""
			if err := workspace.AppendEntry(tx, forged, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}
