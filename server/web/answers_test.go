package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/graph"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/viewer"
)

// TestCacheableOperations: only queries of the organization, its members,
// their users and page info are kept; a field that reads anything else
// (the clock, for an invitation's status; another table) anywhere in the
// document, through a fragment too, makes the whole operation run.
func TestCacheableOperations(t *testing.T) {
	schema := graph.NewSchema(&graph.Resolver{}).Schema()
	cases := []struct {
		doc  string
		want bool
	}{
		{`query($s: String!) { organization(slug: $s) { id members(first: 50) { totalCount edges { node { id role joinedAt user { name email } } } } } }`, true},
		{`query($s: String!) { organization(slug: $s) { ...F } } fragment F on Organization { members(first: 5) { edges { cursor node { ... on Membership { id } } } pageInfo { hasNextPage endCursor } } }`, true},
		{`query($s: String!) { organization(slug: $s) { viewerRole viewerPermissions viewerInvitableRoles members(first: 5) { edges { node { viewerCanRemove viewerAssignableRoles } } } } }`, true},
		{`query($s: String!, $x: Boolean!) { organization(slug: $s) { id @include(if: $x) name @skip(if: $x) } }`, true},
		{`query($s: String!) { a: organization(slug: $s) { id } b: organization(slug: $s) { slug } }`, true},
		// {__typename} alone is cheaper than its key.
		{`{ __typename }`, false},
		{`query($s: String!) { organization(slug: $s) { invitations(first: 5) { totalCount } } }`, false},
		{`query($s: String!) { organization(slug: $s) { id } viewer { id } }`, false},
		{`query($s: String!) { organization(slug: $s) { ...F } } fragment F on Organization { seatUsage { active } }`, false},
		{`query($s: String!) { organization(slug: $s) { members(first: 5) { edges { node { user { memberships { role } } } } } } }`, false},
		{`query($s: String!) { organization(slug: $s) { bulkInvitePreview(emails: "a@b.test", role: MEMBER) { __typename } } }`, false},
		{`mutation { signOut }`, false},
		{`subscription($o: ID!) { seatUsageChanged(organizationID: $o) { active } }`, false},
		{`{ __schema { queryType { name } } }`, false},
	}
	for _, c := range cases {
		doc, err := gqlparser.LoadQuery(schema, c.doc)
		if err != nil {
			if c.want {
				t.Fatalf("%s: %v", c.doc, err)
			}
			t.Fatalf("%s: %v (the case must be a valid document to try anything)", c.doc, err)
		}
		if got := cacheableOperation(doc.Operations[0]); got != c.want {
			t.Errorf("cacheable(%s) = %v, want %v", c.doc, got, c.want)
		}
	}
}

// TestCacheableOperationsRefuseOtherDirectives: the schema declares no
// other executable directive today; one added later (such as @defer,
// whose answer comes in parts) is refused until it is thought about.
func TestCacheableOperationsRefuseOtherDirectives(t *testing.T) {
	schema := graph.NewSchema(&graph.Resolver{}).Schema()
	doc, err := gqlparser.LoadQuery(schema, `query($s: String!) { organization(slug: $s) { id ... on Organization { name } } }`)
	if err != nil {
		t.Fatal(err)
	}
	op := doc.Operations[0]
	if !cacheableOperation(op) {
		t.Fatal("the document is not cacheable to begin with")
	}
	org := op.SelectionSet[0].(*ast.Field)
	org.SelectionSet[1].(*ast.InlineFragment).Directives = ast.DirectiveList{{Name: "defer"}}
	if cacheableOperation(op) {
		t.Fatal("a fragment with @defer is cacheable")
	}
	org.SelectionSet[1].(*ast.InlineFragment).Directives = nil
	org.Directives = ast.DirectiveList{{Name: "stream"}}
	if cacheableOperation(op) {
		t.Fatal("a field with @stream is cacheable")
	}
}

// TestAnswerCacheKeepsSmallAnswersOnly: an answer is kept and given again
// while the database is unchanged; one over maxAnswerBytes (a document of
// many aliases, made up to fill the memory) runs every time; a commit
// makes the kept one run again.
func TestAnswerCacheKeepsSmallAnswersOnly(t *testing.T) {
	ctx := context.Background()
	c, client := newTestAnswerCache(t)
	query, doc := testOrganizationQuery(t)
	ask := func(slug string, size int) (runs int) {
		oc := &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{"s": slug}}
		ctx := graphql.WithOperationContext(viewer.NewContext(ctx, viewer.New("usr_1", "a@b.test", "A", true, nil)), oc)
		for range 3 {
			resp := c.InterceptResponse(ctx, func(context.Context) *graphql.Response {
				runs++
				return &graphql.Response{Data: json.RawMessage(`"` + strings.Repeat("x", size) + `"`)}
			})
			if len(resp.Data) != size+2 {
				t.Fatalf("answer of %d bytes, want %d", len(resp.Data), size+2)
			}
		}
		return runs
	}
	if runs := ask("small", 1000); runs != 1 {
		t.Errorf("a small answer asked 3 times ran %d times, want 1", runs)
	}
	if runs := ask("large", maxAnswerBytes); runs != 3 {
		t.Errorf("an answer of %d bytes asked 3 times ran %d times, want 3", maxAnswerBytes+2, runs)
	}
	if _, err := client.ExecContext(ctx, `CREATE TABLE t (id integer)`); err != nil {
		t.Fatal(err)
	}
	if runs := ask("small", 1000); runs != 1 {
		t.Errorf("after a commit a small answer asked 3 times ran %d times, want 1 (run again, then kept)", runs)
	}
}

// TestAnswerFromMemoryTouchesAsTheRunDid: the organizations a run touched
// (viewer.Touch, the members' lastActiveAt) are touched again by each
// answer given from memory.
func TestAnswerFromMemoryTouchesAsTheRunDid(t *testing.T) {
	ctx := context.Background()
	c, _ := newTestAnswerCache(t)
	query, doc := testOrganizationQuery(t)
	var touched []string
	ctx = viewer.WithActivity(ctx, func(userID, orgID string) { touched = append(touched, userID+" "+orgID) })
	ctx = viewer.NewContext(ctx, viewer.New("usr_1", "a@b.test", "A", true, map[string]policy.Role{"org_1": policy.Member}))
	ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{"s": "one"}})
	runs := 0
	for range 3 {
		c.InterceptResponse(ctx, func(ctx context.Context) *graphql.Response {
			runs++
			viewer.Touch(ctx, "org_1")
			return &graphql.Response{Data: json.RawMessage(`{"organization":{"id":"org_1"}}`)}
		})
	}
	if runs != 1 || strings.Join(touched, ",") != "usr_1 org_1,usr_1 org_1,usr_1 org_1" {
		t.Fatalf("3 asks: %d runs, touches %q; want 1 run and 3 touches of org_1", runs, touched)
	}
}

// newTestAnswerCache returns an answer cache over a new SQLite file, and
// the client that commits to it.
func newTestAnswerCache(t *testing.T) (*answerCache, *ent.Client) {
	t.Helper()
	client, err := database.Open("sqlite:"+filepath.Join(t.TempDir(), "answers.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	versions, err := database.DataVersionOf(context.Background(), client)
	if err != nil {
		t.Fatal(err)
	}
	return newAnswerCache(versions, slog.New(slog.DiscardHandler), nil), client
}

// testOrganizationQuery is a cacheable query, and its document.
func testOrganizationQuery(t *testing.T) (string, *ast.QueryDocument) {
	t.Helper()
	const query = `query($s: String!) { organization(slug: $s) { id } }`
	doc, err := gqlparser.LoadQuery(graph.NewSchema(&graph.Resolver{}).Schema(), query)
	if err != nil {
		t.Fatal(err)
	}
	return query, doc
}
