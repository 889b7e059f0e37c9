package main

import (
	"strings"
	"testing"
)

// TestRows reads benchmark output as make bench writes it and checks the
// verdicts: a ratio just under its goal fails and one at it passes, a
// bound is checked on the right side, the "db:" label keeps the two bulk
// invites apart, and a figure that is missing fails its row.
func TestRows(t *testing.T) {
	const out = `goos: linux
pkg: github.com/rosterhq/roster/bench
BenchmarkMembersPage-2 1 9012328655 ns/op 1000 members-req/s 29.9 members-p99-ms 4001 handler-req/s 12 handler-p99-ms 4000 typename-req/s 5 typename-p99-ms 5000 anon-req/s 3 anon-p99-ms
--- BENCH: BenchmarkMembersPage-2
    deliver_test.go:153: members page                 1000 req/s
BenchmarkMembersPageCost-2 1 364343742 ns/op 40 allocs/member 7 statements-page-10 7 statements-page-50 8 statements-page-100
BenchmarkStartup-2 1 9014697172 ns/op 27 MB-RSS-anon-idle 41 MB-RSS-idle 300 ms-start-to-ready
ok  	github.com/rosterhq/roster/bench	13.714s
db: sqlite
BenchmarkBulkInvite1000-2 20 200000000 ns/op
db: postgres
BenchmarkBulkInvite1000-2 20 300000000 ns/op
`
	f := figures{}
	if err := read(strings.NewReader(out), "out", f); err != nil {
		t.Fatal(err)
	}
	got := map[string]row{}
	for _, r := range tableRows(f) {
		got[r.what] = r
	}
	for what, want := range map[string]string{
		"members page of 50 vs hand-written handler (SQLite, 16 clients)": "FAIL", // 1000/4001 < 1/4
		"members page vs {__typename}, same cookie (SQLite)":              "pass", // 1000/4000 = 1/4
		"{__typename} with cookie vs anonymous (SQLite)":                  "pass", // 0.8
		"members page rate (SQLite)":                                      "FAIL",
		"members page p99 (SQLite)":                                       "pass",
		"members page vs PostGraphile 4, org of 50 (PostgreSQL)":          "FAIL", // missing
		"allocations per returned member (page of 50, in process)":        "pass",
		"SQL statements per members page (10 / 50 / 100)":                 "FAIL",
		"bulk invite of 1,000 lines (sqlite)":                             "pass",
		"bulk invite of 1,000 lines (postgres)":                           "FAIL",
		"start-up to ready (fresh SQLite, median of 7)":                   "pass",
		"idle RSS after start-up (median of 7)":                           "FAIL",
		"fan-out to 2,000 subscribers: RSS":                               "FAIL", // missing
	} {
		r, ok := got[what]
		if !ok {
			t.Errorf("no row %q", what)
			continue
		}
		if r.verdict != want {
			t.Errorf("%s: %s (%s, %s), want %s", what, r.verdict, r.figure, r.goal, want)
		}
	}
	if r := got["bulk invite of 1,000 lines (postgres)"]; r.figure != "300 ms" {
		t.Errorf("bulk invite on PostgreSQL: %q, want 300 ms", r.figure)
	}
	if r := got["members page vs PostGraphile 4, org of 50 (PostgreSQL)"]; r.figure != missing {
		t.Errorf("missing figure shown as %q", r.figure)
	}
}
