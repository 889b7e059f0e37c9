package organization

import (
	"strings"
	"testing"
)

func TestSlugFrom(t *testing.T) {
	tests := map[string]string{
		"Acme Inc":                "acme-inc",
		"  Ålesund Café & Co  ":   "alesund-cafe-and-co",
		"Straße 42":               "strasse-42",
		"Łódź Øst":                "lodz-ost",
		"---":                     "",
		"日本":                      "",
		"a--b__c":                 "a-b-c",
		strings.Repeat("x", 100):  strings.Repeat("x", 48),
		strings.Repeat("ab ", 30): strings.TrimRight(strings.Repeat("ab-", 16), "-"),
	}
	for in, want := range tests {
		if got := SlugFrom(in); got != want {
			t.Errorf("SlugFrom(%q) = %q, want %q", in, got, want)
		}
		if got := SlugFrom(in); got != "" && !validSlug(got) && len(got) >= 2 {
			t.Errorf("SlugFrom(%q) = %q is not a valid slug", in, got)
		}
	}
}

func TestWithSuffixStaysAValidSlug(t *testing.T) {
	for _, base := range []string{"ab", "acme", strings.Repeat("a", maxSlugLength), strings.Repeat("ab-", 15) + "abc"} {
		got := withSuffix(base)
		if !validSlug(got) || len(got) > maxSlugLength || len(got) < len("ab-xxxx") {
			t.Errorf("withSuffix(%q) = %q: not a valid slug", base, got)
		}
	}
}
