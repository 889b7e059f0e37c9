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
	"sync"
	"time"

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

// User is the topic of changes to a user's access (signing out).
func User(id string) string { return userPrefix + id }

// Transport sends a notice to every replica's hub, this one included.
type Transport interface {
	Send(ctx context.Context, topic string) error
}

// Hub fans notices out to subscriptions.
type Hub struct {
	transport Transport // nil: this process is the only one

	mu   sync.Mutex
	subs map[string]map[*Subscription]struct{}
}

// NewHub returns a hub for one process; SetTransport connects it to others.
func NewHub() *Hub { return &Hub{subs: map[string]map[*Subscription]struct{}{}} }

// SetTransport makes Publish go through t, which must call Deliver on
// every replica's hub.
func (h *Hub) SetTransport(t Transport) { h.transport = t }

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
	for s := range h.subs[topic] {
		s.signal()
	}
}

// DeliverAll signals every subscription, after a transport lost notices
// (e.g. a reconnect): everyone reads the current state again.
func (h *Hub) DeliverAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
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

// publishTimeout bounds a notice sent after a commit. The request that
// committed waits for it; a database that does not take a NOTIFY within
// this time is not going to take it at all.
const publishTimeout = 5 * time.Second

// PublishAfterCommit sends a notice on topic once tx has committed, and
// never if it rolls back. It waits at most publishTimeout, whether or not
// the caller's context has ended (the change is committed: its notice
// should go even when the caller has gone).
func (h *Hub) PublishAfterCommit(tx *ent.Tx, topic string) {
	database.AfterCommit(tx, func() {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		defer cancel()
		// A notice lost here only delays an update until the next one; the
		// change itself is committed.
		_ = h.Publish(ctx, topic)
	})
}
