// Package globalid makes the opaque, prefixed identifiers that every Roster
// object carries ("org_01J…", "mem_01J…"). The prefix names the object's type,
// so node(id) can find the right table without a lookup, and the random part
// makes identifiers impossible to guess or enumerate.
package globalid

import (
	"crypto/rand"
	"strings"

	"github.com/oklog/ulid/v2"
)

// Prefixes of the object types, and the tables they live in.
const (
	User            = "usr"
	Organization    = "org"
	Membership      = "mem"
	Invitation      = "inv"
	Session         = "ses"
	AuditEvent      = "aud"
	OutboxEmail     = "eml"
	Domain          = "dom"
	APIKey          = "key"
	OAuthClient     = "oac"
	OAuthToken      = "oat"
	Webhook         = "whk"
	WebhookDelivery = "whd"
)

var tables = map[string]string{
	User:         "users",
	Organization: "organizations",
	Membership:   "memberships",
	Invitation:   "invitations",
	Domain:       "domains",
}

// New returns a fresh identifier with the given prefix: a ULID (time-ordered,
// so inserts stay local in indexes) with 80 random bits from crypto/rand.
func New(prefix string) string {
	return prefix + "_" + strings.ToLower(ulid.MustNew(ulid.Now(), rand.Reader).String())
}

// Table returns the table of the node type named by id's prefix, and false
// for an identifier that names no node type.
func Table(id string) (string, bool) {
	prefix, _, ok := strings.Cut(id, "_")
	if !ok {
		return "", false
	}
	t, ok := tables[prefix]
	return t, ok
}
