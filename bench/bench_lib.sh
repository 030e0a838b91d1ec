# Shared by the speed benchmarks (bench_word2vec.sh, bench_fasttext.sh, bench_glove.sh): the
# machine line of the header and one timed run. Source it; it defines functions only.
#
# A figure on a machine shared with other jobs needs: the median of several runs, ours and the
# peers' alternating (A B A B ...), so a burst of load hits both; the min-max beside it; and the
# CPU share each run got (wall time stretches under load, CPU seconds much less).

# One line: CPU model, core count and whether AVX-512 is present (the vector kernels use it).
bench_machine() {
  local model flags avx
  model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
  [[ -n $model ]] || model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | grep -o 'avx512[a-z_0-9]*' | sort -u | tr '\n' ' ')
  if [[ -n $flags ]]; then avx="AVX-512: yes (${flags% })"
  elif grep -qm1 ' avx2' /proc/cpuinfo 2>/dev/null; then avx="AVX-512: no (AVX2)"
  else avx="AVX-512: no"; fi
  echo "nproc $(nproc), CPU \"$model\", $avx, $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo) GiB RAM, $(uname -sr)"
}

# bench_timed LOG CMD...: runs CMD (word-split by the caller) under /usr/bin/time -v with stdout
# to LOG.out, stderr to LOG.err. Sets BT_RC (exit status), BT_WALL (s), BT_CPU_S (user + system
# s), BT_CPU_PCT (CPU share, e.g. 195%: 200% = two cores all the time), BT_RSS_MB (peak) and
# BT_LOAD1 (load average just before).
bench_timed() {
  local log=$1; shift
  BT_LOAD1=$(cut -d' ' -f1 /proc/loadavg)
  local t0=$EPOCHREALTIME
  if /usr/bin/time -v -o "$log.time" "$@" >"$log.out" 2>"$log.err"; then BT_RC=0; else BT_RC=$?; fi
  local t1=$EPOCHREALTIME
  BT_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  BT_CPU_S=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log.time")
  BT_CPU_PCT=$(sed -n 's/.*Percent of CPU this job got: *//p' "$log.time")
  BT_RSS_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log.time")
  : "${BT_CPU_PCT:=-}" "${BT_RSS_MB:=-}"
}

# bench_runs_ok N: dies unless N is a positive integer (the --runs option).
bench_runs_ok() {
  [[ $1 =~ ^[1-9][0-9]*$ ]] || { echo "--runs: expected a positive integer, got '$1'" >&2; exit 2; }
}
