package bench

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/servertest"
)

// Goals (ROADMAP, issue "Live seat usage and scale-out"): with 2,000
// subscribers on one organization, p99 from a change's commit to its last
// delivery ≤ 250 ms, the server under 150 MB RSS; across replicas, p99 from
// commit on B to delivery on A ≤ 100 ms.

// BenchmarkFanOut2000 subscribes 2,000 websockets to one organization's
// seat usage, then makes changes one at a time. Each iteration is one
// change; the figure per change is from sending the mutation (which
// commits before it answers) to the last of the 2,000 deliveries.
func BenchmarkFanOut2000(b *testing.B) {
	const subscribers = 2000
	s := servertest.StartProcess(b, rosterBinary(b), "sqlite:"+filepath.Join(b.TempDir(), "roster.db"),
		append([]string{"ROSTER_DEFAULT_SEAT_LIMIT=100000", "ROSTER_WEBSOCKETS_PER_USER=3000", "ROSTER_WEBSOCKETS_PER_ADDRESS=3000"}, strings.Fields(os.Getenv("ROSTER_BENCH_SERVER_ENV"))...)...)
	c, org := owner(b, s.URL, "owner@fanout.test")
	streams := make([]<-chan time.Time, subscribers)
	for i := range streams {
		var stop func()
		streams[i], stop = subscribe(b, c, s.URL, org)
		defer stop()
	}
	rssIdle := s.RSSMB(b)
	if out := os.Getenv("ROSTER_BENCH_HEAP_PROFILE"); out != "" {
		if v, err := http.Get(s.URL + "/debug/vars"); err == nil {
			vf, _ := os.Create(out + ".vars")
			_, _ = io.Copy(vf, v.Body)
			vf.Close()
			v.Body.Close()
		}
		if g, err := http.Get(s.URL + "/debug/pprof/goroutine?debug=1"); err == nil {
			gf, _ := os.Create(out + ".goroutines")
			_, _ = io.Copy(gf, g.Body)
			gf.Close()
			g.Body.Close()
		}
		res, err := http.Get(s.URL + "/debug/pprof/heap?gc=1")
		if err != nil {
			b.Fatal(err)
		}
		f, _ := os.Create(out)
		_, _ = io.Copy(f, res.Body)
		f.Close()
		res.Body.Close()
	}

	var lasts []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sent := time.Now()
		c.MustDo(`mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: MEMBER}) { id } }`,
			map[string]any{"o": org, "e": fmt.Sprintf("p%d@fanout.test", i)}, nil)
		var last time.Time
		for _, ch := range streams {
			select {
			case t := <-ch:
				if t.After(last) {
					last = t
				}
			case <-time.After(10 * time.Second):
				b.Fatal("a subscriber missed a change")
			}
		}
		lasts = append(lasts, last.Sub(sent))
	}
	b.StopTimer()
	report(b, "commit-to-last-delivery", lasts)
	b.ReportMetric(rssIdle, "MB-RSS-idle")
	b.ReportMetric(s.RSSMB(b), "MB-RSS")
}

// BenchmarkCrossReplica runs two replicas on one PostgreSQL database (from
// ROSTER_BENCH_DATABASE_URL; `make bench` starts one): a subscriber on A,
// changes made through B.
func BenchmarkCrossReplica(b *testing.B) {
	db := os.Getenv("ROSTER_BENCH_DATABASE_URL")
	if !strings.HasPrefix(db, "postgres") {
		b.Fatal("needs PostgreSQL: run `make bench`, or set ROSTER_BENCH_DATABASE_URL")
	}
	bin := rosterBinary(b)
	a := servertest.StartProcess(b, bin, db, "ROSTER_DEFAULT_SEAT_LIMIT=100000")
	r := servertest.StartProcess(b, bin, db, "ROSTER_DEFAULT_SEAT_LIMIT=100000")
	c, org := owner(b, r.URL, fmt.Sprintf("owner%d@cross.test", time.Now().UnixNano()))
	// The same session works on both replicas: it lives in the database.
	events, stop := subscribe(b, c, a.URL, org)
	defer stop()

	var lats []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sent := time.Now()
		c.MustDo(`mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: MEMBER}) { id } }`,
			map[string]any{"o": org, "e": fmt.Sprintf("p%d@cross.test", i)}, nil)
		select {
		case t := <-events:
			mu.Lock()
			lats = append(lats, t.Sub(sent))
			mu.Unlock()
		case <-time.After(10 * time.Second):
			b.Fatal("the change on B never reached A")
		}
	}
	b.StopTimer()
	report(b, "commit-on-B-to-delivery-on-A", lats)
}

// report adds the median and p99 of ds as metrics.
func report(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	q := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "ms-p50-"+name)
	b.ReportMetric(q(0.99), "ms-p99-"+name)
}
