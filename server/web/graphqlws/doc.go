// Package graphqlws is Roster's GraphQL-over-websocket transport: gqlgen's
// transport.Websocket (graphql-transport-ws and the legacy graphql-ws) on
// gorilla/websocket, with what gqlgen's leaves out fenced in one place.
// It adds:
//
//   - keep-alive without a goroutine per connection: a timer pings, and a
//     peer silent for two intervals is dropped by the read deadline, which
//     gqlgen would clear on a client's "pong" (see gorillaConn);
//   - deadlines on every write, and on connection_init (4408);
//   - graphql-transport-ws's close codes (4400, 4401, 4409, 4429) where
//     gqlgen closes with 1000 or 1002, and ids held to the protocol (see
//     transportWSGuard);
//   - detaching from net/http's request once upgraded, so that an idle
//     socket does not keep the request's buffers and goroutine (see
//     detachedWebsocket);
//   - a re-check of the socket's access before each operation, and at once
//     when its user's access changes, closing with 4403 when it has ended
//     (see Operations and socket.current);
//   - caps: sockets per user and per address, operations and
//     subscriptions per socket, and anonymous idle sockets (see Limits);
//   - 1001 (going away) to every socket when the server stops, which
//     net/http does not do for hijacked connections (Sockets.CloseAll).
//
// Each place that depends on a gqlgen behaviour has a test named after it
// (TestGqlgen…), so that an upgrade that changes it fails there; what
// belongs upstream is written up in docs/upstream.md.
package graphqlws
