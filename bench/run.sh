#!/usr/bin/env bash
# `make bench`: the figures of issue 10 ("Fast"), each beside its reference
# from the same run, then one table of them (bench/table). It starts a
# throwaway PostgreSQL (.ci/postgres) for the PostgreSQL figures.
#
#   ROSTER_BIN         the binary measured from outside (make bench passes
#                      bin/roster; unset: one built from this module)
#   ROSTER_BENCH_LOAD  how long each load target runs in all (default 15s)
#   ROSTER_BENCH_PROFILE  a folder: CPU profiles of Roster under the members
#                      page and {__typename} loads are written there
#   ROSTER_BENCH_OUT   where to keep the benchmarks' output (default: a
#                      temporary file, named at the end), for benchstat
#
# The in-process figures (allocations, statements, bulk invite) measure
# this module's source, whatever ROSTER_BIN is.
set -uo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=${ROSTER_BENCH_OUT:-$(mktemp -t roster-bench.XXXXXX)}
: >"$out"

pg=$(.ci/postgres start) || exit 1
eval "$pg"
trap '.ci/postgres stop "$ROSTER_PG_DIR"' EXIT
server=$ROSTER_TEST_DATABASE_URL
export ROSTER_BENCH_DATABASE_URL=$server

status=0
run() {
	echo "+ $*" >&2
	"$@" 2>&1 | tee -a "$out"
	[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
}
bench=(-run '^$' -timeout 30m)

# From outside, the binary in a process of its own: each measures once.
run env ROSTER_TEST_DATABASE_URL= "$GO" test "${bench[@]}" -benchtime 1x \
	-bench '^Benchmark(MembersPage|MembersPagePostgres|MembersPageCost|Startup)$' ./bench/
run env ROSTER_TEST_DATABASE_URL= "$GO" test "${bench[@]}" -benchtime 20x \
	-bench '^Benchmark(FanOut2000|CrossReplica)$' ./bench/
# In process, on each database (a "db:" line labels what follows, as
# benchstat reads it).
echo "db: sqlite" >>"$out"
run env ROSTER_TEST_DATABASE_URL= "$GO" test "${bench[@]}" -benchtime 20x \
	-bench '^Benchmark(BulkInvite1000|MemberPage)$' ./server/
echo "db: postgres" >>"$out"
run env ROSTER_TEST_DATABASE_URL="$server" "$GO" test "${bench[@]}" -benchtime 20x \
	-bench '^BenchmarkBulkInvite1000$' ./server/

echo
echo "Issue 10 figures (binary: ${ROSTER_BIN:-built from source}; 16 clients, ${ROSTER_BENCH_LOAD:-15s} per load target; raw output: $out)"
echo
"$GO" run ./bench/table "$out" || status=1
exit $status
