package session

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/rosterhq/roster/server/pubsub"
)

// The cache of sessions read, for a server alone on its database (SQLite):
// the browsers active at once, each kept at most cacheTTL.
const (
	cacheSize = 10_000
	cacheTTL  = time.Minute
)

// cache keeps what read found for each token (the session and who it
// belongs to, with their roles), so that a request of a server alone on
// its database costs no statement to authenticate. It is exact there: every
// change of a session, an account or a membership announces the user's
// topic in its transaction (signing out, a password change, server/change's
// events, a verified email, a new name), and without a transport the hub
// delivers it as the transaction commits, before the request that made the
// change answers; the cache forgets that user's entries then. Servers that
// share a PostgreSQL database never use it: another replica hears a change
// later than its author's next request may arrive
// (TestReplicasForgetAccessAtOnce), so they read afresh every time.
type cache struct {
	lru *expirable.LRU[string, *row]

	mu     sync.Mutex
	byUser map[string]map[string]struct{} // user ID -> token hashes cached

	// forgotten counts what was forgotten: a read that a forgetting may
	// have made stale does not fill the cache.
	forgotten atomic.Uint64
}

func newCache(hub *pubsub.Hub) *cache {
	c := &cache{byUser: map[string]map[string]struct{}{}}
	c.lru = expirable.NewLRU(cacheSize, c.evicted, cacheTTL)
	hub.Observe(func(topic string) {
		if topic == "" {
			c.forgotten.Add(1)
			c.lru.Purge()
			return
		}
		if userID, ok := pubsub.UserOf(topic); ok {
			c.forgetUser(userID)
		}
	})
	return c
}

// get returns the cached read of a token hash, unless its session has
// expired since.
func (c *cache) get(hash string, now time.Time) (*row, bool) {
	r, ok := c.lru.Get(hash)
	if !ok || !r.expiresAt.After(now) {
		return nil, false
	}
	return r, true
}

// put caches r unless something was forgotten since the read began (mark).
func (c *cache) put(hash string, r *row, mark uint64) {
	if r.viewer == nil || c.forgotten.Load() != mark {
		return
	}
	userID := r.viewer.UserID
	c.mu.Lock()
	if c.byUser[userID] == nil {
		c.byUser[userID] = map[string]struct{}{}
	}
	c.byUser[userID][hash] = struct{}{}
	c.mu.Unlock()
	c.lru.Add(hash, r)
	if c.forgotten.Load() != mark { // forgotten while it was being added
		c.lru.Remove(hash)
	}
}

// forget drops one token's entry.
func (c *cache) forget(hash string) {
	c.forgotten.Add(1)
	c.lru.Remove(hash)
}

// forgetUser drops every entry of a user.
func (c *cache) forgetUser(userID string) {
	c.forgotten.Add(1)
	c.mu.Lock()
	hashes := make([]string, 0, len(c.byUser[userID]))
	for h := range c.byUser[userID] {
		hashes = append(hashes, h)
	}
	c.mu.Unlock()
	for _, h := range hashes {
		c.lru.Remove(h)
	}
}

// evicted keeps byUser in step with the LRU. It runs under the LRU's lock;
// forgetUser releases c.mu before removing, so the two never wait on each
// other.
func (c *cache) evicted(hash string, r *row) {
	c.mu.Lock()
	defer c.mu.Unlock()
	userID := r.viewer.UserID
	if hs := c.byUser[userID]; hs != nil {
		delete(hs, hash)
		if len(hs) == 0 {
			delete(c.byUser, userID)
		}
	}
}
