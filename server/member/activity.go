package member

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/predicate"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/seat"
)

// Activity keeps Membership.lastActiveAt: the day (00:00 UTC) a member last
// signed in or used Roster in the organization.
//
// It stays off the requests' path. A request notes that a person acted in
// an organization (Note: viewer.Touch calls it, see there for when); the
// note is dropped at once when this process already noted that member
// today (a small LRU of who was noted on which day), and otherwise queued.
// A worker (Run) writes the queue in batches, one conditional UPDATE per
// day and batch:
//
//	UPDATE memberships SET last_active_at = <today>
//	WHERE (organization_id, user_id) IN (…) AND (last_active_at IS NULL OR last_active_at < <today>)
//
// so a member is written at most once a day however many requests they
// make, and a second replica noting the same member changes no row. The
// queue is written when Run stops (shutdown) too. Programs (API keys, OAuth
// clients) are no members: they are never noted. The LRU knows people by
// organization and user, not by membership: someone removed and invited
// back the same day shows their new membership's first day from the next.
type Activity struct {
	client *ent.Client
	clock  database.Clock
	logger *slog.Logger
	seen   *lru.Cache[activityKey, time.Time] // member -> the day last noted

	mu      sync.Mutex
	pending map[time.Time]map[activityKey]bool // day -> members to write
	wake    chan struct{}

	// flushing is held through a Flush, so that one that finds the queue
	// emptied by another (the worker's) returns only once that one's
	// writes are done.
	flushing sync.Mutex
}

type activityKey struct{ orgID, userID string }

// activitySeen is how many members' last day the LRU keeps: past it, a
// member noted again the same day costs one UPDATE that changes nothing.
const activitySeen = 50_000

// activityDelay is how long the worker gathers notes before writing them.
const activityDelay = 200 * time.Millisecond

// NewActivity returns the activity recorder of client, telling the day by
// clock (the real time when nil).
func NewActivity(client *ent.Client, clock database.Clock, logger *slog.Logger) *Activity {
	if clock == nil {
		clock = database.SystemClock{}
	}
	seen, _ := lru.New[activityKey, time.Time](activitySeen)
	return &Activity{client: client, clock: clock, logger: logger, seen: seen,
		pending: map[time.Time]map[activityKey]bool{}, wake: make(chan struct{}, 1)}
}

// Note records that userID used Roster in orgID now. It does not wait for
// the database.
func (a *Activity) Note(userID, orgID string) {
	if a == nil || userID == "" || orgID == "" {
		return
	}
	day := seat.Day(a.clock.Now())
	k := activityKey{orgID: orgID, userID: userID}
	if last, ok := a.seen.Get(k); ok && !last.Before(day) {
		return
	}
	a.seen.Add(k, day)
	a.mu.Lock()
	if a.pending[day] == nil {
		a.pending[day] = map[activityKey]bool{}
	}
	a.pending[day][k] = true
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// Run writes the noted activity until ctx is done, then writes what is
// left.
func (a *Activity) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			a.flushLogged(context.WithoutCancel(ctx))
			return
		case <-a.wake:
		}
		select { // gather the notes of a burst into one batch
		case <-ctx.Done():
		case <-time.After(activityDelay):
		}
		a.flushLogged(context.WithoutCancel(ctx))
	}
}

func (a *Activity) flushLogged(ctx context.Context) {
	if err := a.Flush(ctx); err != nil && a.logger != nil {
		a.logger.WarnContext(ctx, "record members' activity", "error", err)
	}
}

// Flush writes the noted activity now: when it returns, what was noted
// before it was called is written (or the error says why not).
func (a *Activity) Flush(ctx context.Context) error {
	a.flushing.Lock()
	defer a.flushing.Unlock()
	a.mu.Lock()
	pending := a.pending
	a.pending = map[time.Time]map[activityKey]bool{}
	a.mu.Unlock()
	days := make([]time.Time, 0, len(pending))
	for day := range pending {
		days = append(days, day)
	}
	slices.SortFunc(days, func(x, y time.Time) int { return x.Compare(y) })
	ctx = database.System(ctx) // the members of any organization, noted by their own requests
	for _, day := range days {
		keys := make([]activityKey, 0, len(pending[day]))
		for k := range pending[day] {
			keys = append(keys, k)
		}
		for batch := range slices.Chunk(keys, database.Batch/2) {
			who := make([]predicate.Membership, len(batch))
			for i, k := range batch {
				who[i] = membership.And(membership.OrganizationID(k.orgID), membership.UserID(k.userID))
			}
			_, err := a.client.Membership.Update().
				Where(membership.Or(who...), membership.Or(membership.LastActiveAtIsNil(), membership.LastActiveAtLT(day))).
				SetLastActiveAt(day).
				Save(ctx)
			if err != nil {
				// Forget them, so that their next request notes them again.
				for _, k := range batch {
					a.seen.Remove(k)
				}
				return err
			}
		}
	}
	return nil
}
