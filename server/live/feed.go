package live

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
)

// stream is what every subscriber has, whatever it streams: who subscribes,
// how to read who they are now, and the notices of their session.
type stream struct {
	userID string
	// program is the fixed role of a program subscriber (an API key or
	// OAuth client, which has no membership row); "" for a person. Its
	// access ends when its credential does, which its notices re-check.
	program policy.Role
	ctx     context.Context
	access  Access
	session *pubsub.Subscription
	suspect atomic.Bool // the session may have ended: check access
}

func (st *stream) base() *stream { return st }

// streamer is a subscriber of one kind of feed.
type streamer interface {
	comparable
	base() *stream
	end() // completes the stream, once
}

// core is what every feed has: its organization, its notices, and its
// subscribers. A feed type embeds it and runs one goroutine over it.
type core[S streamer] struct {
	orgID  string
	notice *pubsub.Subscription
	check  chan struct{} // a subscriber is suspect
	stop   context.CancelFunc

	mu   sync.Mutex
	subs map[S]struct{}
}

// start makes c the core of a new feed of orgID, and returns the context
// its goroutine runs in until the feed stops.
func (c *core[S]) start(hub *pubsub.Hub, orgID string) context.Context {
	ctx, stop := context.WithCancel(context.Background())
	c.orgID, c.stop = orgID, stop
	c.notice = hub.Subscribe(pubsub.Organization(orgID))
	c.check = make(chan struct{}, 1)
	c.subs = map[S]struct{}{}
	return ctx
}

func (c *core[S]) self() *core[S] { return c }

// recheck marks sub's access for checking; it runs inside the hub's
// delivery, so it only marks and signals.
func (c *core[S]) recheck(sub S) {
	sub.base().suspect.Store(true)
	select {
	case c.check <- struct{}{}:
	default:
	}
}

func (c *core[S]) add(sub S) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.subs[sub] = struct{}{}
}

// remove takes sub out, and reports whether none is left.
func (c *core[S]) remove(sub S) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.subs, sub)
	return len(c.subs) == 0
}

func (c *core[S]) subscribers() []S {
	c.mu.Lock()
	defer c.mu.Unlock()
	subs := make([]S, 0, len(c.subs))
	for sub := range c.subs {
		subs = append(subs, sub)
	}
	return subs
}

// lostAccess returns the suspect subscribers who may no longer read the
// organization (signed out, session ended), reading each one's access
// again; the others are no longer suspect.
func (c *core[S]) lostAccess() []S {
	var lost []S
	for _, sub := range c.subscribers() {
		st := sub.base()
		if !st.suspect.Swap(false) {
			continue
		}
		now, err := st.access(st.ctx)
		if err != nil || now == nil || !now.Can(c.orgID, policy.UseProducts) {
			lost = append(lost, sub)
		}
	}
	return lost
}

// feedOf is a feed type: a pointer to a struct embedding core[S].
type feedOf[S streamer] interface {
	comparable
	self() *core[S]
}

// leave ends sub's stream; the feed f, one of feeds (a map of the
// Service's, under its mu), stops with its last subscriber.
func leave[F feedOf[S], S streamer](s *Service, feeds map[string]F, f F, sub S) {
	if st := sub.base(); st.session != nil {
		st.session.Close()
	}
	sub.end()
	c := f.self()
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.remove(sub) && feeds[c.orgID] == f {
		delete(feeds, c.orgID)
		c.stop()
		c.notice.Close()
	}
}

// abandon ends a feed whose goroutine has stopped (it panicked): new
// subscribers get a new feed, and every stream of this one ends.
func abandon[F feedOf[S], S streamer](s *Service, feeds map[string]F, f F) {
	c := f.self()
	s.mu.Lock()
	if feeds[c.orgID] == f {
		delete(feeds, c.orgID)
	}
	s.mu.Unlock() // from here no subscriber joins f
	c.stop()
	c.notice.Close()
	for _, sub := range c.subscribers() {
		leave(s, feeds, f, sub)
	}
}
