package server_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

const seatSubscription = `subscription($o: ID!) { seatUsageChanged(organizationID: $o) { organizationID active pending used total available } }`

type usage struct {
	SeatUsageChanged struct{ Active, Pending, Used, Total, Available int }
}

// nextUsage waits for the next seat usage on a stream.
func nextUsage(t *testing.T, s *servertest.Stream) usage {
	t.Helper()
	return nextUsageWithin(t, s, 5*time.Second)
}

// nextUsageWithin waits up to timeout for the next seat usage on a stream.
func nextUsageWithin(t *testing.T, s *servertest.Stream, timeout time.Duration) usage {
	t.Helper()
	ev, ok := s.Next(timeout)
	if !ok {
		t.Fatalf("no event within %s", timeout)
	}
	if len(ev.Errors) > 0 || ev.Done || ev.Closed {
		t.Fatalf("want seat usage, got %+v", ev)
	}
	var u usage
	if err := json.Unmarshal(ev.Data, &u); err != nil {
		t.Fatal(err)
	}
	return u
}

// quiet checks that no event arrives for a while.
func quiet(t *testing.T, s *servertest.Stream, what string) {
	t.Helper()
	if ev, ok := s.Next(400 * time.Millisecond); ok {
		t.Errorf("%s: unexpected event %+v (data %s)", what, ev, ev.Data)
	}
}

func TestSeatUsageSubscription(t *testing.T) {
	for _, protocol := range []string{servertest.TransportWS, servertest.LegacyWS} {
		t.Run(protocol, func(t *testing.T) {
			env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 3 })
			owner := env.User("owner@live.test", "Owner")
			org := owner.CreateOrg("Live")
			member, membershipID := env.Join(owner, org, "member@live.test", "MEMBER")

			s := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{Protocol: protocol, Origin: env.URL})
			if u := nextUsage(t, s).SeatUsageChanged; u.Used != 2 || u.Total != 3 {
				t.Fatalf("first event = %+v, want the current usage 2/3", u)
			}
			ms := member.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{Protocol: protocol})
			nextUsage(t, ms)

			// One event per committed change.
			inv := owner.Invite(org, "guest@live.test", "MEMBER")
			if u := nextUsage(t, s).SeatUsageChanged; u.Used != 3 || u.Pending != 1 || u.Available != 0 {
				t.Errorf("after invite = %+v", u)
			}
			quiet(t, s, "after one invitation")

			// None for a mutation that failed.
			res := owner.Do(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"organizationID": org.ID, "email": "extra@live.test", "role": "MEMBER"}})
			if res.Code() != "SEAT_LIMIT_REACHED" {
				t.Fatalf("invite beyond the limit: %q", res.Code())
			}
			quiet(t, s, "after a refused invitation")

			owner.MustDo(`mutation($id: ID!) { cancelInvitation(id: $id) { id } }`, map[string]any{"id": inv}, nil)
			if u := nextUsage(t, s).SeatUsageChanged; u.Used != 2 {
				t.Errorf("after cancel = %+v", u)
			}
			owner.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 5) { id } }`, map[string]any{"o": org.ID}, nil)
			if u := nextUsage(t, s).SeatUsageChanged; u.Total != 5 {
				t.Errorf("after raising the limit = %+v", u)
			}

			// A removed member's stream ends at once.
			drain(ms)
			owner.MustDo(`mutation($id: ID!) { removeMember(id: $id) { id } }`, map[string]any{"id": membershipID}, nil)
			if u := nextUsage(t, s).SeatUsageChanged; u.Active != 1 {
				t.Errorf("after removal = %+v", u)
			}
			ended := false
			for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
				ev, ok := ms.Next(time.Until(deadline))
				if !ok {
					break
				}
				if ev.Done || ev.Closed {
					ended = true
					break
				}
				if len(ev.Data) > 0 && string(ev.Data) != "null" {
					t.Errorf("a removed member received %s", ev.Data)
				}
			}
			if !ended {
				t.Error("the removed member's stream did not end within a second")
			}
		})
	}
}

// TestSeatUsageEventPerChange: a bulk invitation, an acceptance, a
// decline and the sweeper's expiry each send one event with the new usage.
func TestSeatUsageEventPerChange(t *testing.T) {
	const ttl = time.Hour
	clock := databasetest.NewClock()
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 10; c.InvitationTTL = ttl; c.Clock = clock })
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	s := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, s)
	want := func(what string, active, pending int) {
		t.Helper()
		if u := nextUsage(t, s).SeatUsageChanged; u.Active != active || u.Pending != pending || u.Used != active+pending {
			t.Errorf("after %s: %+v, want %d active and %d pending", what, u, active, pending)
		}
		quiet(t, s, "after "+what)
	}

	owner.MustDo(`mutation($in: BulkInviteMembersInput!) { bulkInviteMembers(input: $in) { invitations { id } } }`,
		map[string]any{"in": map[string]any{"organizationID": org.ID, "emails": "a@live.test\nb@live.test\nc@live.test", "role": "MEMBER"}}, nil)
	want("a bulk invitation of three", 1, 3)

	accepting := env.User("a@live.test", "A")
	accepting.Accept(env.Token("a@live.test", "/invitations/accept"))
	want("an acceptance", 2, 2)

	env.NewClient().MustDo(`mutation($t: String!) { declineInvitation(token: $t) }`,
		map[string]any{"t": env.Token("b@live.test", "/invitations/accept")}, nil)
	want("a decline", 2, 1)

	// c's invitation expires: the sweeper frees its seat and says so.
	clock.Advance(ttl)
	ev, ok := s.Next(30 * time.Second)
	if !ok {
		t.Fatal("no event within 30s of the last invitation's expiry")
	}
	var u usage
	_ = json.Unmarshal(ev.Data, &u)
	if got := u.SeatUsageChanged; got.Active != 2 || got.Pending != 0 {
		t.Errorf("after the expiry: %+v, want 2 active and none pending", got)
	}
}

// TestSweeperExpiresOnTime runs the sweeper on the real clock: an
// invitation that lives a second is expired by the sweeper's own timer (no
// request wakes it), and subscribers hear of the freed seat. Nothing else
// happens meanwhile, so the test's steps cannot race the expiry.
func TestSweeperExpiresOnTime(t *testing.T) {
	const ttl = time.Second
	env := servertest.Start(t, func(c *server.Config) { c.InvitationTTL = ttl })
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	s := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, s)
	id := owner.Invite(org, "late@live.test", "MEMBER")
	waitSwept(t, env, id)
	// The events: the invitation's (unless the expiry came first), then the
	// expiry's.
	for {
		u := nextUsageWithin(t, s, 30*time.Second).SeatUsageChanged
		if u.Pending == 0 {
			if u.Active != 1 {
				t.Errorf("after the expiry: %+v, want 1 active and none pending", u)
			}
			return
		}
	}
}

// drain takes what a stream has already received.
func drain(s *servertest.Stream) {
	for {
		if _, ok := s.Next(50 * time.Millisecond); !ok {
			return
		}
	}
}

func TestSeatUsageSubscriptionRefusals(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	outsider := env.User("outsider@else.test", "Outsider")
	outsider.CreateOrg("Else")

	for name, c := range map[string]*servertest.Client{"another organization's owner": outsider, "anonymous": env.NewClient()} {
		t.Run(name, func(t *testing.T) {
			s := c.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
			ev, ok := s.Next(3 * time.Second)
			if !ok || len(ev.Errors) == 0 {
				t.Fatalf("want an error, got %+v (ok %v)", ev, ok)
			}
			if code := ev.Errors[0].Extensions["code"]; code != "NOT_FOUND" && code != "UNAUTHENTICATED" {
				t.Errorf("code = %v", code)
			}
			if ev, ok := s.Next(300 * time.Millisecond); ok && len(ev.Data) > 0 && string(ev.Data) != "null" {
				t.Errorf("an outsider received %s", ev.Data)
			}
		})
	}

	t.Run("a foreign origin", func(t *testing.T) {
		_, res, err := owner.Dial(servertest.DialOptions{Origin: "https://evil.example"})
		if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
			status := 0
			if res != nil {
				status = res.StatusCode
			}
			t.Fatalf("dial from a foreign origin: err %v, status %d; want 403", err, status)
		}
	})

	t.Run("a bearer token that is not valid", func(t *testing.T) {
		// No API keys or OAuth clients exist yet: every bearer token is refused,
		// over HTTP and in connection_init.
		c := env.NewClient()
		c.Header.Set("Authorization", "Bearer rk_not-a-key")
		res := c.Do(`{ viewer { id } }`, nil)
		if res.Status != http.StatusUnauthorized || res.Code() != "UNAUTHENTICATED" {
			t.Errorf("HTTP with a bad bearer token: status %d, code %q", res.Status, res.Code())
		}
		_, _, err := env.NewClient().Dial(servertest.DialOptions{Init: map[string]any{"authorization": "Bearer rk_not-a-key"}})
		if ce := (*websocket.CloseError)(nil); !errors.As(err, &ce) || ce.Code != 4403 {
			t.Errorf("a websocket with a bad bearer token in connection_init: %v, want it closed with 4403 Forbidden", err)
		}
	})

	t.Run("signing out ends the stream", func(t *testing.T) {
		s := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{Origin: env.URL})
		nextUsage(t, s)
		owner.MustDo(`mutation { signOut }`, nil, nil)
		ev, ok := s.Next(time.Second)
		if !ok || !(ev.Done || ev.Closed) {
			t.Fatalf("after signing out: %+v (ok %v), want the end of the stream", ev, ok)
		}
	})
}

// TestSlowSubscriberBlocksNobody keeps one subscriber from reading while
// changes happen, until the server's writes to it block (DialOptions.Hold:
// its events are large and the kernel's buffers small): the writer and the
// other subscribers go on, and the slow one, when it reads again, gets the
// latest usage, having skipped steps, or is dropped.
func TestSlowSubscriberBlocksNobody(t *testing.T) {
	env := servertest.Start(t, func(c *server.Config) { c.DefaultSeatLimit = 200 })
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")

	// About 50 KB an event, under the 64 KiB a websocket message may hold:
	// the changes below send the slow subscriber some 2 MB, far more than
	// the kernel buffers of a connection hold.
	var heavy strings.Builder
	heavy.WriteString(`subscription($o: ID!) { seatUsageChanged(organizationID: $o) { used `)
	const aliases = 1400
	for i := range aliases {
		fmt.Fprintf(&heavy, "u%04d_%s: used ", i, strings.Repeat("x", 30))
	}
	heavy.WriteString("} }")
	type heavyUsage struct {
		SeatUsageChanged map[string]int
	}

	slow := owner.Subscribe(heavy.String(), map[string]any{"o": org.ID}, servertest.DialOptions{Hold: true})
	fast := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, fast)

	const changes = 40
	done := make(chan int, 1)
	go func() {
		last := 0
		for last < 1+changes {
			ev, ok := fast.Next(30 * time.Second)
			if !ok || len(ev.Data) == 0 {
				break
			}
			var u usage
			_ = json.Unmarshal(ev.Data, &u)
			last = u.SeatUsageChanged.Used
		}
		done <- last
	}()
	for i := range changes {
		owner.Invite(org, fmt.Sprintf("p%d@live.test", i), "MEMBER")
	}
	// The fast subscriber sees every change while the slow one still reads
	// nothing.
	select {
	case last := <-done:
		if last != 1+changes {
			t.Fatalf("the fast subscriber saw used=%d last, want %d", last, 1+changes)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the fast subscriber did not see every change within 60s")
	}

	// The slow one now reads: it ends at the latest usage, in fewer events
	// than there were changes (its feed kept only the latest while its
	// writes were blocked); or the server gave up on it and closed it.
	slow.Resume()
	events, final := 0, 0
	for final < 1+changes {
		ev, ok := slow.Next(30 * time.Second)
		if !ok {
			t.Fatalf("the slow subscriber is at used=%d after %d events, and nothing more came within 30s", final, events)
		}
		if ev.Closed {
			t.Logf("the server closed the slow subscriber (code %d) after %d events", ev.CloseCode, events)
			return
		}
		var u heavyUsage
		if err := json.Unmarshal(ev.Data, &u); err != nil || len(ev.Errors) > 0 {
			t.Fatalf("slow subscriber: %+v: %v", ev, err)
		}
		events++
		final = u.SeatUsageChanged["used"]
		if len(u.SeatUsageChanged) != 1+aliases {
			t.Fatalf("an event of %d fields, want %d", len(u.SeatUsageChanged), 1+aliases)
		}
	}
	if events >= 1+changes {
		t.Errorf("the slow subscriber got %d events for the first usage and %d changes: it was never slow, or its feed queued every step", events, changes)
	}
	if ev, ok := slow.Next(time.Second); ok && len(ev.Data) > 0 {
		t.Errorf("after the latest usage, the slow subscriber got %s", ev.Data)
	}
	t.Logf("the slow subscriber got %d events for %d changes", events, changes)
}

// TestWebsocketKeepAlive: the server pings every websocket, sends the
// legacy protocol's "ka" messages its clients wait for, and drops a peer
// that stops answering, which ends its subscription.
func TestWebsocketKeepAlive(t *testing.T) {
	const interval = 200 * time.Millisecond
	env := servertest.Start(t, func(c *server.Config) { c.WebsocketKeepAlive = interval })
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	vars := map[string]any{"o": org.ID}

	current := owner.Subscribe(seatSubscription, vars, servertest.DialOptions{Protocol: servertest.TransportWS})
	legacy := owner.Subscribe(seatSubscription, vars, servertest.DialOptions{Protocol: servertest.LegacyWS})
	deaf := owner.Subscribe(seatSubscription, vars, servertest.DialOptions{Deaf: true})
	for _, s := range []*servertest.Stream{current, legacy, deaf} {
		nextUsage(t, s)
	}
	// A "pong" message does not buy a silent peer more time (gqlgen clears
	// the read deadline on one).
	deaf.Send(map[string]any{"type": "pong"})

	// The deaf peer is gone after two silent intervals; the others stay.
	ev, ok := deaf.Next(10 * interval)
	if !ok || !ev.Closed {
		t.Fatalf("a peer that answers no ping: got %+v (event: %v), want its connection closed", ev, ok)
	}
	if deaf.Pings() == 0 {
		t.Error("the deaf peer was never pinged")
	}
	time.Sleep(3 * interval)
	if current.Pings() < 3 || legacy.Pings() < 3 {
		t.Errorf("pings after %v: %d (graphql-transport-ws), %d (graphql-ws), want one per %v",
			10*interval, current.Pings(), legacy.Pings(), interval)
	}
	if legacy.KeepAlives() < 3 {
		t.Errorf("graphql-ws got %d \"ka\" messages, want one per %v", legacy.KeepAlives(), interval)
	}
	if current.KeepAlives() > 0 {
		t.Errorf("graphql-transport-ws got %d \"ka\" messages, which it does not know", current.KeepAlives())
	}
	// Both live streams still deliver.
	owner.Invite(org, "p@live.test", "MEMBER")
	for _, s := range []*servertest.Stream{current, legacy} {
		if u := nextUsage(t, s).SeatUsageChanged; u.Used != 2 {
			t.Errorf("after an invitation, used = %d, want 2", u.Used)
		}
	}
}

// TestWebsocketInitTimeout: a websocket that sends no connection_init is
// closed with 4408 once the init timeout passes; one that did stays open.
func TestWebsocketInitTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	env := servertest.Start(t, func(c *server.Config) { c.WebsocketInitTimeout = timeout })
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	for _, protocol := range []string{servertest.TransportWS, servertest.LegacyWS} {
		mute, _, err := owner.Dial(servertest.DialOptions{Protocol: protocol, Mute: true})
		if err != nil {
			t.Fatal(err)
		}
		if ev, ok := mute.Next(10 * timeout); !ok || !ev.Closed || ev.CloseCode != 4408 {
			t.Errorf("%s without connection_init: %+v (%v), want it closed with 4408", protocol, ev, ok)
		}
	}
	s := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, s)
	time.Sleep(3 * timeout)
	owner.Invite(org, "p@live.test", "MEMBER")
	if u := nextUsage(t, s).SeatUsageChanged; u.Used != 2 {
		t.Errorf("an initialised connection after the init timeout: used = %d, want 2", u.Used)
	}
}

// TestSubscriptionsPerSocketAreBounded: one websocket runs at most 100
// subscriptions at once; the next is refused with RATE_LIMITED until one
// ends, and other connections are not affected.
func TestSubscriptionsPerSocketAreBounded(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	vars := map[string]any{"o": org.ID}
	s, _, err := owner.Dial(servertest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// next waits for the event of operation id, skipping the others'.
	next := func(id string) servertest.Event {
		t.Helper()
		for {
			ev, ok := s.Next(5 * time.Second)
			if !ok {
				t.Fatalf("operation %s: no event", id)
			}
			if ev.ID == id || ev.Closed {
				return ev
			}
		}
	}
	const limit = 100
	for i := 1; i <= limit; i++ {
		s.StartID(fmt.Sprint(i), seatSubscription, vars)
	}
	started := map[string]bool{}
	for len(started) < limit {
		ev, ok := s.Next(5 * time.Second)
		if !ok || ev.Closed || len(ev.Errors) > 0 {
			t.Fatalf("after %d first events: %+v (%v)", len(started), ev, ok)
		}
		started[ev.ID] = true
	}

	s.StartID("over", seatSubscription, vars)
	if ev := next("over"); len(ev.Errors) == 0 || ev.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Fatalf("subscription %d on one socket: %+v, want RATE_LIMITED", limit+1, ev)
	}
	other := owner.Subscribe(seatSubscription, vars, servertest.DialOptions{})
	nextUsage(t, other)

	s.Stop("1")
	for deadline := time.Now().Add(5 * time.Second); ; {
		s.StartID("again", seatSubscription, vars)
		ev := next("again")
		if len(ev.Data) > 0 {
			break // the stopped one's slot was freed
		}
		if time.Now().After(deadline) {
			t.Fatalf("after stopping one, a new subscription still gets %+v", ev)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestClosedStreamsLeaveNothing opens and closes subscriptions: the
// server's goroutines come back to where they were.
func TestClosedStreamsLeaveNothing(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	warm := owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
	nextUsage(t, warm)
	warm.Close()
	time.Sleep(200 * time.Millisecond)
	before := runtime.NumGoroutine()

	streams := make([]*servertest.Stream, 20)
	for i := range streams {
		streams[i] = owner.Subscribe(seatSubscription, map[string]any{"o": org.ID}, servertest.DialOptions{})
		nextUsage(t, streams[i])
	}
	if during := runtime.NumGoroutine(); during < before+20 {
		t.Fatalf("goroutines: %d before, %d with 20 streams open", before, during)
	}
	for _, s := range streams {
		s.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines: %d before, %d after closing 20 streams", before, after)
	}
}

// TestSubscribeAfterJoiningOnAnOpenConnection: a websocket opened before its
// user joined an organization can subscribe to it once they have.
func TestSubscribeAfterJoiningOnAnOpenConnection(t *testing.T) {
	env := servertest.Start(t)
	owner := env.User("owner@live.test", "Owner")
	org := owner.CreateOrg("Live")
	owner.Invite(org, "late@live.test", "MEMBER")
	tok := env.Token("late@live.test", "/invitations/accept")
	late := env.User("late@live.test", "Late")
	s, _, err := late.Dial(servertest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	late.Accept(tok)
	s.Start(seatSubscription, map[string]any{"o": org.ID})
	if u := nextUsage(t, s).SeatUsageChanged; u.Active != 2 {
		t.Errorf("usage = %+v", u)
	}
}
