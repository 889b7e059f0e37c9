package databasetest

import (
	"sync"
	"time"
)

// Clock is a database.Clock (not imported: database's own tests use this
// package) that tests move: the real time plus an offset
// that only Advance changes, so that time still passes between the steps of
// a test, in order, while a lifetime of hours elapses at once. Advance wakes
// whoever asked (the invitation sweeper), so a test need not wait for a
// timer either.
type Clock struct {
	mu        sync.Mutex
	offset    time.Duration
	onAdvance []func()
}

// NewClock returns a clock at the real time.
func NewClock() *Clock { return &Clock{} }

// Now returns the real time plus the clock's offset, by database.Now's rule.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Truncate(time.Microsecond).Add(c.offset)
}

// Advance moves the clock forward by d, then calls what OnAdvance was given.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	fns := append([]func(){}, c.onAdvance...)
	c.mu.Unlock()
	for _, f := range fns {
		f()
	}
}

// OnAdvance has f called after each Advance.
func (c *Clock) OnAdvance(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onAdvance = append(c.onAdvance, f)
}
