package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/privacy"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/metrics"
	"github.com/rosterhq/roster/server/relay"
	"github.com/rosterhq/roster/server/viewer"
	"github.com/rosterhq/roster/server/web/graphqlws"
)

// GraphQLOptions configure the GraphQL endpoint.
type GraphQLOptions struct {
	Introspection bool
	Logger        *slog.Logger
	// AllowedOrigins may open websockets (browsers send an Origin).
	AllowedOrigins []string
	// Auth tells whom a websocket acts for, before each of its operations.
	Auth Authenticator
	// Sockets keeps the open websockets (see graphqlws.Sockets).
	Sockets *graphqlws.Sockets
	// KeepAlive is how often websockets are pinged (15 s when zero); a peer
	// silent for two of these is dropped.
	KeepAlive time.Duration
	// InitTimeout is how long a websocket may take to send connection_init
	// (10 s when zero).
	InitTimeout time.Duration
	// MaxComplexity is the most an operation may cost (see
	// graph.MaxComplexity); zero sets no limit.
	MaxComplexity int
	// OneAuthMutation refuses a document with more than one
	// authentication mutation (see oneAuthMutation).
	OneAuthMutation bool
	// Metrics count operations, errors and websockets; nil counts nothing.
	Metrics *metrics.Metrics
	// DataVersion, when set (SQLite), lets queries of an organization's
	// members be answered again while the database is unchanged (see
	// answerCache).
	DataVersion *database.DataVersion
}

// NewGraphQL returns the GraphQL handler of POST and GET /graphql.
func NewGraphQL(schema graphql.ExecutableSchema, opts GraphQLOptions) *handler.Server {
	srv := handler.New(schema)
	srv.AddTransport(graphqlws.New(graphqlws.Options{
		Logger:      opts.Logger,
		CheckOrigin: newOriginPolicy(opts.AllowedOrigins).allows,
		Session: func(ctx context.Context) viewer.Source {
			return opts.Auth.session(opts.Auth.Sessions.Token(ctx))
		},
		Bearer:      opts.Auth.bearer,
		Sockets:     opts.Sockets,
		KeepAlive:   opts.KeepAlive,
		InitTimeout: opts.InitTimeout,
		ReadLimit:   64 << 10,
		Metrics:     opts.Metrics,
	}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(rawPOST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	// First, so that it sees the responses of the extensions below too.
	srv.Use(opts.Metrics.GraphQL())
	srv.SetParserTokenLimit(ParserTokenLimit)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(opts.Sockets.Operations(opts.Logger))
	if opts.MaxComplexity > 0 {
		srv.Use(&costLimit{max: opts.MaxComplexity})
	}
	if opts.OneAuthMutation {
		srv.Use(oneAuthMutation{})
	}
	// Last: what the extensions above do, they do for a remembered answer
	// too.
	if opts.DataVersion != nil {
		srv.Use(newAnswerCache(opts.DataVersion, opts.Logger, opts.Metrics))
	}
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "request_id", middleware.GetReqID(ctx),
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errInternal
	})
	return srv
}

// ParserTokenLimit is the most tokens the parser reads of one document
// (gqlparser's own suggestion): the portal's largest operation has a few
// hundred, and a document of a million tokens, which fits in the body
// limit, would otherwise be parsed whole before any other check. A
// document over it is refused with GRAPHQL_PARSE_FAILED.
const ParserTokenLimit = 15000

var errInternal = errors.New("internal error")

// presentError gives every error a code of the contract. Domain errors keep
// their message; objects the caller may not see are NOT_FOUND; anything
// unexpected is logged with the request id and shown as INTERNAL, without
// detail.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var domain *errcode.Error
		switch {
		case errors.As(err, &domain):
			gqlErr.Message = domain.Message
			gqlErr.Extensions["code"] = string(domain.Code)
			if domain.Field != "" {
				gqlErr.Extensions["field"] = domain.Field
			}
			for k, v := range domain.Extensions {
				gqlErr.Extensions[k] = v
			}
			if secs, ok := domain.Extensions["retryAfter"].(int); ok && domain.Code == errcode.RateLimited {
				noteRetryAfter(ctx, secs)
			}
		case ent.IsNotFound(err) || errors.Is(err, privacy.Deny):
			gqlErr.Message = "Not found."
			gqlErr.Extensions["code"] = string(errcode.NotFound)
		case gqlErr.Extensions["code"] != nil:
			// gqlgen's own: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, ….
			if gqlErr.Message == "operation  not found" {
				gqlErr.Message = "The document has several operations: name the one to run in operationName."
			}
		case gqlErr.Err == nil || isInputError(gqlErr):
			// Raised by gqlgen about the request itself, e.g. a bad argument.
			gqlErr.Extensions["code"] = string(errcode.BadUserInput)
		default:
			id := middleware.GetReqID(ctx)
			logger.ErrorContext(ctx, "request failed", "request_id", id, "path", gqlErr.Path.String(), "error", err)
			gqlErr.Message = "Something went wrong on our side. Reference: " + id
			gqlErr.Extensions["code"] = string(errcode.Internal)
		}
		return gqlErr
	}
}

// isInputError reports whether err arose while reading an argument, which
// is the caller's mistake: a cursor that Roster did not write.
func isInputError(e *gqlerror.Error) bool {
	return errors.Is(e, relay.ErrBadCursor)
}
