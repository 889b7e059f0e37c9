package globalid

import (
	"slices"
	"strings"
	"testing"

	"github.com/oklog/ulid/v2"
)

// FuzzTable checks the decoding of a global ID that a client sends in, such
// as node(id): an ID names a table only through one of the known prefixes,
// followed by an underscore; anything else names none (node then answers
// NOT_FOUND), and never a table that is not a node type's.
func FuzzTable(f *testing.F) {
	for _, seed := range []string{
		New(Organization), New(User), New(Membership), New(Invitation), New(Session),
		"org_", "org", "_org", "org__x", "ORG_01j", "usr_01J-drop table", "", "\xff_\x00", "aud_x", "eml_x",
	} {
		f.Add(seed)
	}
	nodeTables := make([]string, 0, len(tables))
	for _, t := range tables {
		nodeTables = append(nodeTables, t)
	}
	f.Fuzz(func(t *testing.T, id string) {
		table, ok := Table(id)
		prefix, _, hasSep := strings.Cut(id, "_")
		want, known := tables[prefix]
		switch {
		case !ok:
			if table != "" {
				t.Fatalf("Table(%q) = %q, false", id, table)
			}
			if hasSep && known {
				t.Fatalf("Table(%q) names no table, and its prefix %q is %s's", id, prefix, want)
			}
		case !hasSep || !known || table != want:
			t.Fatalf("Table(%q) = %q, its prefix is %q", id, table, prefix)
		case !slices.Contains(nodeTables, table):
			t.Fatalf("Table(%q) = %q, not a node table", id, table)
		}
	})
}

// FuzzNew checks that decode(encode(x)) == x for every prefix: the table of
// New(prefix) is the prefix's, and its random part is a lower-case ULID.
func FuzzNew(f *testing.F) {
	for _, p := range []string{User, Organization, Membership, Invitation, Session, AuditEvent, OutboxEmail, "x", ""} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, prefix string) {
		// A prefix has no underscore: an input with some checks it without.
		prefix = strings.ReplaceAll(prefix, "_", "")
		id := New(prefix)
		gotPrefix, rest, ok := strings.Cut(id, "_")
		if !ok || gotPrefix != prefix {
			t.Fatalf("New(%q) = %q", prefix, id)
		}
		if u, err := ulid.ParseStrict(rest); err != nil || strings.ToLower(u.String()) != rest {
			t.Fatalf("New(%q) = %q: %q is not a lower-case ULID (%v)", prefix, id, rest, err)
		}
		table, ok := Table(id)
		if want, known := tables[prefix]; ok != known || table != want {
			t.Fatalf("Table(New(%q)) = %q, %v; want %q, %v", prefix, table, ok, want, known)
		}
	})
}
