package graph_test

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"

	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/relay"
)

// encodeCursor is the after/before string a client gets for c (endCursor).
func encodeCursor(t *testing.T, c ent.Cursor) string {
	t.Helper()
	var b bytes.Buffer
	c.MarshalGQL(&b)
	s, err := strconv.Unquote(b.String())
	if err != nil {
		t.Fatalf("cursor %+v marshals to %s, not a JSON string: %v", c, b.String(), err)
	}
	return s
}

// FuzzCursorRoundTrip checks decode(encode(c)) == c for the cursors the
// connections hand out: an ID, and the value of the order field, a time
// (JOINED_AT, CREATED_AT), or none. entgql leaves out a zero value
// (msgpack's omitempty), which the order fields never hold.
func FuzzCursorRoundTrip(f *testing.F) {
	f.Add("mem_01jdzx3d3m3z6j8f1q2w3e4r5t", int64(1764633600), int64(123456789), true)
	f.Add("inv_01jdzx3d3m3z6j8f1q2w3e4r5t", int64(0), int64(0), false)
	f.Add("\xff\x00\"", int64(-62135596800), int64(1), true)
	f.Add("mem_zero", int64(-62135596800), int64(0), true) // the zero time: checked as no value
	f.Fuzz(func(t *testing.T, id string, sec, nsec int64, ordered bool) {
		want := ent.Cursor{ID: id}
		at := time.Unix(sec, nsec)
		// An order field is never the zero time: that input checks the
		// cursor without a value instead.
		if ordered && !at.IsZero() {
			want.Value = at
		}
		s := encodeCursor(t, want)
		var got ent.Cursor
		if err := got.UnmarshalGQL(s); err != nil {
			t.Fatalf("decode(encode(%+v)) = %v", want, err)
		}
		if got.ID != want.ID {
			t.Fatalf("decode(encode(%+v)) has the ID %q", want, got.ID)
		}
		if want.Value == nil {
			if got.Value != nil {
				t.Fatalf("decode(encode(%+v)) has the value %#v", want, got.Value)
			}
			return
		}
		if gotAt, ok := got.Value.(time.Time); !ok || !gotAt.Equal(at) {
			t.Fatalf("decode(encode(%+v)) has the value %#v, want %v", want, got.Value, at)
		}
	})
}

// FuzzCursorDecode feeds after/before whatever a client may send: decoding
// gives a cursor or an error, never a panic; the error is the one the error
// presenter maps to BAD_USER_INPUT (relay.ErrBadCursor, see
// server/web.isInputError), not INTERNAL; and a cursor that decodes encodes
// and decodes again to itself.
func FuzzCursorDecode(f *testing.F) {
	for _, seed := range []string{
		"not a cursor!", "aGVsbG8gd29ybGQ=", "", "gaFpo2FiYw", "gqFpo2FiY6F2o3h5eg",
		"3wAAAAE", "kQ", "xAD/////", "3f////8", // msgpack headers claiming huge lengths
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var c ent.Cursor
		if err := c.UnmarshalGQL(s); err != nil {
			if !errors.Is(err, relay.ErrBadCursor) {
				t.Fatalf("decoding %q fails with %q, which the API would answer as INTERNAL", s, err)
			}
			return
		}
		if c.Value != nil && omitted(reflect.ValueOf(c.Value)) {
			c.Value = nil // entgql's encoding leaves empty values out (omitempty)
		}
		var again ent.Cursor
		if err := again.UnmarshalGQL(encodeCursor(t, c)); err != nil {
			t.Fatalf("%q decodes to %+v, which does not decode once encoded: %v", s, c, err)
		}
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("%q decodes to %+v, and once encoded to %+v", s, c, again)
		}
	})
}

// omitted reports whether msgpack's omitempty leaves v out: a zero value,
// or an empty map, slice or string.
func omitted(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	}
	return v.IsZero()
}
