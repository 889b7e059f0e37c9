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

// TestFlushWaitsForTheFlushUnderWay: a Flush that finds the queue already
// taken by another (the worker's) returns only once that one has written
// it, so that what was noted before a Flush is on disk when it returns.
// A transaction holding meg's row keeps the first Flush's write waiting.
func TestFlushWaitsForTheFlushUnderWay(t *testing.T) {
	tm := newTeam(t)
	clock := databasetest.NewClock()
	a := member.NewActivity(tm.client, clock, nil)
	meg := tm.people["meg"]
	tx, err := tm.client.Tx(tm.sys)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	tx.Membership.UpdateOneID(meg.ID).SetRole(meg.Role).ExecX(tm.sys)

	a.Note(meg.UserID, meg.OrganizationID)
	flushed := make(chan error, 2)
	flush := func() { flushed <- a.Flush(context.Background()) }
	go flush()
	time.Sleep(100 * time.Millisecond) // the first has taken the queue and waits for the row
	go flush()
	select {
	case err := <-flushed:
		t.Fatalf("a Flush returned (%v) while the write of what was noted waited", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case err := <-flushed:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("a Flush does not return")
		}
	}
	if got := tm.client.Membership.GetX(tm.sys, meg.ID).LastActiveAt; got == nil || !got.Equal(seat.Day(clock.Now())) {
		t.Errorf("meg's lastActiveAt = %v, want today", got)
	}
}
