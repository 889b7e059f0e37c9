package web

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rosterhq/roster/server/errcode"
)

// authMutations are the mutations that check a password or a token, or
// send an account's email: each is rate limited per attempt, so a document
// may hold one, or aliases would multiply the attempts (and the password
// hashes) one request makes.
var authMutations = map[string]bool{
	"signIn": true, "signUp": true, "requestPasswordReset": true, "resetPassword": true, "changePassword": true,
}

// oneAuthMutation refuses, before anything runs, a mutation that selects
// more than one authentication mutation, counting aliases and the fields
// of fragments (named or inline), whether or not @skip or @include would
// leave them out. It answers BAD_USER_INPUT: the document, not its rate,
// is at fault.
type oneAuthMutation struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = oneAuthMutation{}

func (oneAuthMutation) ExtensionName() string                   { return "OneAuthMutation" }
func (oneAuthMutation) Validate(graphql.ExecutableSchema) error { return nil }

func (oneAuthMutation) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	found := map[string]string{}
	authFields(oc.Operation.SelectionSet, map[string]bool{}, found)
	if len(found) <= 1 {
		return nil
	}
	keys := slices.Sorted(maps.Keys(found))
	for i, k := range keys {
		if found[k] != k {
			keys[i] = k + ": " + found[k]
		}
	}
	err := gqlerror.Errorf("A request may hold one sign-in, sign-up or password mutation; this one has %d (%s). Send them one at a time.",
		len(found), strings.Join(keys, ", "))
	err.Extensions = map[string]any{"code": string(errcode.BadUserInput)}
	return err
}

// authFields records in found the authentication mutations selected in
// set, through fragments, by response key (alias or name) to name: fields
// of one response key are merged and run once, aliases run apart. seen
// guards against a fragment spread twice (or a cycle, which validation
// refuses anyway).
func authFields(set ast.SelectionSet, seen map[string]bool, found map[string]string) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if authMutations[s.Name] {
				found[cmp.Or(s.Alias, s.Name)] = s.Name
			}
		case *ast.InlineFragment:
			authFields(s.SelectionSet, seen, found)
		case *ast.FragmentSpread:
			if s.Definition == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			authFields(s.Definition.SelectionSet, seen, found)
		}
	}
}
