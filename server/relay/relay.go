// Package relay holds the Relay connection types of the contract's paged
// lists (Cursor, PageInfo, OrderDirection) for the code that runs: ent's
// generated pagination, gqlgen's generated marshalling and the hand-written
// pages. entgql writes that generated code against its own root package,
// entgo.io/contrib/entgql, which also holds entgql's code generator and so
// brought entc, go/types, golang.org/x/tools and their package-level state
// into the server: about 3 MB of heap made at start-up and 4 MB of the
// binary's pages touched by their initialisation, for code that only runs
// under `go generate`. ent/entc.go rewrites the generated code to this
// package instead; entgql stays the generator.
//
// The types keep entgql's behaviour and its cursors' encoding (MessagePack
// of {i: id, v: value}, then unpadded base64), so a cursor handed out by an
// earlier build still reads.
package relay

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vmihailenco/msgpack/v5"
)

// OrderDirection is the contract's OrderDirection: ASC or DESC.
type OrderDirection string

const (
	OrderDirectionAsc  OrderDirection = "ASC"
	OrderDirectionDesc OrderDirection = "DESC"
)

// Validate tells whether o is ASC or DESC.
func (o OrderDirection) Validate() error {
	if o != OrderDirectionAsc && o != OrderDirectionDesc {
		return fmt.Errorf("%s is not a valid OrderDirection", o)
	}
	return nil
}

func (o OrderDirection) String() string { return string(o) }

// OrderTermOption is o as an option of ent's order terms.
func (o OrderDirection) OrderTermOption() sql.OrderTermOption {
	if o == OrderDirectionAsc {
		return sql.OrderAsc()
	}
	return sql.OrderDesc()
}

// Reverse is the other direction.
func (o OrderDirection) Reverse() OrderDirection {
	if o == OrderDirectionDesc {
		return OrderDirectionAsc
	}
	return OrderDirectionDesc
}

// MarshalGQL writes o as a GraphQL enum value.
func (o OrderDirection) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(o)))
}

// UnmarshalGQL reads an OrderDirection from a GraphQL input value.
func (o *OrderDirection) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("order direction %T must be a string", v)
	}
	*o = OrderDirection(s)
	return o.Validate()
}

// PageInfo is a connection's pageInfo.
type PageInfo[T any] struct {
	HasNextPage     bool       `json:"hasNextPage"`
	HasPreviousPage bool       `json:"hasPreviousPage"`
	StartCursor     *Cursor[T] `json:"startCursor"`
	EndCursor       *Cursor[T] `json:"endCursor"`
}

// Cursor is an edge's place in its connection: the node's ID and, when the
// connection is ordered by another field, that field's value.
type Cursor[T any] struct {
	ID    T         `msgpack:"i"`
	Value ent.Value `msgpack:"v,omitempty"`
}

var cursorEncoding = base64.RawStdEncoding

// ErrBadCursor is the error of a cursor that MarshalGQL did not write: the
// caller's mistake (BAD_USER_INPUT), not the server's.
var ErrBadCursor = errors.New("cannot decode cursor")

// MarshalGQL writes c as an opaque GraphQL string.
func (c Cursor[T]) MarshalGQL(w io.Writer) {
	var packed bytes.Buffer
	if err := msgpack.NewEncoder(&packed).Encode(c); err != nil {
		// A cursor holds an ID and a column's value; neither fails to encode.
		panic(fmt.Sprintf("relay: encoding a cursor: %v", err))
	}
	out := make([]byte, 0, 2+cursorEncoding.EncodedLen(packed.Len()))
	out = append(out, '"')
	out = cursorEncoding.AppendEncode(out, packed.Bytes())
	out = append(out, '"')
	_, _ = w.Write(out)
}

// UnmarshalGQL reads a cursor that MarshalGQL wrote.
func (c *Cursor[T]) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%w: %T is not a string", ErrBadCursor, v)
	}
	packed, err := cursorEncoding.DecodeString(s)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadCursor, err)
	}
	if err := msgpack.Unmarshal(packed, c); err != nil {
		return fmt.Errorf("%w: %w", ErrBadCursor, err)
	}
	return nil
}

// CursorsPredicate is the condition that keeps the rows past each of the
// cursors given (after and before alike) in direction, by field and then
// by idField for ties; by idField alone for a cursor without a value.
// Callers compare before the other way: each cursor is passed alone, with
// direction reversed for before.
func CursorsPredicate[T any](after, before *Cursor[T], idField, field string, direction OrderDirection) []func(*sql.Selector) {
	var preds []func(*sql.Selector)
	for _, c := range []*Cursor[T]{after, before} {
		if c == nil {
			continue
		}
		if c.Value == nil {
			if direction == OrderDirectionAsc {
				preds = append(preds, sql.FieldGT(idField, c.ID))
			} else {
				preds = append(preds, sql.FieldLT(idField, c.ID))
			}
			continue
		}
		past := sql.CompositeLT
		if direction == OrderDirectionAsc {
			past = sql.CompositeGT
		}
		preds = append(preds, func(s *sql.Selector) {
			s.Where(sql.P(func(b *sql.Builder) {
				column := s.C(field)
				// An order term may have selected the field under a join's
				// name: use that selection when there is exactly one.
				if found := s.FindSelection(field); len(found) == 1 {
					column = found[0]
				}
				b.Join(past([]string{column, s.C(idField)}, c.Value, c.ID))
			}))
		})
	}
	return preds
}

// ErrNodeNotFound is the error of node(id) or nodes(ids) for an ID that
// names nothing the viewer can see.
func ErrNodeNotFound(id any) *gqlerror.Error {
	err := gqlerror.Errorf("Could not resolve to a node with the global id of '%v'", id)
	errcode.Set(err, "NOT_FOUND")
	return err
}
