package organization

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

const maxSlugLength = 48

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// letters that do not decompose into a base letter and marks.
var transliterations = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "Æ", "ae", "ø", "o", "Ø", "o", "œ", "oe", "Œ", "oe",
	"ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ð", "d", "þ", "th", "Þ", "th", "ı", "i",
	"&", " and ",
)

// SlugFrom derives a slug from a name: transliterated to ASCII, lower-case,
// words joined by hyphens. It returns "" when nothing of the name is left.
func SlugFrom(name string) string {
	s := transliterations.Replace(name)
	s, _, _ = transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= maxSlugLength {
			break
		}
	}
	return strings.Trim(b.String()[:min(b.Len(), maxSlugLength)], "-")
}

// validSlug reports whether s may be chosen as a slug.
func validSlug(s string) bool {
	return len(s) >= 2 && len(s) <= maxSlugLength && slugPattern.MatchString(s)
}
