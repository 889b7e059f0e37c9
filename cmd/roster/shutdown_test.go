package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/servertest"
)

// A stopping server closes its websockets with 1001 (going away), so that
// dashboards reconnect (to another replica) at once instead of waiting
// for a dead connection to time out.
func TestSIGTERMClosesWebsocketsWithGoingAway(t *testing.T) {
	bin := servertest.Binary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "roster.db")
	srv := servertest.StartProcess(t, bin, db, "ROSTER_DEV=true")
	env := servertest.Remote(t, srv.URL)
	var streams []*servertest.Stream
	for _, protocol := range []string{servertest.TransportWS, servertest.LegacyWS} {
		s, _, err := env.NewClient().Dial(servertest.DialOptions{Protocol: protocol})
		if err != nil {
			t.Fatal(err)
		}
		streams = append(streams, s)
	}
	srv.Terminate(t, 15*time.Second)
	for i, s := range streams {
		for {
			ev, ok := s.Next(5 * time.Second)
			if !ok {
				t.Fatalf("socket %d: still open 5s after SIGTERM", i)
			}
			if ev.Closed {
				if ev.CloseCode != 1001 {
					t.Errorf("socket %d closed with %d, want 1001", i, ev.CloseCode)
				}
				break
			}
		}
	}
}
