package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/sync/semaphore"
)

// Passwords are hashed with argon2id at OWASP's recommended minimum
// (19 MiB, 2 passes, 1 lane) and stored in the PHC string format, so the
// parameters can be raised later without breaking stored hashes.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// hashing bounds the hashes running at once to the CPUs Go may use: each
// takes 19 MiB and a core, so more at once would only queue for the CPU
// while holding their memory (a burst of sign-ins could otherwise take
// hundreds of MiB). It is one per process, as the memory and CPUs are.
// Waiters give up when their request does.
var hashing = semaphore.NewWeighted(int64(max(1, runtime.GOMAXPROCS(0))))

// hashPassword returns the PHC string of a new hash of password.
func hashPassword(ctx context.Context, password string) (string, error) {
	if err := hashing.Acquire(ctx, 1); err != nil {
		return "", err
	}
	defer hashing.Release(1)
	return argonHash(password), nil
}

func argonHash(password string) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// checkPassword reports whether password matches a hash of hashPassword.
// The error is only ctx's, when the request ends while it waits its turn.
func checkPassword(ctx context.Context, hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	var (
		version          int
		memory, timeCost uint32
		threads          uint8
	)
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &timeCost, &threads); err != nil {
		return false, nil
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, nil
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, nil
	}
	if err := hashing.Acquire(ctx, 1); err != nil {
		return false, err
	}
	defer hashing.Release(1)
	got := argon2.IDKey([]byte(password), salt, timeCost, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when the email is unknown, so that signIn
// takes the same time whether or not an account exists. It is written
// out, not hashed at start-up (that took 57 ms and 19 MiB before the
// server could start); TestDummyHashHasTheCurrentParameters keeps it made
// with the parameters above, as the hashes it stands in for are.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$laOljGxTF9/jtuS3fnKXOw$2oGgZth2nQmmvkJ3WuWJN+tKq69sUv/y9Ck44R4Rqyc"
