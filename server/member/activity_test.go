package member_test

import (
	"context"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/member"
	"github.com/rosterhq/roster/server/seat"
)

// TestActivityWrittenOnShutdown: what was noted is written when the worker
// stops, without waiting for its next batch; a member noted twice the same
// day is written once, the other organization's member not at all.
func TestActivityWrittenOnShutdown(t *testing.T) {
	tm := newTeam(t)
	clock := databasetest.NewClock()
	a := member.NewActivity(tm.client, clock, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	meg, ada := tm.people["meg"], tm.people["ada"]
	a.Note(meg.UserID, meg.OrganizationID)
	a.Note(meg.UserID, meg.OrganizationID)
	a.Note(ada.UserID, tm.other.ID) // not a member there: no row to write
	go func() { defer close(done); a.Run(ctx) }()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the worker does not stop")
	}
	today := seat.Day(clock.Now())
	if got := tm.client.Membership.GetX(tm.sys, meg.ID).LastActiveAt; got == nil || !got.Equal(today) {
		t.Errorf("meg's lastActiveAt after shutdown = %v, want %v", got, today)
	}
	if got := tm.client.Membership.GetX(tm.sys, ada.ID).LastActiveAt; got != nil {
		t.Errorf("ada's lastActiveAt = %v, want null: she was noted in another organization", got)
	}
	// An older day never overwrites a newer one.
	clock.Advance(-48 * time.Hour)
	a.Note(meg.UserID, meg.OrganizationID)
	if err := a.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := tm.client.Membership.GetX(tm.sys, meg.ID).LastActiveAt; got == nil || !got.Equal(today) {
		t.Errorf("meg's lastActiveAt after an older note = %v, want %v", got, today)
	}
}
