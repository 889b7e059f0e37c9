package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/servertest"
	"github.com/rosterhq/roster/server/web/graphqlws"
)

// What one user, one address or one idle stranger may hold open.
func TestWebsocketLimits(t *testing.T) {
	for _, protocol := range protocols {
		t.Run(protocol, func(t *testing.T) {
			env := servertest.Start(t, func(c *server.Config) {
				c.WebsocketLimits = graphqlws.Limits{PerUser: 2, PerAddress: 5, AnonymousIdle: 300 * time.Millisecond}
			})
			dial := func(c *servertest.Client) (*servertest.Stream, int, error) {
				s, res, err := c.Dial(servertest.DialOptions{Protocol: protocol, Origin: env.URL})
				status := 0
				if res != nil {
					status = res.StatusCode
				}
				return s, status, err
			}

			t.Run("per user", func(t *testing.T) {
				user := env.User("many@limits.test", "Many")
				var open []*servertest.Stream
				for range 2 {
					s, _, err := dial(user)
					if err != nil {
						t.Fatal(err)
					}
					open = append(open, s)
				}
				// The third is refused at connection_init with 1013 (try
				// again later; clients retry with backoff), after a
				// connection_error on the legacy protocol, which has one.
				_, _, err := dial(user)
				if err == nil || !strings.Contains(err.Error(), "close 1013") && !strings.Contains(err.Error(), "too many websockets open") {
					t.Fatalf("a third websocket of one user: %v, want closed with 1013", err)
				}
				// Closing one makes room.
				open[0].Close()
				var again *servertest.Stream
				for range 50 {
					if again, _, err = dial(user); err == nil {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				if err != nil {
					t.Fatalf("no room after closing one: %v", err)
				}
				again.Close()
				open[1].Close()
			})

			t.Run("anonymous and idle", func(t *testing.T) {
				s, _, err := dial(env.NewClient())
				if err != nil {
					t.Fatal(err)
				}
				if code := waitClosed(t, s); code != 4401 {
					t.Fatalf("an idle anonymous websocket closed with %d, want 4401", code)
				}
			})

			t.Run("signed in and idle", func(t *testing.T) {
				s, _, err := dial(env.User("idle@limits.test", "Idle"))
				if err != nil {
					t.Fatal(err)
				}
				if ev, ok := s.Next(time.Second); ok && ev.Closed {
					t.Fatalf("a signed-in websocket was closed while idle: %+v", ev)
				}
				s.Close()
			})

			t.Run("per address", func(t *testing.T) {
				for i := 0; i < 100 && env.App.Sockets().Open() > 0; i++ {
					time.Sleep(20 * time.Millisecond)
				}
				t.Logf("open before: %d", env.App.Sockets().Open())
				var open []*servertest.Stream
				for i := range 5 {
					s, _, err := dial(env.User("addr"+string(rune('a'+i))+"@limits.test", "Addr"))
					if err != nil {
						t.Fatalf("websocket %d of 5: %v", i+1, err)
					}
					open = append(open, s)
				}
				extra := env.User("addrf@limits.test", "Addr")
				_, status, err := dial(extra)
				if err == nil || status != http.StatusTooManyRequests {
					t.Fatalf("the sixth websocket from one address: status %d, error %v; want 429", status, err)
				}
				for _, s := range open {
					s.Close()
				}
			})
		})
	}
}
