package graphqlws

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/viewer"
)

// Limits bound what websockets may hold. Zero values take the
// defaults below.
type Limits struct {
	// PerUser is how many websockets one user (or token) may have open on
	// this server at once.
	PerUser int
	// PerAddress is how many websockets one client address may have open.
	PerAddress int
	// Operations is how many queries and mutations one websocket may run
	// at once (subscriptions have their own cap, maxSubscriptionsPerSocket).
	Operations int
	// AnonymousIdle is how long a websocket that acts for nobody may stay
	// open with no operation running.
	AnonymousIdle time.Duration
}

// Defaults of Limits.
const (
	DefaultSocketsPerUser      = 20
	DefaultSocketsPerAddress   = 200
	defaultOperationsPerSocket = 16
	defaultAnonymousIdle       = 60 * time.Second
)

func (l Limits) withDefaults() Limits {
	if l.PerUser <= 0 {
		l.PerUser = DefaultSocketsPerUser
	}
	if l.PerAddress <= 0 {
		l.PerAddress = DefaultSocketsPerAddress
	}
	if l.Operations <= 0 {
		l.Operations = defaultOperationsPerSocket
	}
	if l.AnonymousIdle <= 0 {
		l.AnonymousIdle = defaultAnonymousIdle
	}
	return l
}

// Close codes of the websockets' own (beside the protocol's in protocol.go).
const (
	// closeForbidden is graphql-ws's 4403 Forbidden: the credential the
	// socket acts with has ended (signed out, session ended, token revoked,
	// removed from the last organization). graphql-ws clients do not retry it.
	closeForbidden = 4403
	// closeGoingAway is the websocket's 1001: the server is stopping.
	closeGoingAway = 1001
)

// Sockets keeps the open websockets: by user, to cap how many one user
// opens and to re-check them the moment that user's access changes (every
// sign-out, session end, password change and removal is announced on
// pubsub.User); by client address, to cap those; and all of them, to
// close them with 1001 when the server stops (net/http does not track
// hijacked connections).
type Sockets struct {
	hub    *pubsub.Hub
	logger *slog.Logger
	limits Limits

	mu        sync.Mutex
	all       map[*socket]struct{}
	byUser    map[string]int
	byAddress map[string]int
	stopping  bool
}

// NewSockets returns the registry of a server's websockets. Access notices
// arrive on hub.
func NewSockets(hub *pubsub.Hub, logger *slog.Logger, limits Limits) *Sockets {
	return &Sockets{
		hub: hub, logger: logger, limits: limits.withDefaults(),
		all: map[*socket]struct{}{}, byUser: map[string]int{}, byAddress: map[string]int{},
	}
}

// CloseAll closes every open websocket with 1001 (going away) and refuses
// new ones: the server is stopping.
func (s *Sockets) CloseAll() {
	s.mu.Lock()
	s.stopping = true
	open := make([]*socket, 0, len(s.all))
	for k := range s.all {
		open = append(open, k)
	}
	s.mu.Unlock()
	for _, k := range open {
		k.close(closeGoingAway, "The server is restarting; connect again.")
	}
}

// Open counts the websockets open now.
func (s *Sockets) Open() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.all)
}

// admit makes room for a websocket from address, or answers the upgrade
// request with why not (429 past the address's cap). While the server
// stops, the websocket is let in only to be told at once to go away (1001),
// which clients take as "reconnect", as the open ones are.
func (s *Sockets) admit(w http.ResponseWriter, address string, source viewer.Source) *socket {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := &socket{reg: s, address: address, source: source}
	switch {
	case s.stopping:
		k.closed, k.unlisted = true, true
		return k
	case s.byAddress[address] >= s.limits.PerAddress:
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Too many websockets are open from this address ("+strconv.Itoa(s.limits.PerAddress)+"): close one.", http.StatusTooManyRequests)
		return nil
	}
	s.byAddress[address]++
	s.all[k] = struct{}{}
	return k
}

// socket is what Roster keeps of one websocket beside gqlgen's connection:
// whom it acts for and how to ask again, what it runs, and how to close it.
type socket struct {
	reg     *Sockets
	address string

	subscriptions atomic.Int32 // running; see subscriptionLimit
	operations    atomic.Int32 // queries and mutations running

	mu       sync.Mutex
	source   viewer.Source // the cookie's session; a bearer token's after init
	conn     *gorillaConn  // once accepted
	userID   string        // whom it acts for; "" while anonymous
	hadOrgs  bool          // the user was in an organization at the last check
	notices  *pubsub.Subscription
	checking bool        // a recheck is under way
	idle     *time.Timer // closes it while it is anonymous and idle
	running  int         // operations of any kind running
	closed   bool
	unlisted bool // admitted while stopping: counted nowhere
}

type socketKey struct{}

func withSocket(ctx context.Context, k *socket) context.Context {
	return context.WithValue(ctx, socketKey{}, k)
}

// socketOf returns the websocket an operation runs on, or nil over HTTP.
func socketOf(ctx context.Context) *socket {
	k, _ := ctx.Value(socketKey{}).(*socket)
	return k
}

// accepted records the connection once the upgrade succeeded.
func (k *socket) accepted(c *gorillaConn) {
	k.mu.Lock()
	k.conn = c
	closed := k.closed
	k.mu.Unlock()
	if closed { // closed (the server stopping) before it was accepted
		c.refuse(closeGoingAway, "The server is restarting; connect again.")
	}
}

// authenticate settles whom the socket acts for at connection_init: the
// source's viewer now. It fails when that user already has as many
// websockets as they may.
func (k *socket) authenticate(ctx context.Context, source viewer.Source) (*viewer.Viewer, error) {
	v, err := source(ctx)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	k.source = source
	k.mu.Unlock()
	if v == nil {
		k.arm() // anonymous: it may stay only while it runs something
		return nil, nil
	}
	if !k.reg.join(k, v.UserID) {
		return nil, errTooManySockets
	}
	k.mu.Lock()
	k.userID = v.UserID
	k.hadOrgs = len(v.OrganizationIDs()) > 0
	k.mu.Unlock()
	// fn runs while the hub delivers: it must return at once.
	notices := k.reg.hub.SubscribeFunc(pubsub.User(v.UserID), k.recheckSoon)
	k.mu.Lock()
	k.notices = notices
	k.mu.Unlock()
	return v, nil
}

// actedForSomeone reports whether the socket was opened for a user.
func (k *socket) actedForSomeone() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.userID != ""
}

// join counts k among userID's websockets, unless they have too many.
func (s *Sockets) join(k *socket, userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byUser[userID] >= s.limits.PerUser {
		return false
	}
	s.byUser[userID]++
	return true
}

// current reads whom the socket acts for now. A socket that acted for
// someone whose credential has ended since, or who has lost their last
// organization, is closed with 4403, and current returns nil: its
// operation then runs for nobody.
func (k *socket) current(ctx context.Context) (*viewer.Viewer, error) {
	k.mu.Lock()
	source, userID := k.source, k.userID
	k.mu.Unlock()
	if source == nil {
		return nil, nil
	}
	v, err := source(ctx)
	if err != nil {
		return nil, err
	}
	if userID == "" { // anonymous: nothing to lose
		return v, nil
	}
	if v == nil || v.UserID != userID {
		k.close(closeForbidden, "Forbidden: the session has ended; sign in again.")
		return nil, nil
	}
	hasOrgs := len(v.OrganizationIDs()) > 0
	k.mu.Lock()
	lost := k.hadOrgs && !hasOrgs
	k.hadOrgs = hasOrgs
	k.mu.Unlock()
	if lost {
		k.close(closeForbidden, "Forbidden: you are no longer a member of any organization.")
		return nil, nil
	}
	return v, nil
}

// recheckSoon re-checks the socket's access after a notice on its user's
// topic, without holding up the hub; notices that arrive while a check
// runs are covered by it only if they came before it read, so one more
// check follows.
func (k *socket) recheckSoon() {
	k.mu.Lock()
	if k.checking || k.closed {
		k.mu.Unlock()
		return
	}
	k.checking = true
	k.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		k.mu.Lock()
		k.checking = false
		k.mu.Unlock()
		if _, err := k.current(ctx); err != nil {
			k.reg.logger.Error("re-check a websocket's access", "error", err)
		}
	}()
}

// begin counts an operation that starts, and end one that ends: an
// anonymous socket with none running is closed after AnonymousIdle.
func (k *socket) begin() {
	k.mu.Lock()
	k.running++
	if k.idle != nil {
		k.idle.Stop()
	}
	k.mu.Unlock()
}

func (k *socket) end() {
	k.mu.Lock()
	k.running--
	k.mu.Unlock()
	k.arm()
}

// arm starts the idle clock of an anonymous socket with nothing running.
func (k *socket) arm() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.userID != "" || k.running > 0 || k.closed {
		return
	}
	if k.idle == nil {
		k.idle = time.AfterFunc(k.reg.limits.AnonymousIdle, k.closeIfIdle)
		return
	}
	k.idle.Reset(k.reg.limits.AnonymousIdle)
}

func (k *socket) closeIfIdle() {
	k.mu.Lock()
	idle := k.running == 0 && k.userID == ""
	k.mu.Unlock()
	if idle {
		k.close(closeUnauthorized, "Unauthorized: sign in, or send a bearer token in connection_init.")
	}
}

// close closes the websocket with code (gqlgen then ends its operations).
func (k *socket) close(code int, reason string) {
	k.mu.Lock()
	if k.closed {
		k.mu.Unlock()
		return
	}
	k.closed = true
	conn := k.conn
	k.mu.Unlock()
	if conn != nil {
		conn.refuse(code, reason)
	}
}

// gone forgets a websocket that has ended, however it ended.
func (k *socket) gone() {
	k.mu.Lock()
	k.closed = true
	if k.idle != nil {
		k.idle.Stop()
	}
	userID, notices := k.userID, k.notices
	k.mu.Unlock()
	if notices != nil {
		notices.Close()
	}
	if k.unlisted {
		return
	}
	s := k.reg
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.all, k)
	if s.byAddress[k.address]--; s.byAddress[k.address] <= 0 {
		delete(s.byAddress, k.address)
	}
	if userID != "" {
		if s.byUser[userID]--; s.byUser[userID] <= 0 {
			delete(s.byUser, userID)
		}
	}
}
