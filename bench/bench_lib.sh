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

# bench_build_w2vc SRC OUT: builds word2vec.c into OUT (-O3 -march=native, as its makefile). The
# original code never clears a thread's end-of-file flag when the thread goes back to the start of
# its shard for the next epoch, so a thread whose shard runs to the end of the file trains one epoch
# whatever -iter asks: with -threads 1 the whole run is one epoch (-iter 5 took 10.7 CPU s against
# 10.2 for -iter 1 on a 20 MB corpus), with more threads the last shard is trained once. Timings and
# scores against it would compare unequal work, so the build clears the flag where the thread
# rewinds (the copy is OUT.fixed.c); it fails when the source does not have that line.
bench_build_w2vc() {
  local src=$1 out=$2
  sed 's|^\([[:space:]]*\)\(fseek(fi, file_size / (long long)num_threads \* (long long)id, SEEK_SET);\)|\1eof = 0;\n\1\2|' \
    "$src" > "$out.fixed.c"
  [[ $(grep -c '^[[:space:]]*eof = 0;$' "$out.fixed.c") -eq 2 ]] ||
    { echo "bench_build_w2vc: $src does not rewind its threads as word2vec.c does: not patched" >&2; return 1; }
  gcc -O3 -march=native -funroll-loops -pthread -Wno-unused-result -o "$out" "$out.fixed.c" -lm
}

# bench_gensim_seconds OUT: the training seconds a gensim peer script (bench/gensim_*.py) printed as
# "timed_seconds" in the JSON object on the last line of its standard output OUT (build_vocab + train,
# without Python's start-up and the saving).
bench_gensim_seconds() {
  /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["timed_seconds"])' <"$1"
}
