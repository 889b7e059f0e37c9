package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
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
	s := start(b, "sqlite:"+filepath.Join(b.TempDir(), "roster.db"))
	c, org := owner(b, s, "owner@fanout.test")
	streams := make([]<-chan time.Time, subscribers)
	for i := range streams {
		var stop func()
		streams[i], stop = c.subscribe(b, s, org)
		defer stop()
	}
	rssIdle := s.rssMB(b)

	var lasts []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sent := time.Now()
		c.do(s, `mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: MEMBER}) { id } }`,
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
	b.ReportMetric(s.rssMB(b), "MB-RSS")
}

// BenchmarkCrossReplica runs two replicas on one PostgreSQL database (from
// ROSTER_BENCH_DATABASE_URL; `make bench` starts one): a subscriber on A,
// changes made through B.
func BenchmarkCrossReplica(b *testing.B) {
	db := os.Getenv("ROSTER_BENCH_DATABASE_URL")
	if !strings.HasPrefix(db, "postgres") {
		b.Fatal("needs PostgreSQL: run `make bench`, or set ROSTER_BENCH_DATABASE_URL")
	}
	a := start(b, db)
	r := start(b, db)
	c, org := owner(b, r, fmt.Sprintf("owner%d@cross.test", time.Now().UnixNano()))
	// The same session works on both replicas: it lives in the database.
	events, stop := c.subscribe(b, a, org)
	defer stop()

	var lats []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sent := time.Now()
		c.do(r, `mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: MEMBER}) { id } }`,
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
