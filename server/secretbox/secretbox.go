// Package secretbox encrypts the secrets Roster must be able to read back
// (webhook signing secrets: it signs with them), with AES-256-GCM from the
// standard library, under a key from ROSTER_SECRET_KEY or, when that is
// unset, one generated once and kept in the database. A copy of the
// database without the key (when the key is set apart) reveals none of
// them; each value gets a fresh random nonce.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// Box seals and opens secrets under one key.
type Box struct{ aead cipher.AEAD }

// New returns a box whose key is derived from secret (SHA-256 of it, so
// any string of enough entropy serves: ROSTER_SECRET_KEY should be at
// least 32 random characters).
func New(secret string) (*Box, error) {
	if len(secret) < 32 {
		return nil, errors.New("the secret key must be at least 32 characters")
	}
	key := sha256.Sum256([]byte(secret))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// NewKey returns a fresh random key for New.
func NewKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Seal encrypts plain; label binds the result to what it is for (e.g. the
// webhook's ID), so a sealed value cannot be moved to another row.
func (b *Box) Seal(plain, label string) string {
	nonce := make([]byte, b.aead.NonceSize())
	_, _ = rand.Read(nonce)
	out := b.aead.Seal(nonce, nonce, []byte(plain), []byte(label))
	return base64.RawStdEncoding.EncodeToString(out)
}

// Open decrypts what Seal made with the same label.
func (b *Box) Open(sealed, label string) (string, error) {
	raw, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("secretbox: malformed sealed value")
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(label))
	if err != nil {
		return "", errors.New("secretbox: the value does not open with this key")
	}
	return string(plain), nil
}
