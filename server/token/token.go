// Package token makes the secrets carried in links and cookies: 256 random
// bits from crypto/rand, shown once, and stored only as a SHA-256 hash so
// that a copy of the database opens no account and no invitation.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// New returns a fresh token and its hash.
func New() (plain, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+).
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, Hash(plain)
}

// Hash returns the stored form of a token.
func Hash(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
