package servertest

import (
	"strings"
	"testing"
)

// TestLeaksFindsSecretsInALog: the check of the logs finds a secret as it
// is and URL-encoded, names it and quotes its line, and finds nothing in a
// log without secrets.
func TestLeaksFindsSecretsInALog(t *testing.T) {
	secrets := map[string]string{
		"tok_abcdefgh12345678": "a verification token",
		"pass word/with+signs": "a password",
	}
	log := strings.Join([]string{
		`level=INFO msg=request path=/graphql status=200`,
		`level=INFO msg="dev mailbox" links=[http://x/verify-email?token=tok_abcdefgh12345678]`,
		`level=WARN msg=odd q=pass+word%2Fwith%2Bsigns`,
	}, "\n")
	got := leaks(log, secrets)
	if len(got) != 2 || !strings.HasPrefix(got[0], "a password: level=WARN") || !strings.HasPrefix(got[1], "a verification token: level=INFO msg=\"dev mailbox\"") {
		t.Fatalf("leaks = %q", got)
	}
	if got := leaks("level=INFO msg=request path=/graphql", secrets); len(got) != 0 {
		t.Fatalf("leaks in a clean log = %q", got)
	}
}

// TestRunRecordsPasswordsInVariables: every string under a key naming a
// password, at any depth, is a secret; other strings are not.
func TestRunRecordsPasswordsInVariables(t *testing.T) {
	r := &run{secrets: map[string]string{}}
	r.addVariables(map[string]any{"in": map[string]any{
		"email": "someone@example.com", "password": "first secret 1",
		"change": []any{map[string]any{"currentPassword": "second secret", "newPassword": "third secret"}},
	}})
	for _, want := range []string{"first secret 1", "second secret", "third secret"} {
		if _, ok := r.secrets[want]; !ok {
			t.Errorf("%q is not recorded: %v", want, r.secrets)
		}
	}
	if _, ok := r.secrets["someone@example.com"]; ok {
		t.Error("an email address is recorded as a secret")
	}
}
