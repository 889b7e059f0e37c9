package graph

import (
	"context"
	"unicode/utf8"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/live"
	"github.com/rosterhq/roster/server/viewer"
)

// startSession signs the request's browser in as userID, and makes the
// rest of the request run as that user.
func (r *Resolver) startSession(ctx context.Context, userID string) error {
	if err := r.Sessions.SignIn(ctx, userID); err != nil {
		return err
	}
	v, err := r.Accounts.Viewer(ctx, userID)
	if err != nil {
		return err
	}
	viewer.Replace(ctx, v)
	for _, orgID := range v.OrganizationIDs() { // signing in counts as activity in each
		viewer.Touch(ctx, orgID)
	}
	return nil
}

// access re-reads, for a long-lived subscription, who its subscriber is
// now: the connection's viewer.Source (its session or bearer token, nil
// once that has ended).
func (r *Resolver) access(ctx context.Context) live.Access { return viewer.SourceOf(ctx) }

// searchTerm checks a connection's search argument.
func searchTerm(s *string) (string, error) {
	if s == nil {
		return "", nil
	}
	if utf8.RuneCountInString(*s) > 100 {
		return "", errcode.Invalid("search", "Search for at most 100 characters.")
	}
	return *s, nil
}

// orNil is a lookup whose "not found" is null: a row removed, or one the
// viewer may not see.
func orNil[T any](row *T, err error) (*T, error) {
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return row, err
}
