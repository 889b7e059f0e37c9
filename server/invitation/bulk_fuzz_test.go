package invitation

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rosterhq/roster/server/address"
	"github.com/rosterhq/roster/server/errcode"
)

// FuzzParseBulk checks what the bulk invitation promises about a pasted
// text, whatever it holds: every non-blank line is either to be invited or
// refused, once, under its own line number; the addresses to invite are
// normalized, valid and distinct; a duplicate points at the earlier line of
// the same address; and an oversized or empty text is refused whole, as
// BAD_USER_INPUT.
func FuzzParseBulk(f *testing.F) {
	for _, seed := range []string{
		"ada@example.com",
		"Ada@Example.com\nada@example.com\n\n  bob@example.org  \r\nnot an address\n",
		"\n\n\n",
		"a@b.c\n" + strings.Repeat("x", 400) + "@example.com",
		"Bob <bob@example.com>\nbob@example.com\nbob@example.com\n",
		"ü@example.com\n\xff@example.com\n",
		"x" + strings.Repeat("é", 200) + "\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		valid, rejected, err := parseBulk(text)
		raw := strings.Split(text, "\n")
		var nonBlank []int // line numbers, from 1
		for i, r := range raw {
			if strings.TrimSpace(r) != "" {
				nonBlank = append(nonBlank, i+1)
			}
		}
		if err != nil {
			if e, ok := errcode.As(err); !ok || e.Code != errcode.BadUserInput {
				t.Fatalf("parseBulk refused the text with %v, want BAD_USER_INPUT", err)
			}
			if len(text) <= maxBulkBytes && len(nonBlank) > 0 && len(nonBlank) <= MaxBulkLines {
				t.Fatalf("parseBulk refused %d bytes of %d lines: %v", len(text), len(nonBlank), err)
			}
			return
		}
		if len(text) > maxBulkBytes || len(nonBlank) == 0 || len(nonBlank) > MaxBulkLines {
			t.Fatalf("parseBulk accepted %d bytes of %d lines", len(text), len(nonBlank))
		}

		seen := make(map[int]bool, len(nonBlank))
		number := func(n int) {
			if n < 1 || n > len(raw) {
				t.Fatalf("line number %d is outside 1..%d", n, len(raw))
			}
			if strings.TrimSpace(raw[n-1]) == "" {
				t.Fatalf("line %d is blank and yet reported", n)
			}
			if seen[n] {
				t.Fatalf("line %d is reported twice", n)
			}
			seen[n] = true
		}
		firstOf := make(map[string]int, len(valid))
		for i, l := range valid {
			number(l.number)
			if i > 0 && valid[i-1].number >= l.number {
				t.Fatalf("lines to invite out of order: %d after %d", l.number, valid[i-1].number)
			}
			again, err := address.Normalize("email", l.text)
			if err != nil || again != l.text {
				t.Fatalf("line %d: %q re-normalizes to %q, %v", l.number, l.text, again, err)
			}
			want, _ := address.Normalize("email", raw[l.number-1])
			if l.text != want {
				t.Fatalf("line %d: %q is to be invited as %q, the line normalizes to %q", l.number, raw[l.number-1], l.text, want)
			}
			if _, dup := firstOf[l.text]; dup {
				t.Fatalf("%q is to be invited twice", l.text)
			}
			firstOf[l.text] = l.number
		}
		for _, r := range rejected {
			number(r.Line)
			line := strings.TrimSpace(raw[r.Line-1])
			if len(r.Input) > 300 || !strings.HasPrefix(line, r.Input) || (len(line) <= 300 && r.Input != line) {
				t.Fatalf("line %d: the refusal quotes %q of %q", r.Line, r.Input, line)
			}
			if utf8.ValidString(line) && !utf8.ValidString(r.Input) {
				t.Fatalf("line %d: the refusal cuts a character of %q into invalid UTF-8: %q", r.Line, line, r.Input)
			}
			email, err := address.Normalize("email", line)
			switch r.Code {
			case InvalidEmail:
				if err == nil {
					t.Fatalf("line %d: %q is refused as invalid, yet normalizes to %q", r.Line, line, email)
				}
			case Duplicate:
				first, ok := firstOf[email]
				if err != nil || !ok || first >= r.Line {
					t.Fatalf("line %d: %q is refused as a duplicate of no earlier line (%d, %v)", r.Line, line, first, err)
				}
			default:
				t.Fatalf("line %d: refused before the database with %s", r.Line, r.Code)
			}
		}
		if len(seen) != len(nonBlank) {
			t.Fatalf("%d of %d non-blank lines are reported", len(seen), len(nonBlank))
		}
	})
}
