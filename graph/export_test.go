package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rosterhq/roster/server/relay"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rosterhq/roster/ent"
)

// SetJoinedMembersPage turns the joined members page on or off (off:
// server/member's List reads every page), and returns what restores it.
func SetJoinedMembersPage(on bool) (restore func()) {
	was := joinedMembersPage.Swap(on)
	return func() { joinedMembersPage.Store(was) }
}

// JoinedMembersPage reads the first page of org's members as the field
// members { edges { node { id } } } would, with the viewer of ctx, and
// reports whether the joined page read it (false: the caller would have
// gone through server/member's List), with the ids read.
func JoinedMembersPage(ctx context.Context, client *ent.Client, org *ent.Organization) (bool, []string, error) {
	node := &ast.Field{Name: "node", Alias: "node", SelectionSet: ast.SelectionSet{&ast.Field{Name: "id", Alias: "id"}}}
	edges := &ast.Field{Name: "edges", Alias: "edges", SelectionSet: ast.SelectionSet{node}}
	members := &ast.Field{Name: "members", Alias: "members", SelectionSet: ast.SelectionSet{edges}}
	ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{Variables: map[string]any{}})
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: members, Selections: members.SelectionSet}})
	first := 10
	conn, ok, err := membersPage{org: org, first: &first, orderField: "JOINED_AT", direction: relay.OrderDirectionDesc,
		asked: askedOfMembers(ctx)}.run(ctx, client)
	if !ok || err != nil {
		return ok, nil, err
	}
	var ids []string
	for _, e := range conn.Edges {
		ids = append(ids, e.Node.ID)
	}
	return true, ids, nil
}
