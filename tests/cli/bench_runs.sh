# The speed benchmarks' shared parts: --runs is checked, the medians with min-max and the peer
# ratios come out of bench/run_stats.py as documented, and the machine line names the CPU and
# whether it has AVX-512. (The benchmarks themselves need ../shared and take minutes.)
source "$(dirname "$0")/common.bash"
B="$SRC/bench"
for s in bench_word2vec.sh bench_fasttext.sh bench_glove.sh bench_under_load.sh; do
  "$B/$s" --help | grep -q -- "--runs N" || fail "$s --help does not document --runs"
  expect_error "$s --runs 0" "--runs: expected a positive integer" "$B/$s" --runs 0 --wordvec "$WORDVEC"
done
"$B/bench_word2vec.sh" --help | grep -q -- "--pword2vec-src" || fail "bench_word2vec.sh --help does not document --pword2vec-src"
expect_error "unknown peer" "pword2vec" "$B/bench_word2vec.sh" --peers nope
expect_error "no hogs" "--hogs: expected a positive integer" "$B/bench_under_load.sh" --hogs 0

# shellcheck source=bench/bench_lib.sh
source "$B/bench_lib.sh"
line=$(bench_machine)
grep -qE 'CPU ".+", AVX-512: (yes \(avx512|no)' <<<"$line" || fail "machine line '$line' lacks the CPU or AVX-512"
bench_timed "$TMP/t" sh -c 'echo out; exit 3'
[ "$BT_RC" = 3 ] || fail "bench_timed: exit status $BT_RC, expected 3"
[ "$(cat "$TMP/t.out")" = out ] || fail "bench_timed: stdout not in LOG.out"
[[ $BT_CPU_PCT == *% && $BT_WALL =~ ^[0-9.]+$ && $BT_CPU_S =~ ^[0-9.]+$ ]] \
  || fail "bench_timed: share '$BT_CPU_PCT', wall '$BT_WALL', CPU s '$BT_CPU_S'"

printf 'tool\trun\tstatus\ttimed_s\tcpu_s\tcpu_pct\tload1\n' >"$TMP/runs.tsv"
printf 'us\t1\tok\t10\t19\t190%%\t1.0\npeer\t1\tok\t40\t70\t175%%\t1.1\n' >>"$TMP/runs.tsv"
printf 'us\t2\tok\t14\t20\t143%%\t3.0\npeer\t2\tok\t30\t71\t180%%\t2.0\n' >>"$TMP/runs.tsv"
printf 'us\t3\tok\t12\t21\t175%%\t2.0\npeer\t3\tfailed (exit 1)\t1\t1\t1%%\t2.0\n' >>"$TMP/runs.tsv"
out=$(cd "$B" && /usr/bin/python3 -c '
import sys
from run_stats import group, ratio, read_runs, shares, spread
by = group(read_runs(sys.argv[1]), "tool")
us, peer = by[("us",)], by[("peer",)]
print(spread(us, "timed_s"), "|", spread(peer, "timed_s"), "|", ratio(peer, us), "|", shares(us))
' "$TMP/runs.tsv") || fail "run_stats failed: $out"
# us: median 12 of 10, 14, 12; the peer's failed run is left out: median 35 of 40, 30.
[ "$out" = "12.0 (10.0–14.0) | 35.0 (30.0–40.0) | 2.92× | 190% @1.0, 143% @3.0, 175% @2.0" ] \
  || fail "run_stats: got '$out'"
exit $FAILED
