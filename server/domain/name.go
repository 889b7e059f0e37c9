package domain

import (
	_ "embed"
	"net/netip"
	"strings"
	"sync"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/rosterhq/roster/server/errcode"
)

// profile converts a name as typed to its ASCII form: mapped as a lookup
// maps it (lower case, full-width forms folded), each label checked
// (hyphens, joiners, the bidi rule) and the whole within DNS's lengths.
// Punycode input ("xn--…") is decoded and checked too, so a name and its
// punycode form come out the same.
var profile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.ValidateLabels(true),
	idna.VerifyDNSLength(true),
	idna.StrictDomainName(true),
)

// display shows an ASCII name in Unicode, for people.
var display = idna.New(idna.MapForLookup(), idna.Transitional(false))

// Canonical returns host as Roster stores and compares domains: trimmed,
// without a trailing dot, lower case and ASCII (punycode). It checks only
// that host is a well-formed name; Normalize also refuses what may not be
// claimed.
func Canonical(host string) (string, bool) {
	host = strings.TrimSuffix(strings.TrimSpace(host), ".")
	if host == "" || strings.ContainsAny(host, " \t\r\n/@:") {
		return "", false
	}
	ascii, err := profile.ToASCII(host)
	if err != nil || ascii == "" {
		return "", false
	}
	return ascii, true
}

// Display returns the Unicode form of a stored domain (itself when it has
// none).
func Display(ascii string) string {
	u, err := display.ToUnicode(ascii)
	if err != nil {
		return ascii
	}
	return u
}

// Normalize returns the domain an organization may add, as stored: see
// Canonical. Malformed names, IP addresses, bare TLDs and other public
// suffixes (co.uk, github.io: golang.org/x/net/publicsuffix) and public
// mail providers (providers.txt), and their subdomains, are BAD_USER_INPUT
// on field.
func Normalize(field, input string) (string, error) {
	raw := strings.TrimSuffix(strings.TrimSpace(input), ".")
	if raw == "" {
		return "", errcode.Invalid(field, "Enter a domain, such as example.com.")
	}
	if _, err := netip.ParseAddr(strings.Trim(raw, "[]")); err == nil {
		return "", errcode.Invalid(field, "Enter a domain name, not an IP address.")
	}
	if strings.Contains(raw, "@") {
		return "", errcode.Invalid(field, "Enter only the domain, the part after @ (example.com).")
	}
	if strings.Contains(raw, "://") || strings.Contains(raw, "/") {
		return "", errcode.Invalid(field, "Enter only the domain (example.com), without https:// or a path.")
	}
	name, ok := Canonical(raw)
	if !ok {
		return "", errcode.Invalid(field, "%q is not a valid domain name.", input)
	}
	if !strings.Contains(name, ".") {
		return "", errcode.Invalid(field, "%s is a top-level domain; enter your organization's domain, such as example.%s.", name, name)
	}
	labels := strings.Split(name, ".")
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return "", errcode.Invalid(field, "%q is not a valid domain name.", input)
	}
	registered, err := publicsuffix.EffectiveTLDPlusOne(name)
	if err != nil {
		return "", errcode.Invalid(field, "%s is a public suffix that anyone can register names under; enter your organization's own domain.", name)
	}
	if IsPublicMailProvider(name) || IsPublicMailProvider(registered) {
		return "", errcode.Invalid(field, "%s is a public email provider: anyone can have an address there, so it cannot be verified for an organization.", name)
	}
	return name, nil
}

//go:embed providers.txt
var providersText string

var providers = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 15000)
	for line := range strings.Lines(providersText) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = true
	}
	return set
})

// IsPublicMailProvider reports whether name (canonical) is on the list of
// public mail providers.
func IsPublicMailProvider(name string) bool { return providers()[name] }

// EmailDomain returns the canonical domain of an email address, and false
// when it has none.
func EmailDomain(email string) (string, bool) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return "", false
	}
	return Canonical(email[at+1:])
}
