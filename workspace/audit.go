package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"parley"
)

// Audit implements parley.AuditService.
func (s *Service) Audit(ctx context.Context, ws string, after int64) ([]*parley.AuditEntry, error) {
	out := []*parley.AuditEntry{}
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		if err := mediatorOnly(c); err != nil {
			return err
		}
		es, err := tx.Audit(ws, after)
		out = append(out, es...)
		return err
	})
	return out, err
}

// VerifyAudit implements parley.AuditService.
func (s *Service) VerifyAudit(ctx context.Context) (*parley.AuditReport, error) {
	c := parley.CallerFromContext(ctx)
	if c == nil {
		return nil, parley.Errorf(parley.EUNAUTHORIZED, "a bearer token is required")
	}
	if !c.Admin {
		return nil, parley.Errorf(parley.EFORBIDDEN, "only the administrator verifies the whole log")
	}
	return Verify(ctx, s.store, s.key)
}

// Verify checks the store's audit logs and its data against them, with the audit key the
// server signs and keys them with: the entries follow one another; each workspace's
// Merkle tree, rebuilt from its entries, matches its stored tree hashes and its latest
// checkpoint, whose signature must be the key's (so a log edited, cut short or rebuilt
// without the key is found); and every record the logs name is stored exactly as its last
// entry hashed it, and every record of a workspace whose whole log is known is named.
func Verify(ctx context.Context, st Store, key *AuditKey) (*parley.AuditReport, error) {
	var rep *parley.AuditReport
	err := st.Read(ctx, func(tx Tx) error {
		var err error
		rep, err = verify(tx, key)
		return err
	})
	return rep, err
}

func verify(tx Tx, key *AuditKey) (*parley.AuditReport, error) {
	es, err := tx.Audit("", 0)
	if err != nil {
		return nil, err
	}
	seq, headHash, err := tx.AuditHead()
	if err != nil {
		return nil, err
	}
	rep := &parley.AuditReport{Entries: int64(len(es)), OK: true}
	bad := func(f *finding) (*parley.AuditReport, error) {
		rep.OK, rep.Problem, rep.Workspace = false, f.problem, f.ws
		if f.e != nil {
			rep.BadSeq = f.e.Seq
		}
		return rep, nil
	}
	byWS := map[string][]*parley.AuditEntry{}
	var order []string
	for i, e := range es {
		if e.Seq != int64(i+1) {
			return bad(found(e, e.WorkspaceID, "entry %d is missing", i+1))
		}
		if byWS[e.WorkspaceID] == nil {
			order = append(order, e.WorkspaceID)
		}
		byWS[e.WorkspaceID] = append(byWS[e.WorkspaceID], e)
	}
	if int64(len(es)) != seq || (len(es) > 0 && es[len(es)-1].Hash != headHash) {
		return bad(found(nil, "", "the log does not end at its recorded head (entries removed from the end)"))
	}
	for _, ws := range order {
		latest, f, err := verifyLog(tx, key, ws, byWS[ws])
		if err == nil && f == nil {
			f, err = verifyRecords(tx, key, ws, byWS[ws], latest)
		}
		if err == nil && f == nil {
			f, err = verifySummaries(tx, ws)
		}
		if err != nil {
			return nil, err
		}
		if f != nil {
			return bad(f)
		}
	}
	return rep, nil
}

// finding is what verification found wrong: in entry e (nil when none), of workspace ws.
type finding struct {
	e       *parley.AuditEntry
	ws      string
	problem string
}

func found(e *parley.AuditEntry, ws, format string, args ...any) *finding {
	return &finding{e: e, ws: ws, problem: fmt.Sprintf(format, args...)}
}

// verifyLog checks workspace ws's entries wes: each unedited, the Merkle tree rebuilt from
// them equal to the stored one and to the tree its checkpoint, signed by key, states. It
// returns the hash of each record as its last entry recorded it.
func verifyLog(tx Tx, key *AuditKey, ws string, wes []*parley.AuditEntry) (map[string]string, *finding, error) {
	var stored []tlog.Hash
	mem := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for k, i := range idx {
			out[k] = stored[i]
		}
		return out, nil
	})
	latest := map[string]string{}
	for i, e := range wes {
		if e.Index != int64(i) {
			return nil, found(e, ws, "entry %d of workspace %s is missing", i, ws), nil
		}
		data := e.LeafData()
		if hashHex(tlog.RecordHash(data)) != e.Hash {
			return nil, found(e, ws, "entry %d was edited", e.Seq), nil
		}
		hs, err := tlog.StoredHashes(int64(i), data, mem)
		if err != nil {
			return nil, nil, err
		}
		stored = append(stored, hs...)
		for _, r := range e.Records {
			latest[r.Record] = r.Hash
		}
	}
	n := int64(len(wes))
	root, err := tlog.TreeHash(n, mem)
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int64, len(stored))
	for i := range idx {
		idx[i] = int64(i)
	}
	got, err := tx.AuditHashes(ws, idx)
	if err != nil && parley.ErrorCode(err) != parley.ENOTFOUND {
		return nil, nil, err
	}
	for i := range got {
		if string(got[i]) != string(stored[i][:]) {
			got = nil
			break
		}
	}
	if got == nil {
		return nil, found(nil, ws, "the stored Merkle tree of workspace %s is not the tree of its entries", ws), nil
	}
	msg, err := tx.AuditCheckpoint(ws)
	if err != nil {
		return nil, nil, err
	}
	nt, err := note.Open([]byte(msg), note.VerifierList(key.verifier))
	if err != nil {
		return nil, found(nil, ws, "the checkpoint of workspace %s is not signed by the audit key (%v): the log was rewritten", ws, err), nil
	}
	size, h, err := parseCheckpoint(ws, nt.Text)
	if err != nil || size != n || h != root {
		return nil, found(wes[len(wes)-1], ws, "workspace %s's log of %d entries is not the one its signed checkpoint states (%d entries): entries were removed, added or edited", ws, n, size), nil
	}
	return latest, nil, nil
}

// verifyRecords checks the stored records of workspace ws against latest, the hashes its
// log wes recorded last: each named record stored as hashed, and, when the whole log is
// known, no record that it does not name.
func verifyRecords(tx Tx, key *AuditKey, ws string, wes []*parley.AuditEntry, latest map[string]string) (*finding, error) {
	names, err := storedRecords(tx, ws, wes[0].Action == "workspace.create")
	if err != nil {
		return nil, err
	}
	for name := range latest {
		if _, ok := names[name]; !ok {
			names[name] = unread
		}
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		want, logged := latest[name]
		data := names[name]
		if data == nil {
			return found(nil, ws, "record %s of workspace %s is stored twice", name, ws), nil
		}
		if string(data) == string(unread) {
			if data, err = readRecord(tx, ws, name); err != nil {
				if parley.ErrorCode(err) == parley.ENOTFOUND {
					return found(nil, ws, "record %s of workspace %s was deleted", name, ws), nil
				}
				return nil, err
			}
		}
		if !logged {
			return found(nil, ws, "record %s of workspace %s is not in its audit log (added behind the server's back)", name, ws), nil
		}
		if key.recordHash(name, data) != want {
			return found(nil, ws, "record %s of workspace %s is not what its last audit entry recorded: it was changed", name, ws), nil
		}
	}
	return nil, nil
}

// verifySummaries checks that the version summaries the stores keep apart, for lists, are
// the summaries of the versions (whose records the log covers): a title, status, number or
// hash changed in a summary alone would show in every list.
func verifySummaries(tx Tx, ws string) (*finding, error) {
	vs, err := tx.Versions(ws)
	if err != nil {
		return nil, err
	}
	sums, err := tx.VersionSummaries(ws)
	if err != nil {
		return nil, err
	}
	want := map[string][]byte{}
	for _, v := range vs {
		want[v.ID], _ = json.Marshal(v.Summary())
	}
	for _, sum := range sums {
		got, _ := json.Marshal(sum)
		if w, ok := want[sum.ID]; !ok || string(w) != string(got) {
			return found(nil, ws, "the summary of version %s of workspace %s is not the summary of the stored version: it was changed", sum.ID, ws), nil
		}
		delete(want, sum.ID)
	}
	if len(want) > 0 {
		return found(nil, ws, "workspace %s has versions without a summary", ws), nil
	}
	return nil, nil
}

// unread marks a record to read by its name.
var unread = []byte("\x00unread")

// storedRecords lists the stored records of workspace ws, encoded as their record hashes
// cover them (nil for a record stored twice), when all tells that its whole log is known
// (it starts with its creation); otherwise it returns an empty map.
func storedRecords(tx Tx, ws string, all bool) (map[string][]byte, error) {
	out := map[string][]byte{}
	if !all {
		return out, nil
	}
	enc := func(name string, v any) {
		b, _ := json.Marshal(v)
		if _, ok := out[name]; ok {
			b = nil // stored twice: no encoding matches a record hash
		}
		out[name] = b
	}
	w, err := tx.Workspace(ws)
	if err != nil {
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			return out, nil // reported as deleted
		}
		return nil, err
	}
	enc("workspace/"+ws, w)
	for _, m := range w.Members {
		ts, err := tx.MemberTokens(ws, m.ID)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			enc("token/"+t.ID, tokenRecord(t))
		}
		if p, err := tx.Profile(ws, m.ID); err == nil {
			enc("profile/"+m.ID, p)
		} else if parley.ErrorCode(err) != parley.ENOTFOUND {
			return nil, err
		}
	}
	vs, err := tx.Versions(ws)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		enc("version/"+v.ID, v)
		ss, err := tx.Stances(ws, v.ID)
		if err != nil {
			return nil, err
		}
		for _, st := range ss {
			enc(stanceRecord(st), st)
		}
	}
	ss, err := tx.Sessions(ws)
	if err != nil {
		return nil, err
	}
	for _, se := range ss {
		enc("session/"+se.ID, se)
	}
	rs, err := tx.Ratifications(ws)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		enc("ratification/"+r.ID, r)
	}
	if err := storedBlind(tx, ws, enc); err != nil {
		return nil, err
	}
	return out, nil
}

// readRecord reads one record named as in an audit entry, encoded as its hash covers it.
func readRecord(tx Tx, ws, name string) ([]byte, error) {
	kind, key, _ := strings.Cut(name, "/")
	var v any
	var err error
	switch kind {
	case "workspace":
		v, err = tx.Workspace(key)
	case "token":
		var t *parley.Token
		if t, err = tx.Token(key); err == nil {
			v = tokenRecord(t)
		}
	case "version":
		v, err = tx.Version(ws, key)
	case "stance":
		parts := strings.SplitN(key, "/", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("bad stance record %q", name)
		}
		v, err = tx.Stance(ws, parts[0], parts[1], parts[2])
	case "profile":
		v, err = tx.Profile(ws, key)
	case "session":
		v, err = tx.Session(ws, key)
	case "ratification":
		v, err = tx.Ratification(ws, key)
	case "blind":
		v, err = readBlind(tx, ws, key)
	default:
		return nil, fmt.Errorf("unknown record %q", name)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
