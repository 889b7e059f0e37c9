// Package errcode is the small set of errors the domain returns to callers,
// each with one of the contract's codes (extensions.code). Anything else a
// domain function returns is a fault: logged with the request id and shown
// to the client as INTERNAL, without detail.
package errcode

import (
	"errors"
	"fmt"
)

// Code is one of the contract's error codes.
type Code string

// The codes of api/core.graphql.
const (
	Unauthenticated   Code = "UNAUTHENTICATED"
	Forbidden         Code = "FORBIDDEN"
	NotFound          Code = "NOT_FOUND"
	BadUserInput      Code = "BAD_USER_INPUT"
	Conflict          Code = "CONFLICT"
	SeatLimitReached  Code = "SEAT_LIMIT_REACHED"
	InvitationInvalid Code = "INVITATION_INVALID"
	// VerificationFailed: a domain's DNS record was not found (verifyDomain).
	VerificationFailed Code = "VERIFICATION_FAILED"
	RateLimited        Code = "RATE_LIMITED"
	Internal           Code = "INTERNAL"
)

// Error is an error a caller may see: a code, a message written for people,
// and, where it helps, the input field it concerns and extra extensions.
type Error struct {
	Code    Code
	Message string
	// Field names the input field at fault (e.g. "email"), for forms.
	Field string
	// Extensions are added to the GraphQL error's extensions.
	Extensions map[string]any
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// New returns an error with a code and a message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a BAD_USER_INPUT error about one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Message: fmt.Sprintf(format, args...), Field: field}
}

// ErrUnauthenticated is returned to a caller who must sign in first.
var ErrUnauthenticated = New(Unauthenticated, "You need to sign in first.")

// NotFoundf returns the NOT_FOUND error of an object the caller cannot see,
// whether or not it exists.
func NotFoundf(what string) *Error {
	return New(NotFound, "No %s with that ID was found.", what)
}

// SeatLimit returns SEAT_LIMIT_REACHED for a change that needs more seats
// than are available.
func SeatLimit(needed, available int) *Error {
	return &Error{
		Code: SeatLimitReached,
		Message: fmt.Sprintf("Not enough seats: this needs %d and %d %s available. Remove members, cancel pending invitations or upgrade to more seats.",
			needed, available, plural(available, "is", "are")),
		Extensions: map[string]any{"needed": needed, "available": available},
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// As returns err as an *Error, if it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err is an *Error with the given code.
func Is(err error, code Code) bool {
	e, ok := As(err)
	return ok && e.Code == code
}
