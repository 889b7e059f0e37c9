package live

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/ent/organization"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/globalid"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// Change is one event of organizationChanged, as one subscriber gets it.
type Change struct {
	Kind           change.Kind
	Sequence       int
	OrganizationID string
	SeatUsage      seat.Usage
	MembershipID   string // the membership acted on; "" when none
	InvitationID   string // the invitation acted on; "" when none
	ViewerRole     policy.Role
	At             time.Time

	// What rolesAfter needs: the user whose role the change set (the new
	// owner, for a transfer), their role before it, and the other user
	// whose role it set (the previous owner).
	user, otherUser string
	roleBefore      policy.Role
}

// MaxBehind is how many events a subscriber may have waiting: one that
// falls further behind has its stream completed (it resubscribes and
// refetches, as after any gap).
const MaxBehind = 1000

// Changes streams an organization's committed changes to a subscriber who
// may read it (organizationChanged): SUBSCRIBED with the state now, then
// each change in the order of its number, on every replica, until the
// subscriber loses access. ctx is the subscription's: the viewer it
// carries is kept current, so the fields resolved inside each event see the
// subscriber as they are when it is delivered.
//
// The changes are read from the audit trail, where change.Record numbered
// them, by one feed per organization: a notice only says "read again", so
// notices lost in a reconnect cost no event, and every replica reads the
// same events in the same order.
func (s *Service) Changes(ctx context.Context, orgID string, access Access) (<-chan *Change, error) {
	type opened struct {
		out <-chan *Change
		err error
	}
	done := make(chan opened, 1)
	go func() { // on its own stack, as SeatUsage does
		out, err := s.openChanges(ctx, orgID, access)
		done <- opened{out, err}
	}()
	o := <-done
	return o.out, o.err
}

func (s *Service) openChanges(ctx context.Context, orgID string, access Access) (<-chan *Change, error) {
	now, err := access(ctx)
	if err != nil {
		return nil, err
	}
	// The subscription's own viewer, which the feed keeps current.
	viewer.Replace(ctx, now)
	if _, _, err := viewer.Require(viewer.NewContext(ctx, now), orgID, policy.UseProducts); err != nil {
		return nil, err
	}
	sub := &changeSub{
		stream: stream{userID: now.UserID, program: programRole(now, orgID), ctx: ctx, access: access}, viewer: now,
		out: make(chan *Change, 16), joined: make(chan error, 1),
	}
	f := s.changeFeed(orgID)
	select {
	case f.joins <- sub:
	case <-f.done:
		return nil, errcode.New(errcode.Internal, "The organization's live feed stopped; subscribe again.")
	}
	if err := <-sub.joined; err != nil {
		return nil, err
	}
	sub.session = s.hub.SubscribeFunc(pubsub.User(now.UserID), func() { f.recheck(sub) })
	context.AfterFunc(ctx, func() { leave(s, s.changeFeeds, f, sub) })
	return sub.out, nil
}

// changeSub is one organizationChanged stream.
type changeSub struct {
	stream
	viewer *viewer.Viewer // in the subscription's context; its role here is kept current
	joined chan error     // the feed's answer to the join

	from int // the last number handed to this subscriber; only the feed touches it

	mu      sync.Mutex
	out     chan *Change
	queue   []*Change // waiting for room in out
	pumping bool      // a goroutine is moving queue into out
	ended   bool
	closed  bool
}

// send hands c to the subscriber without ever blocking the feed: into out
// when there is room and nothing waits before it, else into the queue, which
// a goroutine of this subscriber's drains while it has anything. A
// subscriber with more than MaxBehind waiting is ended.
func (sub *changeSub) send(c *Change) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.ended {
		return
	}
	if len(sub.queue) == 0 && !sub.pumping {
		select {
		case sub.out <- c:
			return
		default:
		}
	}
	if len(sub.queue) >= MaxBehind {
		sub.endLocked()
		return
	}
	sub.queue = append(sub.queue, c)
	if !sub.pumping {
		sub.pumping = true
		go sub.pump()
	}
}

func (sub *changeSub) pump() {
	for {
		sub.mu.Lock()
		if sub.ended || len(sub.queue) == 0 {
			sub.pumping = false
			sub.closeLocked()
			sub.mu.Unlock()
			return
		}
		c := sub.queue[0]
		sub.queue[0] = nil
		sub.queue = sub.queue[1:]
		sub.mu.Unlock()
		select {
		case sub.out <- c:
		case <-sub.ctx.Done():
			sub.mu.Lock()
			sub.pumping = false
			sub.endLocked()
			sub.mu.Unlock()
			return
		}
	}
}

// end completes the stream: what waits is dropped.
func (sub *changeSub) end() {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.endLocked()
}

func (sub *changeSub) endLocked() {
	sub.ended = true
	sub.queue = nil
	sub.closeLocked()
}

// closeLocked closes out once the stream has ended and no pump sends on it.
func (sub *changeSub) closeLocked() {
	if sub.ended && !sub.pumping && !sub.closed {
		sub.closed = true
		close(sub.out)
	}
}

// changes is the work of one organization's organizationChanged streams: one
// goroutine reads each change once and hands it to every subscriber.
type changes struct {
	core[*changeSub]
	joins chan *changeSub
	done  chan struct{} // closed when the goroutine has stopped
	last  int           // the last number read; -1 until the first join
}

func (s *Service) changeFeed(orgID string) *changes {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.changeFeeds[orgID]; f != nil {
		return f
	}
	f := &changes{joins: make(chan *changeSub), done: make(chan struct{}), last: -1}
	ctx := f.start(s.hub, orgID)
	s.changeFeeds[orgID] = f
	go s.runChanges(ctx, f)
	return f
}

// runChanges admits subscribers and reads the changes after each notice. A
// panic ends this feed and its streams, not the process.
func (s *Service) runChanges(ctx context.Context, f *changes) {
	defer close(f.done)
	defer func() {
		if p := recover(); p != nil {
			s.logger.Error("live: an organization's change feed panicked; its streams are ended", "organization", f.orgID,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			s.abandonChanges(f)
		}
	}()
	sys := database.System(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case sub := <-f.joins:
			s.admit(sys, f, sub)
		case <-f.check:
			for _, sub := range f.lostAccess() {
				leave(s, s.changeFeeds, f, sub)
			}
		case <-f.notice.C:
			s.readChanges(sys, f)
		}
	}
}

// abandonChanges ends a feed that panicked, and refuses the joins waiting.
func (s *Service) abandonChanges(f *changes) {
	abandon(s, s.changeFeeds, f)
	for {
		select {
		case sub := <-f.joins:
			sub.joined <- errcode.New(errcode.Internal, "The organization's live feed stopped; subscribe again.")
			continue
		default:
		}
		return
	}
}

// admit reads the state now for a new subscriber (SUBSCRIBED), then has
// it receive every change after that number. The feed reads and hands out
// changes in this same goroutine, so the subscriber misses none and gets
// none twice.
func (s *Service) admit(ctx context.Context, f *changes, sub *changeSub) {
	hello, err := s.stateNow(ctx, f.orgID, sub.userID, sub.program)
	if err != nil {
		sub.joined <- err
		return
	}
	sub.viewer.SetRole(f.orgID, hello.ViewerRole)
	sub.from = hello.Sequence
	sub.send(hello)
	f.add(sub)
	sub.joined <- nil
	if f.last < 0 {
		f.last = hello.Sequence
	} else if hello.Sequence > f.last {
		// Changes committed that the feed has not read yet (its notice is
		// on the way): read them now for the others.
		s.readChanges(ctx, f)
	}
}

// stateNow is the SUBSCRIBED event of a user: the organization's change
// number, its seat usage and the user's role now; NOT_FOUND when the
// organization is gone or they are no member of it.
func (s *Service) stateNow(ctx context.Context, orgID, userID string, program policy.Role) (*Change, error) {
	org, err := s.client.Organization.Get(ctx, orgID)
	if err != nil {
		return nil, notFoundAsOrganization(err)
	}
	m := &ent.Membership{Role: program} // a program's role is its own
	if program == "" {
		m, err = s.client.Membership.Query().
			Where(membership.OrganizationID(orgID), membership.UserID(userID)).
			Only(ctx)
		if err != nil {
			return nil, notFoundAsOrganization(err)
		}
	}
	u, err := seat.Of(ctx, s.client, org)
	if err != nil {
		return nil, err
	}
	return &Change{Kind: change.KindSubscribed, Sequence: org.ChangeSequence, OrganizationID: orgID,
		SeatUsage: u, ViewerRole: m.Role, At: database.Now()}, nil
}

// notFoundAsOrganization is the error a subscriber gets for a row not
// found: the organization is not theirs to see.
func notFoundAsOrganization(err error) error {
	if ent.IsNotFound(err) {
		return errcode.NotFoundf("organization")
	}
	return err
}

// readChanges reads the changes numbered after the last read, and the
// members' roles as they are after the last of them; it hands each
// subscriber the changes after its own last, each with the subscriber's
// role after that change. A subscriber whose access ends with a change
// gets none from that change on: its stream completes.
func (s *Service) readChanges(ctx context.Context, f *changes) {
	if f.last < 0 {
		return
	}
	var read []*Change
	var roles map[string]policy.Role
	// The roles must be those after the last change read: read again
	// while changes commit between reading the changes and the roles.
	for settled := false; !settled; {
		more, err := s.changesAfter(ctx, f)
		if err != nil {
			s.logger.Warn("live: reading an organization's changes failed", "organization", f.orgID, "error", err)
			return
		}
		read = append(read, more...)
		var gone bool
		roles, gone, settled, err = s.rolesAt(ctx, f.orgID, f.last)
		if err != nil {
			s.logger.Warn("live: reading members failed", "organization", f.orgID, "error", err)
			return
		}
		if gone {
			for _, sub := range f.subscribers() {
				leave(s, s.changeFeeds, f, sub)
			}
			return
		}
	}
	for _, sub := range f.subscribers() {
		now, member := roles[sub.userID]
		if sub.program != "" {
			now, member = sub.program, true
		}
		after := rolesAfter(read, sub.userID, now, member)
		ended := false
		for i, c := range read {
			if c.Sequence <= sub.from {
				continue
			}
			if after[i] == "" { // this change ended their access
				ended = true
				break
			}
			sub.viewer.SetRole(f.orgID, after[i])
			mine := *c
			mine.ViewerRole = after[i]
			sub.send(&mine)
			sub.from = c.Sequence
		}
		if ended || !member {
			leave(s, s.changeFeeds, f, sub)
		}
	}
}

// changesAfter reads the organization's changes numbered after f.last, in
// order, and moves f.last to the last read.
func (s *Service) changesAfter(ctx context.Context, f *changes) ([]*Change, error) {
	var read []*Change
	for {
		rows, err := s.client.AuditEvent.Query().
			Where(auditevent.OrganizationID(f.orgID), auditevent.SequenceGT(f.last)).
			Order(ent.Asc(auditevent.FieldSequence)).
			Limit(database.Batch).
			All(ctx)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			read = append(read, changeOf(row))
			f.last = *row.Sequence
		}
		if len(rows) < database.Batch {
			return read, nil
		}
	}
}

// rolesAt returns the organization's members' roles by user ID, whether the
// organization is gone, and whether the roles are those after change
// number last: its counter read last both before and after them.
func (s *Service) rolesAt(ctx context.Context, orgID string, last int) (roles map[string]policy.Role, gone, settled bool, err error) {
	counter := func() (int, error) {
		org, err := s.client.Organization.Query().Where(organization.ID(orgID)).
			Select(organization.FieldChangeSequence).Only(ctx)
		if err != nil {
			return 0, err
		}
		return org.ChangeSequence, nil
	}
	before, err := counter()
	if ent.IsNotFound(err) {
		return nil, true, true, nil
	}
	if err != nil {
		return nil, false, false, err
	}
	ms, err := s.client.Membership.Query().
		Where(membership.OrganizationID(orgID)).
		Select(membership.FieldUserID, membership.FieldRole).
		All(ctx)
	if err != nil {
		return nil, false, false, err
	}
	after, err := counter()
	if ent.IsNotFound(err) {
		return nil, true, true, nil
	}
	if err != nil {
		return nil, false, false, err
	}
	roles = make(map[string]policy.Role, len(ms))
	for _, m := range ms {
		roles[m.UserID] = m.Role
	}
	return roles, false, before == last && after == last, nil
}

// rolesAfter returns a user's role after each of the changes read, from
// their role after the last (now; member is false when they have none),
// by undoing the changes from the last to the first: "" where they had no
// role.
func rolesAfter(read []*Change, userID string, now policy.Role, member bool) []policy.Role {
	after := make([]policy.Role, len(read))
	cur := policy.Role("")
	if member {
		cur = now
	}
	for i := len(read) - 1; i >= 0; i-- {
		after[i] = cur
		c := read[i]
		if c.user != userID && c.otherUser != userID {
			continue
		}
		switch c.Kind {
		case change.KindMemberJoined:
			cur = ""
		case change.KindMemberRemoved, change.KindMemberLeft, change.KindMemberRoleChanged:
			cur = c.roleBefore
		case change.KindOwnershipTransferred:
			if c.user == userID { // the new owner
				cur = c.roleBefore
			} else { // the previous owner
				cur = policy.Owner
			}
		}
	}
	return after
}

// changeOf is the event an audit row records.
func changeOf(row *ent.AuditEvent) *Change {
	kind, _ := change.Action(row.Action).Kind()
	c := &Change{
		Kind: kind, Sequence: *row.Sequence, OrganizationID: row.OrganizationID, At: row.CreatedAt,
		SeatUsage: seat.Usage{OrganizationID: row.OrganizationID, Active: deref(row.SeatsActive), Pending: deref(row.SeatsPending), Total: deref(row.SeatsTotal)},
	}
	c.user, _ = row.Data["user"].(string)
	switch kind {
	case change.KindMemberRemoved, change.KindMemberLeft:
		r, _ := row.Data["role"].(string)
		c.roleBefore = policy.Role(r)
	case change.KindMemberRoleChanged:
		r, _ := row.Data["from"].(string)
		c.roleBefore = policy.Role(r)
	case change.KindOwnershipTransferred:
		c.user, _ = row.Data["to"].(string)
		c.otherUser, _ = row.Data["from"].(string)
		r, _ := row.Data["toPreviousRole"].(string)
		c.roleBefore = policy.Role(r)
	}
	switch table, _ := globalid.Table(row.TargetID); table {
	case "memberships":
		c.MembershipID = row.TargetID
	case "invitations":
		c.InvitationID = row.TargetID
		if m, ok := row.Data["membership"].(string); ok { // an acceptance names what it became
			c.MembershipID = m
		}
	}
	return c
}

func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}
