package parley

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// ChainHash returns the hash of e chained to prev: the SHA-256, in hex, of prev and every
// field of e but Hash. Every storage backend uses it, so chains verify alike.
func (e *AuditEntry) ChainHash(prev string) string {
	var b strings.Builder
	for _, s := range []string{prev, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano),
		e.WorkspaceID, e.Actor, e.Action, e.Target} {
		b.WriteString(strconv.Quote(s))
		b.WriteByte('\n')
	}
	h := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(h[:])
}

// VerifyChain checks entries, which must be the whole log in order, against the stored
// head (the last entry's seq and hash). It reports the first entry edited, removed or out
// of order.
func VerifyChain(entries []*AuditEntry, headSeq int64, headHash string) *AuditReport {
	r := &AuditReport{Entries: int64(len(entries)), OK: true}
	prev := ""
	for i, e := range entries {
		if e.Seq != int64(i+1) {
			return &AuditReport{Entries: r.Entries, Problem: "entry " + strconv.Itoa(i+1) + " is missing", BadSeq: int64(i + 1)}
		}
		if e.PrevHash != prev || e.ChainHash(prev) != e.Hash {
			return &AuditReport{Entries: r.Entries, Problem: "entry " + strconv.FormatInt(e.Seq, 10) + " was edited", BadSeq: e.Seq}
		}
		prev = e.Hash
	}
	if int64(len(entries)) != headSeq || prev != headHash {
		return &AuditReport{Entries: r.Entries, Problem: "the log does not end at its recorded head (entries removed from the end)", BadSeq: int64(len(entries)) + 1}
	}
	return r
}
