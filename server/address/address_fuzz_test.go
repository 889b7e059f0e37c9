package address

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzNormalize checks what the rest of Roster relies on about a stored
// address, whatever a person types: Normalize is idempotent (a stored
// address normalizes to itself, so lookups by address find it), agrees with
// Valid, and gives an address within the RFC 5321 limits, lower-case, with one
// @, a dotted domain, and nothing that could break a mail header (no spaces,
// line breaks or control characters).
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		"  Ada@Example.COM ",
		"first.last+tag@sub.example.co.uk",
		strings.Repeat("a", 64) + "@example.com",
		"Bob <bob@example.com>",
		"bob@example.com\nbcc@evil.com",
		"a@b@example.com",
		"bob@localhost",
		"ü@exämple.com",
		"\u0130@example.com", // İ lower-cases to two code points
		"bob@example.com\u2028",
		"\xff@example.com",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := Normalize("email", raw)
		if valid := Valid(raw); valid != (err == nil) {
			t.Fatalf("Valid(%q) = %v, Normalize: %q, %v", raw, valid, got, err)
		}
		if err != nil {
			if got != "" {
				t.Fatalf("Normalize(%q) refused with %v, and yet returned %q", raw, err, got)
			}
			return
		}
		again, err := Normalize("email", got)
		if err != nil || again != got {
			t.Fatalf("Normalize is not idempotent: %q -> %q -> %q, %v", raw, got, again, err)
		}
		if strings.ToLower(got) != got {
			t.Fatalf("Normalize(%q) = %q, not lower-case", raw, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q, not UTF-8", raw, got)
		}
		if len(got) > maxTotal {
			t.Fatalf("Normalize(%q) = %q, %d bytes", raw, got, len(got))
		}
		local, domain, ok := strings.Cut(got, "@")
		if !ok || local == "" || len(local) > maxLocal || strings.Contains(domain, "@") || !strings.Contains(domain, ".") {
			t.Fatalf("Normalize(%q) = %q, not name@domain.tld", raw, got)
		}
		for _, r := range got {
			if unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar {
				t.Fatalf("Normalize(%q) = %q, which holds %U", raw, got, r)
			}
		}
	})
}
