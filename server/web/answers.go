package web

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"log/slog"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/metrics"
	"github.com/rosterhq/roster/server/viewer"
)

// answerCache gives a query the answer it had a moment ago, without
// running it, when nothing it read can have changed: a dashboard's or the
// portal's members page, asked again and again, between two changes.
//
// An answer is kept under its key:
//   - the database's version (database.DataVersion): any commit to the
//     SQLite file, by any request, worker or other process, changes it, so
//     an answer kept before a change is never given after it;
//   - who asks: the viewer's kind and id, their email's verification and
//     their role in each of their organizations, as authenticated by this
//     request (a removed member, a revoked key or an ended session is
//     another key, or no viewer at all, which is never answered from here);
//   - the operation: its document, its name and its variables.
//
// The version is read before the operation runs. A commit while it runs
// makes the answer's key one that no later request reads, so an answer is
// at worst as old as the request that made it.
//
// Only operations that read nothing but what the database holds are kept:
// every field is one of cacheableFields (the organization by slug, its
// members and their users, and page info), with no directive but @include
// and @skip. Fields computed from the clock (an invitation's expiry), the
// client's address or another service are not among them. Only answers of
// data alone (no error, no extension) are kept.
//
// What the operation did besides answering is done again on a hit: the
// organizations it touched (viewer.Touch, for the members' lastActiveAt)
// are touched again.
type answerCache struct {
	versions *database.DataVersion
	answers  *lru.Cache[string, *answer]
	logger   *slog.Logger
	metrics  *metrics.Metrics
}

// answer is a remembered response.
type answer struct {
	data    json.RawMessage
	touched []string
}

// answerCacheSize is how many answers are kept, and maxAnswerBytes the
// largest answer kept (a page of 100 members with their users is about
// 20 KB): at most 16 MB, however many different queries a client makes
// up. Keys are SHA-256 sums, so a long document costs no more.
const (
	answerCacheSize = 256
	maxAnswerBytes  = 64 << 10
)

func newAnswerCache(versions *database.DataVersion, logger *slog.Logger, m *metrics.Metrics) *answerCache {
	answers, err := lru.New[string, *answer](answerCacheSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &answerCache{versions: versions, answers: answers, logger: logger, metrics: m}
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*answerCache)(nil)

func (*answerCache) ExtensionName() string                   { return "AnswerCache" }
func (*answerCache) Validate(graphql.ExecutableSchema) error { return nil }

func (c *answerCache) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	// An error about the request itself (a body that is not JSON) comes
	// with no operation.
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	v := viewer.FromContext(ctx)
	if v == nil || oc.Operation == nil || !cacheableOperation(oc.Operation) {
		return next(ctx)
	}
	version, err := c.versions.Read(ctx)
	if err != nil {
		c.logger.WarnContext(ctx, "answer cache: the data version could not be read", "err", err)
		return next(ctx)
	}
	key, ok := answerKey(version, v, oc)
	if !ok {
		return next(ctx)
	}
	a, hit := c.answers.Get(key)
	c.metrics.AnswerCache(hit)
	if hit {
		for _, org := range a.touched {
			viewer.Touch(ctx, org)
		}
		return &graphql.Response{Data: a.data}
	}
	ctx, touches := viewer.WithTouchLog(ctx)
	resp := next(ctx)
	if resp != nil && len(resp.Data) > 0 && len(resp.Data) <= maxAnswerBytes && len(resp.Errors) == 0 && len(resp.Extensions) == 0 &&
		resp.Label == "" && resp.Path == nil && resp.HasNext == nil {
		c.answers.Add(key, &answer{data: resp.Data, touched: touches.Organizations()})
	}
	return resp
}

// answerKey is the key of the answer to oc for v at version (a SHA-256
// sum of them all); false when the variables cannot be written down.
func answerKey(version database.Version, v *viewer.Viewer, oc *graphql.OperationContext) (string, bool) {
	vars, err := json.Marshal(oc.Variables) // map keys sorted
	if err != nil {
		return "", false
	}
	b := make([]byte, 0, 128+len(oc.RawQuery)+len(vars))
	b = version.AppendTo(b)
	b = append(b, 0)
	b = append(b, v.ActorKind()...)
	b = append(b, 0)
	b = append(b, v.UserID...)
	b = append(b, 0)
	b = strconv.AppendBool(b, v.EmailVerified)
	for _, org := range v.OrganizationIDs() {
		role, _ := v.Role(org)
		b = append(b, 0)
		b = append(b, org...)
		b = append(b, '=')
		b = append(b, role...)
	}
	b = append(b, 0, 0)
	b = append(b, oc.OperationName...)
	b = append(b, 0)
	b = append(b, oc.RawQuery...)
	b = append(b, 0)
	b = append(b, vars...)
	sum := sha256.Sum256(b)
	return string(sum[:]), true
}

// cacheableFields are the fields, by the type they are on, whose values
// are the database's alone (and the viewer's, who is in the key). A field
// that reads the clock or anything else outside the database must not be
// added.
var cacheableFields = map[string]map[string]bool{
	"Query": {"organization": true},
	"Organization": {"id": true, "name": true, "slug": true, "createdAt": true, "members": true,
		"viewerRole": true, "viewerPermissions": true, "viewerInvitableRoles": true},
	"MembershipConnection": {"edges": true, "pageInfo": true, "totalCount": true},
	"MembershipEdge":       {"node": true, "cursor": true},
	"Membership": {"id": true, "role": true, "joinedAt": true, "lastActiveAt": true, "user": true, "invitedBy": true, "organization": true,
		"viewerCanRemove": true, "viewerAssignableRoles": true},
	"User":     {"id": true, "email": true, "name": true, "emailVerified": true, "createdAt": true},
	"PageInfo": {"hasNextPage": true, "hasPreviousPage": true, "startCursor": true, "endCursor": true},
}

// cacheableOperation reports whether op is a query made of cacheableFields
// alone, with one at least ({__typename} alone costs less than a key).
func cacheableOperation(op *ast.OperationDefinition) bool {
	if op.Operation != ast.Query || len(op.Directives) > 0 {
		return false
	}
	fields, ok := cacheableSelections(op.SelectionSet, 0)
	return ok && fields > 0
}

// maxFragmentDepth bounds the walk through nested fragments (validation
// has refused cycles already).
const maxFragmentDepth = 32

// cacheableSelections reports whether set is made of cacheableFields
// alone, and how many fields of set (but __typename) it counted.
func cacheableSelections(set ast.SelectionSet, depth int) (fields int, ok bool) {
	if depth > maxFragmentDepth {
		return 0, false
	}
	for _, sel := range set {
		var (
			inner      ast.SelectionSet
			directives ast.DirectiveList
			next       = depth
		)
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Name == "__typename" {
				if !onlyConditions(sel.Directives) {
					return 0, false
				}
				continue
			}
			if sel.ObjectDefinition == nil || !cacheableFields[sel.ObjectDefinition.Name][sel.Name] {
				return 0, false
			}
			fields++
			inner, directives = sel.SelectionSet, sel.Directives
		case *ast.InlineFragment:
			inner, directives, next = sel.SelectionSet, sel.Directives, depth+1
		case *ast.FragmentSpread:
			if sel.Definition == nil || !onlyConditions(sel.Definition.Directives) {
				return 0, false
			}
			inner, directives, next = sel.Definition.SelectionSet, sel.Directives, depth+1
		default:
			return 0, false
		}
		if !onlyConditions(directives) {
			return 0, false
		}
		n, ok := cacheableSelections(inner, next)
		if !ok {
			return 0, false
		}
		if _, isField := sel.(*ast.Field); !isField {
			fields += n
		}
	}
	return fields, true
}

// onlyConditions reports whether directives are @include and @skip alone,
// whose arguments are the operation's variables (in the key) or literals.
func onlyConditions(directives ast.DirectiveList) bool {
	for _, d := range directives {
		if d.Name != "include" && d.Name != "skip" {
			return false
		}
	}
	return true
}
