// Package live streams an organization to subscribers: its seat usage
// (seatUsageChanged: the current usage at once, then the usage after each
// committed change; this file) and its changes, one event each
// (organizationChanged: changes.go). A stream ends as soon as its
// subscriber may no longer read the organization (removed, signed out, the
// organization deleted).
//
// The work of a change is done once per organization, not once per
// subscriber: a feed per organization with subscribers (one goroutine)
// hears the change notice, reads the usage and the members once, and hands
// each subscriber the latest usage, or the end of its stream. A subscriber
// that has not taken the last usage yet gets the newer one instead (a
// change stream's subscriber queues up to MaxBehind events), so a slow
// reader never holds up the feed, the writer or anyone else.
package live

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// Access tells who a subscriber is now (see viewer.Source). It returns nil
// when the subscriber is no longer signed in.
type Access = viewer.Source

// Service opens streams.
type Service struct {
	client *ent.Client
	hub    *pubsub.Hub
	logger *slog.Logger

	mu          sync.Mutex
	feeds       map[string]*feed    // seatUsageChanged's, by organization ID
	changeFeeds map[string]*changes // organizationChanged's, by organization ID
}

// NewService returns the stream service.
func NewService(client *ent.Client, hub *pubsub.Hub, logger *slog.Logger) *Service {
	return &Service{client: client, hub: hub, logger: logger, feeds: map[string]*feed{}, changeFeeds: map[string]*changes{}}
}

// SeatUsage streams the seat usage of an organization the viewer of ctx may
// read. access re-reads who the subscriber is when their session may have
// ended; the channel closes when they lose access. When ctx ends, the
// stream is dropped (the reader has gone).
func (s *Service) SeatUsage(ctx context.Context, orgID string, access Access) (<-chan *seat.Usage, error) {
	// The reads below go deep (the SQL driver's stack especially); run
	// them on a goroutine of their own, so that the caller's, which then
	// waits on the stream for as long as it lives, keeps a small stack.
	type opened struct {
		out <-chan *seat.Usage
		err error
	}
	done := make(chan opened, 1)
	go func() {
		out, err := s.open(ctx, orgID, access)
		done <- opened{out, err}
	}()
	o := <-done
	return o.out, o.err
}

func (s *Service) open(ctx context.Context, orgID string, access Access) (<-chan *seat.Usage, error) {
	// A websocket lives long: read who the subscriber is now, not when the
	// connection opened (they may have joined the organization since).
	now, err := access(ctx)
	if err != nil {
		return nil, err
	}
	ctx = viewer.NewContext(ctx, now)
	v, _, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, err
	}
	first, err := usage(ctx, s.client, orgID)
	if err != nil {
		return nil, err
	}
	sub := &subscriber{stream: stream{userID: v.UserID, program: programRole(v, orgID), ctx: ctx, access: access}, out: make(chan *seat.Usage, 1), last: *first}
	sub.out <- first
	f := s.join(orgID, sub)
	sub.session = s.hub.SubscribeFunc(pubsub.User(v.UserID), func() { f.recheck(sub) })
	context.AfterFunc(ctx, func() { leave(s, s.feeds, f, sub) })
	return sub.out, nil
}

// subscriber is one stream. Its feed is the only sender on out.
type subscriber struct {
	stream

	mu    sync.Mutex
	out   chan *seat.Usage
	last  seat.Usage
	ended bool
}

// send hands the subscriber u, if it differs from what it was last sent:
// notices repeat, only changes are sent. A newer usage replaces one the
// subscriber has not taken yet, so sending never blocks.
func (sub *subscriber) send(u seat.Usage) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.ended || u == sub.last {
		return
	}
	sub.last = u
	select {
	case <-sub.out:
	default:
	}
	sub.out <- &u
}

// end closes the stream, once.
func (sub *subscriber) end() {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if !sub.ended {
		sub.ended = true
		close(sub.out)
	}
}

// feed is the work of one organization's streams: one goroutine, however
// many subscribers.
type feed struct{ core[*subscriber] }

func (s *Service) join(orgID string, sub *subscriber) *feed {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.feeds[orgID]
	if f == nil {
		f = &feed{}
		ctx := f.start(s.hub, orgID)
		s.feeds[orgID] = f
		go s.run(ctx, f)
	}
	f.add(sub)
	return f
}

// run reads the organization after each notice, once, and hands the result
// to its subscribers; it ends the streams of those who lost access. A panic
// (in a read, or in a subscriber's Access) ends this feed and its streams,
// not the process; their clients subscribe again and get a new feed.
func (s *Service) run(ctx context.Context, f *feed) {
	defer func() {
		if p := recover(); p != nil {
			s.logger.Error("live: a feed panicked; its streams are ended", "organization", f.orgID,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			abandon(s, s.feeds, f)
		}
	}()
	sys := database.System(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.check:
			for _, sub := range f.lostAccess() {
				leave(s, s.feeds, f, sub)
			}
		case <-f.notice.C:
			s.refresh(sys, f)
		}
	}
}

func (s *Service) refresh(ctx context.Context, f *feed) {
	u, err := usage(ctx, s.client, f.orgID)
	gone := errcode.Is(err, errcode.NotFound)
	if err != nil && !gone {
		s.logger.Warn("live: reading seat usage failed", "organization", f.orgID, "error", err)
		return
	}
	var members map[string]bool
	if !gone {
		if members, err = memberIDs(ctx, s.client, f.orgID); err != nil {
			s.logger.Warn("live: reading members failed", "organization", f.orgID, "error", err)
			return
		}
	}
	for _, sub := range f.subscribers() {
		if gone || (sub.program == "" && !members[sub.userID]) {
			leave(s, s.feeds, f, sub)
		} else {
			sub.send(*u)
		}
	}
}

func usage(ctx context.Context, client *ent.Client, orgID string) (*seat.Usage, error) {
	org, err := client.Organization.Get(ctx, orgID)
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("organization")
	}
	if err != nil {
		return nil, err
	}
	u, err := seat.Of(ctx, client, org)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

func memberIDs(ctx context.Context, client *ent.Client, orgID string) (map[string]bool, error) {
	ids, err := client.Membership.Query().
		Where(membership.OrganizationID(orgID)).
		Select(membership.FieldUserID).
		Strings(ctx)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

// programRole is a program's role in orgID, "" for a person.
func programRole(v *viewer.Viewer, orgID string) policy.Role {
	if !v.Program() {
		return ""
	}
	r, _ := v.Role(orgID)
	return r
}
