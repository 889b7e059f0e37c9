package address

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when refused
	}{
		{"  Ada@Example.COM ", "ada@example.com"},
		{"first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"},
		{strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com"},
		{strings.Repeat("a", 65) + "@example.com", ""},
		{"a@" + strings.Repeat(strings.Repeat("b", 60)+".", 5) + "com", ""}, // 310 characters
		{"", ""},
		{"no-at-sign", ""},
		{"two@@example.com", ""},
		{"a@b@example.com", ""},
		{"Bob <bob@example.com>", ""},
		{"bob@example.com\nbcc@evil.com", ""},
		{"bob @example.com", ""},
		{"bob@localhost", ""},
		{"bob@-example.com", ""},
		{"bob@example..com", ""},
		{"@example.com", ""},
		{"bob@", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Normalize("email", tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("Normalize(%q) = %q, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}
