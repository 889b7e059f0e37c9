// Package address checks and normalizes the email addresses people type:
// trimmed, lower-case, and within the limits of RFC 5321.
package address

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/rosterhq/roster/server/errcode"
)

// Limits of RFC 5321 (section 4.5.3.1).
const (
	maxLocal = 64
	maxTotal = 254
)

// Normalize returns raw as a stored address: trimmed and lower-case. It
// refuses display names, line breaks, missing or dotless domains, and
// addresses over the RFC 5321 limits, with a BAD_USER_INPUT error on field.
func Normalize(field, raw string) (string, error) {
	s := lower(raw)
	if s == "" {
		return "", errcode.Invalid(field, "Enter an email address.")
	}
	if reason := problem(raw, s); reason != "" {
		return "", errcode.Invalid(field, "%q is not a valid email address: %s.", truncate(raw, 80), reason)
	}
	return s, nil
}

// Valid reports whether raw, once trimmed, is an address Normalize accepts.
func Valid(raw string) bool {
	return problem(raw, lower(raw)) == ""
}

func lower(raw string) string {
	return strings.ToLower(strings.TrimSpace(raw))
}

// problem says what is wrong with the address raw, s being raw lowered, or
// "" when nothing is.
func problem(raw, s string) string {
	// strings.ToLower turns each invalid byte into U+FFFD, a valid address.
	if !utf8.ValidString(raw) {
		return "it is not valid text (UTF-8)"
	}
	if len(s) > maxTotal {
		return "it is longer than 254 characters"
	}
	if strings.ContainsAny(s, "\r\n\t <>\"(),;:\\[]") {
		return "it contains spaces or characters that addresses cannot have"
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "it needs a name, an @ and a domain"
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > maxLocal {
		return "the part before the @ is longer than 64 characters"
	}
	if strings.Contains(local, "@") {
		return "it has more than one @"
	}
	if !strings.Contains(domain, ".") {
		return "the domain needs a dot, as in example.com"
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "the domain is not valid"
		}
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" {
		return "it is not in the form name@example.com"
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
