package server_test

import (
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/organization"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// Access over a websocket is judged at each operation, as over HTTP: these
// tests open a socket, change the user's access over HTTP, and try the
// socket again, as a removed, demoted or signed-out insider would.

var protocols = []string{servertest.TransportWS, servertest.LegacyWS}

// runOn runs one query or mutation on an open websocket and returns its
// result: data and errors, or how the connection closed.
func runOn(t *testing.T, s *servertest.Stream, id, query string, vars map[string]any) servertest.Event {
	t.Helper()
	s.StartID(id, query, vars)
	for {
		ev, ok := s.Next(5 * time.Second)
		if !ok {
			t.Fatalf("operation %s: no answer within 5s", id)
		}
		if ev.Closed || ev.ID == id && !ev.Done {
			return ev
		}
	}
}

// open dials a websocket as c, with the protocol and the server's origin.
func open(t *testing.T, env *servertest.Env, c *servertest.Client, protocol string) *servertest.Stream {
	t.Helper()
	s, res, err := c.Dial(servertest.DialOptions{Protocol: protocol, Origin: env.URL})
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial: %v (HTTP %d)", err, status)
	}
	return s
}

// waitClosed waits for the server to close s and returns the close code.
func waitClosed(t *testing.T, s *servertest.Stream) int {
	t.Helper()
	for {
		ev, ok := s.Next(5 * time.Second)
		if !ok {
			t.Fatal("the websocket stayed open for 5s")
		}
		if ev.Closed {
			return ev.CloseCode
		}
	}
}

const inviteOverSocket = `mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`

func invite(org servertest.Org, email string) map[string]any {
	return map[string]any{"in": map[string]any{"organizationID": org.ID, "email": email, "role": "ADMIN"}}
}

// invitationCount is how many invitations the owner sees in org.
func invitationCount(t *testing.T, owner *servertest.Client, org servertest.Org) int {
	t.Helper()
	var out struct {
		Node struct{ Invitations struct{ TotalCount int } }
	}
	owner.MustDo(`query($o: ID!) { node(id: $o) { ... on Organization { invitations(first: 1) { totalCount } } } }`,
		map[string]any{"o": org.ID}, &out)
	return out.Node.Invitations.TotalCount
}

// refusedWith reports whether an operation's answer is a refusal with code (or
// the socket closed on it, which refuses it too).
func refusedWith(ev servertest.Event, code string) bool {
	if ev.Closed {
		return ev.CloseCode == 4403
	}
	return len(ev.Errors) > 0 && ev.Errors[0].Extensions["code"] == code
}

func TestWebsocketOperationsRunAsTheUserIsNow(t *testing.T) {
	for _, protocol := range protocols {
		t.Run(protocol, func(t *testing.T) {
			env := servertest.Start(t)
			owner := env.User("owner@socket.test", "Owner")
			org := owner.CreateOrg("Socket")
			other := owner.CreateOrg("Other") // so that owner's sockets keep an organization

			t.Run("removed admin", func(t *testing.T) {
				admin, membership := env.Join(owner, org, "removed@socket.test", "ADMIN")
				s := open(t, env, admin, protocol)
				if ev := runOn(t, s, "1", inviteOverSocket, invite(org, "before@socket.test")); len(ev.Errors) > 0 || ev.Closed {
					t.Fatalf("invite as admin over the socket: %+v", ev)
				}
				owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membership}, nil)
				before := invitationCount(t, owner, org)
				ev := runOn(t, s, "2", inviteOverSocket, invite(org, "after@socket.test"))
				if !refusedWith(ev, "NOT_FOUND") {
					t.Fatalf("invite after removal: got %+v, want NOT_FOUND or close 4403", ev)
				}
				if n := invitationCount(t, owner, org); n != before {
					t.Fatalf("invitations went from %d to %d after a refused invite", before, n)
				}
			})

			t.Run("demoted admin", func(t *testing.T) {
				admin, membership := env.Join(owner, org, "demoted@socket.test", "ADMIN")
				s := open(t, env, admin, protocol)
				owner.MustDo(`mutation($id: ID!) { changeMemberRole(id: $id, role: MEMBER) { id } }`, map[string]any{"id": membership}, nil)
				before := invitationCount(t, owner, org)
				ev := runOn(t, s, "1", inviteOverSocket, invite(org, "demoted-invite@socket.test"))
				if ev.Closed || !refusedWith(ev, "FORBIDDEN") {
					t.Fatalf("invite after demotion: got %+v, want FORBIDDEN", ev)
				}
				if n := invitationCount(t, owner, org); n != before {
					t.Fatalf("invitations went from %d to %d after a refused invite", before, n)
				}
				// The socket still works for what a member may do.
				ev = runOn(t, s, "2", `query($o: ID!) { node(id: $o) { id } }`, map[string]any{"o": org.ID})
				if len(ev.Errors) > 0 || ev.Closed {
					t.Fatalf("a member's read after demotion: %+v", ev)
				}
			})

			t.Run("promoted member", func(t *testing.T) {
				// Access is read now in both directions: a socket opened as
				// a member invites once promoted, without reconnecting.
				member, membership := env.Join(owner, org, "promoted@socket.test", "MEMBER")
				s := open(t, env, member, protocol)
				if ev := runOn(t, s, "1", inviteOverSocket, invite(org, "early@socket.test")); !refusedWith(ev, "FORBIDDEN") {
					t.Fatalf("invite as member: %+v, want FORBIDDEN", ev)
				}
				owner.MustDo(`mutation($id: ID!) { changeMemberRole(id: $id, role: ADMIN) { id } }`, map[string]any{"id": membership}, nil)
				if ev := runOn(t, s, "2", inviteOverSocket, invite(org, "late@socket.test")); len(ev.Errors) > 0 || ev.Closed {
					t.Fatalf("invite once promoted: %+v", ev)
				}
			})

			t.Run("signed out", func(t *testing.T) {
				user := env.User("signedout@socket.test", "Leaver")
				s := open(t, env, user, protocol)
				user.MustDo(`mutation { signOut }`, nil, nil)
				if code := waitClosed(t, s); code != 4403 {
					t.Fatalf("the signed-out session's socket closed with %d, want 4403", code)
				}
			})

			t.Run("signed out, socket still racing", func(t *testing.T) {
				// Even before the close arrives, the next operation runs as
				// nobody: createOrganization writes nothing.
				user := env.User("racer@socket.test", "Racer")
				s := open(t, env, user, protocol)
				user.MustDo(`mutation { signOut }`, nil, nil)
				ev := runOn(t, s, "1", `mutation { createOrganization(input: {name: "Ghost"}) { id } }`, nil)
				if !refusedWith(ev, "UNAUTHENTICATED") {
					t.Fatalf("createOrganization after sign-out: %+v", ev)
				}
				n, err := env.App.Client().Organization.Query().Where(organization.Name("Ghost")).Count(systemContext())
				if err != nil || n != 0 {
					t.Fatalf("organizations named Ghost: %d (%v), want none", n, err)
				}
			})

			t.Run("removed from the last organization", func(t *testing.T) {
				member, membership := env.Join(owner, org, "last@socket.test", "MEMBER")
				s := open(t, env, member, protocol)
				owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membership}, nil)
				if code := waitClosed(t, s); code != 4403 {
					t.Fatalf("removed from the last organization: closed with %d, want 4403", code)
				}
			})

			t.Run("removed from one of two organizations", func(t *testing.T) {
				member, membership := env.Join(owner, org, "two@socket.test", "MEMBER")
				owner.Invite(other, "two@socket.test", "MEMBER")
				member.Accept(env.Token("two@socket.test", "/invitations/accept"))
				s := open(t, env, member, protocol)
				owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membership}, nil)
				// Still a member elsewhere: the socket stays, without org.
				ev := runOn(t, s, "1", `query($o: ID!) { node(id: $o) { id } }`, map[string]any{"o": org.ID})
				if ev.Closed {
					t.Fatalf("the socket closed, though its user is still in %s", other.Slug)
				}
				if !refusedWith(ev, "NOT_FOUND") && string(ev.Data) != `{"node":null}` {
					t.Fatalf("read of the organization left: %+v (data %s)", ev, ev.Data)
				}
			})

			t.Run("sign-in over a websocket", func(t *testing.T) {
				user := env.User("signin@socket.test", "Signer")
				s := open(t, env, user, protocol)
				ev := runOn(t, s, "1", `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`,
					map[string]any{"e": "signin@socket.test", "p": servertest.Password})
				if !refusedWith(ev, "BAD_USER_INPUT") || ev.Closed {
					t.Fatalf("signIn over a websocket: %+v, want BAD_USER_INPUT", ev)
				}
				// Through an alias and a fragment too.
				ev = runOn(t, s, "2", `mutation { ...F } fragment F on Mutation { again: signIn(email: "x@y.test", password: "0123456789") { user { id } } }`, nil)
				if !refusedWith(ev, "BAD_USER_INPUT") {
					t.Fatalf("signIn through a fragment over a websocket: %+v, want BAD_USER_INPUT", ev)
				}
			})
		})
	}
}

// A sign-out through replica B closes the session's websocket on replica A:
// the notice travels through PostgreSQL's LISTEN/NOTIFY.
func TestReplicasCloseTheSocketsOfAnEndedSession(t *testing.T) {
	databasetest.SkipUnlessPostgres(t)
	envs := servertest.Replicas(t, 2)
	a, b := envs[0], envs[1]
	for _, protocol := range protocols {
		user := b.User(protocol+"@replica-sockets.test", "Replica")
		user.CreateOrg("Replica " + protocol)
		onA := a.NewClient()
		onA.Header.Set("Cookie", user.CookieHeader())
		s := open(t, a, onA, protocol)
		user.MustDo(`mutation { signOut }`, nil, nil) // through B
		if code := waitClosed(t, s); code != 4403 {
			t.Fatalf("%s: the socket on A closed with %d after a sign-out through B, want 4403", protocol, code)
		}
	}
}
