package relay_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/rosterhq/roster/server/relay"
)

func gql(t *testing.T, write func(*bytes.Buffer)) string {
	t.Helper()
	var b bytes.Buffer
	write(&b)
	s, err := strconv.Unquote(b.String())
	if err != nil {
		t.Fatalf("%s is not a GraphQL string: %v", b.String(), err)
	}
	return s
}

// Cursors handed out before relay replaced entgql's types still read, and
// the other way round: the encoding is entgql's.
func TestCursorReadsAndWritesEntgqlCursors(t *testing.T) {
	joined := time.Date(2026, 12, 3, 7, 1, 2, 345678000, time.UTC)
	for _, c := range []relay.Cursor[string]{
		{ID: "mem_01JEXAMPLE"},
		{ID: "mem_01JEXAMPLE", Value: joined},
		{ID: "mem_01JEXAMPLE", Value: []any{"ADMIN", "ann@example.com"}},
		{ID: "mem_01JEXAMPLE", Value: int64(3)},
	} {
		ours := gql(t, func(b *bytes.Buffer) { c.MarshalGQL(b) })
		theirs := gql(t, func(b *bytes.Buffer) { entgql.Cursor[string]{ID: c.ID, Value: c.Value}.MarshalGQL(b) })
		if ours != theirs {
			t.Errorf("cursor %+v: relay wrote %q, entgql %q", c, ours, theirs)
		}
		var back relay.Cursor[string]
		if err := back.UnmarshalGQL(theirs); err != nil {
			t.Fatalf("reading entgql's %q: %v", theirs, err)
		}
		var again entgql.Cursor[string]
		if err := again.UnmarshalGQL(ours); err != nil {
			t.Fatalf("entgql reading %q: %v", ours, err)
		}
		if back.ID != c.ID || again.ID != c.ID {
			t.Errorf("cursor %+v read back with IDs %q and %q", c, back.ID, again.ID)
		}
		if (back.Value == nil) != (c.Value == nil) {
			t.Errorf("cursor %+v read back with value %v", c, back.Value)
		}
	}
}

func TestCursorRefusesWhatItDidNotWrite(t *testing.T) {
	for _, v := range []any{42, "not base64!", "aGVsbG8", ""} {
		var c relay.Cursor[string]
		err := c.UnmarshalGQL(v)
		if !errors.Is(err, relay.ErrBadCursor) {
			t.Errorf("cursor %#v was read as %+v (%v), want ErrBadCursor", v, c, err)
		}
	}
}

func TestOrderDirection(t *testing.T) {
	for _, d := range []relay.OrderDirection{relay.OrderDirectionAsc, relay.OrderDirectionDesc} {
		var back relay.OrderDirection
		if err := back.UnmarshalGQL(gql(t, func(b *bytes.Buffer) { d.MarshalGQL(b) })); err != nil || back != d {
			t.Errorf("%s read back as %q (%v)", d, back, err)
		}
		if d.Reverse().Reverse() != d || d.Reverse() == d {
			t.Errorf("%s reversed is %s", d, d.Reverse())
		}
	}
	for _, v := range []any{"asc", "SIDEWAYS", 1} {
		var d relay.OrderDirection
		if err := d.UnmarshalGQL(v); err == nil {
			t.Errorf("%#v was read as the direction %q", v, d)
		}
	}
}

// The rows past a cursor: by the order's field, then the ID for ties; by
// the ID alone for a cursor without a value.
func TestCursorsPredicate(t *testing.T) {
	query := func(preds []func(*sql.Selector)) (string, []any) {
		s := sql.Dialect(dialect.SQLite).Select("*").From(sql.Table("memberships"))
		for _, p := range preds {
			p(s)
		}
		return s.Query()
	}
	after := &relay.Cursor[string]{ID: "m2", Value: "2026-12-03"}
	for _, tc := range []struct {
		dir  relay.OrderDirection
		want string
	}{
		{relay.OrderDirectionAsc, ">"},
		{relay.OrderDirectionDesc, "<"},
	} {
		q, args := query(relay.CursorsPredicate(after, nil, "id", "joined_at", tc.dir))
		want := "(`memberships`.`joined_at`, `memberships`.`id`) " + tc.want + " (?, ?)"
		if !strings.Contains(q, want) || len(args) != 2 || args[0] != "2026-12-03" || args[1] != "m2" {
			t.Errorf("%s: %s %v, want %s", tc.dir, q, args, want)
		}
		q, args = query(relay.CursorsPredicate(nil, &relay.Cursor[string]{ID: "m2"}, "id", "joined_at", tc.dir))
		if want := "`memberships`.`id` " + tc.want + " ?"; !strings.Contains(q, want) || len(args) != 1 {
			t.Errorf("%s without a value: %s %v, want %s", tc.dir, q, args, want)
		}
	}
	if q, _ := query(relay.CursorsPredicate[string](nil, nil, "id", "joined_at", relay.OrderDirectionAsc)); strings.Contains(q, "WHERE") {
		t.Errorf("no cursor: %s", q)
	}
}

func TestErrNodeNotFound(t *testing.T) {
	err := relay.ErrNodeNotFound("mem_1")
	if err.Extensions["code"] != "NOT_FOUND" || !strings.Contains(err.Message, "mem_1") {
		t.Errorf("%+v", err)
	}
}
