// Command table prints the figures of `make bench` as one table: each
// figure of issue 10 ("Fast") beside its reference from the same run, the
// ratio or goal, and whether it is met. It reads the benchmarks' output in
// Go's benchmark format (the files named as arguments, or standard input),
// where a "db: sqlite" or "db: postgres" line says which database the
// results after it ran on, as benchstat reads it too.
//
//	go run ./bench/table bench.txt
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchfmt"
)

// figures holds every value read, by benchmark base name, db and unit;
// the last result of a benchmark wins.
type figures map[string]float64

func key(bench, db, unit string) string { return bench + "|" + db + "|" + unit }

func (f figures) get(bench, db, unit string) (float64, bool) {
	v, ok := f[key(bench, db, unit)]
	return v, ok
}

func read(r io.Reader, name string, f figures) error {
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue // syntax errors: the lines of go test's own that are not results
		}
		base := strings.TrimPrefix(string(res.Name.Base()), "Benchmark")
		db := res.GetConfig("db")
		for _, v := range res.Values {
			unit, val := v.Unit, v.Value
			if v.OrigUnit != "" {
				unit, val = v.OrigUnit, v.OrigValue
			}
			f[key(base, db, unit)] = val
		}
	}
	return br.Err()
}

// row is one line of the table.
type row struct{ what, figure, reference, goal, verdict string }

const missing = "(missing)"

func main() {
	f := figures{}
	if len(os.Args) < 2 {
		if err := read(os.Stdin, "stdin", f); err != nil {
			fail(err)
		}
	}
	for _, name := range os.Args[1:] {
		file, err := os.Open(name)
		if err != nil {
			fail(err)
		}
		err = read(file, name, f)
		file.Close()
		if err != nil {
			fail(err)
		}
	}
	rows := tableRows(f)
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "what\tfigure\treference (same run)\tratio or goal\tpass/fail")
	fmt.Fprintln(w, "----\t------\t--------------------\t-------------\t---------")
	failed, goals := 0, 0
	for _, r := range rows {
		if r.verdict != "info" {
			goals++
		}
		if r.verdict == "FAIL" {
			failed++
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.what, r.figure, r.reference, r.goal, r.verdict)
	}
	w.Flush()
	fmt.Printf("\n%d goals of %d unmet (rows marked info are no goal).\n", failed, goals)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "table:", err)
	os.Exit(1)
}

func verdict(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

// load is a load figure: rate and p99 of one target of a load benchmark.
type load struct {
	rate, p99 float64
	ok        bool
}

func (f figures) load(bench, db, prefix string) load {
	r, ok1 := f.get(bench, db, prefix+"-req/s")
	p, ok2 := f.get(bench, db, prefix+"-p99-ms")
	return load{r, p, ok1 && ok2}
}

func (l load) String() string {
	if !l.ok {
		return missing
	}
	return fmt.Sprintf("%.0f req/s, p99 %.1f ms", l.rate, l.p99)
}

func tableRows(f figures) []row {
	var rows []row
	// Rate against a reference: ratio ≥ goal.
	ratio := func(what string, fig, ref load, goal float64, goalText string) {
		r := row{what: what, figure: fig.String(), reference: ref.String(), goal: goalText, verdict: "FAIL"}
		if fig.ok && ref.ok && ref.rate > 0 {
			q := fig.rate / ref.rate
			r.goal = fmt.Sprintf("%.2f (goal ≥ %s)", q, goalText)
			r.verdict = verdict(q >= goal)
		}
		rows = append(rows, r)
	}
	// A single figure against a bound.
	bound := func(what string, v float64, ok bool, format string, atMost bool, limit float64, goalText string) {
		r := row{what: what, figure: missing, reference: "-", goal: goalText, verdict: "FAIL"}
		if ok {
			r.figure = fmt.Sprintf(format, v)
			r.verdict = verdict(atMost && v <= limit || !atMost && v >= limit)
		}
		rows = append(rows, r)
	}

	const mp, sq = "MembersPage", "sqlite"
	members := f.load(mp, "", "members")
	ratio("members page of 50 vs hand-written handler (SQLite, 16 clients)", members, f.load(mp, "", "handler"), 0.25, "1/4")
	bound("members page rate (SQLite)", members.rate, members.ok, "%.0f req/s", false, 3000, "≥ 3,000 req/s")
	bound("members page p99 (SQLite)", members.p99, members.ok, "%.1f ms", true, 30, "≤ 30 ms")
	ratio("members page vs {__typename}, same cookie (SQLite)", members, f.load(mp, "", "typename"), 0.25, "1/4")
	ratio("{__typename} with cookie vs anonymous (SQLite)", f.load(mp, "", "typename"), f.load(mp, "", "anon"), 0.8, "0.80")
	// The page run every time (ROSTER_ANSWER_CACHE=off), for information.
	uncached := f.load(mp, "", "members-uncached")
	for _, ref := range []struct{ what, prefix string }{{"hand-written handler", "handler"}, {"{__typename}", "typename"}} {
		r := row{what: "members page, answer cache off, vs " + ref.what + " (SQLite; for information)", figure: uncached.String(),
			reference: f.load(mp, "", ref.prefix).String(), goal: "-", verdict: "info"}
		if l := f.load(mp, "", ref.prefix); uncached.ok && l.ok && l.rate > 0 {
			r.goal = fmt.Sprintf("%.2f", uncached.rate/l.rate)
		}
		rows = append(rows, r)
	}

	const pg = "MembersPagePostgres"
	for _, size := range []struct{ unit, text string }{{"50", "50"}, {"10k", "10,000"}} {
		fig, ref := f.load(pg, "", "roster-"+size.unit), f.load(pg, "", "peer-"+size.unit)
		r := row{what: "members page vs PostGraphile 4, org of " + size.text + " (PostgreSQL)", figure: fig.String(), reference: ref.String(),
			goal: "higher rate, lower p99", verdict: "FAIL"}
		if fig.ok && ref.ok {
			r.goal = fmt.Sprintf("rate %.2f×, p99 %.2f× (goal > 1, < 1)", fig.rate/ref.rate, fig.p99/ref.p99)
			r.verdict = verdict(fig.rate > ref.rate && fig.p99 < ref.p99)
		}
		rows = append(rows, r)
	}
	{
		fig, ref := f.load(pg, "", "roster-typename"), f.load(pg, "", "peer-typename")
		r := row{what: "{__typename} vs PostGraphile 4 (PostgreSQL; for information)", figure: fig.String(), reference: ref.String(), goal: "-", verdict: "info"}
		if fig.ok && ref.ok {
			r.goal = fmt.Sprintf("rate %.2f×", fig.rate/ref.rate)
		}
		rows = append(rows, r)
	}

	const cost = "MembersPageCost"
	a, ok := f.get(cost, "", "allocs/member")
	bound("allocations per returned member (page of 50, in process)", a, ok, "%.1f", true, 40, "≤ 40")
	{
		r := row{what: "SQL statements per members page (10 / 50 / 100)", figure: missing, reference: "-", goal: "the same for all sizes", verdict: "FAIL"}
		s10, ok10 := f.get(cost, "", "statements-page-10")
		s50, ok50 := f.get(cost, "", "statements-page-50")
		s100, ok100 := f.get(cost, "", "statements-page-100")
		if ok10 && ok50 && ok100 {
			r.figure = fmt.Sprintf("%.0f / %.0f / %.0f", s10, s50, s100)
			r.verdict = verdict(s10 == s50 && s50 == s100)
		}
		rows = append(rows, r)
	}

	for _, db := range []string{sq, "postgres"} {
		ns, ok := f.get("BulkInvite1000", db, "ns/op")
		bound("bulk invite of 1,000 lines ("+db+")", ns/1e6, ok, "%.0f ms", true, 250, "≤ 250 ms")
	}

	p99, ok := f.get("FanOut2000", "", "ms-p99-commit-to-last-delivery")
	bound("fan-out to 2,000 subscribers: p99 commit to last delivery", p99, ok, "%.1f ms", true, 250, "≤ 250 ms")
	rss, ok := f.get("FanOut2000", "", "MB-RSS")
	bound("fan-out to 2,000 subscribers: RSS", rss, ok, "%.0f MB", true, 150, "≤ 150 MB")

	ms, ok := f.get("Startup", "", "ms-start-to-ready")
	bound("start-up to ready (fresh SQLite, median of 7)", ms, ok, "%.1f ms", true, 300, "≤ 300 ms")
	idle, ok := f.get("Startup", "", "MB-RSS-idle")
	bound("idle RSS after start-up (median of 7)", idle, ok, "%.0f MB", true, 40, "≤ 40 MB")
	if anon, ok := f.get("Startup", "", "MB-RSS-anon-idle"); ok {
		rows[len(rows)-1].reference = fmt.Sprintf("of which anonymous %.0f MB", anon)
	}
	return rows
}
