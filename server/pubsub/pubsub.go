// Package pubsub carries change notices from the transaction that committed
// a change to everyone waiting for it, on every replica: "the seats of
// organization X changed", "user Y signed out". A notice carries no data;
// whoever receives it reads the current state, so notices can be merged
// (a slow subscriber gets the latest state, never a growing queue) and a
// notice is never sent for a change that was rolled back.
//
// Within one process the Hub delivers notices itself. With several replicas
// on PostgreSQL, Publish goes through NOTIFY and every replica's listener
// delivers what it hears (see postgres.go); the seam is the Transport, so
// another broker (a changefeed, NATS) is a new Transport, not a rewrite.
package pubsub

import (
	"context"
	"strings"
	"sync"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
)

// Topics.
const (
	organizationPrefix = "org:"
	userPrefix         = "user:"
)

// Organization is the topic of changes to an organization's seats and
// members.
func Organization(id string) string { return organizationPrefix + id }

// User is the topic of changes to a user's access: their sessions (signing
// out), their account (a verified email, a new name) and their memberships
// (joining, a new role, removal).
func User(id string) string { return userPrefix + id }

// UserOf returns the user of a User topic, and false for another topic.
func UserOf(topic string) (string, bool) { return strings.CutPrefix(topic, userPrefix) }

// Transport sends a notice to every replica's hub, this one included.
type Transport interface {
	// Send sends the notice now.
	Send(ctx context.Context, topic string) error
	// SendInTx makes the notice part of tx: it goes out when tx commits,
	// and never if tx rolls back.
	SendInTx(ctx context.Context, tx *ent.Tx, topic string) error
}

// Hub fans notices out to subscriptions.
type Hub struct {
	transport Transport // nil: this process is the only one

	mu        sync.Mutex
	subs      map[string]map[*Subscription]struct{}
	observers []func(topic string)
}

// NewHub returns a hub for one process; SetTransport connects it to others.
func NewHub() *Hub { return &Hub{subs: map[string]map[*Subscription]struct{}{}} }

// SetTransport makes Publish go through t, which must call Deliver on
// every replica's hub.
func (h *Hub) SetTransport(t Transport) { h.transport = t }

// Observe has fn hear every notice delivered in this process, whatever its
// topic, before the subscriptions do; an empty topic means that notices may
// have been lost (the transport reconnected). Without a transport, a
// notice published in a transaction is delivered when it commits, before
// the request that made the change answers. It is for a cache that must
// forget what a change made stale; fn runs while the hub delivers, so it
// must return at once and must not call the hub. Call it before serving.
func (h *Hub) Observe(fn func(topic string)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.observers = append(h.observers, fn)
}

// Local reports whether notices stay in this process (no transport).
func (h *Hub) Local() bool { return h.transport == nil }

// Subscription receives a signal on C after each notice on its topics.
// Signals merge: C holds at most one.
type Subscription struct {
	C      <-chan struct{}
	c      chan struct{}
	fn     func()
	hub    *Hub
	topics []string
	once   sync.Once
}

// Subscribe returns a subscription to the given topics.
func (h *Hub) Subscribe(topics ...string) *Subscription {
	c := make(chan struct{}, 1)
	return h.add(&Subscription{C: c, c: c, hub: h, topics: topics})
}

// SubscribeFunc calls fn after each notice on topic, instead of signaling
// a channel: no goroutine waits per subscription. fn runs while the hub
// delivers, so it must return at once and must not call the hub.
func (h *Hub) SubscribeFunc(topic string, fn func()) *Subscription {
	return h.add(&Subscription{fn: fn, hub: h, topics: []string{topic}})
}

func (h *Hub) add(s *Subscription) *Subscription {
	topics := s.topics
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, t := range topics {
		if h.subs[t] == nil {
			h.subs[t] = map[*Subscription]struct{}{}
		}
		h.subs[t][s] = struct{}{}
	}
	return s
}

// Close ends the subscription.
func (s *Subscription) Close() {
	s.once.Do(func() {
		h := s.hub
		h.mu.Lock()
		defer h.mu.Unlock()
		for _, t := range s.topics {
			delete(h.subs[t], s)
			if len(h.subs[t]) == 0 {
				delete(h.subs, t)
			}
		}
	})
}

// Deliver signals every subscription of topic in this process. It never
// blocks: a subscription that has not taken its last signal keeps it.
func (h *Hub) Deliver(topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, fn := range h.observers {
		fn(topic)
	}
	for s := range h.subs[topic] {
		s.signal()
	}
}

// DeliverAll signals every subscription, after a transport lost notices
// (e.g. a reconnect): everyone reads the current state again.
func (h *Hub) DeliverAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, fn := range h.observers {
		fn("")
	}
	for _, subs := range h.subs {
		for s := range subs {
			s.signal()
		}
	}
}

func (s *Subscription) signal() {
	if s.fn != nil {
		s.fn()
		return
	}
	select {
	case s.c <- struct{}{}:
	default:
	}
}

// Publish sends a notice on topic to every replica now.
func (h *Hub) Publish(ctx context.Context, topic string) error {
	if h.transport == nil {
		h.Deliver(topic)
		return nil
	}
	return h.transport.Send(ctx, topic)
}

// PublishInTx announces a change that tx makes: the notice goes out when tx
// commits, and never if it rolls back. With a transport the notice is part
// of the transaction itself (PostgreSQL's NOTIFY is delivered at commit, in
// commit order, by the database); in one process, it is delivered here
// right after the commit.
func (h *Hub) PublishInTx(ctx context.Context, tx *ent.Tx, topic string) error {
	if h.transport == nil {
		database.AfterCommit(tx, func() { h.Deliver(topic) })
		return nil
	}
	return h.transport.SendInTx(ctx, tx, topic)
}
