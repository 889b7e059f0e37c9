// Package live streams an organization's seat usage to subscribers: the
// current usage at once, then the usage after each committed change. A
// stream ends as soon as its subscriber may no longer read the organization
// (removed, signed out, the organization deleted).
package live

import (
	"context"
	"log/slog"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// Access tells who a subscriber is now. It returns nil when the subscriber
// is no longer signed in.
type Access func(ctx context.Context) (*viewer.Viewer, error)

// Service opens streams.
type Service struct {
	client *ent.Client
	hub    *pubsub.Hub
	logger *slog.Logger
}

// NewService returns the stream service.
func NewService(client *ent.Client, hub *pubsub.Hub, logger *slog.Logger) *Service {
	return &Service{client: client, hub: hub, logger: logger}
}

// SeatUsage streams the seat usage of an organization the viewer of ctx may
// read. access re-reads who the subscriber is after each notice, so that
// the stream ends once they lose access; the channel closes then, or when
// ctx ends.
func (s *Service) SeatUsage(ctx context.Context, orgID string, access Access) (<-chan *seat.Usage, error) {
	v, _, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, err
	}
	sub := s.hub.Subscribe(pubsub.Organization(orgID), pubsub.User(v.UserID))
	first, err := s.usage(ctx, orgID)
	if err != nil {
		sub.Close()
		return nil, err
	}
	out := make(chan *seat.Usage, 1)
	out <- first
	go func() {
		defer close(out)
		defer sub.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case <-sub.C:
			}
			now, err := access(ctx)
			if err != nil {
				s.logger.Warn("live: re-reading a subscriber failed", "error", err)
				return
			}
			if now == nil || !now.Can(orgID, policy.UseProducts) {
				return
			}
			u, err := s.usage(viewer.NewContext(ctx, now), orgID)
			if err != nil {
				if !errcode.Is(err, errcode.NotFound) {
					s.logger.Warn("live: reading seat usage failed", "error", err)
				}
				return
			}
			// The latest usage replaces one the subscriber has not taken yet.
			select {
			case <-out:
			default:
			}
			out <- u
		}
	}()
	return out, nil
}

func (s *Service) usage(ctx context.Context, orgID string) (*seat.Usage, error) {
	org, err := s.client.Organization.Get(ctx, orgID)
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("organization")
	}
	if err != nil {
		return nil, err
	}
	u, err := seat.Of(ctx, s.client, org)
	if err != nil {
		return nil, err
	}
	return &u, nil
}
