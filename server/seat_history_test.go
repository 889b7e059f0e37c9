package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/servertest"
)

// historyQuery reads an organization's seat usage history.
const historyQuery = `query($s: String!, $d: Int!) { organization(slug: $s) { seatUsageHistory(days: $d) { day active pending total } } }`

type historyPoint struct {
	Day                    time.Time
	Active, Pending, Total int
}

func history(t *testing.T, c *servertest.Client, org servertest.Org, days int) []historyPoint {
	t.Helper()
	var out struct {
		Organization *struct{ SeatUsageHistory []historyPoint }
	}
	c.MustDo(historyQuery, map[string]any{"s": org.Slug, "d": days}, &out)
	if out.Organization == nil {
		t.Fatalf("organization %s is null", org.Slug)
	}
	return out.Organization.SeatUsageHistory
}

// toNoon moves clock to 12:00 UTC of the next day, so that a test's steps,
// a day apart, never straddle midnight by accident.
func toNoon(clock *databasetest.Clock) {
	now := clock.Now()
	y, m, d := now.Date()
	clock.Advance(time.Date(y, m, d+1, 12, 0, 0, 0, time.UTC).Sub(now))
}

// TestSeatUsageHistory records changes on several days of a clock the test
// moves and reads one point a day: the last usage of each day, a day
// without change repeating the day before, the days before the
// organization left out, today's point the usage now.
func TestSeatUsageHistory(t *testing.T) {
	const day = 24 * time.Hour
	clock := databasetest.NewClock()
	toNoon(clock)
	env := servertest.Start(t, func(c *server.Config) { c.Clock = clock; c.DefaultSeatLimit = 5 })
	owner := env.User("owner@history.test", "Olive Owner")
	org := owner.CreateOrg("History")
	day0 := clock.Now().Truncate(day)

	if got := history(t, owner, org, 30); len(got) != 1 || !got[0].Day.Equal(day0) ||
		got[0] != (historyPoint{Day: got[0].Day, Active: 1, Pending: 0, Total: 5}) {
		t.Fatalf("a new organization's history = %+v, want one point, today's, of the owner alone", got)
	}

	aInv := owner.Invite(org, "a@history.test", "MEMBER") // day 0: 1 active, 1 pending
	clock.Advance(day)
	owner.Invite(org, "b@history.test", "MEMBER")
	owner.Invite(org, "c@history.test", "MEMBER")
	member, _ := env.Join(owner, org, "d@history.test", "MEMBER") // day 1: 2 active, 3 pending
	clock.Advance(2 * day)                                        // day 2: nothing
	owner.MustDo(`mutation($o: ID!) { updateSeatLimit(organizationID: $o, seats: 8) { id } }`, map[string]any{"o": org.ID}, nil)
	owner.MustDo(`mutation($id: ID!) { cancelInvitation(id: $id) { id } }`, map[string]any{"id": aInv}, nil) // day 3: 2, 2, 8
	clock.Advance(day)
	owner.Invite(org, "e@history.test", "MEMBER") // day 4, today: 2, 3, 8

	want := []historyPoint{
		{day0, 1, 1, 5},
		{day0.Add(day), 2, 3, 5},
		{day0.Add(2 * day), 2, 3, 5},
		{day0.Add(3 * day), 2, 2, 8},
		{day0.Add(4 * day), 2, 3, 8},
	}
	check := func(who string, c *servertest.Client, days int, want []historyPoint) {
		t.Helper()
		got := history(t, c, org, days)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: seatUsageHistory(days: %d) =\n%v\nwant\n%v", who, days, got, want)
		}
	}
	check("owner", owner, 7, want) // two days before the organization: left out
	check("owner", owner, 30, want)
	check("owner", owner, 366, want)
	check("owner", owner, 3, want[2:])
	check("owner", owner, 1, want[4:])
	// Whoever reads seatUsage reads its history: a member too.
	check("member", member, 5, want)

	// Today's point is the usage now, not the last recorded one's.
	owner.Invite(org, "f@history.test", "MEMBER")
	want[4].Pending = 4
	check("owner after another invitation today", owner, 5, want)

	// One statement for the past, whatever the window.
	short := env.Statements(func() { history(t, owner, org, 2) })
	long := env.Statements(func() { history(t, owner, org, 366) })
	if short != long {
		t.Errorf("seatUsageHistory ran %d statements for 2 days and %d for 366", short, long)
	}

	for _, days := range []int{0, -1, 367, 10000} {
		res := owner.Do(historyQuery, map[string]any{"s": org.Slug, "d": days})
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("seatUsageHistory(days: %d) = %s %+v, want BAD_USER_INPUT", days, res.Data, res.Errors)
		}
	}
	// The default is 30 days.
	var def struct {
		Organization struct{ SeatUsageHistory []historyPoint }
	}
	owner.MustDo(`query($s: String!) { organization(slug: $s) { seatUsageHistory { day active pending total } } }`, map[string]any{"s": org.Slug}, &def)
	if len(def.Organization.SeatUsageHistory) != len(want) {
		t.Errorf("seatUsageHistory without days has %d points, want %d", len(def.Organization.SeatUsageHistory), len(want))
	}

	// A program of the organization reads seatUsage, and so its history.
	check("an API key", keyClient(t, env, owner, org, "MEMBER"), 5, want)

	// Someone else sees no organization, so no history; by its ID neither.
	outsider := env.User("outsider@history.test", "Out Sider")
	outsider.CreateOrg("Elsewhere")
	res := outsider.Do(historyQuery, map[string]any{"s": org.Slug, "d": 7})
	if string(res.Data) != `{"organization":null}` || len(res.Errors) != 0 {
		t.Errorf("an outsider's seatUsageHistory = %s %+v, want a null organization", res.Data, res.Errors)
	}
	res = outsider.Do(`query($id: ID!) { node(id: $id) { ... on Organization { seatUsageHistory(days: 7) { day } } } }`, map[string]any{"id": org.ID})
	if string(res.Data) != `{"node":null}` && res.Code() != "NOT_FOUND" {
		t.Errorf("an outsider's seatUsageHistory by node = %s %+v, want null or NOT_FOUND", res.Data, res.Errors)
	}
	anonymous := env.NewClient()
	if res := anonymous.Do(historyQuery, map[string]any{"s": org.Slug, "d": 7}); string(res.Data) != `{"organization":null}` && res.Code() != "UNAUTHENTICATED" {
		t.Errorf("an anonymous seatUsageHistory = %s %+v", res.Data, res.Errors)
	}
}

// TestSeatUsageHistoryOfAnOrganizationCreatedMidWindow: a window reaching
// before the organization starts at its first day.
func TestSeatUsageHistoryOfAnOrganizationCreatedMidWindow(t *testing.T) {
	const day = 24 * time.Hour
	clock := databasetest.NewClock()
	toNoon(clock)
	env := servertest.Start(t, func(c *server.Config) { c.Clock = clock; c.DefaultSeatLimit = 3 })
	owner := env.User("owner@mid.test", "Olive Owner")
	older := owner.CreateOrg("Older")
	owner.Invite(older, "x@mid.test", "MEMBER")
	clock.Advance(3 * day)
	org := owner.CreateOrg("Newer")
	clock.Advance(2 * day)
	got := history(t, owner, org, 10)
	if len(got) != 3 || got[0] != (historyPoint{Day: got[0].Day, Active: 1, Pending: 0, Total: 3}) ||
		!got[2].Day.Equal(clock.Now().Truncate(day)) || !got[0].Day.Equal(got[2].Day.Add(-2*day)) {
		t.Errorf("history of an organization made 2 days ago, over 10 days = %+v, want its 3 days", got)
	}
	if got := history(t, owner, older, 10); len(got) != 6 || got[0].Pending != 1 || got[5].Pending != 1 {
		t.Errorf("history of the older organization = %+v, want 6 days with its pending invitation", got)
	}
}
