package workspace

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"parley"
)

// SealKey is the operator's key that wraps every workspace's sealing key. It is 32 random
// bytes, written in base64 (GenerateSealKey); the server reads it from its data directory
// (seal.key) or the PARLEY_SEAL_KEY environment variable (see package app). Without it, the
// sealed values of blind overlap rounds cannot be read, by the server included.
//
// Each workspace's own key is 32 random bytes drawn when its first value is sealed and
// stored wrapped (AES-256-GCM under the SealKey, bound to the workspace's id). Two keys are
// derived from it with HMAC-SHA256: one encrypts each sealed value (AES-256-GCM, a random
// nonce, bound to the workspace, round and party), the other keys the commitment of each
// sealed value that the audit log shows.
type SealKey struct {
	aead cipher.AEAD
}

// GenerateSealKey returns the text of a new sealing key.
func GenerateSealKey() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// ParseSealKey parses the text of a sealing key (GenerateSealKey).
func ParseSealKey(text string) (*SealKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil || len(b) != 32 {
		return nil, errors.New("a sealing key is 32 bytes in base64 (parley keys seal)")
	}
	a, err := newAEAD(b)
	if err != nil {
		return nil, err
	}
	return &SealKey{aead: a}, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	blk, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(blk)
}

// seal encrypts plain with a random nonce; the result is nonce || ciphertext.
func seal(a cipher.AEAD, plain, aad []byte) ([]byte, error) {
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plain)+a.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return a.Seal(nonce, nonce, plain, aad), nil
}

// open decrypts what seal returned.
func open(a cipher.AEAD, box, aad []byte) ([]byte, error) {
	if len(box) < a.NonceSize() {
		return nil, errors.New("sealed data too short")
	}
	return a.Open(nil, box[:a.NonceSize()], box[a.NonceSize():], aad)
}

// wsKeys are the keys derived from one workspace's sealing key.
type wsKeys struct {
	enc    cipher.AEAD
	commit []byte
}

func derive(wsKey []byte, label string) []byte {
	m := hmac.New(sha256.New, wsKey)
	m.Write([]byte("parley blind " + label))
	return m.Sum(nil)
}

func newWSKeys(wsKey []byte) (*wsKeys, error) {
	a, err := newAEAD(derive(wsKey, "encrypt"))
	if err != nil {
		return nil, err
	}
	return &wsKeys{enc: a, commit: derive(wsKey, "commit")}, nil
}

// workspaceKeys returns workspace ws's keys, making and storing its key when it has none.
func (s *Service) workspaceKeys(tx BlindTx, ws string) (*wsKeys, error) {
	aad := []byte("parley workspace key " + ws)
	wrapped, err := tx.WorkspaceKey(ws)
	if err == nil {
		k, err := open(s.sealKey.aead, wrapped, aad)
		if err != nil {
			return nil, fmt.Errorf("unwrap the sealing key of workspace %s (is this the server's seal key?): %w", ws, err)
		}
		return newWSKeys(k)
	}
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		return nil, err
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if wrapped, err = seal(s.sealKey.aead, k, aad); err != nil {
		return nil, err
	}
	if err := tx.PutWorkspaceKey(ws, wrapped); err != nil {
		return nil, err
	}
	return newWSKeys(k)
}
