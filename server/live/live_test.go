package live

import (
	"testing"

	"github.com/rosterhq/roster/server/seat"
)

// TestSendKeepsOnlyTheLatest: a subscriber that does not read gets the
// latest usage, not a queue, and sending never blocks.
func TestSendKeepsOnlyTheLatest(t *testing.T) {
	sub := &subscriber{out: make(chan *seat.Usage, 1)}
	for used := 1; used <= 100; used++ {
		sub.send(seat.Usage{Active: used, Total: 200})
	}
	sub.send(seat.Usage{Active: 100, Total: 200}) // unchanged: not sent again
	if n := len(sub.out); n != 1 {
		t.Fatalf("%d usages waiting, want 1", n)
	}
	if u := <-sub.out; u.Active != 100 {
		t.Errorf("waiting usage has %d active, want the latest, 100", u.Active)
	}
	select {
	case u := <-sub.out:
		t.Errorf("a repeated usage was sent: %+v", u)
	default:
	}
	sub.end()
	sub.end() // twice is fine
	sub.send(seat.Usage{Active: 1})
	if _, open := <-sub.out; open {
		t.Error("a usage was sent after the end")
	}
}
