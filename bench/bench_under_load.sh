#!/usr/bin/env bash
# Slowdown under load: how much longer wordvec and gensim take when other CPU-bound processes
# share the machine. Each round trains with each tool alone, then with --hogs busy loops of this
# script's own running beside it (A alone, A loaded, B alone, B loaded, ...); the table gives
# medians with min-max and the slowdown (loaded / alone) of each tool. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/bench_under_load.sh [options]

  --model M         cbow or skipgram (default cbow)
  --hogs N          busy loops running beside the loaded runs (default 1)
  --runs N          rounds (default 3; medians with min-max)
  --threads N       training threads of both tools (default 2)
  --wordvec PATH    wordvec binary (default build/wordvec)             env WORDVEC
  --corpus FILE     plain-text corpus (default: the first 20 MB of ../shared/corpora/enwiki-9m.txt.xz)
  --epochs N        default 5
  --workdir DIR     scratch (default ${TMPDIR:-/tmp}/wordvec-bench-load)
  -h, --help

Settings as bench_word2vec.sh: dim 100, window 5, negative 5, sample 1e-4, min-count 5,
lr 0.025 skip-gram / 0.05 CBOW.
EOF
}
die() { echo "bench_under_load.sh: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$REPO/bench"
# shellcheck source=bench/bench_lib.sh
source "$BENCH/bench_lib.sh"
PY=/usr/bin/python3
ORIG_ARGS=("$@")
MODEL=cbow HOGS=1 RUNS=3 THREADS=2 EPOCHS=5 CORPUS_SRC=""
WORDVEC=${WORDVEC:-$REPO/build/wordvec}
WORKDIR=${TMPDIR:-/tmp}/wordvec-bench-load
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL=$2; shift 2 ;;
    --hogs) HOGS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --wordvec) WORDVEC=$2; shift 2 ;;
    --corpus) CORPUS_SRC=$(realpath "$2"); shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --workdir) WORKDIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $MODEL == cbow || $MODEL == skipgram ]] || die "--model: expected cbow or skipgram, got '$MODEL'"
[[ $HOGS =~ ^[1-9][0-9]*$ ]] || die "--hogs: expected a positive integer, got '$HOGS'"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive integer, got '$THREADS'"
[[ $EPOCHS =~ ^[1-9][0-9]*$ ]] || die "--epochs: expected a positive integer, got '$EPOCHS'"
bench_runs_ok "$RUNS"
[[ -x $WORDVEC ]] || die "wordvec binary $WORDVEC not found (build it, or pass --wordvec)"
"$PY" -c 'import gensim' 2>/dev/null || die "$PY cannot import gensim (Debian python3-gensim)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package 'time')"
mkdir -p "$WORKDIR/logs"
WORKDIR=$(cd "$WORKDIR" && pwd)
[[ $WORKDIR != *" "* && $REPO != *" "* ]] || die "paths with spaces are not supported"

CORPUS="$WORKDIR/corpus.txt"
if [[ -n $CORPUS_SRC ]]; then
  cp "$CORPUS_SRC" "$CORPUS"
elif [[ ! -s $CORPUS ]]; then
  src="$REPO/../shared/corpora/enwiki-9m.txt.xz"
  [[ -f $src ]] || die "$src is absent: pass --corpus FILE"
  note "taking the first 20 MB of $src (not timed)"
  xz -dc "$src" | head -c 20000000 >"$CORPUS" || true
fi

lr=0.05 sg=0
[[ $MODEL == skipgram ]] && lr=0.025 sg=1
cmd_for() {
  case $1 in
    wordvec) echo "$WORDVEC" train --model "$MODEL" --input "$CORPUS" --output "$WORKDIR/wordvec.bin" --dim 100 \
               --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$EPOCHS" --threads "$THREADS" --lr "$lr" --quiet ;;
    gensim) echo "$PY" "$BENCH/gensim_word2vec.py" --input "$CORPUS" --output "$WORKDIR/gensim.bin" --sg $sg \
               --alpha "$lr" --min-alpha 0.0001 --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 \
               --epochs "$EPOCHS" --workers "$THREADS" ;;
  esac
}

HOG_PIDS=()
start_hogs() { for ((h = 0; h < HOGS; h++)); do sh -c 'while :; do :; done' & HOG_PIDS+=($!); done; }
stop_hogs() { for p in "${HOG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; HOG_PIDS=(); }
trap stop_hogs EXIT

RESULTS="$WORKDIR/results.tsv"
printf 'tool\tmode\trun\tstatus\ttimed_s\tcpu_s\tcpu_pct\tload1\n' >"$RESULTS"
for ((run = 1; run <= RUNS; run++)); do
  for tool in wordvec gensim; do
    for mode in alone loaded; do
      log="$WORKDIR/logs/$tool-$mode-$run"
      cmd=$(cmd_for "$tool")
      [[ $mode == loaded ]] && start_hogs
      note "run $run/$RUNS $tool $mode (load average $(cut -d' ' -f1 /proc/loadavg)): $cmd"
      # shellcheck disable=SC2086
      bench_timed "$log" $cmd
      stop_hogs
      timed_s=$BT_WALL status=ok
      if [[ $BT_RC != 0 ]]; then status="failed (exit $BT_RC, see $log.err)"
      elif [[ $tool == gensim ]]; then
        timed_s=$(bench_gensim_seconds "$log.out")
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$mode" "$run" "$status" "$timed_s" "$BT_CPU_S" "$BT_CPU_PCT" \
        "$BT_LOAD1" >>"$RESULTS"
      note "$tool $mode run $run: $status, ${timed_s}s, ${BT_CPU_S} CPU s (${BT_CPU_PCT})"
    done
  done
done

repro="cd $REPO && bench/bench_under_load.sh"
for a in "${ORIG_ARGS[@]}"; do repro+=" $(printf %q "$a")"; done
{
  echo "# slowdown under load"
  echo
  echo "- reproduce: \`$repro\`"
  echo "- machine: $(bench_machine)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $MODEL, $THREADS threads, $EPOCHS epochs, corpus $(wc -c <"$CORPUS") bytes; loaded = $HOGS busy loop(s) beside the run"
  echo
  BENCH=$BENCH "$PY" - "$RESULTS" <<'EOF'
import os, sys
sys.path.insert(0, os.environ["BENCH"])
from run_stats import group, median, read_runs, shares, spread
by = group(read_runs(sys.argv[1]), "tool", "mode")
print("| tool | alone s median (min–max) | loaded s median (min–max) | slowdown | CPU s alone | CPU s loaded "
      "| CPU share @ load, alone | loaded |")
print("|---|--:|--:|--:|--:|--:|--:|--:|")
for tool in ("wordvec", "gensim"):
    a, l = by.get((tool, "alone"), []), by.get((tool, "loaded"), [])
    ma, ml = median(a, "timed_s"), median(l, "timed_s")
    slow = "-" if ma is None or ml is None else f"{ml / ma:.2f}×"
    print(f"| {tool} | {spread(a, 'timed_s')} | {spread(l, 'timed_s')} | {slow} | {spread(a, 'cpu_s')} "
          f"| {spread(l, 'cpu_s')} | {shares(a)} | {shares(l)} |")
print()
print("slowdown = median loaded / median alone (wall). wordvec: the whole process; gensim: build_vocab + train. "
      "Each round runs wordvec alone, wordvec loaded, gensim alone, gensim loaded.")
EOF
} | tee "$WORKDIR/results.md"
