package workspace

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"parley"
)

// The audit log: one append-only Merkle tree per workspace (golang.org/x/mod/sumdb/tlog),
// whose leaves are the entries' LeafData, with a checkpoint of its size and root hash signed
// by the server's audit key (golang.org/x/mod/sumdb/note) after every write. Each entry
// carries a hash, keyed by the audit key, of every record its write stored, so the stored
// data is checked against the log, not only the log against itself. The rules live here;
// the stores only append what they are given.

// AuditKey is the server's audit key: it signs the checkpoints and keys the record hashes.
// It is kept outside the database (DIR/audit.key, or $PARLEY_AUDIT_KEY), so that whoever
// can change the database cannot sign a checkpoint of a changed log.
type AuditKey struct {
	signer   note.Signer
	verifier note.Verifier
	vkey     string
	mac      []byte
}

// auditKeyName names the key in its signatures.
const auditKeyName = "parley-audit"

// GenerateAuditKey returns the text of a new audit key: the note signer key and, on the
// second line, its verifier key.
func GenerateAuditKey() (string, error) {
	skey, vkey, err := note.GenerateKey(rand.Reader, auditKeyName)
	if err != nil {
		return "", err
	}
	return skey + "\n" + vkey + "\n", nil
}

// ParseAuditKey reads the text made by GenerateAuditKey.
func ParseAuditKey(text string) (*AuditKey, error) {
	lines := strings.Fields(text)
	if len(lines) != 2 {
		return nil, errors.New("an audit key is two lines: the signer key and the verifier key")
	}
	s, err := note.NewSigner(lines[0])
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	v, err := note.NewVerifier(lines[1])
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if s.KeyHash() != v.KeyHash() || s.Name() != v.Name() {
		return nil, errors.New("audit key: the verifier key is not the signer key's")
	}
	mac := sha256.Sum256([]byte("parley audit record key\x00" + lines[0]))
	return &AuditKey{signer: s, verifier: v, vkey: lines[1], mac: mac[:]}, nil
}

// Verifier returns the note verifier key, which members use to check checkpoints.
func (k *AuditKey) Verifier() string { return k.vkey }

// recordHash is the keyed hash of one stored record.
func (k *AuditKey) recordHash(name string, data []byte) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(name))
	m.Write([]byte{0})
	m.Write(data)
	return hex.EncodeToString(m.Sum(nil))
}

// checkpointText is the signed text of a checkpoint of ws's log.
func checkpointText(ws string, n int64, h tlog.Hash) string {
	return fmt.Sprintf("parley audit log %s\n%d\n%s\n", ws, n, h)
}

// parseCheckpoint returns the size and tree hash a checkpoint text states for ws.
func parseCheckpoint(ws, text string) (int64, tlog.Hash, error) {
	lines := strings.Split(text, "\n")
	if len(lines) != 4 || lines[0] != "parley audit log "+ws || lines[3] != "" {
		return 0, tlog.Hash{}, errors.New("not a checkpoint of this workspace's log")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 {
		return 0, tlog.Hash{}, errors.New("bad checkpoint size")
	}
	h, err := tlog.ParseHash(lines[2])
	if err != nil {
		return 0, tlog.Hash{}, errors.New("bad checkpoint hash")
	}
	return n, h, nil
}

// unsignedText returns the text of a signed note without checking its signature (the
// service reads back the checkpoints it signed itself).
func unsignedText(msg string) string {
	text, _, _ := strings.Cut(msg, "\n\n")
	return text + "\n"
}

// logSize returns the size of ws's log from its stored checkpoint.
func logSize(tx Tx, ws string) (int64, error) {
	msg, err := tx.AuditCheckpoint(ws)
	if err != nil || msg == "" {
		return 0, err
	}
	n, _, err := parseCheckpoint(ws, unsignedText(msg))
	return n, err
}

// hashReader reads ws's stored tree hashes, and those of a leaf being appended.
type hashReader struct {
	tx      Tx
	ws      string
	first   int64
	pending []tlog.Hash
}

func (r *hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	var stored []int64
	for _, i := range indexes {
		if i < r.first || i >= r.first+int64(len(r.pending)) {
			stored = append(stored, i)
		}
	}
	var got [][]byte
	if len(stored) > 0 {
		var err error
		if got, err = r.tx.AuditHashes(r.ws, stored); err != nil {
			return nil, err
		}
	}
	for k, i := range indexes {
		if i >= r.first && i < r.first+int64(len(r.pending)) {
			out[k] = r.pending[i-r.first]
			continue
		}
		if len(got[0]) != tlog.HashSize {
			return nil, fmt.Errorf("audit tree hash %d has %d bytes", i, len(got[0]))
		}
		copy(out[k][:], got[0])
		got = got[1:]
	}
	return out, nil
}

// auditTx records the records a write stores and the entry it asks for, so that the entry,
// appended when the write's function returns, carries the hash of every record.
type auditTx struct {
	Tx
	key     *AuditKey
	records []parley.RecordHash
	entries []*parley.AuditEntry
	seq     int64 // the event id of the appended entry: its index + 1
}

func (t *auditTx) note(name string, v any) {
	t.records = append(t.records, t.key.Record(name, v))
}

// Record returns the record hash of v stored as name ("workspace/ID", "version/ID", ...), as
// the service puts it in an audit entry; for tools and the stores' tests that write behind
// the service.
func (k *AuditKey) Record(name string, v any) parley.RecordHash {
	b, _ := json.Marshal(v)
	return parley.RecordHash{Record: name, Hash: k.recordHash(name, b)}
}

func (t *auditTx) PutWorkspace(w *parley.Workspace, prevRev int64) error {
	err := t.Tx.PutWorkspace(w, prevRev)
	if err == nil {
		t.note("workspace/"+w.ID, w)
	}
	return err
}

func (t *auditTx) PutToken(tk *parley.Token) error {
	err := t.Tx.PutToken(tk)
	if err == nil {
		t.note("token/"+tk.ID, tokenRecord(tk))
	}
	return err
}

func (t *auditTx) PutVersion(v *parley.Version, prevRev int64) error {
	err := t.Tx.PutVersion(v, prevRev)
	if err == nil {
		t.note("version/"+v.ID, v)
	}
	return err
}

func (t *auditTx) PutStance(ws string, s *parley.Stance, prevRev int64) error {
	err := t.Tx.PutStance(ws, s, prevRev)
	if err == nil {
		t.note(stanceRecord(s), s)
	}
	return err
}

func (t *auditTx) PutProfile(ws string, p *parley.PartyProfile, prevRev int64) error {
	err := t.Tx.PutProfile(ws, p, prevRev)
	if err == nil {
		t.note("profile/"+p.Party, p)
	}
	return err
}

func (t *auditTx) PutSession(ws string, s *parley.Session, prevRev int64) error {
	err := t.Tx.PutSession(ws, s, prevRev)
	if err == nil {
		t.note("session/"+s.ID, s)
	}
	return err
}

func (t *auditTx) PutRatification(ws string, r *parley.Ratification, prevRev int64) error {
	err := t.Tx.PutRatification(ws, r, prevRev)
	if err == nil {
		t.note("ratification/"+r.ID, r)
	}
	return err
}

func stanceRecord(s *parley.Stance) string {
	return "stance/" + s.Version + "/" + s.Point + "/" + s.Party
}

// tokenRecord is the stored form of a token, secret hash included, as its record hash
// covers it.
func tokenRecord(t *parley.Token) any {
	var revoked string
	if t.RevokedAt != nil {
		revoked = t.RevokedAt.UTC().Format(time.RFC3339Nano)
	}
	return []string{t.ID, t.WorkspaceID, t.MemberID, hex.EncodeToString(t.Hash), t.CreatedAt.UTC().Format(time.RFC3339Nano), revoked}
}

// appendEntries appends the entries a write asked for, carrying the records it stored.
func (s *Service) appendEntries(t *auditTx) error {
	if len(t.entries) == 0 {
		if len(t.records) > 0 {
			return errors.New("a write stored records without an audit entry")
		}
		return nil
	}
	t.entries[len(t.entries)-1].Records = t.records
	for _, e := range t.entries {
		if err := appendEntry(t.Tx, s.key, e); err != nil {
			return err
		}
		t.seq = e.Index + 1
	}
	return nil
}

// AppendEntry appends e to its workspace's log in tx, signed with key, as every write of the
// service does. It is for the stores' tests and for tools; e's Seq, Index and Hash are set.
func AppendEntry(tx Tx, key *AuditKey, e *parley.AuditEntry) error { return appendEntry(tx, key, e) }

// appendEntry computes e's place in the global order and in its workspace's tree, the tree
// hashes its leaf adds and the new signed checkpoint, and hands them to the store.
func appendEntry(tx Tx, key *AuditKey, e *parley.AuditEntry) error {
	head, _, err := tx.AuditHead()
	if err != nil {
		return err
	}
	n, err := logSize(tx, e.WorkspaceID)
	if err != nil {
		return fmt.Errorf("audit log of %s: %w", e.WorkspaceID, err)
	}
	e.Seq, e.Index = head+1, n
	data := e.LeafData()
	e.Hash = hashHex(tlog.RecordHash(data))
	r := &hashReader{tx: tx, ws: e.WorkspaceID, first: tlog.StoredHashIndex(0, n)}
	hs, err := tlog.StoredHashes(n, data, r)
	if err != nil {
		return fmt.Errorf("audit log of %s: %w", e.WorkspaceID, err)
	}
	r.pending = hs
	root, err := tlog.TreeHash(n+1, r)
	if err != nil {
		return fmt.Errorf("audit log of %s: %w", e.WorkspaceID, err)
	}
	msg, err := note.Sign(&note.Note{Text: checkpointText(e.WorkspaceID, n+1, root)}, key.signer)
	if err != nil {
		return err
	}
	raw := make([][]byte, len(hs))
	for k := range hs {
		raw[k] = hs[k][:]
	}
	return tx.AppendAudit(e, r.first, raw, string(msg))
}

// Checkpoint implements parley.AuditService.
func (s *Service) Checkpoint(ctx context.Context, ws string, since int64) (*parley.Checkpoint, error) {
	var cp *parley.Checkpoint
	err := s.store.Read(ctx, func(tx Tx) error {
		if _, _, err := member(ctx, tx, ws); err != nil {
			return err
		}
		msg, err := tx.AuditCheckpoint(ws)
		if err != nil {
			return err
		}
		n, _, err := parseCheckpoint(ws, unsignedText(msg))
		if err != nil {
			return err
		}
		cp = &parley.Checkpoint{Note: msg, Verifier: s.key.vkey, Size: n}
		if since < 0 || since > n {
			return parley.FieldErrorf("since", "since must be between 0 and the log's size %d", n)
		}
		if since > 0 && since < n {
			p, err := tlog.ProveTree(n, since, &hashReader{tx: tx, ws: ws})
			if err != nil {
				return err
			}
			cp.Since = since
			for _, h := range p {
				cp.Proof = append(cp.Proof, h.String())
			}
		}
		return nil
	})
	return cp, err
}

// CheckCheckpoint checks a new checkpoint of ws's log against the last one a member kept
// (nil the first time): its signature by the verifier key the member trusts (verifier;
// "" the first time, when the checkpoint's own is taken and should be compared out of band),
// and that the old log is a prefix of the new one. It returns the checkpoint to keep.
func CheckCheckpoint(ws, verifier string, last, next *parley.Checkpoint) error {
	if verifier == "" {
		verifier = next.Verifier
	}
	v, err := note.NewVerifier(verifier)
	if err != nil {
		return fmt.Errorf("audit verifier key: %w", err)
	}
	n, err := note.Open([]byte(next.Note), note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("the checkpoint of %s is not signed by the audit key: %w", ws, err)
	}
	size, h, err := parseCheckpoint(ws, n.Text)
	if err != nil {
		return err
	}
	if size != next.Size {
		return errors.New("the checkpoint's size is not the size it states")
	}
	if last == nil {
		return nil
	}
	ln, err := note.Open([]byte(last.Note), note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("the kept checkpoint of %s: %w", ws, err)
	}
	lsize, lh, err := parseCheckpoint(ws, ln.Text)
	if err != nil {
		return err
	}
	switch {
	case size < lsize:
		return fmt.Errorf("the log of %s shrank from %d to %d entries: history was rewritten", ws, lsize, size)
	case size == lsize:
		if h != lh {
			return fmt.Errorf("the log of %s has %d entries as before but another tree hash: history was rewritten", ws, size)
		}
		return nil
	}
	if next.Since != lsize {
		return fmt.Errorf("the checkpoint of %s comes without a proof from size %d", ws, lsize)
	}
	var p tlog.TreeProof
	for _, s := range next.Proof {
		ph, err := tlog.ParseHash(s)
		if err != nil {
			return fmt.Errorf("bad proof hash: %w", err)
		}
		p = append(p, ph)
	}
	if err := tlog.CheckTree(p, size, h, lsize, lh); err != nil {
		return fmt.Errorf("the log of %s of %d entries does not extend the one of %d you saw: history was rewritten (%v)", ws, size, lsize, err)
	}
	return nil
}

// hashHex returns h in hex (the form of AuditEntry.Hash).
func hashHex(h tlog.Hash) string { return hex.EncodeToString(h[:]) }

// AuditKey returns the key the service signs and keys its audit logs with.
func (s *Service) AuditKey() *AuditKey { return s.key }
