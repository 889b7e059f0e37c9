package domain_test

import (
	"strings"
	"testing"

	"github.com/rosterhq/roster/server/domain"
	"github.com/rosterhq/roster/server/errcode"
)

// TestNormalizeNamesOneDomain: upper case, spaces, a trailing dot, the
// Unicode form and its punycode form all come out as one stored name.
func TestNormalizeNamesOneDomain(t *testing.T) {
	groups := map[string][]string{
		"corp.example.com":       {"corp.example.com", "  Corp.Example.COM  ", "corp.example.com.", "CORP.EXAMPLE.COM.\t", "ｃｏｒｐ.example.com"},
		"xn--bcher-kva.example":  {"bücher.example", "BÜCHER.example", "xn--bcher-kva.example", "XN--BCHER-KVA.EXAMPLE.", " bücher.example. "},
		"xn--mnchen-3ya.de":      {"münchen.de", "MÜNCHEN.DE", "xn--mnchen-3ya.de"},
		"eng.corp.example.co.uk": {"eng.corp.example.co.uk", "Eng.Corp.Example.Co.UK."},
	}
	for want, inputs := range groups {
		for _, in := range inputs {
			got, err := domain.Normalize("domain", in)
			if err != nil || got != want {
				t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	}
	if got := domain.Display("xn--bcher-kva.example"); got != "bücher.example" {
		t.Errorf("Display = %q", got)
	}
}

// TestNormalizeRefuses what no organization may claim, each as
// BAD_USER_INPUT on the field.
func TestNormalizeRefuses(t *testing.T) {
	for _, in := range []string{
		"", "   ", ".", "com", "COM.", "co.uk", "github.io", "example", // bare TLDs, public suffixes
		"127.0.0.1", "10.0.0.1", "::1", "[2001:db8::1]", "1.2.3.4.", // IP addresses
		"gmail.com", "GMAIL.COM.", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "protonmail.com", "hotmail.com",
		"mail.gmail.com", // a subdomain of a provider
		"a..example.com", "-corp.example.com", "corp-.example.com", "corp_x.example.com", "corp example.com",
		"user@corp.example.com", "https://corp.example.com", "corp.example.com/path", "corp.example.com:443",
		"example.123", string(make([]byte, 300)) + ".com",
		"xn--.example", "xn--a.example", // broken punycode
	} {
		got, err := domain.Normalize("domain", in)
		if err == nil {
			t.Errorf("Normalize(%q) = %q, want BAD_USER_INPUT", in, got)
			continue
		}
		if e, ok := errcode.As(err); !ok || e.Code != errcode.BadUserInput || e.Field != "domain" {
			t.Errorf("Normalize(%q): %v, want BAD_USER_INPUT on domain", in, err)
		}
	}
}

// TestEmailDomainMatchesOnlyTheWholeDomain: an email's domain is compared
// whole; look-alikes are other names.
func TestEmailDomainMatchesOnlyTheWholeDomain(t *testing.T) {
	for email, want := range map[string]string{
		"ann@corp.example.com":           "corp.example.com",
		"ann@CORP.example.com":           "corp.example.com",
		"ann@corp.example.com.evil.test": "corp.example.com.evil.test",
		"ann@evilcorp.example.com":       "evilcorp.example.com",
		"ann@sub.corp.example.com":       "sub.corp.example.com",
		"ann@bücher.example":             "xn--bcher-kva.example",
		"weird@local@corp.example.com":   "corp.example.com",
	} {
		got, ok := domain.EmailDomain(email)
		if !ok || got != want {
			t.Errorf("EmailDomain(%q) = %q, %v; want %q", email, got, ok, want)
		}
	}
	// A homograph (Cyrillic а in "exаmple") is another name in ASCII.
	if got, ok := domain.EmailDomain("eve@corp.ex\u0430mple.com"); !ok || got == "corp.example.com" || !strings.Contains(got, "xn--") {
		t.Errorf("homograph: EmailDomain = %q, %v; want a punycode name other than corp.example.com", got, ok)
	}
	if _, ok := domain.EmailDomain("no-at-sign"); ok {
		t.Error("an address without @ has a domain")
	}
}
